// npm run review (issue 29): the v18 GO/ADJUST/REBUILD matrix over a window of telemetry read
// from a Prometheus query API, here a loopback fake answering each review query with a set
// value. Classification is tested at each target and critical bound and just past them; the
// matrix's decisions; what is sent (window, environment, evaluation time, Basic auth); and
// the command line's refusals. The queries themselves go through promtool's parser.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reviewCli } from "../../ops/review";
import { classify, decide, type MetricResult, REVIEW_METRICS, type Status } from "../../ops/review-matrix";
import { promqlSyntaxErrors } from "../dashboards/support/promql-syntax";
import { findTool } from "../support/tools";

const metric = (id: string) => {
  const found = REVIEW_METRICS.find((m) => m.id === id);
  if (!found) throw new Error(`no metric ${id}`);
  return found;
};

describe("classification at the bounds", () => {
  it.each([
    ["remediation-success", 96, "met"],
    ["remediation-success", 95.99, "warning"],
    ["remediation-success", 90, "warning"],
    ["remediation-success", 89.99, "critical"],
    ["uptime", 99.9, "met"],
    ["uptime", 99.89, "warning"],
    ["uptime", 99.5, "warning"],
    ["uptime", 99.49, "critical"],
    ["daily-cost", 1.5, "met"],
    ["daily-cost", 1.51, "warning"],
    ["daily-cost", 2.25, "warning"],
    ["daily-cost", 2.26, "critical"],
    ["latency-p95", 500, "met"],
    ["latency-p95", 500.01, "warning"],
    ["latency-p95", 1000, "warning"],
    ["latency-p95", 1000.01, "critical"],
  ])("%s at %d is %s", (id, value, status) => {
    expect(classify(metric(id), value)).toBe(status);
  });

  it("no value is no data", () => {
    expect(classify(metric("uptime"), null)).toBe("no-data");
    expect(classify(metric("uptime"), Number.NaN)).toBe("no-data");
  });

  it("judges an infinite reading: a p95 past the last bucket is critical, as is -Inf uptime", () => {
    expect(classify(metric("latency-p95"), Number.POSITIVE_INFINITY)).toBe("critical");
    expect(classify(metric("uptime"), Number.NEGATIVE_INFINITY)).toBe("critical");
    expect(classify(metric("uptime"), Number.POSITIVE_INFINITY)).toBe("met");
  });
});

describe("the decision matrix", () => {
  const results = (...statuses: Status[]): MetricResult[] =>
    statuses.map((status, i) => ({ metric: REVIEW_METRICS[i], value: 1, status }));

  it("GO when all are met; ADJUST with one or two short; REBUILD with three or any critical", () => {
    expect(decide(results("met", "met", "met", "met"), 60).decision).toBe("GO");
    expect(decide(results("warning", "met", "met", "met"), 60).decision).toBe("ADJUST");
    expect(decide(results("warning", "no-data", "met", "met"), 60).decision).toBe("ADJUST");
    expect(decide(results("warning", "warning", "no-data", "met"), 60).decision).toBe("REBUILD");
    expect(decide(results("met", "met", "met", "critical"), 60)).toMatchObject({
      decision: "REBUILD",
      reason: "critical: 95th Percentile Latency",
    });
  });

  it("is provisional below the seeds' 60 days", () => {
    expect(decide(results("met", "met", "met", "met"), 59).provisional).toBe(true);
    expect(decide(results("met", "met", "met", "met"), 60).provisional).toBe(false);
  });
});

