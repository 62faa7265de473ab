// A small dependency check over the source tree: every relative import of a program file
// is resolved to the module (top-level folder, or top-level file) it lands in, and checked
// against what that module may import. Imports point one way: config at the bottom, the
// constructs and stacks above it, the app on top, and the tools (pipeline, offline provider,
// ops, bench, provider tooling, scripts) beside the app, never imported by it.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative, sep } from "node:path";

/** Modules each module may import (besides itself, npm packages and node builtins). */
export const ALLOWED_IMPORTS: Record<string, readonly string[]> = {
  // secrets/patterns: the credential shapes, to refuse a secret-shaped literal in config values
  // (railway.variables) at load; a leaf module of plain data.
  config: ["secrets/patterns"],
  "terraform-json": [],
  // contracts/call.ts: the declared-call types every vendor client exports a table of (docs/contracts.md).
  contracts: [],
  workers: ["contracts"],
  // The vendors' APIs (adoption, Worker secrets, drills, rollout, releases): one request layer
  // (vendors/http.ts) and one typed client per vendor with its declared calls, below all their
  // users; contracts: the declared-call types. The Worker keeps its own bundle-sized clients.
  vendors: ["contracts"],
  dashboards: ["config", "workers"],
  secrets: ["terraform-json"],
  cost: ["config", "terraform-json", "stacks/catalog"],
  // dashboards: the metric contract, for the SLO threshold check (policy/slo-guardrails.ts).
  // workers: the auto-heal Worker's own count of its KV writes and requests (policy/quotas/).
  policy: ["config", "cost", "dashboards", "terraform-json", "workers"],
  constructs: ["config", "workers", "dashboards", ".gen"],
  stacks: ["config", "constructs", "dashboards", ".gen"],
  // The app: builds and synthesises the stacks.
  app: ["config", "cost", "policy", "stacks"],
  synthesize: ["app", "config", "cost", "policy", "stacks"],
  // cli: how the command ends, and config files that throw while they load (cli/load-error.ts).
  main: ["cli", "config", "stacks", "synthesize"],
  // Tools: may call the app and read its output; the app never imports them.
  // pipeline: its entry points (pipeline/<name>.ts, above every stage) and script-entry.ts.
  // cli: the flag checks and exit codes of pipeline/pr-plan.ts.
  // vendors: the Sentry release client (pipeline/sentry-release.ts).
  pipeline: ["cli", "config", "contracts", "constructs", "secrets", "stacks/catalog", "terraform-json", "vendors"],
  // The pipeline's stages (SUB_ROOMS), each below the ones after it, in the order data flows:
  // github (runner files, REST client, the comment and issues it keeps) → synth (change
  // detection) → vet → plan → record (digest, reviewed record) → comment (renders the record
  // into the PR comment) → apply, drift. script-entry: the ScriptIo a stage's main prints through.
  // cli/flags: commandLine's UsageError and HelpRequest, which runAsEntry turns into exit codes.
  "pipeline/github": [
    "cli/flags",
    "constructs/github/workflow-contract",
    "contracts",
    "secrets",
    "pipeline/script-entry",
  ],
  "pipeline/synth": ["config", "stacks/catalog", "terraform-json"],
  "pipeline/vet": ["config", "stacks/catalog", "pipeline/github", "pipeline/synth"],
  "pipeline/plan": [
    "cli",
    "constructs/github/workflow-contract",
    "secrets",
    "pipeline/script-entry",
    "pipeline/github",
    "pipeline/synth",
    "pipeline/vet",
  ],
  "pipeline/record": [
    "constructs/github/workflow-contract",
    "pipeline/script-entry",
    "pipeline/github",
    "pipeline/synth",
    "pipeline/plan",
  ],
  "pipeline/comment": [
    "constructs/github/workflow-contract",
    "secrets",
    "pipeline/github",
    "pipeline/synth",
    "pipeline/plan",
    "pipeline/record",
  ],
  // vendors: Cloudflare's Worker secrets client (apply/worker-secrets.ts).
  "pipeline/apply": ["constructs/cloudflare/autoheal-secrets", "contracts", "secrets", "vendors"],
  "pipeline/drift": [
    "config",
    "constructs/github/workflow-contract",
    "pipeline/github",
    "pipeline/synth",
    "pipeline/plan",
  ],
  // cli/flags: UsageError for the preview and simulate command lines. adopt (its main) and
  // config/adoption, config/replace-attributes: the rehearsal adopts the seed platform and
  // seeds the simulated account with what adoption found (offline-provider/simulator/seed.ts).
  "offline-provider": [
    "adopt",
    "cli/flags",
    "config/adoption",
    "config/import-ids",
    "config/replace-attributes",
    "pipeline",
  ],
  // dashboards/loadtest-series: the series the load-test history pushes; the Worker's Influx
  // line-protocol writer, so the push is written exactly as the Worker's (ops/loadtest-push.ts).
  // dashboards/signals: npm run review queries the same PromQL the panels show.
  // dashboards: the gate's PromQL; secrets: redaction of printed lines; vendors: the rollout's Cloudflare client.
  ops: ["cli", "config", "contracts", "dashboards", "secrets", "vendors", "workers/autoheal/src/telemetry/influx"],
  // The failover and restore drills (a room inside ops/, SUB_ROOMS): ops' probes and smoke
  // targets, the series it pushes (dashboards/drill-series), the simulated account's store, the one
  // redaction module (secrets), the Cloudflare and Neon clients (vendors), and the Worker's metric
  // type and Influx line format.
  "ops/drills": [
    "cli",
    "config",
    "dashboards/drill-series",
    "offline-provider/simulator/store",
    "ops",
    "secrets",
    "vendors",
    "workers/autoheal/src/telemetry/influx",
    "workers/autoheal/src/telemetry/metrics",
  ],
  // Command-line values and how a command ends (every tool uses it).
  cli: ["secrets"],
  // Discovery for adoption lists: reads cdktf.out/ and the live accounts (through vendors/), writes config/adopt/.
  // secrets: adopt's printed errors pass through the redaction module.
  adopt: ["cli", "config", "secrets", "vendors"],
  providers: [],
  bench: ["app", "config", "offline-provider", "policy", "synthesize"],
  // Mutation testing: runs Stryker, scrubs its reports (secrets/redact), gates the scores.
  mutation: ["secrets"],
  scripts: ["bench", "cli", "config", "cost", "engine", "mutation", "offline-provider", "secrets", "synthesize"],
  // The CDK engine switch (cdktf or CDK Terrain) and the synth comparison.
  engine: [],
};

