// Keeps one GitHub issue per drifted stack: opened (or reopened) when its scheduled plan
// shows changes, updated while it stays drifted, closed when a plan comes back clean.
// The GitHub API sits behind IssueTracker (github/issue-tracker.ts) so tests use a fake.
import { DRIFT_LABEL } from "../../constructs/github/workflow-contract";
import type { IssueTracker } from "../github/issue-tracker";

export { DRIFT_LABEL };
export type { IssueTracker, TrackedIssue } from "../github/issue-tracker";

export interface DriftOutcome {
  stack: string;
  /** "rollout": the only changes are a canary rollout in progress (rollout-drift.ts). */
  status: "drifted" | "clean" | "failed" | "rollout";
  /** Rendered report (starts with driftMarker(stack)) when drifted; the rollout's summary when "rollout". */
  body: string;
}

export type DriftAction =
  | { stack: string; action: "created"; issue: number }
  | { stack: string; action: "updated" | "reopened" | "closed"; issue: number }
  | { stack: string; action: "none"; reason: string };

export function driftMarker(stack: string): string {
  return `<!-- neuropilot-drift:${stack} -->`;
}

export function driftTitle(stack: string): string {
  return `Drift detected in ${stack}`;
}

export async function syncDriftIssues(
  tracker: IssueTracker,
  outcomes: DriftOutcome[],
  runUrl?: string,
): Promise<DriftAction[]> {
  const issues = await tracker.listIssues(DRIFT_LABEL);
  const seen = runUrl ? ` ([run](${runUrl}))` : "";
  const actions: DriftAction[] = [];
  for (const outcome of outcomes) {
    const { stack } = outcome;
    const mine = issues.filter((issue) => issue.body.trimStart().startsWith(driftMarker(stack)));
    const open = mine.find((issue) => issue.state === "open");
    const latestClosed = mine.filter((issue) => issue.state === "closed").sort((a, b) => b.number - a.number)[0];

    if (outcome.status === "failed") {
      actions.push({ stack, action: "none", reason: "the plan failed; drift unknown, issue left as it is" });
    } else if (outcome.status === "rollout") {
      // Not drift, and not "clean" either: an open issue stays as it is until a run sees the end state.
      actions.push({
        stack,
        action: "none",
        reason: `a canary rollout is in progress (${outcome.body}); the declared end state is checked on the next run`,
      });
    } else if (outcome.status === "clean") {
      if (open === undefined) {
        actions.push({ stack, action: "none", reason: "no drift" });
      } else {
        await tracker.addComment(
          open.number,
          `Drift cleared: the scheduled plan of \`${stack}\` shows no changes${seen}.`,
        );
        await tracker.updateIssue(open.number, { state: "closed" });
        actions.push({ stack, action: "closed", issue: open.number });
      }
    } else if (open !== undefined) {
      if (open.body !== outcome.body) await tracker.updateIssue(open.number, { body: outcome.body });
      actions.push({ stack, action: "updated", issue: open.number });
    } else if (latestClosed !== undefined) {
      await tracker.updateIssue(latestClosed.number, { body: outcome.body, state: "open" });
      await tracker.addComment(latestClosed.number, `Drift is back in \`${stack}\`${seen}.`);
      actions.push({ stack, action: "reopened", issue: latestClosed.number });
    } else {
      const issue = await tracker.createIssue({ title: driftTitle(stack), body: outcome.body, labels: [DRIFT_LABEL] });
      actions.push({ stack, action: "created", issue });
    }
  }
  return actions;
}