describe("review queries", () => {
  it("parse as PromQL (promtool's parser when installed)", () => {
    const queries = REVIEW_METRICS.map((m) => m.query("production", "30d"));
    for (const query of queries) expect(promqlSyntaxErrors(query), query).toEqual([]);
    const promtool = findTool("promtool");
    if (!promtool) return;
    const dir = mkdtempSync(join(tmpdir(), "neuropilot-review-"));
    try {
      const file = join(dir, "review.rules.yml");
      const rules = queries.map((expr, i) => ({ record: `neuropilot:review:${i}`, expr }));
      writeFileSync(file, JSON.stringify({ groups: [{ name: "review", rules }] }));
      const run = spawnSync(promtool, ["check", "rules", file], { encoding: "utf8" });
      expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A loopback Prometheus: answers each review query with the value set for its metric id. */
function fakePrometheus() {
  const values = new Map<string, number | null>();
  const seen: Array<{ query: string; time: string; authorization: string }> = [];
  let status = 200;
  let error = "not here";
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const query = url.searchParams.get("query") ?? "";
    seen.push({ query, time: url.searchParams.get("time") ?? "", authorization: req.headers.authorization ?? "" });
    if (url.pathname !== "/api/prom/api/v1/query" || status !== 200) {
      res.writeHead(status === 200 ? 404 : status, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: "error", error }));
      return;
    }
    const id = REVIEW_METRICS.find(
      (m) => m.query("production", "30d") === query || m.query("production", "60d") === query,
    )?.id;
    const value = id === undefined ? null : (values.get(id) ?? null);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        status: "success",
        data: { resultType: "vector", result: value === null ? [] : [{ metric: {}, value: [1, String(value)] }] },
      }),
    );
  });
  return {
    values,
    seen,
    setStatus: (s: number) => void (status = s),
    setError: (e: string) => void (error = e),
    listen: () =>
      new Promise<string>((resolve) =>
        server.listen(0, "127.0.0.1", () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/prom`),
        ),
      ),
    close: () => server.close(),
  };
}

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const [log, error] = [console.log, console.error];
  console.log = (line: string) => void out.push(line);
  console.error = (line: string) => void err.push(line);
  try {
    return { code: await reviewCli(args, env), out: out.join("\n"), err: err.join("\n") };
  } finally {
    console.log = log;
    console.error = error;
  }
}

describe("npm run review against a loopback Prometheus", () => {
  const prometheus = fakePrometheus();
  let env: NodeJS.ProcessEnv;
  const token = ["review", "token"].join("-");
  beforeAll(async () => {
    env = { PROMETHEUS_URL: await prometheus.listen(), PROMETHEUS_USER: "123456", PROMETHEUS_TOKEN: token };
  });
  afterAll(() => prometheus.close());

  const healthy = () => {
    prometheus.values.set("remediation-success", 97);
    prometheus.values.set("uptime", 99.95);
    prometheus.values.set("daily-cost", 1.2);
    prometheus.values.set("latency-p95", 180);
  };

  it("GO on healthy telemetry, provisional over 30 days, with what it sent", async () => {
    healthy();
    prometheus.seen.length = 0;
    const run = await cli(["--window", "30d", "--at", "2026-12-07T00:00:00Z"], env);
    expect(run.code).toBe(0);
    expect(run.out).toContain("Decision: GO (every measured metric meets its target) — on the measured metrics only.");
    expect(run.out).toContain("Provisional: the seeds ask for 60 days of telemetry; this window is 30.");
    expect(run.out).toContain("Not measured: Forecast Accuracy");
    expect(prometheus.seen).toHaveLength(REVIEW_METRICS.length);
    expect(prometheus.seen[0].time).toBe(String(Date.parse("2026-12-07T00:00:00Z") / 1000) + ".000");
    expect(prometheus.seen[0].authorization).toBe(`Basic ${Buffer.from(`123456:${token}`).toString("base64")}`);
    expect(prometheus.seen.every((s) => s.query.includes('environment="production"'))).toBe(true);
    expect(prometheus.seen.some((s) => s.query.includes("[30d]"))).toBe(true);
  });

  it("ADJUST at one metric just short; REBUILD at one just past critical; no data counts short", async () => {
    healthy();
    prometheus.values.set("latency-p95", 500.01);
    expect((await cli(["--window", "60d"], env)).out).toContain(
      "Decision: ADJUST (short of target: 95th Percentile Latency).",
    );
    prometheus.values.set("latency-p95", 1000.01);
    expect((await cli(["--window", "60d"], env)).out).toContain(
      "Decision: REBUILD (critical: 95th Percentile Latency).",
    );
    healthy();
    prometheus.values.set("remediation-success", null);
    const run = await cli(["--window", "60d"], env);
    expect(run.out).toMatch(/Remediation Success\s+>= 96\s+90\s+no data\s+no-data/);
    expect(run.out).toContain("Decision: ADJUST");
    expect(run.out).not.toContain("Provisional");
  });

  it("a refused query exits 1 naming the credentials to check", async () => {
    prometheus.setStatus(401);
    try {
      const run = await cli(["--window", "30d"], env);
      expect(run.code).toBe(1);
      expect(run.err).toContain("answered HTTP 401: check PROMETHEUS_USER and PROMETHEUS_TOKEN");
    } finally {
      prometheus.setStatus(200);
    }
  });

  it("an answer echoing the token is printed redacted", async () => {
    prometheus.setStatus(500);
    prometheus.setError(`bad credentials 123456:${token}`);
    try {
      const run = await cli(["--window", "30d"], env);
      expect(run.code).toBe(1);
      expect(run.err).toMatch(
        /^review: prometheus: GET http:\/\/127\.0\.0\.1:\d+\/api\/prom\/api\/v1\/query answered HTTP 500/,
      );
      expect(run.err).toContain("bad credentials 123456:");
      expect(run.err).not.toContain(token);
    } finally {
      prometheus.setStatus(200);
      prometheus.setError("not here");
    }
  });

  it("refuses the rollout's former PROMETHEUS_PASSWORD with the rename", async () => {
    const former = { ...env, PROMETHEUS_TOKEN: undefined, PROMETHEUS_PASSWORD: token };
    await expect(reviewCli(["--window", "30d"], former)).rejects.toThrow(
      "PROMETHEUS_PASSWORD is no longer read: rename it to PROMETHEUS_TOKEN",
    );
  });

  it("--help prints the usage and exits 0", async () => {
    const run = await cli(["--help"], env);
    expect(run.code).toBe(0);
    expect(run.out).toContain("usage: npm run review -- --window <days>d");
  });

  it.each([
    [[], "--window must be whole days such as 30d"],
    [["--window", "30"], "--window must be whole days such as 30d"],
    [["--window", "0d"], "--window must be a whole number from 1 to 365"],
    [["--window", "366d"], "--window must be a whole number from 1 to 365"],
    [["--window", "30d", "--at", "yesterday"], "--at must be an ISO 8601 time"],
    [["--window", "30d", "--environment", "nowhere"], 'unknown stack "nowhere"'],
    [["--window", "30d", "--windw", "1"], "Unknown option '--windw'"],
  ])("refuses %j", async (args, message) => {
    await expect(reviewCli(args, env)).rejects.toThrow(message);
  });
});
