// The canary rollout's step, gate and rollback decisions (ops/rollout-gates.ts), at the limits.
import { describe, expect, it } from "vitest";
import { decide, poolWeights, validateSteps } from "../../ops/rollout-gates";

const steps = [10, 50, 100];
const gate = { maxBurnRate: 2, maxErrorRate: 0.01 };

describe("rollout gates", () => {
  it("advances 10 → 50 → 100 and finishes when readings sit exactly at the limits", () => {
    const atLimit = { burnRate: 2, errorRate: 0.01 };
    expect(decide(steps, 0, atLimit, gate)).toEqual({ action: "advance", toPercent: 50 });
    expect(decide(steps, 1, atLimit, gate)).toEqual({ action: "advance", toPercent: 100 });
    expect(decide(steps, 2, atLimit, gate)).toEqual({ action: "done", percent: 100 });
  });

  it("rolls back just past either limit, naming the reading", () => {
    expect(decide(steps, 1, { burnRate: 2.01, errorRate: 0 }, gate)).toEqual({
      action: "rollback",
      fromPercent: 50,
      reason: "burn rate 2.01 > 2",
    });
    expect(decide(steps, 0, { burnRate: 0, errorRate: 0.0101 }, gate)).toMatchObject({
      action: "rollback",
      reason: "error rate 0.0101 > 0.01",
    });
  });

  it("rolls back on an infinite reading (Prometheus' +Inf): beyond every limit", () => {
    expect(decide(steps, 0, { burnRate: Number.POSITIVE_INFINITY, errorRate: 0 }, gate)).toMatchObject({
      action: "rollback",
      reason: "burn rate Infinity > 2",
    });
  });

  it("holds without a reading: no data is not a pass", () => {
    expect(decide(steps, 0, { burnRate: null, errorRate: 0 }, gate)).toMatchObject({ action: "hold", percent: 10 });
    expect(decide(steps, 0, { burnRate: 0, errorRate: null }, gate)).toMatchObject({ action: "hold" });
  });

  it("accepts rising steps ending at 100 and refuses the rest with a reason", () => {
    expect(validateSteps([10, 50, 100])).toBeNull();
    expect(validateSteps([100])).toBeNull();
    expect(validateSteps([])).toContain("at least one step");
    expect(validateSteps([10, 10, 100])).toContain("step 2 (10) must be above step 1 (10)");
    expect(validateSteps([0, 100])).toContain("step 1 is 0");
    expect(validateSteps([10, 101])).toContain("step 2 is 101");
    expect(validateSteps([10, 50])).toContain("the last step is 50");
  });

  it("splits pool weights between the canary and the stable pools", () => {
    expect(poolWeights(10, 1)).toEqual({ canary: 0.1, stable: 0.9 });
    expect(poolWeights(50, 2)).toEqual({ canary: 0.5, stable: 0.25 });
    expect(poolWeights(100, 1)).toEqual({ canary: 1, stable: 0 });
    expect(poolWeights(40, 0)).toEqual({ canary: 1, stable: 0 });
  });
});
