// Config check of the SLOs against the metric contract: a latency objective counts the
// requests under a histogram bucket bound, so its threshold must be one of the bounds the
// backend exports (dashboards/metrics.ts); 120 ms, for instance, is not measurable.
import { LATENCY_BUCKETS } from "../dashboards/metrics";

export function sloIssues(env: { grafana: { slo: { latencyMs: number } | null } }): Array<{
  path: Array<string | number>;
  message: string;
}> {
  const slo = env.grafana.slo;
  if (!slo) return [];
  const bounds = LATENCY_BUCKETS.map((b) => Math.round(b * 1000));
  if (bounds.includes(slo.latencyMs)) return [];
  const below = bounds.filter((b) => b < slo.latencyMs).at(-1);
  return [
    {
      path: ["grafana", "slo", "latencyMs"],
      message: `${slo.latencyMs} ms is not a bucket bound of neuropilot_http_request_duration_seconds (${bounds.join(", ")} ms)${below ? `; use ${below} (stricter)` : ""}, or add the bound to the metric contract`,
    },
  ];
}
