// The contract between the canary rollout (ops/rollout.ts) and the drift job
// (pipeline/drift/rollout-drift.ts). The declared state is the end state: Terraform declares the load
// balancer's steering as it is after a rollout. While a rollout runs, the driver changes only the
// attributes below through Cloudflare's API and writes a marker into the load balancer's own
// description, so the drift job (which sees the live description in the plan's `before`) can tell
// "a rollout is in progress" from drift without any store or credential of its own.

/** cloudflare_load_balancer attributes a rollout may change (provider 5.14.0 schema names). */
export const ROLLOUT_ATTRIBUTES: readonly string[] = ["steering_policy", "random_steering", "description"];

/** A rollout in progress is reported as such for this long; older, it is drift (an abandoned rollout). */
export const ROLLOUT_MAX_AGE_HOURS = 6;

export type RolloutState = "in-progress" | "rolled-back";

export interface RolloutMarker {
  state: RolloutState;
  /** Our region name of the canary pool. */
  pool: string;
  /** Canary share of the traffic when the marker was written, 0..100. */
  percent: number;
  /** When the rollout started (ISO 8601, UTC, whole seconds). */
  since: string;
}

const MARKER =
  /\s*\[rollout (in-progress|rolled-back) pool=([a-z0-9-]+) percent=(\d{1,3}) since=(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)\]$/;

/** The description with the marker appended (any earlier marker replaced). */
export function withMarker(description: string, marker: RolloutMarker): string {
  const base = withoutMarker(description);
  const tag = `[rollout ${marker.state} pool=${marker.pool} percent=${marker.percent} since=${marker.since}]`;
  return base === "" ? tag : `${base} ${tag}`;
}

export function withoutMarker(description: string): string {
  return description.replace(MARKER, "");
}

export function readMarker(description: string | null | undefined): RolloutMarker | null {
  const match = MARKER.exec(description ?? "");
  if (!match) return null;
  return { state: match[1] as RolloutState, pool: match[2], percent: Number(match[3]), since: match[4] };
}

/** ISO 8601 in whole seconds, the marker's form. */
export function markerTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
