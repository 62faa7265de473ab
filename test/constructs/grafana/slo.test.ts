// SLOs as code (issue 17): grafana_slo for production from config, on the metric contract,
// with burn-rate alerts labelled for the notification policy; the latency threshold must be
// a bucket bound of the request-duration histogram.
import { Testing, TerraformStack } from "cdktf";
import { describe, expect, it } from "vitest";
import { production } from "../../../config/production";
import { ServiceLevelObjectives, sloQueries } from "../../../constructs/grafana/service-level-objectives";
import { contractMetricFor, METRICS } from "../../../dashboards/metrics";
import { vectorSelectors } from "../../../dashboards/promql";
import { problemsAfter } from "../../support/configs";
import { promqlSyntaxErrors } from "../../dashboards/support/promql-syntax";

type SloJson = {
  name: string;
  objectives: Array<{ value: number; window: string }>;
  query: Array<{
    type: string;
    ratio: Array<{ success_metric: string; total_metric: string; group_by_labels: string[] }>;
  }>;
  alerting: Array<{
    fastburn: Array<{ label: Array<{ key: string; value: string }> }>;
    slowburn: Array<{ label: Array<{ key: string; value: string }> }>;
  }>;
  folder_uid: string;
  destination_datasource: Array<{ uid: string }>;
};

function synthSlos(objectives: ConstructorParameters<typeof ServiceLevelObjectives>[2]["objectives"]) {
  const app = Testing.app();
  const stack = new TerraformStack(app, "s");
  new ServiceLevelObjectives(stack, "slo", {
    environment: "production",
    objectives,
    folderUid: "neuropilot",
    datasourceUid: "neuropilot-prometheus",
    runbookUrl: "https://example.com/runbook",
  });
  const json = JSON.parse(Testing.synth(stack)) as { resource: { grafana_slo: Record<string, SloJson> } };
  return Object.values(json.resource.grafana_slo);
}

describe("ServiceLevelObjectives", () => {
  const slo = production.grafana.slo;
  if (!slo) throw new Error("production declares SLOs");
  const [availability, errorRate, latency] = synthSlos({
    latencyTargetPct: 95,
    window: "28d",
    ...slo,
    // config's default when production leaves it out (config/schema.ts)
    errorRatePct: slo.errorRatePct ?? 0.5,
  });

  it("declares production's objectives from config (seeds v17.2: 99.95 %; p95 under a bucket bound ≤ 120 ms)", () => {
    expect(availability.name).toBe("NeuroPilot production API availability");
    expect(availability.objectives).toEqual([{ value: 0.9995, window: "28d" }]);
    expect(latency.objectives).toEqual([{ value: 0.95, window: "28d" }]);
    expect(latency.query[0].ratio[0].success_metric).toBe(
      'neuropilot_http_request_duration_seconds_bucket{environment="production",le="0.1"}',
    );
    expect(availability.folder_uid).toBe("neuropilot");
    expect(availability.destination_datasource).toEqual([{ uid: "neuropilot-prometheus" }]);
  });

  it("writes v18's 99.99 % without a floating-point tail", () => {
    const [v18] = synthSlos({
      availabilityPct: 99.99,
      errorRatePct: 0.5,
      latencyMs: 100,
      latencyTargetPct: 95,
      window: "30d",
    });
    expect(v18.objectives).toEqual([{ value: 0.9999, window: "30d" }]);
  });

  it("declares the seeds' error rate < 0.5 % as its own SLO: 99.5 % of requests without a 5xx", () => {
    expect(errorRate.name).toBe("NeuroPilot production API error rate");
    expect(errorRate.objectives).toEqual([{ value: 0.995, window: "28d" }]);
    expect(errorRate.query[0].ratio[0]).toEqual({
      success_metric: 'neuropilot_http_requests_total{environment="production",status!~"5.."}',
      total_metric: 'neuropilot_http_requests_total{environment="production"}',
      group_by_labels: ["region"],
    });
    expect(errorRate.alerting[0].fastburn[0].label[0]).toEqual({ key: "severity", value: "critical" });
  });

  it("labels fast burn critical and slow burn warning, with the environment, as the notification policy routes", () => {
    for (const s of [availability, errorRate, latency]) {
      expect(s.alerting[0].fastburn[0].label).toEqual([
        { key: "severity", value: "critical" },
        { key: "environment", value: "production" },
      ]);
      expect(s.alerting[0].slowburn[0].label[0]).toEqual({ key: "severity", value: "warning" });
    }
  });

  it("queries only series of the metric contract, in valid PromQL, per region", () => {
    const q = sloQueries("production", 100);
    for (const expr of [q.availability.success, q.availability.total, q.latency.success, q.latency.total]) {
      expect(promqlSyntaxErrors(expr)).toEqual([]);
      for (const s of vectorSelectors(expr)) expect(contractMetricFor(s.metric), s.metric).toBeDefined();
    }
    expect(availability.query[0].ratio[0].group_by_labels).toEqual(["region"]);
    // The le value must be a bucket the backend exports.
    const duration = METRICS.find((m) => m.name === "neuropilot_http_request_duration_seconds");
    expect(duration && "buckets" in duration ? duration.buckets : []).toContain(0.1);
  });
});

describe("SLO config", () => {
  it("rejects a latency threshold that is no bucket bound (the seeds' 120 ms) and names the next one down", () => {
    const message = problemsAfter((c) => {
      if (c.production.grafana.slo) c.production.grafana.slo.latencyMs = 120;
    });
    expect(message).toContain(
      "config/production.ts: production.grafana.slo.latencyMs: 120 ms is not a bucket bound of neuropilot_http_request_duration_seconds (5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000 ms); use 100 (stricter)",
    );
  });

  it.each([
    [100, false],
    [99.999, true],
    [90.01, true],
    [90, false],
  ])("availability %s %% accepted: %s (objectives lie strictly between 90 and 100)", (pct, ok) => {
    const message = problemsAfter((c) => {
      if (c.production.grafana.slo) c.production.grafana.slo.availabilityPct = pct;
    });
    if (ok) expect(message).toBe("");
    else expect(message).toContain("production.grafana.slo.availabilityPct");
  });

  it.each([
    [0.5, true],
    [9.99, true],
    [10, false],
    [0, false],
  ])("error rate %s %% accepted: %s (strictly between 0 and 10)", (pct, ok) => {
    const message = problemsAfter((c) => {
      if (c.production.grafana.slo) c.production.grafana.slo.errorRatePct = pct;
    });
    if (ok) expect(message).toBe("");
    else expect(message).toContain("production.grafana.slo.errorRatePct");
  });
});
