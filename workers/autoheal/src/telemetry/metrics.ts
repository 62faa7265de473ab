// What the auto-heal Worker publishes to Grafana Cloud on every cron run: availability
// and latency measured from outside the backend, its own heal actions, the projected
// monthly cost, and the upstream failures it met. dashboards/produced-series.ts lists
// these beside the backend's metrics contract, and a test checks every dashboard and
// alert selector against the union, so a panel can only read a series that is produced.

export interface WorkerMetric {
  readonly name: string;
  readonly type: "counter" | "gauge";
  readonly help: string;
  /** Every label a series of the metric carries (the Worker adds no others). */
  readonly labels: readonly string[];
}

export const WORKER_METRICS = [
  {
    name: "neuropilot_probe_availability_ratio",
    type: "gauge",
    help: "Share (0-1) of this run's health probes of the region's origin that got the expected status in time.",
    labels: ["environment", "region"],
  },
  {
    name: "neuropilot_probe_latency_seconds",
    type: "gauge",
    help: "Median time to response headers of this run's answered probes of the region's origin.",
    labels: ["environment", "region"],
  },
  {
    name: "neuropilot_autoheal_actions_total",
    type: "counter",
    help: "Auto-heal Worker actions since its state was created, by region and action (redeployed, would-redeploy, held, deployment-in-progress, redeploy-failed, recovered, purged, would-purge, purge-failed).",
    labels: ["environment", "region", "action"],
  },
  {
    name: "neuropilot_autoheal_kv_write_failures",
    type: "gauge",
    help: "KV writes of this run that failed before the push (state, restart or purge records); above 0 the Worker cannot keep its cooldown and hourly cap, so it does not redeploy or purge. A gauge, since a counter would need the KV it reports on.",
    labels: ["environment"],
  },
  {
    name: "neuropilot_month_to_date_cost_usd",
    type: "gauge",
    help: "Spend of the current calendar month so far, by service (railway|neon|fixed), from the providers' usage APIs and the price sheet's fixed fees.",
    labels: ["environment", "service"],
  },
  {
    name: "neuropilot_estimated_monthly_cost_usd",
    type: "gauge",
    help: "Month-to-date usage extrapolated to the full month plus the month's fixed fees, by service (railway|neon|fixed).",
    labels: ["environment", "service"],
  },
  {
    name: "neuropilot_telemetry_upstream_failures_total",
    type: "counter",
    help: "Failed calls of the Worker to an upstream API, by upstream (railway|neon|grafana|slack) and kind (timeout|network|http_4xx|http_429|http_5xx|malformed).",
    labels: ["environment", "upstream", "kind"],
  },
] as const satisfies readonly WorkerMetric[];

export type WorkerMetricName = (typeof WORKER_METRICS)[number]["name"];
