// CLI: opens, updates, reopens or closes one `drift` issue per stack from the drift job's
// reports (see drift-reports.ts).
//   GITHUB_TOKEN=... tsx pipeline/drift-issues.ts --reports drift-reports
import { Octokit } from "@octokit/rest";
import { readDriftOutcomes } from "./drift-reports";
import { syncDriftIssues } from "./drift-sync";
import { appendStepSummary, commandLine, flag, runUrl } from "./github-actions";
import { octokitIssueTracker, repoFromEnv } from "./github-rest";

async function main(): Promise<void> {
  const args = commandLine(process.argv.slice(2), { command: "pipeline/drift-issues.ts", flags: ["reports"] });
  const outcomes = readDriftOutcomes(flag(args, "reports") ?? "drift-reports");
  const token = process.env.GITHUB_TOKEN;
  if (!token) throw new Error("GITHUB_TOKEN is not set");
  const tracker = octokitIssueTracker(new Octokit({ auth: token, baseUrl: process.env.GITHUB_API_URL }), repoFromEnv());
  const actions = await syncDriftIssues(tracker, outcomes, runUrl());
  const lines = actions.map(
    (a) => `- \`${a.stack}\`: ${a.action === "none" ? a.reason : `issue #${a.issue} ${a.action}`}`,
  );
  console.log(lines.join("\n"));
  appendStepSummary(["## Drift issues", "", ...lines].join("\n"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
