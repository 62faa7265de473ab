// Destroying or replacing a stateful resource (every type the comment warns about, see
// plan-summary.ts STATEFUL_TYPES: Neon projects, branches, databases, roles and endpoints,
// DNS records, load balancers and pools, Railway projects and services, Grafana folders,
// Sentry projects) needs an explicit approval label on the PR, beyond the comment's loud
// warning. Checked three times, always with labels trusted code read from the API: by the
// trusted plan (the required check fails until a maintainer adds DATA_LOSS_LABEL), and on
// main before each apply and on a re-approval (reviewed-plan.ts verify, against the merged
// PR's labels).
//   tsx pipeline/data-loss-gate.ts --plans plans --labels '["approve-data-loss"]'
// (plan-pr.yml passes the labels find-pull-request.ts read from the API.)
import { readFileSync } from "node:fs";
import { DATA_LOSS_LABEL } from "../../constructs/github/workflow-contract";
import { commandLine, flag, requiredFlag } from "../github/github-actions";
import { parsePlan, type TerraformPlan } from "../plan/plan-json";
import { planJsonFile, readPlanResults } from "../plan/plan-results";
import { changeKind, STATEFUL_TYPES } from "../plan/plan-summary";
import { processIo, type ScriptIo } from "../script-entry";

export { DATA_LOSS_LABEL, STATEFUL_TYPES };

export interface DataLoss {
  stack: string;
  address: string;
  kind: "delete" | "replace";
}

export function dataLosses(stack: string, plan: TerraformPlan): DataLoss[] {
  return plan.resource_changes.flatMap((resource) => {
    const kind = changeKind(resource);
    if (resource.mode !== "managed" || !STATEFUL_TYPES.has(resource.type)) return [];
    return kind === "delete" || kind === "replace" ? [{ stack, address: resource.address, kind }] : [];
  });
}

/** Null when the PR may pass; otherwise the error message naming each loss and the label. */
export function dataLossVerdict(losses: DataLoss[], labels: readonly string[]): string | null {
  if (losses.length === 0 || labels.includes(DATA_LOSS_LABEL)) return null;
  const list = losses.map((l) => `${l.kind} ${l.stack} ${l.address}`).join("; ");
  return `this plan destroys or replaces stateful resources (${list}); a maintainer must add the "${DATA_LOSS_LABEL}" label to approve it`;
}

export function parseLabels(json: string | undefined): string[] {
  if (json === undefined || json === "") return [];
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) throw new Error("--labels must be a JSON array of label names");
  return parsed.map(String);
}

/** The command, in-process: `argv` as the workflow step passes it; returns the exit code. */
export function main(argv: string[], _env: NodeJS.ProcessEnv, io: ScriptIo = processIo): Promise<number> {
  const args = commandLine(argv, {
    command: "pipeline/data-loss-gate.ts",
    flags: ["plans", "labels"],
  });
  const dir = requiredFlag(args, "plans");
  const losses = readPlanResults(dir)
    .filter((result) => result.status !== "failed")
    .flatMap((result) => dataLosses(result.stack, parsePlan(readFileSync(planJsonFile(dir, result.stack), "utf8"))));
  const verdict = dataLossVerdict(losses, parseLabels(flag(args, "labels")));
  if (verdict === null) {
    io.log(
      losses.length === 0
        ? "no stateful resource is destroyed or replaced"
        : `approved by the "${DATA_LOSS_LABEL}" label`,
    );
    return Promise.resolve(0);
  }
  io.log(`::error title=Data loss not approved::${verdict}`);
  return Promise.resolve(1);
}
