// Config validation of policy waivers, called directly: production may not waive, a rule at
// most once, and each issue names the exact config path.
import { describe, expect, it } from "vitest";
import type { PolicyWaiver } from "../../config/policy-rule-ids";
import { CONFIG_GUARDRAILS, validateEnvironments } from "../../policy/config-guardrails";
import { bundledInputs, sourcesOf } from "../support/configs";
import { budgetIssues } from "../../cost/budget";
import { sloIssues } from "../../policy/slo-guardrails";
import { waiverIssues } from "../../policy/waivers";

const waiver = (rule: PolicyWaiver["rule"]): PolicyWaiver => ({ rule, reason: "testing the waiver rules" });

describe("waiverIssues", () => {
  it("accepts no waivers in production, and distinct waivers elsewhere", () => {
    expect(waiverIssues({ tier: "production", policy: { waive: [] } })).toEqual([]);
    expect(waiverIssues({ tier: "staging", policy: { waive: [waiver("hsts"), waiver("read-replica")] } })).toEqual([]);
  });

  it("refuses one waiver in production, naming every waived rule", () => {
    expect(waiverIssues({ tier: "production", policy: { waive: [waiver("hsts"), waiver("read-replica")] } })).toEqual([
      {
        path: ["policy", "waive"],
        message: "production may not waive policy rules (found hsts, read-replica); fix the configuration instead",
      },
    ]);
  });

  it("flags the second waiver of the same rule at its index, not the first", () => {
    const waive = [waiver("hsts"), waiver("read-replica"), waiver("hsts")];
    expect(waiverIssues({ tier: "staging", policy: { waive } })).toEqual([
      { path: ["policy", "waive", 2, "rule"], message: "hsts is waived twice; keep one entry" },
    ]);
  });
});

describe("CONFIG_GUARDRAILS", () => {
  it("runs the budget, waiver and SLO checks, in that order", () => {
    expect(CONFIG_GUARDRAILS).toEqual([budgetIssues, waiverIssues, sloIssues]);
  });
});

describe("validateEnvironments", () => {
  it("passes the bundled configs and applies both guardrails", () => {
    expect(validateEnvironments(sourcesOf(bundledInputs())).map((e) => e.name)).toEqual(Object.keys(bundledInputs()));
    const overBudget = bundledInputs();
    overBudget.staging.budget = { warningUsd: 0.5, criticalUsd: 1 };
    expect(() => validateEnvironments(sourcesOf(overBudget))).toThrow(/staging\.budget\.criticalUsd: estimated/);
    const waived = bundledInputs();
    waived.staging.policy = { waive: [waiver("hsts"), waiver("hsts")] };
    expect(() => validateEnvironments(sourcesOf(waived))).toThrow("hsts is waived twice");
  });

  it("refuses a config past a service quota (all environments together)", () => {
    const inputs = bundledInputs();
    // Five replicas in production's primary region: more Grafana active series than the free tier's.
    inputs.production.regions = inputs.production.regions?.map((r, i) => (i === 0 ? { ...r, replicas: 5 } : r));
    expect(() => validateEnvironments(sourcesOf(inputs))).toThrow(
      /production\.regions: exceeds quota grafana-active-series/,
    );
  });
});
