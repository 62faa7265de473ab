// The alert rules of one environment as plain data: PromQL from the shared signals, the
// threshold from config, severity, and the text a responder reads. The Grafana construct
// turns these into grafana_rule_group resources; tests run every expression through
// promtool and a real Prometheus.
import type { EnvironmentConfig } from "../config/schema";
import { PANEL, REPLICA_LAG_LIMIT_SECONDS } from "./environment-dashboard";
import { producerOf, type Producer } from "./produced-series";
import { type Scope, vectorSelectors } from "./promql";
import { signals } from "./signals";

export type Severity = "critical" | "warning";
export type Comparator = "gt" | "lt";

export interface AlertRuleSpec {
  /** Stable Grafana rule uid (at most 40 characters): renaming a title keeps the rule's history. */
  uid: string;
  title: string;
  /** Instant PromQL query; its value is compared with `threshold`. */
  expr: string;
  comparator: Comparator;
  threshold: number;
  /** How long the condition must hold before the alert fires. */
  pendingFor: string;
  severity: Severity;
  /** Rule group: service rules are evaluated every minute, capacity and cost less often. */
  group: "service" | "capacity";
  summary: string;
  description: string;
  /** Anchor on the runbook page (docs/observability.md). */
  runbookAnchor: string;
  /** Dashboard panel that shows the signal. */
  panelId: number;
  /**
   * Alert state on no data (Grafana's no_data_state). Default NoData; "OK" for an objective
   * that has no value when nothing happened (no redeploy attempted, no drill run in the window).
   */
  noDataState?: "OK";
}

export interface AlertRuleInput {
  environment: string;
  tier: EnvironmentConfig["tier"];
  regions: ReadonlyArray<Pick<EnvironmentConfig["regions"][number], "name" | "replicas">>;
  alerts: EnvironmentConfig["grafana"]["alerts"];
  budget: EnvironmentConfig["budget"];
  /** Neon read replicas of the environment; the replica-lag rule exists only with one. */
  readReplicas: number;
  /**
   * What produces series in the environment (produced-series.ts environmentProducers): a rule
   * reading a series no producer of the environment pushes would only ever report "no data",
   * so it is not declared (staging runs no auto-heal Worker: no cost or telemetry rules).
   */
  producers: readonly Producer[];
  /** The seeds' operational objectives (auto-heal and failover success, MTTR). */
  objectives: EnvironmentConfig["grafana"]["objectives"];
}

const WINDOW = "5m";
const CPU_WINDOW = "10m";
const TELEMETRY_WINDOW = "1h";
/** More failures than this in an hour is more than a blip: the Worker runs every few minutes. */
const TELEMETRY_FAILURES_PER_HOUR = 3;

/**
 * Only production pages: a "critical" condition elsewhere is raised as a warning, so it
 * reaches Slack but never PagerDuty (routing is by severity alone).
 */
function pageable(tier: AlertRuleInput["tier"]): Severity {
  return tier === "production" ? "critical" : "warning";
}

function ruleUid(environment: string, name: string): string {
  const uid = `np-${environment}-${name}`;
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(uid)) {
    throw new Error(
      `alert rule uid "${uid}" must be at most 40 letters, digits, - or _ (shorten the environment name)`,
    );
  }
  return uid;
}

