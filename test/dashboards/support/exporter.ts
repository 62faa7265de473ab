// A stand-in for everything Prometheus would hold: the backend's /metrics (every metric of
// the contract) and the auto-heal Worker's pushed series. Emits the contract for every
// (environment, region) it is told about, with plausible values that move over time
// (counters grow, histograms fill) so rate() and histogram_quantile() have something to do.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { METRICS, type MetricDefinition, type MetricName } from "../../../dashboards/metrics";
import { WORKER_METRICS, type WorkerMetricName } from "../../../workers/autoheal/src/telemetry/metrics";
import { DRILL_METRICS, type DrillMetricName } from "../../../dashboards/drill-series";
import { LOADTEST_METRICS, type LoadTestMetricName } from "../../../dashboards/loadtest-series";

export interface ExportedReplica {
  environment: string;
  region: string;
  /** Replicas the platform reports for the region. */
  replicas: number;
}

type ContractLabel = (typeof METRICS)[number]["labels"][number];

/** Values each metric-specific label takes. Typed so a new contract label needs an entry. */
const LABEL_VALUES: Record<ContractLabel, readonly string[]> = {
  route: ["/api/items", "/api/orders", "/api/auth/login"],
  method: ["GET", "POST"],
  status: ["200", "404", "500"],
  kind: ["TypeError", "DatabaseError"],
  operation: ["select", "insert", "update"],
  cache: ["items", "sessions"],
  check: ["database", "cache"],
  result: ["pass", "fail"],
  reason: ["deploy", "crash"],
  action: ["pool_reset", "worker_respawn"],
  version: ["1.8.0"],
  commit: ["3f9c2ab"],
};

/** How a series behaves: counters and histograms grow at `perSecond`; gauges hold `value`. */
interface SeriesModel {
  perSecond?: number;
  value?: number;
  /** Histograms: mean observation, in the metric's unit. */
  mean?: number;
}

type Labels = Record<string, string>;

const MODELS: Record<MetricName, (labels: Labels, replica: ExportedReplica, startedAt: number) => SeriesModel> = {
  neuropilot_http_requests_total: (l) => ({ perSecond: l.status === "200" ? 20 : l.status === "404" ? 1 : 0.2 }),
  neuropilot_http_request_duration_seconds: (l) => ({ perSecond: l.status === "200" ? 20 : 0.5, mean: 0.08 }),
  neuropilot_http_errors_total: () => ({ perSecond: 0.1 }),
  neuropilot_http_requests_in_flight: () => ({ value: 4 }),
  neuropilot_db_query_duration_seconds: () => ({ perSecond: 30, mean: 0.015 }),
  neuropilot_db_pool_connections_in_use: () => ({ value: 7 }),
  neuropilot_db_pool_connections_max: () => ({ value: 20 }),
  neuropilot_db_pool_waiting_clients: () => ({ value: 0 }),
  neuropilot_db_replica_lag_seconds: () => ({ value: 0.2 }),
  neuropilot_cache_hits_total: () => ({ perSecond: 40 }),
  neuropilot_cache_misses_total: () => ({ perSecond: 6 }),
  neuropilot_health_check_up: () => ({ value: 1 }),
  neuropilot_health_checks_total: (l) => ({ perSecond: l.result === "pass" ? 0.2 : 0.001 }),
  neuropilot_process_restarts_total: () => ({ perSecond: 0.01 }),
  neuropilot_autoheal_events_total: () => ({ perSecond: 0.005 }),
  neuropilot_replicas: (_l, replica) => ({ value: replica.replicas }),
  neuropilot_process_start_time_seconds: (_l, _r, startedAt) => ({ value: startedAt / 1000 - 3600 }),
  neuropilot_cpu_utilization_ratio: () => ({ value: 0.42 }),
  neuropilot_memory_usage_bytes: () => ({ value: 268_435_456 }),
  neuropilot_build_info: () => ({ value: 1 }),
};

function labelCombinations(labels: readonly string[]): Labels[] {
  return labels.reduce<Labels[]>(
    (combos, label) =>
      combos.flatMap((combo) => LABEL_VALUES[label as ContractLabel].map((value) => ({ ...combo, [label]: value }))),
    [{}],
  );
}

function formatLabels(labels: Labels): string {
  return `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(",")}}`;
}

function renderMetric(
  metric: MetricDefinition,
  replicas: readonly ExportedReplica[],
  startedAt: number,
  now: number,
): string[] {
  const lines = [`# HELP ${metric.name} ${metric.help}`, `# TYPE ${metric.name} ${metric.type}`];
  const elapsed = (now - startedAt) / 1000 + 60; // as if the process had been up a minute already
  for (const replica of replicas) {
    const common: Labels = { environment: replica.environment, region: replica.region };
    for (const specific of labelCombinations(metric.labels)) {
      const labels = { ...common, ...specific };
      const model = MODELS[metric.name as MetricName](labels, replica, startedAt);
      if (metric.type === "gauge") {
        lines.push(`${metric.name}${formatLabels(labels)} ${model.value ?? 0}`);
      } else if (metric.type === "counter") {
        lines.push(`${metric.name}${formatLabels(labels)} ${(model.perSecond ?? 0) * elapsed}`);
      } else {
        const count = (model.perSecond ?? 0) * elapsed;
        const mean = model.mean ?? 1;
        for (const bound of metric.buckets ?? []) {
          // Exponentially distributed observations: share below `bound` is 1 - e^(-bound/mean).
          const below = count * (1 - Math.exp(-bound / mean));
          lines.push(`${metric.name}_bucket${formatLabels({ ...labels, le: String(bound) })} ${below}`);
        }
        lines.push(`${metric.name}_bucket${formatLabels({ ...labels, le: "+Inf" })} ${count}`);
        lines.push(`${metric.name}_sum${formatLabels(labels)} ${count * mean}`);
        lines.push(`${metric.name}_count${formatLabels(labels)} ${count}`);
      }
    }
  }
  return lines;
}

