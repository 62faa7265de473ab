// The load-test analysis on k6 summaries in k6's documented shapes. fixtures/k6/*.json
// follow k6's own serialisation (internal/js/summary.go for handleSummary's data;
// summary-wrapper.js oldJSONSummary for --summary-export): a passing run, a run over the
// p95 budget, a run with 12% errors (mostly 429s from the edge), one without HTTP metrics,
// and the passing run in the legacy --summary-export shape.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeBenchCli, renderAnalysis } from "../../ops/analyze-bench";
import { analyzeBench, DEFAULT_LIMITS } from "../../ops/bench-analysis";
import { parseK6Summary, SummaryError } from "../../ops/k6-summary";

const fixture = (name: string) => join(__dirname, "fixtures", "k6", `${name}.json`);
const load = (name: string) => parseK6Summary(JSON.parse(readFileSync(fixture(name), "utf8")));

async function captured(run: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (line: string) => void out.push(line);
  console.error = (line: string) => void err.push(line);
  try {
    return { code: await run(), out: out.join("\n"), err: err.join("\n") };
  } finally {
    console.log = log;
    console.error = error;
  }
}

describe("k6 summary parsing", () => {
  it("reads percentiles, throughput, errors and thresholds from handleSummary data", () => {
    const summary = load("passing");
    expect(summary).toMatchObject({
      format: "handleSummary",
      latency: { med: 82.517, p90: 151.208, p95: 183.694, p99: 312.955 },
      requests: 12894,
      requestsPerSecond: 213.080351,
      errorRate: 0.001086,
      rateLimited: null,
      vusMax: 100,
      testRunDurationMs: 60512.384,
    });
    expect(summary.thresholds).toEqual([
      { metric: "http_req_duration", source: "p(95)<400", ok: true },
      { metric: "http_req_failed", source: "rate<0.05", ok: true },
    ]);
  });

  it("reads the legacy --summary-export shape the same way (rates under value, thresholds as failed flags)", () => {
    const summary = load("summary-export");
    expect(summary.format).toBe("summary-export");
    expect(summary.latency).toMatchObject({ med: 82.517, p95: 183.694, p99: null });
    expect(summary.errorRate).toBe(0.001086);
    expect(summary.thresholds.every((t) => t.ok)).toBe(true);
  });

  it("explains what is missing when the summary has no HTTP metrics", () => {
    expect(() => load("missing-metrics")).toThrow(
      new SummaryError("the k6 summary has no http_req_duration metric: did the test send any HTTP requests?"),
    );
    expect(() => parseK6Summary({ state: {} })).toThrow(/not a k6 summary: no top-level "metrics" object/);
  });

  it("asks for the trend stat it needs", () => {
    const data = JSON.parse(readFileSync(fixture("passing"), "utf8")) as {
      metrics: { http_req_duration: { values: Record<string, number> } };
    };
    delete data.metrics.http_req_duration.values["p(95)"];
    expect(() => parseK6Summary(data)).toThrow(
      'http_req_duration has no "p(95)" value: add "p(95)" to summaryTrendStats',
    );
  });
});

describe("budgets and recommendations", () => {
  it("passes a run within p95 < 400 ms and errors < 5%", () => {
    const analysis = analyzeBench(load("passing"));
    expect(analysis.ok).toBe(true);
    expect(analysis.results.map((r) => [r.name, r.ok])).toEqual([
      ["p95 latency", true],
      ["error rate", true],
      ["throughput per VU", true],
    ]);
    expect(analysis.recommendations).toEqual(["All budgets met; no action needed."]);
  });

  it("fails a slow run and points at the database pool and replicas", () => {
    const analysis = analyzeBench(load("failing-p95"));
    expect(analysis.ok).toBe(false);
    expect(analysis.results.find((r) => r.name === "p95 latency")).toMatchObject({ ok: false, actual: "642.9 ms" });
    expect(analysis.recommendations.join("\n")).toMatch(/connection-pool saturation.*regions\[\]\.replicas/s);
  });

  it("fails an erroring run, points at Sentry and deploys, and names the edge rate limit", () => {
    const analysis = analyzeBench(load("failing-errors"));
    expect(analysis.results.find((r) => r.name === "error rate")).toMatchObject({ ok: false, actual: "12.00%" });
    const advice = analysis.recommendations.join("\n");
    expect(advice).toContain("1402 requests were rate-limited (429) by the edge");
    expect(advice).toMatch(/Sentry.*recent deploys/s);
  });

  it("flags low throughput per virtual user", () => {
    const analysis = analyzeBench({ ...load("passing"), requestsPerSecond: 20 });
    expect(analysis.results.find((r) => r.name === "throughput per VU")).toMatchObject({ ok: false });
    expect(analysis.recommendations.join("\n")).toContain("low throughput: 0.20 req/s per VU");
  });

  it("takes overridden budgets", () => {
    expect(analyzeBench(load("failing-p95"), { ...DEFAULT_LIMITS, p95Ms: 700 }).ok).toBe(true);
    expect(analyzeBench(load("passing"), { ...DEFAULT_LIMITS, maxErrorRatePct: 0.1 }).ok).toBe(false);
  });

  it("renders the stats, the budgets and the k6 thresholds", () => {
    const summary = load("failing-p95");
    const text = renderAnalysis("summary.json", summary, analyzeBench(summary));
    expect(text).toContain("k6 summary summary.json (handleSummary format, 60.7 s, 100 VUs)");
    expect(text).toMatch(/p50\s+298\.4 ms/);
    expect(text).toMatch(/p99\s+1187\.5 ms/);
    expect(text).toMatch(/throughput\s+155\.4 req\/s \(9438 requests\)/);
    expect(text).toMatch(/p95 latency\s+< 400 ms\s+642\.9 ms\s+FAIL/);
    expect(text).toMatch(/http_req_duration\s+p\(95\)<400\s+crossed/);
    expect(text).toContain("1 budget(s) missed.");
  });
});

describe("npm run analyze-bench (CLI)", () => {
  it("exits 0 when budgets are met, 1 when one is missed, 2 on an unreadable summary", async () => {
    expect((await captured(() => analyzeBenchCli([fixture("passing")]))).code).toBe(0);
    expect((await captured(() => analyzeBenchCli([fixture("failing-errors")]))).code).toBe(1);
    expect((await captured(() => analyzeBenchCli([fixture("failing-p95"), "--p95-ms", "700"]))).code).toBe(0);
    const missing = await captured(() => analyzeBenchCli([fixture("missing-metrics")]));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("no http_req_duration metric");
    expect((await captured(() => analyzeBenchCli([]))).code).toBe(2);
  });
});
