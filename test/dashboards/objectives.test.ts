// The seeds' operational objectives (issue 29): thresholds come from config (validated at
// their bounds), each objective is a panel on the environment dashboard and an alert rule
// with the configured threshold, and the drill rules exist only where a failover drill can
// run (a drill tier with a second region). promtool and a real Prometheus check the PromQL
// in promtool.test.ts and prometheus-e2e.test.ts, which read the same synthesized queries.
import { describe, expect, it } from "vitest";
import { alertRuleSpecs } from "../../dashboards/alert-rules";
import { PANEL } from "../../dashboards/environment-dashboard";
import { environmentProducers } from "../../dashboards/produced-series";
import type { EnvironmentConfig } from "../../config/schema";
import { problemsAfter } from "../support/configs";
import { bundledEnvironments, dashboardOf, modelOf, rulesOf, synthMonitoring } from "./support/queries";

const byName = (name: string): EnvironmentConfig => {
  const env = bundledEnvironments().find((e) => e.name === name);
  if (!env) throw new Error(`no environment ${name}`);
  return env;
};

function uids(env: EnvironmentConfig): string[] {
  return alertRuleSpecs({
    environment: env.name,
    tier: env.tier,
    regions: env.regions,
    alerts: env.grafana.alerts,
    budget: env.budget,
    readReplicas: env.neon.readReplicas,
    producers: environmentProducers(env),
    objectives: env.grafana.objectives,
  }).map((r) => r.uid);
}

describe("objective thresholds are config, validated at their bounds", () => {
  const objectives = (patch: Record<string, unknown>) =>
    problemsAfter((c) => {
      (c.production.grafana as Record<string, unknown>).objectives = patch;
    });

  it("defaults to the seeds' figures", () => {
    expect(byName("production").grafana.objectives).toEqual({
      autohealSuccessPct: 90,
      failoverSuccessPct: 95,
      mttrSeconds: 300,
      window: "30d",
    });
  });

  it.each([
    [{ autohealSuccessPct: 0 }, "production.grafana.objectives.autohealSuccessPct"],
    [{ autohealSuccessPct: 100 }, "production.grafana.objectives.autohealSuccessPct"],
    [{ failoverSuccessPct: 100 }, "production.grafana.objectives.failoverSuccessPct"],
    [{ mttrSeconds: 0 }, "production.grafana.objectives.mttrSeconds"],
    [{ mttrSeconds: 3601 }, "production.grafana.objectives.mttrSeconds"],
    [{ mttrSeconds: 299.5 }, "production.grafana.objectives.mttrSeconds"],
    [{ window: "0d" }, "production.grafana.objectives.window: must be at least 1d"],
    [{ window: "4w" }, "production.grafana.objectives.window: must be whole days"],
    [{ autohealSucessPct: 90 }, 'production.grafana.objectives: unknown key "autohealSucessPct"'],
  ])("refuses %j", (patch, expected) => {
    expect(objectives(patch)).toContain(`config/production.ts: ${expected}`);
  });

  it.each([
    { autohealSuccessPct: 0.001 },
    { autohealSuccessPct: 99.999 },
    { mttrSeconds: 1 },
    { mttrSeconds: 3600 },
    { window: "1d" },
  ])("accepts %j", (patch) => {
    expect(objectives(patch)).toBe("");
  });
});

describe("each objective is a panel and an alert rule", () => {
  const production = byName("production");
  const synth = synthMonitoring(production);
  const dashboard = dashboardOf(synth);
  const rules = rulesOf(synth);
  const rule = (suffix: string) => {
    const found = rules.find((r) => r.uid === `np-production-${suffix}`);
    if (!found) throw new Error(`no rule ${suffix} in ${rules.map((r) => r.uid).join(", ")}`);
    return found;
  };
  const threshold = (r: ReturnType<typeof rule>) =>
    (modelOf(r, r.condition) as { conditions: Array<{ evaluator: { type: string; params: number[] } }> }).conditions[0]
      .evaluator;

  it.each([
    ["autoheal-success", { type: "lt", params: [90] }, PANEL.autohealSuccess],
    ["failover-success", { type: "lt", params: [95] }, PANEL.failoverSuccess],
    ["mttr", { type: "gt", params: [300] }, PANEL.drillTimes],
  ])("%s: threshold from config, linked to its panel, OK without data", (suffix, evaluator, panelId) => {
    const r = rule(suffix);
    expect(threshold(r)).toEqual(evaluator);
    expect(r.annotations.__panelId__).toBe(String(panelId));
    expect((r as unknown as { no_data_state: string }).no_data_state).toBe("OK");
    expect(dashboard.panels.map((p) => p.id)).toContain(panelId);
  });

  it("other rules keep NoData", () => {
    expect((rule("latency-p95") as unknown as { no_data_state: string }).no_data_state).toBe("NoData");
  });

  it("the auto-heal rate counts redeploys made over redeploys attempted; failover counts failover drills", () => {
    const expr = String(modelOf(rule("autoheal-success"), "A").expr);
    expect(expr).toContain('action="redeployed"');
    expect(expr).toContain('action=~"redeployed|redeploy-failed"');
    expect(expr).toContain("[30d]");
    expect(String(modelOf(rule("failover-success"), "A").expr)).toContain('drill="failover", result="success"');
  });

  it("the error-rate SLO (0.5 %) has a panel over its window; none without an SLO", () => {
    const panel = dashboard.panels.find((p) => p.id === PANEL.errorRateObjective);
    expect(panel?.title).toBe("Error-rate objective (< 0.5 % over 28d)");
    expect(panel?.targets[0].expr).toContain("[28d]");
    const staging = byName("staging");
    expect(staging.grafana.slo).toBeNull();
    expect(dashboardOf(synthMonitoring(staging)).panels.map((p) => p.id)).not.toContain(PANEL.errorRateObjective);
  });

  it("the load-test history panels read the load test's series over 30 days", () => {
    const panel = dashboard.panels.find((p) => p.id === PANEL.loadTestLatency) as unknown as {
      timeFrom: string;
      targets: Array<{ expr: string }>;
    };
    expect(panel.timeFrom).toBe("30d");
    expect(panel.targets[0].expr).toContain("neuropilot_loadtest_latency_seconds");
  });
});

describe("drill rules only where a failover drill runs", () => {
  it("production (two regions, a drill tier) has both; staging (one region, no Worker) has none of the three", () => {
    expect(uids(byName("production"))).toEqual(
      expect.arrayContaining([
        "np-production-autoheal-success",
        "np-production-failover-success",
        "np-production-mttr",
      ]),
    );
    expect(uids(byName("staging")).filter((u) => /success|mttr/.test(u))).toEqual([]);
  });

  it("a second region gives staging the drill rules (boundary: 1 region none, 2 regions both)", () => {
    const staging = byName("staging");
    const twoRegions = { ...staging, regions: [...staging.regions, { ...staging.regions[0], name: "eu-west" }] };
    expect(uids(twoRegions).filter((u) => /failover|mttr/.test(u))).toEqual([
      "np-staging-failover-success",
      "np-staging-mttr",
    ]);
  });
});
