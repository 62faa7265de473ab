// Reads the drift job's per-stack reports: <stack>.result.json (plan-stacks.ts) and
// <stack>.md (render-plan.ts --drift <stack>).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { DriftOutcome } from "./drift-sync";
import { readPlanResults, type PlanResult } from "./plan-results";
import { sortByApplyOrder } from "./stack-order";

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
    return { stack, status: STATUS[result.status], body: existsSync(report) ? readFileSync(report, "utf8") : "" };
  });
}
