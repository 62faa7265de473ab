// What `npm run analyze-bench -- <summary> --push` sends to Grafana Cloud for each load-test
// run (ops/loadtest-history.ts), through the auto-heal Worker's Influx line-protocol writer:
// one sample per series at the run's end, so the dashboard's load-test history panel shows
// one point per run. Registered under the "load-test" producer (dashboards/produced-series.ts).

export interface LoadTestMetric {
  readonly name: string;
  readonly type: "gauge";
  readonly help: string;
  readonly labels: readonly string[];
}

/** The load profiles loadtest/k6/api.js runs: the seeds' 100 VUs, and ten times that. */
export const LOAD_PROFILES = ["1x", "10x"] as const;
export type LoadProfile = (typeof LOAD_PROFILES)[number];

export const LOADTEST_METRICS = [
  {
    name: "neuropilot_loadtest_latency_seconds",
    type: "gauge",
    help: 'Request duration of one k6 run at quantile ("0.5"|"0.95"|"0.99"), by load profile ("1x"|"10x").',
    labels: ["environment", "profile", "quantile"],
  },
  {
    name: "neuropilot_loadtest_error_ratio",
    type: "gauge",
    help: "Share (0-1) of the run's requests that failed (k6 http_req_failed), by load profile.",
    labels: ["environment", "profile"],
  },
  {
    name: "neuropilot_loadtest_requests_per_second",
    type: "gauge",
    help: "Throughput of the run (k6 http_reqs rate), by load profile.",
    labels: ["environment", "profile"],
  },
] as const satisfies readonly LoadTestMetric[];

export type LoadTestMetricName = (typeof LOADTEST_METRICS)[number]["name"];
