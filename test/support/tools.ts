// External tools some suites need (promtool, prometheus, terraform). A suite whose tool is
// missing is skipped and records why; test/support/skip-reporter.ts prints every such
// skip in one line at the end of the run, and `.ci/run` (NEUROPILOT_FAIL_ON_SKIP=1)
// fails on it, because CI installs everything.
import { accessSync, appendFileSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

export type ToolName = "promtool" | "prometheus" | "terraform";

/** Where each tool comes from, printed with the skip. */
export const INSTALL_HINTS: Record<ToolName, string> = {
  promtool: "apt-get install prometheus (Debian/Ubuntu) or set PROMTOOL",
  prometheus: "apt-get install prometheus (Debian/Ubuntu) or set PROMETHEUS",
  terraform: "install the Terraform CLI (developer.hashicorp.com/terraform/install) or set TERRAFORM_BIN",
};

/** The env variable that names the binary explicitly, overriding PATH. */
export const OVERRIDE_VARIABLES: Record<ToolName, string> = {
  promtool: "PROMTOOL",
  prometheus: "PROMETHEUS",
  terraform: "TERRAFORM_BIN",
};

/** The environment variable holding the file skips are appended to (set by the reporter). */
export const SKIP_LOG_VARIABLE = "NEUROPILOT_SKIP_LOG";

export interface SkipRecord {
  suite: string;
  tool: ToolName;
  reason: string;
  hint: string;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The tool's path: the override variable when set, else the first match on PATH. */
export function findTool(name: ToolName, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const override = env[OVERRIDE_VARIABLES[name]];
  if (override)
    return override.includes("/") ? (executable(override) ? override : undefined) : findOnPath(override, env);
  return findOnPath(name, env);
}

function findOnPath(command: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir && executable(join(dir, command))) return join(dir, command);
  }
  return undefined;
}

/**
 * The paths of the tools a suite needs, or undefined after recording the skip.
 * Use as `describe.skipIf(!tools)(...)`.
 */
export function toolsOrSkip<T extends ToolName>(suite: string, names: T[]): Record<T, string> | undefined {
  const found: Partial<Record<T, string>> = {};
  const missing: T[] = [];
  for (const name of names) {
    const path = findTool(name);
    if (path) found[name] = path;
    else missing.push(name);
  }
  if (missing.length === 0) return found as Record<T, string>;
  const log = process.env[SKIP_LOG_VARIABLE];
  for (const tool of missing) {
    const where = process.env[OVERRIDE_VARIABLES[tool]]
      ? `${OVERRIDE_VARIABLES[tool]} is not executable`
      : "not on PATH";
    const record: SkipRecord = { suite, tool, reason: `${tool} ${where}`, hint: INSTALL_HINTS[tool] };
    if (log) appendFileSync(log, `${JSON.stringify(record)}\n`);
  }
  return undefined;
}
