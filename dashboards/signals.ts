// The PromQL behind each signal, shared by dashboard panels and alert rules so that a
// panel shows exactly what its alert evaluates. Every function takes the label scope
// (dashboard variables or a fixed environment) and, where it aggregates over time, a window.
import { histogramQuantile, type Scope, selector } from "./promql";

const FIVE_XX = 'status=~"5.."';

export const signals = {
  requestRate: (scope: Scope, window: string): string =>
    `sum by (region) (rate(${selector("neuropilot_http_requests_total", scope)}[${window}]))`,

  /** Request latency quantile in milliseconds. */
  latencyMs: (quantile: number, scope: Scope, window: string): string =>
    `1000 * ${histogramQuantile(quantile, "neuropilot_http_request_duration_seconds", scope, window)}`,

  /** Share of responses with a 5xx status, in percent; 0 rather than no data when nothing failed. */
  errorRatePct: (scope: Scope, window: string): string =>
    `100 * (sum(rate(${selector("neuropilot_http_requests_total", scope, [FIVE_XX])}[${window}])) or vector(0))` +
    ` / sum(rate(${selector("neuropilot_http_requests_total", scope)}[${window}]))`,

  serverErrorsByRoute: (scope: Scope, window: string): string =>
    `sum by (route) (rate(${selector("neuropilot_http_requests_total", scope, [FIVE_XX])}[${window}]))`,

  unhandledErrorsByRoute: (scope: Scope, window: string): string =>
    `sum by (route) (rate(${selector("neuropilot_http_errors_total", scope)}[${window}]))`,

  /** Database query latency quantile in milliseconds, optionally split by labels. */
  dbQueryMs: (quantile: number, scope: Scope, window: string, by: readonly string[] = []): string =>
    `1000 * ${histogramQuantile(quantile, "neuropilot_db_query_duration_seconds", scope, window, by)}`,

  /** Pool connections in use as a percentage of the pool size, per region. */
  dbPoolSaturationPct: (scope: Scope): string =>
    `100 * sum by (region) (${selector("neuropilot_db_pool_connections_in_use", scope)})` +
    ` / sum by (region) (${selector("neuropilot_db_pool_connections_max", scope)})`,

  /** Worst replay lag of the Neon read replica across the backend's replicas, in seconds. */
  replicaLagSeconds: (scope: Scope): string => `max(${selector("neuropilot_db_replica_lag_seconds", scope)})`,

  /** Hits over all lookups, 0-1. */
  cacheHitRatio: (scope: Scope, window: string): string => {
    const hits = `sum(rate(${selector("neuropilot_cache_hits_total", scope)}[${window}]))`;
    const misses = `sum(rate(${selector("neuropilot_cache_misses_total", scope)}[${window}]))`;
    return `${hits} / (${hits} + ${misses})`;
  },

  restarts: (scope: Scope, window: string): string =>
    `sum by (region, reason) (increase(${selector("neuropilot_process_restarts_total", scope)}[${window}]))`,

  /** Self-healing the backend does inside its process (pool resets, cache flushes). */
  autohealEvents: (scope: Scope, window: string): string =>
    `sum by (region, action) (increase(${selector("neuropilot_autoheal_events_total", scope)}[${window}]))`,

  /** What the auto-heal Worker did from outside: redeploys, holds, cache purges, recoveries. */
  autohealActions: (scope: Scope, window: string): string =>
    `sum by (region, action) (increase(${selector("neuropilot_autoheal_actions_total", scope)}[${window}]))`,

  /** 1 when every health check of every replica in the region passes, else 0. */
  healthByRegion: (scope: Scope): string => `min by (region) (${selector("neuropilot_health_check_up", scope)})`,

  /**
   * Share of the Worker's origin probes that passed over the window, in percent: availability
   * measured from outside the backend, so a region that is down still has a value (0).
   */
  availabilityPct: (scope: Scope, window: string): string =>
    `100 * min by (region) (avg_over_time(${selector("neuropilot_probe_availability_ratio", scope)}[${window}]))`,

  /** Median probe latency of the Worker's latest run, in milliseconds. */
  probeLatencyMs: (scope: Scope): string =>
    `1000 * max by (region) (${selector("neuropilot_probe_latency_seconds", scope)})`,

  /** Every replica reports the region's count, so take the max rather than the sum. */
  replicasByRegion: (scope: Scope): string => `max by (region) (${selector("neuropilot_replicas", scope)})`,

  /** Average CPU over the window across the region's replicas, in percent. */
  cpuPct: (scope: Scope, window: string): string =>
    `100 * avg by (region) (avg_over_time(${selector("neuropilot_cpu_utilization_ratio", scope)}[${window}]))`,

  /** Projected spend of the month in USD, from the Worker's usage reads; one series per service. */
  monthlyCostUsd: (scope: Scope): string =>
    `sum(max by (service) (${selector("neuropilot_estimated_monthly_cost_usd", scope)}))`,

  monthToDateCostUsd: (scope: Scope): string =>
    `sum(max by (service) (${selector("neuropilot_month_to_date_cost_usd", scope)}))`,

  /** Failed upstream calls of the Worker (usage APIs, the Grafana push) over the window, per upstream. */
  upstreamFailures: (scope: Scope, window: string): string =>
    `sum by (upstream) (increase(${selector("neuropilot_telemetry_upstream_failures_total", scope)}[${window}]))`,

  /**
   * Auto-heal success rate in percent: redeploys the Worker made over redeploys it attempted
   * (made + failed) in the window (docs/objectives.md says why "recovered" is not the
   * numerator). No attempts, no value: the denominator is dropped at 0 rather than dividing to NaN.
   */
  autohealSuccessPct: (scope: Scope, window: string): string =>
    `100 * (sum(increase(${selector("neuropilot_autoheal_actions_total", scope, ['action="redeployed"'])}[${window}])) or vector(0))` +
    ` / (sum(increase(${selector("neuropilot_autoheal_actions_total", scope, ['action=~"redeployed|redeploy-failed"'])}[${window}])) > 0)`,

  /**
   * Failover drills that succeeded over all failover drills in the window, in percent; no
   * drill, no value. A drill keeps no state, so each run pushes one sample per result (1 for
   * its own, 0 for the other): sum_over_time counts runs, where increase() would read the
   * 1/0 samples as counter resets.
   */
  failoverSuccessPct: (scope: Scope, window: string): string =>
    `100 * (sum(sum_over_time(${selector("neuropilot_drill_runs", scope, ['drill="failover"', 'result="success"'])}[${window}])) or vector(0))` +
    ` / (sum(sum_over_time(${selector("neuropilot_drill_runs", scope, ['drill="failover"'])}[${window}])) > 0)`,

  /** Drill runs in the window, by drill and result (one sample per run, see above). */
  drillRuns: (scope: Scope, window: string): string =>
    `sum by (drill, result) (sum_over_time(${selector("neuropilot_drill_runs", scope)}[${window}]))`,

  /** Recovery time (MTTR) of the latest failover drill in the window, in seconds. */
  mttrSeconds: (scope: Scope, window: string): string =>
    `max(last_over_time(${selector("neuropilot_drill_recovery_seconds", scope)}[${window}]))`,

  /** Detection time of the latest failover drill in the window, in seconds. */
  drillDetectionSeconds: (scope: Scope, window: string): string =>
    `max(last_over_time(${selector("neuropilot_drill_detection_seconds", scope)}[${window}]))`,

  /** Time of the latest restore drill in the window, in seconds. */
  drillRestoreSeconds: (scope: Scope, window: string): string =>
    `max(last_over_time(${selector("neuropilot_drill_restore_seconds", scope)}[${window}]))`,

  /**
   * Load-test latency per run, in milliseconds, by profile and quantile. A run is one sample,
   * so each step takes the largest sample within it (max_over_time over the step) rather than
   * the instant value, which a step landing more than 5 minutes after the push would miss.
   */
  loadTestLatencyMs: (scope: Scope, step: string): string =>
    `1000 * max by (profile, quantile) (max_over_time(${selector("neuropilot_loadtest_latency_seconds", scope)}[${step}]))`,

  /** Load-test error rate per run, in percent, by profile. */
  loadTestErrorPct: (scope: Scope, step: string): string =>
    `100 * max by (profile) (max_over_time(${selector("neuropilot_loadtest_error_ratio", scope)}[${step}]))`,

  /** The Worker's failed KV writes over the window (a per-run gauge; above 0 it neither redeploys nor purges). */
  kvWriteFailures: (scope: Scope, window: string): string =>
    `max(max_over_time(${selector("neuropilot_autoheal_kv_write_failures", scope)}[${window}]))`,
} as const;
