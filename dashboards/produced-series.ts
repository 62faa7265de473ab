// Every series something in the platform really produces: the backend's metrics contract
// (scraped from /metrics) and what the auto-heal Worker pushes to Grafana Cloud on its
// cron. Dashboards and alert rules read only these; test/dashboards/produced-series.test.ts
// extracts every selector of every panel and rule and checks it here.
import { WORKER_METRICS } from "../workers/autoheal/src/telemetry/metrics";
import { labelsOf, METRICS, seriesNames } from "./metrics";

export type Producer = "backend" | "autoheal-worker";

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
];

const BY_SERIES: ReadonlyMap<string, ProducedSeries> = new Map(PRODUCED_SERIES.map((s) => [s.series, s]));

/** What produces a queried series, or undefined when nothing does. */
export function producerOf(series: string): ProducedSeries | undefined {
  return BY_SERIES.get(series);
}

/**
 * What produces series in an environment: the backend always (every environment runs it);
 * the auto-heal Worker only where it runs and pushes telemetry (autoheal.enabled and
 * autoheal.telemetry). A rule on a series nobody in the environment produces never gets data.
 */
export function environmentProducers(env: { autoheal: { enabled: boolean; telemetry?: unknown } }): Producer[] {
  return env.autoheal.enabled && env.autoheal.telemetry ? ["backend", "autoheal-worker"] : ["backend"];
}

/** Names a selector may use: contract metrics and Worker metrics. */
export type ProducedMetricName = (typeof METRICS)[number]["name"] | (typeof WORKER_METRICS)[number]["name"];
