// Workers Paid in the cost model: config chooses the account's Workers plan
// (cloudflare.workersPlan); the environment that manages the zone prices it once, like the
// zone's plan, and the synthesised output's pricing context carries it.
import { describe, expect, it } from "vitest";
import { WORKERS_PRICES } from "../../config/prices";
import { pricingContext } from "../../cost/context";
import { estimateEnvironment } from "../../cost/estimate";
import { usageFromConfig } from "../../cost/from-config";
import { bundledEnvironments } from "../dashboards/support/queries";

const [production, staging] = ["production", "staging"].map((name) => {
  const env = bundledEnvironments().find((e) => e.name === name);
  if (!env) throw new Error(`bundled ${name} config missing`);
  return env;
});
const paid = <T extends { cloudflare: object }>(env: T): T => ({
  ...env,
  cloudflare: { ...env.cloudflare, workersPlan: "paid" as const },
});
const workersLines = (env: Parameters<typeof usageFromConfig>[0]) =>
  estimateEnvironment(usageFromConfig(env)).lines.filter((l) => l.item === "Workers Paid plan");

describe("Workers plan in the cost model", () => {
  it("prices Workers Paid at its $5 minimum, once per account (the zone-managing environment)", () => {
    expect(WORKERS_PRICES.plans.paid).toBe(5);
    const [line] = workersLines(paid(production));
    expect(line).toMatchObject({ service: "cloudflare", monthlyUsd: 5, shared: true, estimate: false });
    expect(line.detail).toContain("includes 10 M KV reads and 1 M KV writes a month");
    expect(workersLines(paid(staging))).toEqual([]);
    const before = estimateEnvironment(usageFromConfig(production)).totalUsd;
    expect(estimateEnvironment(usageFromConfig(paid(production))).totalUsd).toBeCloseTo(before + 5, 2);
  });

  it("prints nothing for the Free plan", () => {
    expect(production.cloudflare.workersPlan).toBe("free");
    expect(workersLines(production)).toEqual([]);
  });

  it("writes the plan into the pricing context synth leaves next to the stacks", () => {
    expect(pricingContext(paid(production)).workersPlan).toBe("paid");
    expect(pricingContext(staging).workersPlan).toBeNull();
  });
});
