// CLI: opens, updates, reopens or closes one `drift` issue per stack from the drift job's
// reports (see drift-reports.ts).
//   GITHUB_TOKEN=... tsx pipeline/drift-issues.ts --reports drift-reports
import { Octokit } from "@octokit/rest";
import { readDriftOutcomes } from "./drift/drift-reports";
import { syncDriftIssues } from "./drift/drift-sync";
import { appendStepSummary, commandLine, flag, runUrl } from "./github/github-actions";
import { octokitIssueTracker, repoFromEnv } from "./github/github-rest";
import { processIo, runAsEntry, type ScriptIo } from "./script-entry";

/** The command, in-process: `argv` and `env` as the workflow step passes them; returns the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv, io: ScriptIo = processIo): Promise<number> {
  const args = commandLine(argv, { command: "pipeline/drift-issues.ts", flags: ["reports"] });
  const outcomes = readDriftOutcomes(flag(args, "reports") ?? "drift-reports");
  const token = env.GITHUB_TOKEN;
  if (!token) throw new Error("GITHUB_TOKEN is not set");
  const tracker = octokitIssueTracker(new Octokit({ auth: token, baseUrl: env.GITHUB_API_URL }), repoFromEnv(env));
  const actions = await syncDriftIssues(tracker, outcomes, runUrl(env));
  const lines = actions.map(
    (a) => `- \`${a.stack}\`: ${a.action === "none" ? a.reason : `issue #${a.issue} ${a.action}`}`,
  );
  io.log(lines.join("\n"));
  appendStepSummary(["## Drift issues", "", ...lines].join("\n"), env);
  return 0;
}

runAsEntry("drift-issues", main);
