import { describe, expect, it } from "vitest";
import { COMMON_LABELS, contractMetricFor, labelsOf, METRICS, seriesNames } from "../../dashboards/metrics";
import { producerOf } from "../../dashboards/produced-series";
import { metricNamesIn, vectorSelectors } from "../../dashboards/promql";
import { renderExposition } from "./support/exporter";
import { allShippedQueries } from "./support/queries";

const UNIT_SUFFIXES = ["_seconds", "_bytes", "_ratio", "_usd", "_total", "_info", "_up", "_in_use", "_max"];

describe("metrics contract", () => {
  it("lists at least 15 metrics with unique names", () => {
    expect(METRICS.length).toBeGreaterThanOrEqual(15);
    expect(new Set(METRICS.map((m) => m.name)).size).toBe(METRICS.length);
  });

  it.each(METRICS.map((m) => [m.name, m] as const))("%s follows Prometheus naming conventions", (name, metric) => {
    expect(name).toMatch(/^neuropilot_[a-z][a-z0-9_]*[a-z0-9]$/);
    expect(metric.help.length).toBeGreaterThan(10);
    if (metric.type === "counter") expect(name).toMatch(/_total$/);
    else expect(name).not.toMatch(/_total$/);
    if (metric.type === "histogram") {
      expect(name).toMatch(/_seconds$/);
      expect(metric.buckets?.length).toBeGreaterThan(3);
    }
    for (const label of metric.labels) {
      expect(label).toMatch(/^[a-z][a-z_]*$/);
      expect([...COMMON_LABELS, "le"]).not.toContain(label);
    }
  });

  it("covers what the dashboards and alerts need", () => {
    const names = METRICS.map((m) => m.name);
    for (const required of [
      "neuropilot_http_requests_total",
      "neuropilot_http_request_duration_seconds",
      "neuropilot_http_errors_total",
      "neuropilot_db_query_duration_seconds",
      "neuropilot_db_pool_connections_in_use",
      "neuropilot_db_pool_connections_max",
      "neuropilot_cache_hits_total",
      "neuropilot_cache_misses_total",
      "neuropilot_health_check_up",
      "neuropilot_process_restarts_total",
      "neuropilot_autoheal_events_total",
      "neuropilot_replicas",
      "neuropilot_process_start_time_seconds",
    ]) {
      expect(names).toContain(required);
    }
    // Names carry a unit or kind suffix where one applies (gauges of counts are exempt).
    const withUnits = METRICS.filter((m) => UNIT_SUFFIXES.some((s) => m.name.endsWith(s)));
    expect(withUnits.length).toBeGreaterThan(METRICS.length / 2);
  });

  it("expands histograms to their _bucket, _sum and _count series", () => {
    const histogram = METRICS.find((m) => m.name === "neuropilot_http_request_duration_seconds");
    expect(histogram && seriesNames(histogram)).toEqual([
      "neuropilot_http_request_duration_seconds_bucket",
      "neuropilot_http_request_duration_seconds_sum",
      "neuropilot_http_request_duration_seconds_count",
    ]);
    expect(contractMetricFor("neuropilot_http_request_duration_seconds")).toBeUndefined();
    expect(contractMetricFor("neuropilot_http_request_duration_seconds_bucket")?.name).toBe(histogram?.name);
  });
});

describe("PromQL selector extraction", () => {
  it("reads metric names and skips functions, keywords, label lists, strings and durations", () => {
    const expr =
      '100 * (sum by (route, le) (rate(a_total{status=~"5..", x="y{z}"}[5m] offset 1h)) or vector(0))' +
      ' / on (region) group_left (x) sum(rate(b_seconds_bucket{env="$environment"}[$__rate_interval])) ' +
      "and time() - c_start > bool 1e3";
    expect(metricNamesIn(expr)).toEqual(["a_total", "b_seconds_bucket", "c_start"]);
    expect(vectorSelectors(expr).map((s) => s.matchers)).toEqual(['status=~"5..", x="y{z}"', 'env="$environment"', ""]);
  });
});

describe("every shipped query uses the contract", () => {
  const queries = allShippedQueries();

  it("has panel and alert queries for both environments", () => {
    expect(new Set(queries.map((q) => `${q.environment}/${q.kind}`))).toEqual(
      new Set(["staging/panel", "staging/alert", "production/panel", "production/alert"]),
    );
  });

  // Which series exist at all is test/dashboards/produced-series.test.ts's check.
  it("filters every selector to one environment", () => {
    const problems: string[] = [];
    for (const query of queries) {
      for (const { metric: series, matchers } of vectorSelectors(query.expr)) {
        if (!/\benvironment="[^"]+"/.test(matchers)) {
          problems.push(`${query.source}: ${series} is not filtered to one environment`);
        }
      }
    }
    expect(problems, problems.join("\n")).toEqual([]);
  });

  it("aggregates only by labels the queried metrics carry", () => {
    const problems: string[] = [];
    for (const query of queries) {
      const labels = new Set(vectorSelectors(query.expr).flatMap((s) => producerOf(s.metric)?.labels ?? []));
      for (const [, list] of query.expr.matchAll(/\bby\s*\(([^)]*)\)/g)) {
        for (const label of list.split(",").map((l) => l.trim())) {
          if (!labels.has(label)) problems.push(`${query.source}: aggregates by ${label}, which no queried metric has`);
        }
      }
    }
    expect(problems, problems.join("\n")).toEqual([]);
  });
});

describe("test exporter", () => {
  it("emits every contract series with exactly the contract's labels", () => {
    const text = renderExposition([{ environment: "production", region: "us-east", replicas: 2 }], 0, 60_000);
    for (const metric of METRICS) {
      for (const series of seriesNames(metric)) {
        const line = text.split("\n").find((l) => l.startsWith(`${series}{`));
        expect(line, `${series} missing`).toBeDefined();
        const labels = [...(line ?? "").matchAll(/(\w+)="/g)].map(([, label]) => label).sort();
        const expected = series.endsWith("_bucket") ? labelsOf(metric) : labelsOf(metric).filter((l) => l !== "le");
        expect(labels, series).toEqual([...expected].sort());
      }
    }
  });
});
