// What a plan run tells the Actions runner: the `changed` and `failed` step outputs and one
// warning per problem (plan-stacks.ts and pr-plan.ts print the same), and the parsing of the
// flags both take.
import { warning } from "../github/github-actions";
import { stacksWithStatus, type PlanRunOutcome } from "./plan-run";

export function reportPlanRun(
  outcome: PlanRunOutcome,
  setOutput: (name: string, value: string) => void,
  log: (line: string) => void = console.log,
): void {
  const failed = stacksWithStatus(outcome, "failed");
  setOutput("changed", JSON.stringify(stacksWithStatus(outcome, "changes")));
  setOutput("failed", JSON.stringify(failed));
  // A refusal was already printed as an error per stack.
  if (outcome.refused.length === 0 && failed.length > 0) warning(`terraform plan failed for ${failed.join(", ")}`, log);
  for (const { stack, addresses } of outcome.dataCreates) {
    warning(
      `${stack} imports existing resources but creates ${addresses.join(", ")}: ` +
        `add them to config/adopt/${stack}.ts with their import ids, or confirm they are new`,
      log,
    );
  }
}

/** `--stacks '["a","b"]'` (a step output): a non-empty JSON array of names. */
export function parseStackList(json: string | undefined): string[] {
  if (json === undefined) return [];
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed) || parsed.length === 0)
    throw new Error("--stacks must be a non-empty JSON array of stack names");
  return parsed.map(String);
}

/** Stacks planned at once: 1 (the default) to 8. */
export const MAX_CONCURRENCY = 8;

export function parseConcurrency(raw: string | undefined): number {
  if (raw === undefined) return 1;
  if (!/^[1-9][0-9]*$/.test(raw) || Number(raw) > MAX_CONCURRENCY)
    throw new Error(
      `--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY} (e.g. --concurrency 2), got ${JSON.stringify(raw)}`,
    );
  return Number(raw);
}