export function alertRuleSpecs(input: AlertRuleInput): AlertRuleSpec[] {
  const { environment, alerts, budget } = input;
  const scope: Scope = [`environment="${environment}"`];
  const critical = pageable(input.tier);
  const uid = (name: string): string => ruleUid(environment, name);

  const rules: AlertRuleSpec[] = [
    {
      uid: uid("latency-p95"),
      title: `[${environment}] API latency p95 above ${alerts.latencyP95Ms} ms`,
      expr: signals.latencyMs(0.95, scope, WINDOW),
      comparator: "gt",
      threshold: alerts.latencyP95Ms,
      pendingFor: "5m",
      severity: "warning",
      group: "service",
      summary: `p95 request latency in ${environment} is {{ humanize $values.B.Value }} ms (threshold ${alerts.latencyP95Ms} ms).`,
      description:
        "Requests are slow across routes. Check the DB query latency and pool saturation panels first, then recent deploys.",
      runbookAnchor: "latency-p95",
      panelId: PANEL.latency,
    },
    {
      uid: uid("error-rate-warning"),
      title: `[${environment}] 5xx error rate above ${alerts.errorRateWarningPct}%`,
      expr: signals.errorRatePct(scope, WINDOW),
      comparator: "gt",
      threshold: alerts.errorRateWarningPct,
      pendingFor: "5m",
      severity: "warning",
      group: "service",
      summary: `${environment} is answering {{ humanize $values.B.Value }}% of requests with 5xx (warning at ${alerts.errorRateWarningPct}%).`,
      description: "See the 5xx by route panel and Sentry's issue stream for the failing route.",
      runbookAnchor: "error-rate",
      panelId: PANEL.errorRate,
    },
    {
      uid: uid("error-rate-critical"),
      title: `[${environment}] 5xx error rate above ${alerts.errorRateCriticalPct}%`,
      expr: signals.errorRatePct(scope, WINDOW),
      comparator: "gt",
      threshold: alerts.errorRateCriticalPct,
      pendingFor: "2m",
      severity: critical,
      group: "service",
      summary: `${environment} is answering {{ humanize $values.B.Value }}% of requests with 5xx (critical at ${alerts.errorRateCriticalPct}%).`,
      description:
        "A large share of requests fail. Roll back the latest deploy if it correlates; otherwise check the database and the health panel.",
      runbookAnchor: "error-rate",
      panelId: PANEL.errorRate,
    },
    {
      uid: uid("db-query-p95"),
      title: `[${environment}] DB query p95 above ${alerts.dbQueryP95Ms} ms`,
      expr: signals.dbQueryMs(0.95, scope, WINDOW),
      comparator: "gt",
      threshold: alerts.dbQueryP95Ms,
      pendingFor: "10m",
      severity: "warning",
      group: "service",
      summary: `p95 Postgres query time in ${environment} is {{ humanize $values.B.Value }} ms (threshold ${alerts.dbQueryP95Ms} ms).`,
      description:
        "Look for slow statements in Neon's monitoring and for compute at its autoscaling limit (neon.compute.maxCu).",
      runbookAnchor: "db-latency",
      panelId: PANEL.dbQueryLatency,
    },
    {
      uid: uid("db-pool-saturation"),
      title: `[${environment}] DB pool above ${alerts.dbPoolSaturationPct}% in use`,
      expr: signals.dbPoolSaturationPct(scope),
      comparator: "gt",
      threshold: alerts.dbPoolSaturationPct,
      pendingFor: "5m",
      severity: "warning",
      group: "service",
      summary: `{{ $labels.region }}: {{ humanize $values.B.Value }}% of the Postgres pool is checked out (threshold ${alerts.dbPoolSaturationPct}%).`,
      description:
        "Requests will queue for connections. Check for long transactions or leaks; raise the pool size only with Neon's connection limit in mind.",
      runbookAnchor: "db-pool",
      panelId: PANEL.dbPoolSaturation,
    },
    {
      uid: uid("health-check-failing"),
      title: `[${environment}] Health check failing`,
      expr: signals.healthByRegion(scope),
      comparator: "lt",
      threshold: 1,
      pendingFor: "2m",
      severity: critical,
      group: "service",
      summary: "A health check is failing in {{ $labels.region }}.",
      description:
        "The load balancer fails over on its own; find out which check fails (database, cache) before traffic returns.",
      runbookAnchor: "health",
      panelId: PANEL.healthByRegion,
    },
    {
      uid: uid("cpu-scale-up"),
      title: `[${environment}] CPU above ${alerts.cpuScaleUpPct}% at fixed replicas`,
      expr: signals.cpuPct(scope, CPU_WINDOW),
      comparator: "gt",
      threshold: alerts.cpuScaleUpPct,
      pendingFor: "15m",
      severity: "warning",
      group: "capacity",
      summary: `{{ $labels.region }} has averaged {{ humanize $values.B.Value }}% CPU for 15 minutes (scale-up target ${alerts.cpuScaleUpPct}%).`,
      description:
        "No provider offers CPU-target autoscaling, so replica counts are fixed in config. " +
        "Raise regions[].replicas for this region (Railway allows up to the plan's limit) and apply.",
      runbookAnchor: "scale-up",
      panelId: PANEL.cpuByRegion,
    },
    ...input.regions.map((region): AlertRuleSpec => ({
      uid: uid(`replicas-${region.name}`),
      title: `[${environment}] ${region.name} running fewer than ${region.replicas} replicas`,
      expr: signals.replicasByRegion([...scope, `region="${region.name}"`]),
      comparator: "lt",
      threshold: region.replicas,
      pendingFor: "10m",
      severity: critical,
      group: "capacity",
      summary: `${region.name} reports {{ humanize $values.B.Value }} replicas; config asks for ${region.replicas}.`,
      description: "Replicas are crashing or failing to schedule. Check Railway's deploy logs and the restart panel.",
      runbookAnchor: "replicas",
      panelId: PANEL.replicasByRegion,
    })),
    {
      uid: uid("cost-warning"),
      title: `[${environment}] Estimated monthly cost above $${budget.warningUsd}`,
      expr: signals.monthlyCostUsd(scope),
      comparator: "gt",
      threshold: budget.warningUsd,
      pendingFor: "1h",
      severity: "warning",
      group: "capacity",
      summary: `${environment} is on track to spend {{ humanize $values.B.Value }} USD this month (warning budget $${budget.warningUsd}).`,
      description:
        "The auto-heal Worker projects the month from Railway's and Neon's usage APIs plus fixed fees; the service label of neuropilot_estimated_monthly_cost_usd shows which service drives the spend.",
      runbookAnchor: "cost",
      panelId: PANEL.monthlyCost,
    },
    {
      uid: uid("cost-critical"),
      title: `[${environment}] Estimated monthly cost above $${budget.criticalUsd}`,
      expr: signals.monthlyCostUsd(scope),
      comparator: "gt",
      threshold: budget.criticalUsd,
      pendingFor: "1h",
      severity: critical,
      group: "capacity",
      summary: `${environment} is on track to spend {{ humanize $values.B.Value }} USD this month (critical budget $${budget.criticalUsd}).`,
      description:
        "Spend is above the critical budget. Reduce replicas or compute limits, or raise the budget in config deliberately.",
      runbookAnchor: "cost",
      panelId: PANEL.monthlyCost,
    },
    ...(input.readReplicas > 0
      ? [
          {
            uid: uid("replica-lag"),
            title: `[${environment}] Read replica lag above ${REPLICA_LAG_LIMIT_SECONDS} s`,
            expr: signals.replicaLagSeconds(scope),
            comparator: "gt" as const,
            threshold: REPLICA_LAG_LIMIT_SECONDS,
            pendingFor: "5m",
            severity: "warning" as const,
            group: "service" as const,
            summary: `The Neon read replica is {{ humanize $values.B.Value }} s behind the primary (seed target under ${REPLICA_LAG_LIMIT_SECONDS} s).`,
            description:
              "Reads from DATABASE_READ_URL may be stale. Check the primary's write load and the replica's compute size in Neon's monitoring.",
            runbookAnchor: "replica-lag",
            panelId: PANEL.replicaLag,
          },
        ]
      : []),
    {
      uid: uid("telemetry-upstream"),
      title: `[${environment}] Telemetry upstream failing`,
      expr: signals.upstreamFailures(scope, TELEMETRY_WINDOW),
      comparator: "gt",
      threshold: TELEMETRY_FAILURES_PER_HOUR,
      pendingFor: "30m",
      severity: "warning",
      group: "capacity",
      summary: `{{ $labels.upstream }} failed {{ humanize $values.B.Value }} times in the last hour; cost figures are stale while it lasts.`,
      description:
        "The auto-heal Worker could not read a usage API or push to Grafana. Check the Worker's logs and its NEON_API_KEY / RAILWAY_TOKEN / GRAFANA_PUSH_TOKEN secrets.",
      runbookAnchor: "telemetry",
      panelId: PANEL.telemetryFailures,
    },
    ...objectiveRules(input, uid),
  ];
  return rules.filter((rule) => producedIn(rule.expr, input.producers));
}

