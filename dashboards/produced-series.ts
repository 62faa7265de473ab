// Every series something in the platform really produces: the backend's metrics contract
// (scraped from /metrics) and what the auto-heal Worker pushes to Grafana Cloud on its
// cron, the drills after each run, and the load-test history push after each k6 run.
// Dashboards and alert rules read only these; test/dashboards/produced-series.test.ts
// extracts every selector of every panel and rule and checks it here.
import type { EnvironmentConfig } from "../config/schema";
import { WORKER_METRICS } from "../workers/autoheal/src/telemetry/metrics";
import { DRILL_METRICS } from "./drill-series";
import { LOADTEST_METRICS } from "./loadtest-series";
import { labelsOf, METRICS, seriesNames } from "./metrics";

export type Producer = "backend" | "autoheal-worker" | "drill" | "load-test";

export interface ProducedSeries {
  /** The series name as a query writes it (a histogram's `_bucket`, `_sum`, `_count`). */
  series: string;
  /** The metric it belongs to. */
  metric: string;
  producer: Producer;
  /** Every label a sample of the series carries. */
  labels: readonly string[];
}

export const PRODUCED_SERIES: readonly ProducedSeries[] = [
  ...METRICS.flatMap((metric) =>
    seriesNames(metric).map((series) => ({
      series,
      metric: metric.name,
      producer: "backend" as const,
      labels: series.endsWith("_bucket") ? labelsOf(metric) : labelsOf(metric).filter((l) => l !== "le"),
    })),
  ),
  ...WORKER_METRICS.map((metric) => ({
    series: metric.name,
    metric: metric.name,
    producer: "autoheal-worker" as const,
    labels: metric.labels,
  })),
  ...DRILL_METRICS.map((metric) => ({
    series: metric.name,
    metric: metric.name,
    producer: "drill" as const,
    labels: metric.labels,
  })),
  ...LOADTEST_METRICS.map((metric) => ({
    series: metric.name,
    metric: metric.name,
    producer: "load-test" as const,
    labels: metric.labels,
  })),
];

const BY_SERIES: ReadonlyMap<string, ProducedSeries> = new Map(PRODUCED_SERIES.map((s) => [s.series, s]));

/** What produces a queried series, or undefined when nothing does. */
export function producerOf(series: string): ProducedSeries | undefined {
  return BY_SERIES.get(series);
}

/**
 * Tiers whose environments run the drills (`npm run drill`, on the drill workflow's schedule):
 * both, since a drill is worth most where it is rehearsed before production. The failover
 * drill also needs a second region to fail over to (alert-rules.ts checks the regions).
 */
export const DRILL_TIERS: readonly EnvironmentConfig["tier"][] = ["production", "staging"];

/**
 * What produces series in an environment: the backend always (every environment runs it);
 * the auto-heal Worker only where it runs and pushes telemetry (autoheal.enabled and
 * autoheal.telemetry); the drills in DRILL_TIERS; the load test anywhere (its workflow
 * targets staging or production). A rule on a series nobody in the environment produces
 * never gets data.
 */
export function environmentProducers(env: {
  tier: EnvironmentConfig["tier"];
  autoheal: { enabled: boolean; telemetry?: unknown };
}): Producer[] {
  return [
    "backend",
    ...(env.autoheal.enabled && env.autoheal.telemetry ? (["autoheal-worker"] as const) : []),
    ...(DRILL_TIERS.includes(env.tier) ? (["drill"] as const) : []),
    "load-test",
  ];
}

/** Names a selector may use: contract, Worker, drill and load-test metrics. */
export type ProducedMetricName =
  | (typeof METRICS)[number]["name"]
  | (typeof WORKER_METRICS)[number]["name"]
  | (typeof DRILL_METRICS)[number]["name"]
  | (typeof LOADTEST_METRICS)[number]["name"];
