// The service dashboard of one environment, built with the Grafana Foundation SDK. The
// environment is a hidden constant variable (every query filters on it) and the regions
// a multi-select variable, so the same panels serve staging and production.
import {
  ConstantVariableBuilder,
  CustomVariableBuilder,
  type Dashboard,
  DashboardBuilder,
  DashboardCursorSync,
  VariableHide,
} from "@grafana/grafana-foundation-sdk/dashboard";
import type { EnvironmentConfig } from "../config/schema";
import { type PanelSpec, statPanel, timeseriesPanel } from "./panels";
import type { Scope } from "./promql";
import { signals } from "./signals";

export interface EnvironmentDashboardOptions {
  environment: string;
  /** Region names, primary first. */
  regions: readonly string[];
  /** UID of the Prometheus data source every panel queries. */
  datasourceUid: string;
  alerts: EnvironmentConfig["grafana"]["alerts"];
  budget: EnvironmentConfig["budget"];
  /** The seeds' operational objectives (auto-heal, failover, MTTR). */
  objectives: EnvironmentConfig["grafana"]["objectives"];
  /** The environment's SLOs; with them, the error-rate objective gets its panel. */
  slo: EnvironmentConfig["grafana"]["slo"];
}

/** Stable per environment, so links and alert annotations survive re-creation. */
export function dashboardUid(environment: string): string {
  const uid = `neuropilot-${environment}`;
  if (uid.length > 40) throw new Error(`dashboard uid ${uid} exceeds Grafana's 40 characters`);
  return uid;
}

/** Panel ids, referenced by alert rules (`__panelId__`). */
export const PANEL = {
  requestRate: 1,
  latency: 2,
  errorRate: 3,
  serverErrorsByRoute: 4,
  dbQueryLatency: 5,
  dbPoolSaturation: 6,
  cacheHitRatio: 7,
  restartsAndAutoheal: 8,
  healthByRegion: 9,
  availabilityByRegion: 10,
  replicasByRegion: 11,
  cpuByRegion: 12,
  monthlyCost: 13,
  probeLatency: 14,
  telemetryFailures: 15,
  replicaLag: 16,
  errorRateObjective: 17,
  autohealSuccess: 18,
  failoverSuccess: 19,
  drillTimes: 20,
  loadTestLatency: 21,
  loadTestErrors: 22,
} as const;

/** The load-test history panels look back this far: runs are on demand, days apart. */
export const LOAD_TEST_HISTORY = "30d";

/** Grafana's own macro: at least four scrape intervals, so rate() always has two samples. */
const RATE_WINDOW = "$__rate_interval";
/** Seeds: read-replica lag under one second. */
export const REPLICA_LAG_LIMIT_SECONDS = 1;
/** Availability is averaged over an hour of the Worker's cron runs. */
const AVAILABILITY_WINDOW = "1h";
const DASHBOARD_SCOPE: Scope = ['environment="$environment"', 'region=~"$region"'];
// Spend is per service, not per region; the region filter would hide part of it.
const ENVIRONMENT_SCOPE: Scope = ['environment="$environment"'];

