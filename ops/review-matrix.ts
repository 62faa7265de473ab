// The v18 blueprint's GO/ADJUST/REBUILD decision (seeds 003, "Required Metrics" and "Decision
// Matrix") over a window of the telemetry: each metric the platform measures is classified
// met / warning / critical against its target, and the matrix decides. The seeds give targets
// but no warning or critical figures: the critical bounds below are this program's, each with
// its reason, and warning is anything between the target and the critical bound.
// Metrics the platform cannot measure (forecast accuracy, compliance score, agent learning
// rate, "no critical incidents", "demonstrated need") are listed as not measured, and a GO
// says so: it is a GO on the measured metrics only (docs/objectives.md).
import { signals } from "../dashboards/signals";

export type Direction = "at-least" | "at-most";
export type Status = "met" | "warning" | "critical" | "no-data";
export type Decision = "GO" | "ADJUST" | "REBUILD";

export interface ReviewMetric {
  id: string;
  /** As the seeds name it. */
  title: string;
  unit: string;
  direction: Direction;
  /** The seeds' target: at least / at most this. */
  target: number;
  /** Beyond this the metric is critical (below for at-least, above for at-most). */
  critical: number;
  /** Why the critical bound is where it is. */
  criticalReason: string;
  /** Instant PromQL over the window for one environment. */
  query: (environment: string, window: string) => string;
}

const scope = (environment: string) => [`environment="${environment}"`];

export const REVIEW_METRICS: readonly ReviewMetric[] = [
  {
    id: "remediation-success",
    title: "Remediation Success",
    unit: "%",
    direction: "at-least",
    target: 96,
    critical: 90,
    criticalReason: "the auto-heal objective (grafana.objectives.autohealSuccessPct, the v17.2 seeds' > 90 %)",
    query: (e, w) => signals.autohealSuccessPct(scope(e), w),
  },
  {
    id: "uptime",
    title: "System Uptime",
    unit: "%",
    direction: "at-least",
    target: 99.9,
    critical: 99.5,
    criticalReason: "five times the downtime the target allows (0.5 % against 0.1 %)",
    // The worst region's share of passing Worker probes: health checks, as the seeds measure it.
    query: (e, w) => `min(${signals.availabilityPct(scope(e), w)})`,
  },
  {
    id: "daily-cost",
    title: "Daily Cost",
    unit: "USD",
    direction: "at-most",
    target: 1.5,
    critical: 2.25,
    criticalReason: "half again the target: spend the seeds call unsustainable",
    // The month's projected spend over the month's days (days_in_month of the evaluation time).
    query: (e) => `${signals.monthlyCostUsd(scope(e))} / scalar(days_in_month())`,
  },
  {
    id: "latency-p95",
    title: "95th Percentile Latency",
    unit: "ms",
    direction: "at-most",
    target: 500,
    critical: 1000,
    criticalReason: "twice the target",
    query: (e, w) => signals.latencyMs(0.95, scope(e), w),
  },
];

/** In the seeds' table, not measurable from this platform's telemetry. */
export const NOT_MEASURED: readonly string[] = [
  "Forecast Accuracy (no forecasting component)",
  "Compliance Score (no audit produces a score)",
  "Peak Concurrent Users (measured only; no target)",
  "Agent Learning Rate (no agent)",
  "No critical incidents in 60 days (Grafana-managed alerts keep no ALERTS series in Prometheus)",
];

/** The seeds' "Mandatory Telemetry (60 days minimum)". */
export const MINIMUM_WINDOW_DAYS = 60;

export function classify(metric: ReviewMetric, value: number | null): Status {
  // ±Infinity is a reading (a quantile past the last bucket): judged, and beyond any bound.
  if (value === null || Number.isNaN(value)) return "no-data";
  if (metric.direction === "at-least") {
    if (value >= metric.target) return "met";
    return value < metric.critical ? "critical" : "warning";
  }
  if (value <= metric.target) return "met";
  return value > metric.critical ? "critical" : "warning";
}

export interface MetricResult {
  metric: ReviewMetric;
  value: number | null;
  status: Status;
}

export interface Review {
  decision: Decision;
  reason: string;
  /** The window is shorter than the seeds' 60 days: the decision is provisional. */
  provisional: boolean;
  results: MetricResult[];
}

/**
 * The matrix: any critical metric → REBUILD; one or two in warning → ADJUST; three or more in
 * warning → REBUILD (the seeds leave it open; that many misses is not "optimise first"); all
 * met → GO. A metric without data cannot be met, so it counts as a warning (measure it first).
 */
export function decide(results: readonly MetricResult[], windowDays: number): Review {
  const critical = results.filter((r) => r.status === "critical");
  const warning = results.filter((r) => r.status === "warning" || r.status === "no-data");
  const titles = (list: readonly MetricResult[]) => list.map((r) => r.metric.title).join(", ");
  const provisional = windowDays < MINIMUM_WINDOW_DAYS;
  if (critical.length > 0) {
    return { decision: "REBUILD", reason: `critical: ${titles(critical)}`, provisional, results: [...results] };
  }
  if (warning.length >= 3) {
    return {
      decision: "REBUILD",
      reason: `${warning.length} metrics short of target: ${titles(warning)}`,
      provisional,
      results: [...results],
    };
  }
  if (warning.length > 0) {
    return { decision: "ADJUST", reason: `short of target: ${titles(warning)}`, provisional, results: [...results] };
  }
  return { decision: "GO", reason: "every measured metric meets its target", provisional, results: [...results] };
}
