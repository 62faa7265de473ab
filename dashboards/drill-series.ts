// What the drills (`npm run drill -- failover|restore <stack>`, issue 29) push to Grafana
// Cloud after each run, the same way the auto-heal Worker pushes its series. The drill code
// lives in another room (built in parallel); this list is the contract its push must match,
// and dashboards/produced-series.ts registers it under the "drill" producer so panels and
// alert rules may read it. The lead reconciles it with the drill code's own export at merge.

export interface DrillMetric {
  readonly name: string;
  readonly type: "counter" | "gauge";
  readonly help: string;
  /** Every label a series of the metric carries. */
  readonly labels: readonly string[];
}

export const DRILL_METRICS = [
  {
    name: "neuropilot_drill_runs_total",
    type: "counter",
    help: 'Drill runs, by drill ("failover"|"restore") and result ("success"|"failure").',
    labels: ["environment", "drill", "result"],
  },
  {
    name: "neuropilot_drill_detection_seconds",
    type: "gauge",
    help: "Failover drill: seconds from taking the pool out until the public host stopped answering from it.",
    labels: ["environment"],
  },
  {
    name: "neuropilot_drill_recovery_seconds",
    type: "gauge",
    help: "Failover drill: seconds from taking the pool out until the public host was served by the other pools (MTTR).",
    labels: ["environment"],
  },
  {
    name: "neuropilot_drill_restore_seconds",
    type: "gauge",
    help: "Restore drill: seconds to restore the database to a point in time into a new branch and pass the smoke checks.",
    labels: ["environment"],
  },
] as const satisfies readonly DrillMetric[];

export type DrillMetricName = (typeof DRILL_METRICS)[number]["name"];
