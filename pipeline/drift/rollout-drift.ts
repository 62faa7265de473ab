// How the drift job tells a canary rollout in progress from drift (docs/rollout.md). The
// declared state is the end state; while `npm run rollout` runs, the API load balancer's
// steering_policy, random_steering and description differ from it, and the description carries
// the rollout's marker (config/rollout.ts). A plan whose only changes are such an update of a
// cloudflare_load_balancer, with an in-progress marker younger than ROLLOUT_MAX_AGE_HOURS, is a
// rollout in progress: no drift issue is opened, the run says so. Anything else is drift as
// usual: a rolled-back marker (the canary is drained and waits for a redeploy and an apply), a
// stale marker (an abandoned rollout), or any change beyond those attributes.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROLLOUT_ATTRIBUTES, ROLLOUT_MAX_AGE_HOURS, readMarker, type RolloutMarker } from "../../config/rollout";
import type { JsonValue } from "../synth/json";
import type { ResourceChange, TerraformPlan } from "../plan/plan-json";

export interface RolloutInProgress {
  stack: string;
  address: string;
  marker: RolloutMarker;
}

const isObject = (value: JsonValue | undefined): value is Record<string, JsonValue> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Attributes whose planned value is known and differs from the live one (unknowns are the provider's to compute). */
export function changedAttributes(change: ResourceChange["change"]): string[] {
  const before = isObject(change.before) ? change.before : {};
  const after = isObject(change.after) ? change.after : {};
  const unknown = isObject(change.after_unknown) ? change.after_unknown : {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys]
    .filter((key) => unknown[key] !== true && JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .sort();
}

/** The rollout in progress that explains every planned change, or null when it is drift (or nothing). */
export function rolloutInProgress(stack: string, plan: TerraformPlan, now: Date): RolloutInProgress | null {
  const changes = plan.resource_changes.filter(
    (rc) => rc.mode === "managed" && !rc.change.actions.every((a) => a === "no-op" || a === "read"),
  );
  const outputs = Object.values(plan.output_changes).filter((c) => !c.actions.every((a) => a === "no-op"));
  if (changes.length !== 1 || outputs.length > 0) return null;
  const [rc] = changes;
  if (rc.type !== "cloudflare_load_balancer" || rc.change.actions.join() !== "update") return null;
  const before = isObject(rc.change.before) ? rc.change.before : {};
  const marker = readMarker(typeof before.description === "string" ? before.description : null);
  if (!marker || marker.state !== "in-progress") return null;
  const ageHours = (now.getTime() - Date.parse(marker.since)) / 3_600_000;
  if (!(ageHours >= 0 && ageHours <= ROLLOUT_MAX_AGE_HOURS)) return null;
  if (!changedAttributes(rc.change).every((key) => ROLLOUT_ATTRIBUTES.includes(key))) return null;
  return { stack, address: rc.address, marker };
}

/** Beside the drift report: `<stack>.rollout.json`, present only while a rollout explains the plan. */
export const rolloutFile = (dir: string, stack: string): string => join(dir, `${stack}.rollout.json`);

export function writeRolloutFile(dir: string, rollout: RolloutInProgress): void {
  writeFileSync(rolloutFile(dir, rollout.stack), `${JSON.stringify(rollout, null, 2)}\n`);
}

export function readRolloutFile(dir: string, stack: string): RolloutInProgress | null {
  const file = rolloutFile(dir, stack);
  if (!existsSync(file)) return null;
  const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<RolloutInProgress>;
  if (typeof parsed.address !== "string" || !parsed.marker) return null;
  return { stack, address: parsed.address, marker: parsed.marker };
}
