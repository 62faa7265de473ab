// Reads the drift job's per-stack reports: <stack>.result.json (plan-stacks.ts) and
// <stack>.md (render-plan.ts --drift <stack>), and <stack>.rollout.json when a canary rollout in
// progress explains the plan's changes (rollout-drift.ts): that stack is reported as "rollout".
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { DriftOutcome } from "./drift-sync";
import { readPlanResults, type PlanResult } from "../plan/plan-results";
import { readRolloutFile } from "./rollout-drift";
import { sortByApplyOrder } from "../synth/stack-order";

const STATUS: Record<PlanResult["status"], DriftOutcome["status"]> = {
  changes: "drifted",
  "no-changes": "clean",
  failed: "failed",
};

export function readDriftOutcomes(reportsDir: string): DriftOutcome[] {
  const results = new Map(readPlanResults(reportsDir).map((result) => [result.stack, result]));
  return sortByApplyOrder(results.keys()).map((stack) => {
    const result = results.get(stack) as PlanResult;
    const report = join(reportsDir, `${stack}.md`);
    const rollout = result.status === "changes" ? readRolloutFile(reportsDir, stack) : null;
    if (rollout) {
      const { pool, percent, since } = rollout.marker;
      return { stack, status: "rollout", body: `${rollout.address}: ${pool} at ${percent} % since ${since}` };
    }
    return { stack, status: STATUS[result.status], body: existsSync(report) ? readFileSync(report, "utf8") : "" };
  });
}
