// CLI: the GitHub App that sets the trusted-plan status, from the bundled config
// (`github.trustedPlanAppId`, the same value the bootstrap stack's ruleset requires the check
// from). Sets the step output `id`: the app's numeric id, or empty when none is configured
// (then the status comes from GitHub Actions, see docs/pipeline.md).
// --check-installation: also refuses (exit 1) unless the app's installation on the repository
// holds commit statuses and nothing more (app-installation.ts), with the key from
// TRUSTED_PLAN_APP_PRIVATE_KEY; the status job runs it before it mints a token.
//   tsx pipeline/trusted-plan-app.ts [--check-installation]
import { ENVIRONMENT_SOURCES } from "../config";
import { loadEnvironments } from "../config/load";
import { repositoryOf } from "../config/repository";
import type { EnvironmentConfig } from "../config/schema";
import { checkInstallation } from "./github/app-installation";
import { commandLine, flag, setOutput } from "./github/github-actions";
import { repoFromEnv } from "./github/github-rest";
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
  const args = commandLine(argv, {
    command: "pipeline/trusted-plan-app.ts",
    flags: [],
    switches: ["check-installation"],
  });
  const id = trustedPlanAppId(environments());
  if (id !== undefined && flag(args, "check-installation") === "true") {
    const privateKey = env.TRUSTED_PLAN_APP_PRIVATE_KEY ?? "";
    if (privateKey === "") {
      throw new Error(
        `config names trusted-plan app ${id}, but TRUSTED_PLAN_APP_PRIVATE_KEY is empty: set TF_VAR_trusted_plan_app_private_key and apply the bootstrap stack`,
      );
    }
    await checkInstallation({
      appId: id,
      privateKey,
      repository: repoFromEnv(env),
      apiUrl: env.GITHUB_API_URL ?? "https://api.github.com",
    });
    io.log(`trusted-plan app ${id}: installed with commit statuses only`);
  }
  io.log(
    id === undefined
      ? "no trusted-plan app configured: the status comes from GitHub Actions"
      : `trusted-plan app ${id}`,
  );
  setOutput("id", id === undefined ? "" : String(id), env);
  return 0;
}

runAsEntry("trusted-plan-app", main);
