// What the drills (`npm run drill -- failover|restore <stack>`, ops/drills/) push to Grafana
// Cloud after each run, in the shape of the Worker's WORKER_METRICS. The one list: the drill
// code (ops/drills/metrics.ts re-exports it) pushes exactly these, and
// dashboards/produced-series.ts registers them under the "drill" producer so panels and alert
// rules may read them.
import type { WorkerMetric } from "../workers/autoheal/src/telemetry/metrics";

export const DRILL_METRICS = [
  {
    name: "neuropilot_drill_runs",
    // A drill keeps no state between runs, so it cannot count: each run pushes 1 for its own
    // outcome and 0 for the other, and sum_over_time() over a window counts runs.
    type: "gauge",
    help: "Drill runs, by drill (failover|restore) and result (success|failure): each run pushes 1 for its result and 0 for the other, so sum_over_time over a window counts runs and the success rate is their ratio.",
    labels: ["environment", "drill", "result"],
  },
  {
    name: "neuropilot_drill_detection_seconds",
    type: "gauge",
    help: "Failover drill: seconds from taking the primary region's pool out until the public host was first served by another region.",
    labels: ["environment"],
  },
  {
    name: "neuropilot_drill_recovery_seconds",
    type: "gauge",
    help: "Failover drill (MTTR): seconds from taking the primary region's pool out until the public host passed its health check from another region on every probe of a stable window.",
    labels: ["environment"],
  },
  {
    name: "neuropilot_drill_restore_seconds",
    type: "gauge",
    help: "Restore drill: seconds from asking Neon for a point-in-time branch until its endpoint was ready.",
    labels: ["environment"],
  },
] as const satisfies readonly WorkerMetric[];

export type DrillMetricName = (typeof DRILL_METRICS)[number]["name"];