export function buildEnvironmentDashboard(options: EnvironmentDashboardOptions): Dashboard {
  const datasource = { type: "prometheus", uid: options.datasourceUid };
  const { alerts, budget, objectives, slo } = options;
  const scope = DASHBOARD_SCOPE;

  const panels: Array<{ spec: PanelSpec; kind: "line" | "bars" | "points" | "stat" | "objective" | "updown" }> = [
    {
      kind: "line",
      spec: {
        id: PANEL.requestRate,
        title: "Request rate",
        description: "HTTP requests per second by region.",
        unit: "reqps",
        width: 12,
        queries: [{ expr: signals.requestRate(scope, RATE_WINDOW), legend: "{{region}}" }],
      },
    },
    {
      kind: "line",
      spec: {
        id: PANEL.latency,
        title: "Latency p50 / p95 / p99",
        description: "Request duration quantiles across all routes; the dashed line is the p95 alert threshold.",
        unit: "ms",
        width: 12,
        queries: [0.5, 0.95, 0.99].map((q) => ({
          expr: signals.latencyMs(q, scope, RATE_WINDOW),
          legend: `p${Math.round(q * 100)}`,
        })),
        thresholds: [[alerts.latencyP95Ms, "red"]],
      },
    },
    {
      kind: "line",
      spec: {
        id: PANEL.errorRate,
        title: "Error rate (5xx %)",
        description: "Share of responses with a 5xx status; dashed lines are the warning and critical thresholds.",
        unit: "percent",
        width: 8,
        queries: [{ expr: signals.errorRatePct(scope, RATE_WINDOW), legend: "5xx %" }],
        thresholds: [
          [alerts.errorRateWarningPct, "orange"],
          [alerts.errorRateCriticalPct, "red"],
        ],
      },
    },
    {
      kind: "line",
      spec: {
        id: PANEL.serverErrorsByRoute,
        title: "5xx by route",
        description: "5xx responses and unhandled errors per second, by route template.",
        unit: "reqps",
        width: 8,
        queries: [
          { expr: signals.serverErrorsByRoute(scope, RATE_WINDOW), legend: "5xx {{route}}" },
          { expr: signals.unhandledErrorsByRoute(scope, RATE_WINDOW), legend: "unhandled {{route}}" },
        ],
      },
    },
    {
      kind: "line",
      spec: {
        id: PANEL.cacheHitRatio,
        title: "Cache hit ratio",
        description: "Lookups answered from the cache over all lookups.",
        unit: "percentunit",
        width: 8,
        queries: [{ expr: signals.cacheHitRatio(scope, RATE_WINDOW), legend: "hit ratio" }],
      },
    },
    {
      kind: "line",
      spec: {
        id: PANEL.dbQueryLatency,
        title: "DB query latency p95",
        description: "Postgres query duration p95 by statement kind.",
        unit: "ms",
        width: 12,
        queries: [
          { expr: signals.dbQueryMs(0.95, scope, RATE_WINDOW, ["operation"]), legend: "{{operation}}" },
          { expr: signals.dbQueryMs(0.95, scope, RATE_WINDOW), legend: "all" },
        ],
        thresholds: [[alerts.dbQueryP95Ms, "red"]],
      },
    },
    {
      kind: "line",
      spec: {
        id: PANEL.dbPoolSaturation,
        title: "DB pool saturation",
        description: "Pool connections in use over the pool size, by region.",
        unit: "percent",
        width: 12,
        queries: [{ expr: signals.dbPoolSaturationPct(scope), legend: "{{region}}" }],
        thresholds: [[alerts.dbPoolSaturationPct, "red"]],
      },
    },
    {
      kind: "bars",
      spec: {
        id: PANEL.restartsAndAutoheal,
        title: "Auto-heal actions and restarts",
        description:
          "What the auto-heal Worker did (redeploys, holds, purges, recoveries), process restarts by reason, and the backend's in-process self-healing.",
        unit: "short",
        width: 12,
        queries: [
          { expr: signals.autohealActions(scope, RATE_WINDOW), legend: "worker {{region}} {{action}}" },
          { expr: signals.restarts(scope, RATE_WINDOW), legend: "restart {{region}} {{reason}}" },
          { expr: signals.autohealEvents(scope, RATE_WINDOW), legend: "auto-heal {{region}} {{action}}" },
        ],
      },
    },
    {
      kind: "line",
      spec: {
        id: PANEL.cpuByRegion,
        title: "CPU by region (fixed replicas)",
        description:
          "Average CPU of the region's replicas. Replica counts are fixed (no provider offers CPU autoscaling); " +
          "above the dashed line for long, raise regions[].replicas in config.",
        unit: "percent",
        width: 12,
        queries: [{ expr: signals.cpuPct(scope, RATE_WINDOW), legend: "{{region}}" }],
        thresholds: [[alerts.cpuScaleUpPct, "orange"]],
      },
    },
    {
      kind: "updown",
      spec: {
        id: PANEL.healthByRegion,
        title: "Health by region",
        description: "UP when every health check of every replica in the region passes.",
        unit: "none",
        width: 6,
        queries: [{ expr: signals.healthByRegion(scope), legend: "{{region}}" }],
        thresholds: [[1, "green"]],
      },
    },
    {
      kind: "stat",
      spec: {
        id: PANEL.availabilityByRegion,
        title: "Availability by region",
        description:
          "Share of the auto-heal Worker's probes of the region's origin that passed over the last hour, measured from outside the backend.",
        unit: "percent",
        width: 6,
        queries: [{ expr: signals.availabilityPct(scope, AVAILABILITY_WINDOW), legend: "{{region}}" }],
      },
    },
    {
      kind: "stat",
      spec: {
        id: PANEL.replicasByRegion,
        title: "Replicas by region",
        description: "Replicas running per region, as the platform reports them.",
        unit: "none",
        width: 6,
        queries: [{ expr: signals.replicasByRegion(scope), legend: "{{region}}" }],
      },
    },
    {
      kind: "stat",
      spec: {
        id: PANEL.monthlyCost,
        title: "Estimated monthly cost",
        description: `Month-to-date spend extrapolated to the month. Budget: warning $${budget.warningUsd}, critical $${budget.criticalUsd}.`,
        unit: "currencyUSD",
        width: 6,
        queries: [
          { expr: signals.monthlyCostUsd(ENVIRONMENT_SCOPE), legend: "projected USD / month" },
          { expr: signals.monthToDateCostUsd(ENVIRONMENT_SCOPE), legend: "month to date" },
        ],
        thresholds: [
          [budget.warningUsd, "orange"],
          [budget.criticalUsd, "red"],
        ],
      },
    },
    {
      kind: "line",
      spec: {
        id: PANEL.probeLatency,
        title: "Origin probe latency by region",
        description: "Median time to response headers of the auto-heal Worker's probes of each region's origin.",
        unit: "ms",
        width: 12,
        queries: [{ expr: signals.probeLatencyMs(scope), legend: "{{region}}" }],
      },
    },
    {
      kind: "bars",
      spec: {
        id: PANEL.telemetryFailures,
        title: "Telemetry upstream failures",
        description:
          "Failed calls of the auto-heal Worker to Railway's and Neon's usage APIs and to the Grafana push; while they last, the cost figures are stale. " +
          "KV writes: the Worker's failed state writes in a run (the Workers plan's daily quota spent, a KV outage); while above 0 it pages instead of redeploying or purging (docs/operations.md#kv-writes).",
        unit: "short",
        width: 12,
        queries: [
          { expr: signals.upstreamFailures(ENVIRONMENT_SCOPE, RATE_WINDOW), legend: "{{upstream}}" },
          { expr: signals.kvWriteFailures(ENVIRONMENT_SCOPE, RATE_WINDOW), legend: "KV writes" },
        ],
      },
    },
    {
      kind: "line",
      spec: {
        id: PANEL.replicaLag,
        title: "Read replica lag",
        description:
          "Replay lag of the Neon read replica as the backend measures it on its replica connection (the Worker cannot reach Postgres). Seed target: under 1 s.",
        unit: "s",
        width: 12,
        queries: [{ expr: signals.replicaLagSeconds(ENVIRONMENT_SCOPE), legend: "lag" }],
        thresholds: [[REPLICA_LAG_LIMIT_SECONDS, "red"]],
      },
    },
    ...(slo
      ? [
          {
            kind: "stat" as const,
            spec: <PanelSpec>{
              id: PANEL.errorRateObjective,
              title: `Error-rate objective (< ${slo.errorRatePct} % over ${slo.window})`,
              description: `Share of responses with a 5xx over the SLO's ${slo.window} window; the seeds' objective is under ${slo.errorRatePct} % (grafana.slo.errorRatePct). Grafana's SLO for it raises the burn-rate alerts.`,
              unit: "percent",
              width: 6,
              timeFrom: slo.window,
              queries: [{ expr: signals.errorRatePct(ENVIRONMENT_SCOPE, slo.window), legend: "5xx %" }],
              thresholds: [[slo.errorRatePct, "red"]],
            },
          },
        ]
      : []),
    {
      kind: "objective",
      spec: {
        id: PANEL.autohealSuccess,
        title: `Auto-heal success (> ${objectives.autohealSuccessPct} % over ${objectives.window})`,
        description: `Redeploys the auto-heal Worker made over those it attempted (made or failed) over ${objectives.window}; empty when it attempted none. Objective: above ${objectives.autohealSuccessPct} % (docs/objectives.md).`,
        unit: "percent",
        width: 6,
        queries: [{ expr: signals.autohealSuccessPct(ENVIRONMENT_SCOPE, objectives.window), legend: "success %" }],
        thresholds: [[objectives.autohealSuccessPct, "green"]],
      },
    },
    {
      kind: "objective",
      spec: {
        id: PANEL.failoverSuccess,
        title: `Failover drill success (> ${objectives.failoverSuccessPct} % over ${objectives.window})`,
        description: `Failover drills (npm run drill -- failover) that succeeded over all failover drills in ${objectives.window}; empty when none ran. Objective: above ${objectives.failoverSuccessPct} %.`,
        unit: "percent",
        width: 6,
        queries: [{ expr: signals.failoverSuccessPct(ENVIRONMENT_SCOPE, objectives.window), legend: "success %" }],
        thresholds: [[objectives.failoverSuccessPct, "green"]],
      },
    },
    {
      kind: "stat",
      spec: {
        id: PANEL.drillTimes,
        title: `Drill times (MTTR < ${objectives.mttrSeconds} s)`,
        description: `The latest drills of the last ${objectives.window}: failover detection and recovery (MTTR; objective under ${objectives.mttrSeconds} s) and the database restore's duration.`,
        unit: "s",
        width: 6,
        queries: [
          { expr: signals.mttrSeconds(ENVIRONMENT_SCOPE, objectives.window), legend: "recovery (MTTR)" },
          { expr: signals.drillDetectionSeconds(ENVIRONMENT_SCOPE, objectives.window), legend: "detection" },
          { expr: signals.drillRestoreSeconds(ENVIRONMENT_SCOPE, objectives.window), legend: "restore" },
          { expr: signals.drillRuns(ENVIRONMENT_SCOPE, objectives.window), legend: "{{drill}} {{result}} runs" },
        ],
        thresholds: [[objectives.mttrSeconds, "red"]],
      },
    },
    {
      kind: "points",
      spec: {
        id: PANEL.loadTestLatency,
        title: "Load-test history: latency",
        description: `p50 / p95 / p99 of each k6 run (loadtest/k6/api.js) at the 1× and 10× profiles over ${LOAD_TEST_HISTORY}, one point per run, pushed by npm run analyze-bench -- --push; the dashed line is the p95 alert threshold.`,
        unit: "ms",
        width: 12,
        timeFrom: LOAD_TEST_HISTORY,
        queries: [
          {
            expr: signals.loadTestLatencyMs(ENVIRONMENT_SCOPE, RATE_WINDOW),
            legend: "{{profile}} q{{quantile}}",
          },
        ],
        thresholds: [[alerts.latencyP95Ms, "red"]],
      },
    },
    {
      kind: "points",
      spec: {
        id: PANEL.loadTestErrors,
        title: "Load-test history: error rate",
        description: `Failed requests of each k6 run in percent, by profile, over ${LOAD_TEST_HISTORY}.`,
        unit: "percent",
        width: 12,
        timeFrom: LOAD_TEST_HISTORY,
        queries: [{ expr: signals.loadTestErrorPct(ENVIRONMENT_SCOPE, RATE_WINDOW), legend: "{{profile}}" }],
      },
    },
  ];

  const builder = new DashboardBuilder(`NeuroPilot — ${options.environment}`)
    .uid(dashboardUid(options.environment))
    .tags(["neuropilot", options.environment, "managed-by-terraform"])
    .description(`Service health of the NeuroPilot backend in ${options.environment}. Managed by neuropilot-infra.`)
    .editable()
    .tooltip(DashboardCursorSync.Crosshair)
    .time({ from: "now-6h", to: "now" })
    .refresh("1m")
    .timezone("utc")
    .withVariable(new ConstantVariableBuilder("environment").label("Environment").value(options.environment))
    .withVariable(
      new CustomVariableBuilder("region")
        .label("Region")
        .values(options.regions.join(","))
        .multi(true)
        .includeAll(true)
        .allValue(".*")
        .current({ text: "All", value: "$__all" })
        .hide(VariableHide.DontHide),
    );

  for (const { spec, kind } of panels) {
    if (kind === "stat" || kind === "updown" || kind === "objective")
      builder.withPanel(statPanel(spec, datasource, { upDown: kind === "updown", baseRed: kind === "objective" }));
    else builder.withPanel(timeseriesPanel(spec, datasource, { bars: kind === "bars", points: kind === "points" }));
  }
  return builder.build();
}