/** Whether every series `expr` reads is produced by one of `producers`. */
export function producedIn(expr: string, producers: readonly Producer[]): boolean {
  return vectorSelectors(expr).every(({ metric }) => {
    const produced = producerOf(metric);
    return produced !== undefined && producers.includes(produced.producer);
  });
}

/**
 * The seeds' operational objectives as warnings (a missed objective is a trend to act on, not
 * an outage to page for). The failover drill takes one region's pool out, so its rules exist
 * only with a second region to fail over to; producedIn drops them where no drill runs.
 */
function objectiveRules(input: AlertRuleInput, uid: (name: string) => string): AlertRuleSpec[] {
  const { environment, objectives: o } = input;
  const scope: Scope = [`environment="${environment}"`];
  const rules: AlertRuleSpec[] = [
    {
      uid: uid("autoheal-success"),
      title: `[${environment}] Auto-heal success below ${o.autohealSuccessPct}% over ${o.window}`,
      expr: signals.autohealSuccessPct(scope, o.window),
      comparator: "lt",
      threshold: o.autohealSuccessPct,
      pendingFor: "5m",
      severity: "warning",
      group: "capacity",
      summary: `Only {{ humanize $values.B.Value }}% of the auto-heal Worker's redeploy attempts in ${environment} went through over ${o.window} (objective above ${o.autohealSuccessPct}%).`,
      description:
        "Redeploys are failing at Railway's API: check the Worker's RAILWAY_TOKEN, Railway's status and the Worker's Slack reports (redeploy failed).",
      runbookAnchor: "autoheal-success",
      panelId: PANEL.autohealSuccess,
      noDataState: "OK",
    },
  ];
  if (input.regions.length < 2) return rules;
  return [
    ...rules,
    {
      uid: uid("failover-success"),
      title: `[${environment}] Failover drill success below ${o.failoverSuccessPct}% over ${o.window}`,
      expr: signals.failoverSuccessPct(scope, o.window),
      comparator: "lt",
      threshold: o.failoverSuccessPct,
      pendingFor: "5m",
      severity: "warning",
      group: "capacity",
      summary: `{{ humanize $values.B.Value }}% of failover drills in ${environment} succeeded over ${o.window} (objective above ${o.failoverSuccessPct}%).`,
      description:
        "The load balancer did not move traffic to the other regions within the drill's limit. Read the failed drill's report (workflow run) and the pools' health monitors.",
      runbookAnchor: "failover-success",
      panelId: PANEL.failoverSuccess,
      noDataState: "OK",
    },
    {
      uid: uid("mttr"),
      title: `[${environment}] Failover recovery (MTTR) above ${o.mttrSeconds} s`,
      expr: signals.mttrSeconds(scope, o.window),
      comparator: "gt",
      threshold: o.mttrSeconds,
      pendingFor: "5m",
      severity: "warning",
      group: "capacity",
      summary: `The latest failover drill in ${environment} took {{ humanize $values.B.Value }} s to recover (objective under ${o.mttrSeconds} s).`,
      description:
        "Detection is the health monitor's interval times its retries; the rest is DNS/proxy switch-over. Shorten the monitor interval or retries (failover_detection_seconds output) and re-run the drill.",
      runbookAnchor: "mttr",
      panelId: PANEL.drillTimes,
      noDataState: "OK",
    },
  ];
}