/**
 * The auto-heal Worker's series as Grafana Cloud would hold them after its pushes: one
 * environment-wide set (cost, upstream failures) and one per region (probes, actions).
 */
const WORKER_VALUES: Record<WorkerMetricName, (labels: Labels, elapsedSeconds: number) => number> = {
  neuropilot_probe_availability_ratio: () => 1,
  neuropilot_probe_latency_seconds: () => 0.12,
  neuropilot_autoheal_actions_total: (_l, elapsed) => 0.001 * elapsed,
  neuropilot_autoheal_kv_write_failures: () => 0,
  neuropilot_month_to_date_cost_usd: (l) => (l.service === "railway" ? 4.1 : l.service === "neon" ? 1.2 : 0),
  neuropilot_estimated_monthly_cost_usd: (l) => (l.service === "railway" ? 9.5 : l.service === "neon" ? 4.25 : 0),
  neuropilot_telemetry_upstream_failures_total: () => 0,
};
/** The drills' and the load test's pushed series (dashboards/drill-series.ts, loadtest-series.ts). */
const DRILL_VALUES: Record<DrillMetricName, (labels: Labels, elapsedSeconds: number) => number> = {
  neuropilot_drill_runs: (l) => (l.result === "success" ? 1 : 0),
  neuropilot_drill_detection_seconds: () => 62,
  neuropilot_drill_recovery_seconds: () => 95,
  neuropilot_drill_restore_seconds: () => 140,
};
const LOADTEST_VALUES: Record<LoadTestMetricName, (labels: Labels) => number> = {
  neuropilot_loadtest_latency_seconds: (l) => Number(l.quantile) / 4,
  neuropilot_loadtest_error_ratio: () => 0.002,
  neuropilot_loadtest_requests_per_second: (l) => (l.profile === "10x" ? 650 : 66),
};
const WORKER_LABEL_VALUES: Record<string, readonly string[]> = {
  action: ["redeployed", "held"],
  service: ["railway", "neon", "fixed"],
  upstream: ["railway", "neon", "grafana"],
  kind: ["timeout", "http_5xx"],
  drill: ["failover", "restore"],
  result: ["success", "failure"],
  profile: ["1x", "10x"],
  quantile: ["0.5", "0.95", "0.99"],
};
const PUSHED: ReadonlyArray<{
  metric: { name: string; type: string; help: string; labels: readonly string[] };
  value: (labels: Labels, elapsedSeconds: number) => number;
}> = [
  ...WORKER_METRICS.map((metric) => ({ metric, value: WORKER_VALUES[metric.name] })),
  ...DRILL_METRICS.map((metric) => ({ metric, value: DRILL_VALUES[metric.name] })),
  ...LOADTEST_METRICS.map((metric) => ({ metric, value: LOADTEST_VALUES[metric.name] })),
];

function renderWorkerMetrics(replicas: readonly ExportedReplica[], startedAt: number, now: number): string[] {
  const elapsed = (now - startedAt) / 1000 + 60;
  const lines: string[] = [];
  for (const { metric, value } of PUSHED) {
    lines.push(`# HELP ${metric.name} ${metric.help}`, `# TYPE ${metric.name} ${metric.type}`);
    const bases = new Map<string, Labels>();
    for (const replica of replicas) {
      const base: Labels = (metric.labels as readonly string[]).includes("region")
        ? { environment: replica.environment, region: replica.region }
        : { environment: replica.environment };
      bases.set(JSON.stringify(base), base);
    }
    const specific = (metric.labels as readonly string[]).filter((l) => l !== "environment" && l !== "region");
    for (const base of bases.values()) {
      const combos = specific.reduce<Labels[]>(
        (acc, label) => acc.flatMap((c) => WORKER_LABEL_VALUES[label].map((v) => ({ ...c, [label]: v }))),
        [base],
      );
      for (const labels of combos) lines.push(`${metric.name}${formatLabels(labels)} ${value(labels, elapsed)}`);
    }
  }
  return lines;
}

/** The exposition text at `now`: the backend's contract series, then the pushed ones (Worker, drills, load test). */
export function renderExposition(replicas: readonly ExportedReplica[], startedAt: number, now: number): string {
  const backend = METRICS.flatMap((m) => renderMetric(m, replicas, startedAt, now));
  return `${[...backend, ...renderWorkerMetrics(replicas, startedAt, now)].join("\n")}\n`;
}

export interface RunningExporter {
  url: string;
  hostPort: string;
  close(): Promise<void>;
}

export async function startExporter(replicas: readonly ExportedReplica[]): Promise<RunningExporter> {
  const startedAt = Date.now();
  const server: Server = createServer((req, res) => {
    if (req.url !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
    res.end(renderExposition(replicas, startedAt, Date.now()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/metrics`,
    hostPort: `127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
