// What the drills publish to Grafana Cloud after each run. The list lives with the dashboards
// that read it (dashboards/drill-series.ts), so the push and the panels cannot disagree.
export { DRILL_METRICS, type DrillMetricName } from "../../dashboards/drill-series";
