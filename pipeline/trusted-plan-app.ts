// CLI: the GitHub App that sets the trusted-plan status, from the bundled config
// (`github.trustedPlanAppId`, the same value the bootstrap stack's ruleset requires the check
// from). Sets the step output `id`: the app's numeric id, or empty when none is configured
// (then the status comes from GitHub Actions, see docs/pipeline.md).
//   tsx pipeline/trusted-plan-app.ts
import { ENVIRONMENT_SOURCES } from "../config";
import { loadEnvironments } from "../config/load";
import { repositoryOf } from "../config/repository";
import type { EnvironmentConfig } from "../config/schema";
import { commandLine, setOutput } from "./github-actions";
import { processIo, runAsEntry, type ScriptIo } from "./script-entry";

/** The configured app id, or undefined; refused when the environments disagree. */
export function trustedPlanAppId(environments: EnvironmentConfig[]): number | undefined {
  return repositoryOf(environments).trustedPlanAppId;
}

/** The command, in-process: `argv` and `env` as the workflow step passes them; returns the exit code. */
export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv,
  io: ScriptIo = processIo,
  environments: () => EnvironmentConfig[] = () => loadEnvironments(ENVIRONMENT_SOURCES),
): Promise<number> {
  commandLine(argv, { command: "pipeline/trusted-plan-app.ts", flags: [] });
  const id = trustedPlanAppId(environments());
  io.log(
    id === undefined
      ? "no trusted-plan app configured: the status comes from GitHub Actions"
      : `trusted-plan app ${id}`,
  );
  setOutput("id", id === undefined ? "" : String(id), env);
  return 0;
}

runAsEntry("trusted-plan-app", main);
