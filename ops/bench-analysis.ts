// Judges a load test against the seeds' budgets (p95 under 400 ms, errors under 5%, and a
// throughput floor per virtual user) and says where to look when one is missed.
import type { BenchSummary } from "./k6-summary";

export interface BenchLimits {
  p95Ms: number;
  /** Percent of failed requests, exclusive. */
  maxErrorRatePct: number;
  /**
   * Requests per second per virtual user below which throughput counts as low; our script
   * makes three requests per ~1.5 s iteration, so a healthy run does about 2.
   */
  minRpsPerVu: number;
}

export const DEFAULT_LIMITS: BenchLimits = { p95Ms: 400, maxErrorRatePct: 5, minRpsPerVu: 0.5 };

export interface LimitResult {
  name: string;
  limit: string;
  actual: string;
  ok: boolean;
}

export interface BenchAnalysis {
  results: LimitResult[];
  recommendations: string[];
  ok: boolean;
}

const ms = (v: number) => `${v.toFixed(1)} ms`;
const pct = (v: number) => `${(v * 100).toFixed(2)}%`;

export function analyzeBench(summary: BenchSummary, limits: BenchLimits = DEFAULT_LIMITS): BenchAnalysis {
  const results: LimitResult[] = [
    {
      name: "p95 latency",
      limit: `< ${limits.p95Ms} ms`,
      actual: ms(summary.latency.p95),
      ok: summary.latency.p95 < limits.p95Ms,
    },
    {
      name: "error rate",
      limit: `< ${limits.maxErrorRatePct}%`,
      actual: pct(summary.errorRate),
      ok: summary.errorRate * 100 < limits.maxErrorRatePct,
    },
  ];
  const perVu = summary.vusMax ? summary.requestsPerSecond / summary.vusMax : null;
  if (perVu !== null) {
    results.push({
      name: "throughput per VU",
      limit: `>= ${limits.minRpsPerVu} req/s`,
      actual: `${perVu.toFixed(2)} req/s`,
      ok: perVu >= limits.minRpsPerVu,
    });
  }
  return { results, recommendations: recommend(summary, limits, perVu), ok: results.every((r) => r.ok) };
}

function recommend(summary: BenchSummary, limits: BenchLimits, perVu: number | null): string[] {
  const advice: string[] = [];
  const { p95, p99 } = summary.latency;
  if (summary.rateLimited) {
    advice.push(
      `${summary.rateLimited} requests were rate-limited (429) by the edge (cloudflare.rateLimit.api in config): ` +
        "the load generator hit Cloudflare, not the backend. Re-run against a region's origin " +
        "(the base_url input, a Railway domain from the backend_origins output) or with fewer VUs.",
    );
  }
  if (p95 >= limits.p95Ms) {
    advice.push(
      `p95 ${ms(p95)} is over ${limits.p95Ms} ms: check database query latency and connection-pool ` +
        "saturation on the Grafana dashboard (db query p95, pool usage); slow queries and N+1s show in " +
        "Sentry performance. If the database is fine and CPU is high, raise regions[].replicas in the " +
        "environment's config; if reads dominate, add neon.readReplicas and send reads to DATABASE_READ_URL.",
    );
  }
  if (p99 !== null && p99 > 2.5 * p95 && p99 > limits.p95Ms) {
    advice.push(
      `long tail: p99 ${ms(p99)} is more than 2.5 × p95: look for cold starts (Neon compute suspend, ` +
        "minCu), lock contention, garbage-collection pauses and the slowest transactions in Sentry.",
    );
  }
  if (summary.errorRate * 100 >= limits.maxErrorRatePct) {
    advice.push(
      `error rate ${pct(summary.errorRate)} is at or over ${limits.maxErrorRatePct}%: check Sentry for new ` +
        "issues in the test window and the recent deploys (Railway deployments, this repo's deploy runs); " +
        "roll back a deploy that lines up. 502/503s point at crashing or restarting instances " +
        "(see the auto-healing Worker's Slack reports), 401/404s at the script's READ_PATHS or API_TOKEN.",
    );
  }
  if (perVu !== null && perVu < limits.minRpsPerVu) {
    advice.push(
      `low throughput: ${perVu.toFixed(2)} req/s per VU (floor ${limits.minRpsPerVu}): requests are queueing. ` +
        "Check CPU per region on the Grafana dashboard and the event-loop lag; raise regions[].replicas, or " +
        "the database pool size if the pool is saturated. From a single runner, also rule out the runner's own CPU.",
    );
  }
  if (advice.length === 0) advice.push("All budgets met; no action needed.");
  return advice;
}
