// Reads a k6 end-of-test summary in either of k6's JSON shapes, normalised:
//  - handleSummary(data): metrics.<name> = { type, contains, values: {...}, thresholds: { src: { ok } } },
//    rates under values.rate (k6 internal/js/summary.go, summarizeMetricsToObject);
//  - legacy --summary-export: metrics.<name> = the values flattened, rates under `value`,
//    thresholds as { src: failed } (k6 internal/js/summary-wrapper.js, oldJSONSummary).
// Durations are milliseconds in both.

export type SummaryFormat = "handleSummary" | "summary-export";

export interface LatencyStats {
  med: number;
  p90: number | null;
  p95: number;
  p99: number | null;
  avg: number | null;
  max: number | null;
}

export interface K6Threshold {
  metric: string;
  source: string;
  ok: boolean;
}

export interface BenchSummary {
  format: SummaryFormat;
  latency: LatencyStats;
  requests: number;
  requestsPerSecond: number;
  /** Share of failed requests, 0..1 (http_req_failed). */
  errorRate: number;
  /** 429s counted by the script's rate_limited counter; null when the script has none. */
  rateLimited: number | null;
  vusMax: number | null;
  testRunDurationMs: number | null;
  thresholds: K6Threshold[];
  /** Load profile loadtest/k6/api.js ran (its `neuropilot.profile`); null in other scripts' summaries. */
  profile: string | null;
}

export class SummaryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SummaryError";
  }
}

type Values = Record<string, number>;
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

interface RawMetric {
  values: Values;
  thresholds: K6Threshold[];
}

function readMetric(format: SummaryFormat, name: string, raw: unknown): RawMetric | undefined {
  if (!isObject(raw)) return undefined;
  const values: Values = {};
  const thresholds: K6Threshold[] = [];
  const source = format === "handleSummary" ? raw.values : raw;
  if (!isObject(source)) return undefined;
  for (const [key, value] of Object.entries(source)) if (typeof value === "number") values[key] = value;
  if (isObject(raw.thresholds)) {
    for (const [src, t] of Object.entries(raw.thresholds)) {
      // handleSummary: { ok }; summary-export: true means the threshold failed.
      const ok = format === "handleSummary" ? isObject(t) && t.ok === true : t === false;
      thresholds.push({ metric: name, source: src, ok });
    }
  }
  if (format === "summary-export" && "value" in values && !("rate" in values)) values.rate = values.value;
  return { values, thresholds };
}

function detectFormat(metrics: Json): SummaryFormat {
  const sample = Object.values(metrics).find(isObject);
  return sample && isObject(sample.values) ? "handleSummary" : "summary-export";
}

function required(metric: RawMetric | undefined, name: string, hint: string): RawMetric {
  if (!metric) throw new SummaryError(`the k6 summary has no ${name} metric: ${hint}`);
  return metric;
}

function stat(metric: RawMetric, name: string, key: string): number {
  const value = metric.values[key];
  if (value === undefined) {
    throw new SummaryError(`${name} has no "${key}" value: add "${key}" to summaryTrendStats in the script's options`);
  }
  return value;
}

export function parseK6Summary(json: unknown): BenchSummary {
  if (!isObject(json) || !isObject(json.metrics)) {
    throw new SummaryError(
      'not a k6 summary: no top-level "metrics" object (write it with handleSummary or --summary-export)',
    );
  }
  const metrics = json.metrics;
  const format = detectFormat(metrics);
  const metric = (name: string) => readMetric(format, name, metrics[name]);
  const noRequests = "did the test send any HTTP requests?";

  const duration = required(metric("http_req_duration"), "http_req_duration", noRequests);
  const reqs = required(metric("http_reqs"), "http_reqs", noRequests);
  const failed = required(metric("http_req_failed"), "http_req_failed", noRequests);
  const optional = (key: string) => duration.values[key] ?? null;

  const state = isObject(json.state) ? json.state : {};
  const thresholds = Object.keys(metrics).flatMap((name) => metric(name)?.thresholds ?? []);
  return {
    format,
    latency: {
      med: stat(duration, "http_req_duration", "med"),
      p90: optional("p(90)"),
      p95: stat(duration, "http_req_duration", "p(95)"),
      p99: optional("p(99)"),
      avg: optional("avg"),
      max: optional("max"),
    },
    requests: stat(reqs, "http_reqs", "count"),
    requestsPerSecond: stat(reqs, "http_reqs", "rate"),
    errorRate: stat(failed, "http_req_failed", "rate"),
    rateLimited: metric("rate_limited")?.values.count ?? null,
    vusMax: metric("vus_max")?.values.max ?? metric("vus_max")?.values.value ?? null,
    testRunDurationMs: typeof state.testRunDurationMs === "number" ? state.testRunDurationMs : null,
    thresholds,
    profile: isObject(json.neuropilot) && typeof json.neuropilot.profile === "string" ? json.neuropilot.profile : null,
  };
}