export interface ImportViolation {
  file: string;
  specifier: string;
  message: string;
}

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|(?:import|require)\(\s*["']([^"']+)["']\s*\)/g;

/** The module a repository-relative path belongs to: its top folder, or the file itself. */
export function moduleOf(path: string): string {
  return withoutExtension(path.split("/")[0]);
}

/** Folders inside a module that are rooms of their own, each with its own ALLOWED_IMPORTS entry. */
export const SUB_ROOMS: readonly string[] = [
  "ops/drills",
  "pipeline/github",
  "pipeline/synth",
  "pipeline/vet",
  "pipeline/plan",
  "pipeline/record",
  "pipeline/comment",
  "pipeline/apply",
  "pipeline/drift",
];

/** The room a path belongs to: a sub-room when it lies in one, else its module. */
export function roomOf(path: string): string {
  return SUB_ROOMS.find((room) => path.startsWith(`${room}/`)) ?? moduleOf(path);
}

function withoutExtension(path: string): string {
  return path.replace(/\.m?ts$/, "");
}

function allowed(fromModule: string, targetPath: string): boolean {
  const targetModule = moduleOf(targetPath);
  targetPath = withoutExtension(targetPath);
  if (targetModule === fromModule || roomOf(targetPath) === fromModule) return true;
  const rules = ALLOWED_IMPORTS[fromModule];
  if (rules === undefined) return false;
  return rules.some((rule) => rule === targetModule || targetPath === rule || targetPath.startsWith(`${rule}/`));
}

/** Checks one file's source; `file` is repository-relative with forward slashes. */
export function importViolations(file: string, source: string): ImportViolation[] {
  const fromModule = roomOf(file);
  const violations: ImportViolation[] = [];
  if (ALLOWED_IMPORTS[fromModule] === undefined) {
    return [{ file, specifier: "", message: `${fromModule} is not a known module; add it to ALLOWED_IMPORTS` }];
  }
  for (const match of source.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2];
    if (!specifier.startsWith(".")) continue;
    const target = normalize(join(dirname(file), specifier))
      .split(sep)
      .join("/");
    if (target.startsWith("..")) {
      violations.push({ file, specifier, message: "imports from outside the repository" });
    } else if (!allowed(fromModule, target)) {
      const may = ALLOWED_IMPORTS[fromModule].join(", ") || "nothing outside itself";
      violations.push({
        file,
        specifier,
        message: `${fromModule} may not import ${moduleOf(target)} (${target}); ${fromModule} may import ${may}`,
      });
    }
  }
  return violations;
}

const SKIP = new Set([
  "node_modules",
  ".gen",
  ".git",
  "cdktf.out",
  "test",
  "reports",
  "coverage",
  ".bench",
  ".stryker-tmp",
]);

/** Every TypeScript source file of the program, repository-relative. */
export function programFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (SKIP.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.m?ts$/.test(entry.name) && !entry.name.endsWith(".d.ts") && !entry.name.endsWith(".config.mts"))
        files.push(relative(root, path).split(sep).join("/"));
    }
  };
  walk(root);
  return files.sort();
}

export function treeViolations(root: string): ImportViolation[] {
  return programFiles(root).flatMap((file) => importViolations(file, readFileSync(join(root, file), "utf8")));
}
