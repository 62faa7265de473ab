// The canary rollout's decision logic, pure (issue 28; the driver that reads Prometheus and
// writes Cloudflare pool weights is rollout-driver.ts, the command rollout.ts). A release goes to one pool first and takes
// the configured traffic steps (e.g. 10 → 50 → 100 %); after each step the gate reads that
// pool's SLO burn rate and error rate: both at or under their limits advance, either above
// rolls back to 0 % for the canary, a missing reading holds (no data is not a pass).
// The declared state (Terraform) is the end state, 100 %: a rollout in progress is a
// temporary weight the driver sets through the API, and drift detection treats "only the
// steering differs while an in-progress marker is on the load balancer" as in progress, not
// drift (config/rollout.ts, pipeline/drift/rollout-drift.ts).

export interface RolloutGate {
  /** Highest SLO burn rate (error budget consumed per unit time) a step may show. */
  maxBurnRate: number;
  /** Highest 5xx share of the canary pool's requests, 0..1. */
  maxErrorRate: number;
}

export interface GateReading {
  burnRate: number | null;
  errorRate: number | null;
}

export type Decision =
  | { action: "advance"; toPercent: number }
  | { action: "done"; percent: 100 }
  | { action: "hold"; percent: number; reason: string }
  | { action: "rollback"; fromPercent: number; reason: string };

/** Steps must rise strictly, stay within 1..100 and end at 100. */
export function validateSteps(steps: readonly number[]): string | null {
  if (steps.length === 0) return "rollout steps: give at least one step, ending at 100";
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i];
    if (!Number.isInteger(s) || s < 1 || s > 100)
      return `rollout steps: step ${i + 1} is ${s}; each is a whole percent 1..100`;
    if (i > 0 && s <= steps[i - 1])
      return `rollout steps: step ${i + 1} (${s}) must be above step ${i} (${steps[i - 1]})`;
  }
  if (steps[steps.length - 1] !== 100)
    return `rollout steps: the last step is ${steps[steps.length - 1]}; it must be 100`;
  return null;
}

/** What to do after the step at `stepIndex` has run and been measured. */
export function decide(steps: readonly number[], stepIndex: number, reading: GateReading, gate: RolloutGate): Decision {
  const percent = steps[stepIndex];
  if (reading.burnRate === null || reading.errorRate === null) {
    return { action: "hold", percent, reason: "no reading from Prometheus for the canary pool" };
  }
  if (reading.burnRate > gate.maxBurnRate) {
    return { action: "rollback", fromPercent: percent, reason: `burn rate ${reading.burnRate} > ${gate.maxBurnRate}` };
  }
  if (reading.errorRate > gate.maxErrorRate) {
    return {
      action: "rollback",
      fromPercent: percent,
      reason: `error rate ${reading.errorRate} > ${gate.maxErrorRate}`,
    };
  }
  if (stepIndex === steps.length - 1) return { action: "done", percent: 100 };
  return { action: "advance", toPercent: steps[stepIndex + 1] };
}

/**
 * Cloudflare pool weights (0..1) giving the canary pool `percent` of the traffic and the
 * stable pools the rest, shared evenly.
 */
export function poolWeights(percent: number, stablePools: number): { canary: number; stable: number } {
  if (stablePools < 1) return { canary: 1, stable: 0 };
  return { canary: percent / 100, stable: (100 - percent) / 100 / stablePools };
}
