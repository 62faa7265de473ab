// The metrics contract: what the NeuroPilot backend exports on /metrics. The backend's
// instrumentation is written against this list; dashboards and alert rules may query these
// names and the auto-heal Worker's (dashboards/produced-series.ts), and a test parses every
// query and checks it against that union. The monthly cost estimate is not here: the
// backend never computed it; the auto-heal Worker publishes it.
//
// Conventions (prometheus.io/docs/practices/naming): `neuropilot_` prefix, base units
// (`_seconds`, `_bytes`, `_ratio`, `_usd`), counters end in `_total`.

export type MetricType = "counter" | "gauge" | "histogram";

export interface MetricDefinition {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  /** Labels specific to this metric; every metric also carries COMMON_LABELS. */
  readonly labels: readonly string[];
  /** Histogram bucket bounds (upper, in the metric's unit); histograms only. */
  readonly buckets?: readonly number[];
}

/** Set by the backend on every series from its environment (RAILWAY_ENVIRONMENT, region). */
export const COMMON_LABELS = ["environment", "region"] as const;

/** Request-duration bucket bounds in seconds; a latency SLO threshold must be one of them. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;
const DB_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] as const;

export const METRICS = [
  // HTTP
  {
    name: "neuropilot_http_requests_total",
    type: "counter",
    help: "HTTP requests served, by route template, method and status code.",
    labels: ["route", "method", "status"],
  },
  {
    name: "neuropilot_http_request_duration_seconds",
    type: "histogram",
    help: "HTTP request duration from first byte in to last byte out.",
    labels: ["route", "method", "status"],
    buckets: LATENCY_BUCKETS,
  },
  {
    name: "neuropilot_http_errors_total",
    type: "counter",
    help: "Unhandled errors raised while serving a request, by route and error class.",
    labels: ["route", "kind"],
  },
  {
    name: "neuropilot_http_requests_in_flight",
    type: "gauge",
    help: "Requests currently being served.",
    labels: [],
  },
  // Database
  {
    name: "neuropilot_db_query_duration_seconds",
    type: "histogram",
    help: "Postgres query duration, by statement kind.",
    labels: ["operation"],
    buckets: DB_BUCKETS,
  },
  {
    name: "neuropilot_db_pool_connections_in_use",
    type: "gauge",
    help: "Connections of the Postgres pool checked out right now.",
    labels: [],
  },
  {
    name: "neuropilot_db_pool_connections_max",
    type: "gauge",
    help: "Size limit of the Postgres pool.",
    labels: [],
  },
  {
    name: "neuropilot_db_pool_waiting_clients",
    type: "gauge",
    help: "Callers queued for a pool connection.",
    labels: [],
  },
  {
    name: "neuropilot_db_replica_lag_seconds",
    type: "gauge",
    help: "Replay lag of the Neon read replica the backend reads from: now() - pg_last_xact_replay_timestamp() on the replica connection, sampled every 15 s.",
    labels: [],
  },
  // Cache
  {
    name: "neuropilot_cache_hits_total",
    type: "counter",
    help: "Cache lookups answered from the cache, by cache name.",
    labels: ["cache"],
  },
  {
    name: "neuropilot_cache_misses_total",
    type: "counter",
    help: "Cache lookups that fell through to the source, by cache name.",
    labels: ["cache"],
  },
  // Health, restarts, replicas
  {
    name: "neuropilot_health_check_up",
    type: "gauge",
    help: "Result of the latest health check (1 healthy, 0 failing), by check.",
    labels: ["check"],
  },
  {
    name: "neuropilot_health_checks_total",
    type: "counter",
    help: "Health checks run, by check and result (pass|fail).",
    labels: ["check", "result"],
  },
  {
    name: "neuropilot_process_restarts_total",
    type: "counter",
    help: "Process restarts observed at boot, by reason (crash|deploy|healthcheck).",
    labels: ["reason"],
  },
  {
    name: "neuropilot_autoheal_events_total",
    type: "counter",
    help: "Self-healing actions taken, by action (pool_reset|cache_flush|worker_respawn).",
    labels: ["action"],
  },
  {
    name: "neuropilot_replicas",
    type: "gauge",
    help: "Replicas of the service running in the region, as reported by the platform API.",
    labels: [],
  },
  {
    name: "neuropilot_process_start_time_seconds",
    type: "gauge",
    help: "Start time of the process since the Unix epoch; uptime is time() minus this.",
    labels: [],
  },
  {
    name: "neuropilot_cpu_utilization_ratio",
    type: "gauge",
    help: "CPU used by the process as a fraction (0-1) of the replica's CPU limit.",
    labels: [],
  },
  {
    name: "neuropilot_memory_usage_bytes",
    type: "gauge",
    help: "Resident memory of the process.",
    labels: [],
  },
  // Build
  {
    name: "neuropilot_build_info",
    type: "gauge",
    help: "Always 1; labels carry the running version and commit.",
    labels: ["version", "commit"],
  },
] as const satisfies readonly MetricDefinition[];

export type MetricName = (typeof METRICS)[number]["name"];

const HISTOGRAM_SERIES_SUFFIXES = ["_bucket", "_sum", "_count"] as const;

/** Every series name a scrape of the contract can produce (histograms expand to three). */
export function seriesNames(metric: MetricDefinition): string[] {
  if (metric.type !== "histogram") return [metric.name];
  return HISTOGRAM_SERIES_SUFFIXES.map((suffix) => `${metric.name}${suffix}`);
}

const SERIES_TO_METRIC: ReadonlyMap<string, MetricDefinition> = new Map(
  METRICS.flatMap((metric) => seriesNames(metric).map((series) => [series, metric] as const)),
);

/** The contract metric a queried series name belongs to, or undefined when it is not in the contract. */
export function contractMetricFor(seriesName: string): MetricDefinition | undefined {
  return SERIES_TO_METRIC.get(seriesName);
}

/** All labels a series of `metric` may carry (the histogram's `le` included). */
export function labelsOf(metric: MetricDefinition): string[] {
  const labels = [...COMMON_LABELS, ...metric.labels];
  return metric.type === "histogram" ? [...labels, "le"] : labels;
}
