// Grafana Cloud's free tier counts active series: every label combination the backend's
// replicas and the auto-heal Worker keep sending. The metric contract knows the metrics and
// their labels (dashboards/metrics.ts, produced-series.ts); how many values each label takes
// is an assumption, written here where the rule uses it.
import { type GRAFANA_TIERS, SUBSCRIPTION_SOURCES } from "../../config/prices";
import type { EnvironmentConfig } from "../../config/schema";
import { METRICS, type MetricDefinition } from "../../dashboards/metrics";
import { WORKER_METRICS } from "../../workers/autoheal/src/telemetry/metrics";
import type { QuotaRule } from "./rule";

/** Active series included per Grafana Cloud tier (grafana.com/pricing, read 2026-11-23): Free 10k; Pro bills beyond. */
export const GRAFANA_ACTIVE_SERIES: Record<keyof typeof GRAFANA_TIERS, number> = {
  free: 10_000,
  pro: Number.POSITIVE_INFINITY,
};

/**
 * Values each label takes on one replica (estimate: a small inventory API). `environment`
 * and `region` are fixed per replica; `le` follows the histogram's buckets.
 */
export const LABEL_VALUES: Readonly<Record<string, number>> = {
  route: 15,
  method: 2,
  status: 4,
  kind: 3,
  operation: 4,
  cache: 2,
  check: 3,
  result: 2,
  reason: 3,
  action: 5,
  version: 1,
  commit: 1,
  // The Worker's labels.
  service: 3,
  upstream: 4,
};

const valuesOf = (label: string) => LABEL_VALUES[label] ?? 1;

/** Series one replica exports for a metric: label combinations, times buckets + `+Inf` + `_sum` + `_count` for a histogram. */
export function seriesOf(metric: MetricDefinition): number {
  const combinations = metric.labels.reduce((n, label) => n * valuesOf(label), 1);
  return metric.type === "histogram" ? combinations * ((metric.buckets?.length ?? 0) + 3) : combinations;
}

export const SERIES_PER_REPLICA = METRICS.reduce((sum, m) => sum + seriesOf(m), 0);

/** The Worker's series of one environment: per-region ones per region, the rest once. */
export function workerSeries(env: EnvironmentConfig): number {
  if (!env.autoheal.enabled || !env.autoheal.telemetry) return 0;
  return WORKER_METRICS.reduce((sum, m) => {
    const labels: readonly string[] = m.labels;
    const others = labels.filter((l) => l !== "environment" && l !== "region");
    const perRegion = labels.includes("region") ? env.regions.length : 1;
    return sum + perRegion * others.reduce((n, l) => n * valuesOf(l), 1);
  }, 0);
}

export function activeSeries(environments: readonly EnvironmentConfig[]): number {
  const replicas = environments.flatMap((e) => e.regions).reduce((sum, r) => sum + r.replicas, 0);
  return replicas * SERIES_PER_REPLICA + environments.reduce((sum, e) => sum + workerSeries(e), 0);
}

export const grafanaActiveSeries: QuotaRule = {
  id: "grafana-active-series",
  what: "active series in the Grafana Cloud stack (every environment reports to it)",
  limits: "10,000 (Free); Pro bills series beyond its included 10,000",
  source: { ref: SUBSCRIPTION_SOURCES.grafana.url, read: SUBSCRIPTION_SOURCES.grafana.read },
  fix: "fewer replicas, fewer label values (dashboards/metrics.ts), or the Grafana Pro tier (config/prices.ts SUBSCRIPTIONS)",
  check(environments, subscriptions) {
    const tier = subscriptions.grafana;
    const used = activeSeries(environments);
    const limit = GRAFANA_ACTIVE_SERIES[tier];
    const last = environments[environments.length - 1];
    if (!last || used <= limit) return [];
    return [
      {
        environment: last.name,
        path: ["regions"],
        used,
        limit,
        plan: `the Grafana Cloud ${tier} tier`,
        detail: `${SERIES_PER_REPLICA} series per replica (policy/quotas/grafana.ts LABEL_VALUES) × replicas + the Worker's`,
      },
    ];
  },
};
