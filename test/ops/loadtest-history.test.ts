// The load-test history (issue 29): run records in a folder, the regression verdict against
// the median of the earlier runs of the same environment and profile (thresholds as data,
// tested exactly at the limit and just past it), the push in the Worker's line protocol to a
// loopback Grafana, and the CLI wiring of --history, --record and --push.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { analyzeBenchCli } from "../../ops/analyze-bench";
import {
  compareWithHistory,
  DEFAULT_REGRESSION_THRESHOLDS,
  HistoryError,
  readHistory,
  type RunRecord,
  writeRecord,
} from "../../ops/loadtest-history";
import { pushRun, pushTargetOf, runPoints } from "../../ops/loadtest-push";
import { LOADTEST_METRICS } from "../../dashboards/loadtest-series";
import { bundledEnvironments } from "../dashboards/support/queries";

const fixture = (name: string) => join(__dirname, "fixtures", "k6", `${name}.json`);
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "neuropilot-history-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const run = (at: string, patch: Partial<RunRecord> = {}): RunRecord => ({
  version: 1,
  at,
  environment: "staging",
  profile: "1x",
  p50Ms: 50,
  p95Ms: 100,
  p99Ms: 200,
  errorRate: 0.001,
  requestsPerSecond: 200,
  ...patch,
});

const history = [
  run("2026-12-01T00:00:00.000Z", { p95Ms: 90 }),
  run("2026-12-02T00:00:00.000Z", { p95Ms: 100 }),
  run("2026-12-03T00:00:00.000Z", { p95Ms: 110 }),
];
const now = (patch: Partial<RunRecord>) => run("2026-12-07T00:00:00.000Z", patch);
const p95 = (patch: Partial<RunRecord>) =>
  compareWithHistory(now(patch), history).comparisons.find((c) => c.name === "p95 ms");

describe("regression verdict", () => {
  it("compares with the median of the earlier runs: +20 % is the limit, just past it regresses", () => {
    expect(DEFAULT_REGRESSION_THRESHOLDS.latencyIncreasePct).toBe(20);
    expect(p95({ p95Ms: 120 })).toMatchObject({ baseline: 100, limit: 120, regressed: false });
    expect(compareWithHistory(now({ p95Ms: 120 }), history).verdict).toBe("ok");
    expect(p95({ p95Ms: 120.01 })?.regressed).toBe(true);
    expect(compareWithHistory(now({ p95Ms: 120.01 }), history).verdict).toBe("regression");
  });

  it("error rate: +0.5 percentage points is the limit, just past it regresses", () => {
    // baseline 0.1 %: 0.6 % is at the limit, 0.61 % past it.
    expect(compareWithHistory(now({ errorRate: 0.006 }), history).verdict).toBe("ok");
    expect(compareWithHistory(now({ errorRate: 0.0061 }), history).verdict).toBe("regression");
  });

  it("thresholds are data: a looser limit accepts what the default refuses", () => {
    const loose = { ...DEFAULT_REGRESSION_THRESHOLDS, latencyIncreasePct: 50 };
    expect(compareWithHistory(now({ p95Ms: 150 }), history, loose).verdict).toBe("ok");
    expect(compareWithHistory(now({ p95Ms: 150.01 }), history, loose).verdict).toBe("regression");
  });

  it("compares only within the environment and profile, only with earlier runs, the last baselineRuns of them", () => {
    expect(compareWithHistory(now({ profile: "10x", p95Ms: 900 }), history).verdict).toBe("no-baseline");
    expect(compareWithHistory(now({ environment: "production" }), history).verdict).toBe("no-baseline");
    const later = [...history, run("2026-12-09T00:00:00.000Z", { p95Ms: 5000 })];
    expect(compareWithHistory(now({ p95Ms: 120 }), later).baselineRuns).toBe(3);
    // Only the last run counts with baselineRuns 1: 110 → limit 132.
    const lastOnly = { ...DEFAULT_REGRESSION_THRESHOLDS, baselineRuns: 1 };
    expect(compareWithHistory(now({ p95Ms: 132 }), history, lastOnly).verdict).toBe("ok");
    expect(compareWithHistory(now({ p95Ms: 132.01 }), history, lastOnly).verdict).toBe("regression");
  });
});

describe("history folder", () => {
  it("writes records and reads them back oldest first", () => {
    const dir = tempDir();
    writeRecord(dir, history[2]);
    writeRecord(dir, history[0]);
    expect(readdirSync(dir)).toContain("2026-12-01T00-00-00-000Z-staging-1x.json");
    expect(readHistory(dir).map((r) => r.at)).toEqual([history[0].at, history[2].at]);
  });

  it("refuses a missing folder, naming the flag and what to give", () => {
    expect(() => readHistory(join(tempDir(), "absent"))).toThrow(
      /--history .*absent: cannot read the folder \(ENOENT\); give a folder of run records/,
    );
  });

  it("refuses a file that is not a run record, naming it", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "summary.json"), JSON.stringify({ metrics: {} }));
    expect(() => readHistory(dir)).toThrow(HistoryError);
    expect(() => readHistory(dir)).toThrow(/summary\.json: not a load-test run record .*remove it/);
  });
});

interface Received {
  url: string;
  authorization: string;
  body: string;
}

async function loopbackGrafana(status: number): Promise<{ url: string; received: Received[]; close(): void }> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      received.push({ url: req.url ?? "", authorization: req.headers.authorization ?? "", body });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v1/push/influx/write`,
    received,
    close: () => server.close(),
  };
}

describe("push to Grafana Cloud", () => {
  it("sends the run as the load-test series in the Worker's line protocol, stamped with the run's time", async () => {
    const grafana = await loopbackGrafana(204);
    try {
      const token = ["test", "token"].join("-");
      await pushRun(now({}), { url: grafana.url, user: "123456", token });
      expect(grafana.received).toHaveLength(1);
      const [request] = grafana.received;
      expect(request.authorization).toBe(`Basic ${Buffer.from(`123456:${token}`).toString("base64")}`);
      const ns = `${Date.parse("2026-12-07T00:00:00.000Z")}000000`;
      expect(request.body.split("\n")).toEqual([
        `neuropilot_loadtest_latency,environment=staging,profile=1x,quantile=0.5 seconds=0.05 ${ns}`,
        `neuropilot_loadtest_latency,environment=staging,profile=1x,quantile=0.95 seconds=0.1 ${ns}`,
        `neuropilot_loadtest_latency,environment=staging,profile=1x,quantile=0.99 seconds=0.2 ${ns}`,
        `neuropilot_loadtest_error,environment=staging,profile=1x ratio=0.001 ${ns}`,
        `neuropilot_loadtest_requests_per,environment=staging,profile=1x second=200 ${ns}`,
      ]);
    } finally {
      grafana.close();
    }
  });

  it("pushes only registered series with their registered labels", () => {
    const registered = new Map<string, readonly string[]>(LOADTEST_METRICS.map((m) => [m.name, m.labels]));
    for (const point of runPoints(now({}))) {
      expect(registered.get(point.name)).toEqual(expect.arrayContaining(Object.keys(point.labels)));
      expect(Object.keys(point.labels)).toHaveLength(registered.get(point.name)?.length ?? -1);
    }
  });

  it("a refused push names the status and what to check", async () => {
    const grafana = await loopbackGrafana(401);
    try {
      await expect(pushRun(now({}), { url: grafana.url, user: "123456", token: "x" })).rejects.toThrow(
        /answered HTTP 401: check GRAFANA_PUSH_TOKEN/,
      );
    } finally {
      grafana.close();
    }
  });

  it("targets the Worker's endpoint where there is one, else the Grafana stack's", () => {
    const [staging, production] = ["staging", "production"].map((name) =>
      bundledEnvironments().find((e) => e.name === name)!,
    );
    expect(pushTargetOf(production, "t").url).toBe(production.autoheal.telemetry?.pushUrl);
    expect(pushTargetOf(staging, "t")).toEqual({
      url: `${new URL(staging.grafana.prometheusUrl).origin}/api/v1/push/influx/write`,
      user: staging.grafana.prometheusUser,
      token: "t",
    });
  });
});

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const [log, error] = [console.log, console.error];
  console.log = (line: string) => void out.push(line);
  console.error = (line: string) => void err.push(line);
  try {
    return { code: await analyzeBenchCli(args), out: out.join("\n"), err: err.join("\n") };
  } finally {
    console.log = log;
    console.error = error;
  }
}

describe("npm run analyze-bench with history", () => {
  it("records the first run without a verdict, then judges the next against it", async () => {
    const dir = tempDir();
    const first = await cli([fixture("passing"), "--environment", "staging", "--history", dir, "--record", dir]);
    expect(first.code).toBe(0);
    expect(first.out).toContain("no earlier run of this environment and profile");
    expect(readHistory(dir)).toHaveLength(1);
    expect(readHistory(dir)[0]).toMatchObject({ environment: "staging", profile: "1x", p95Ms: 183.694 });

    // failing-p95 is a 1x run with p95 642.9 ms: a regression against 183.7 ms (and over budget).
    const second = await cli([fixture("failing-p95"), "--environment", "staging", "--history", dir, "--p95-ms", "700"]);
    expect(second.code).toBe(1);
    expect(second.out).toMatch(/p95 ms\s+183\.69\s+<= 220\.43\s+642\.91\s+WORSE/);
    expect(second.out).toContain("Regression:");
    // A looser limit (from the command line) lets the same run pass.
    const loose = await cli([
      fixture("failing-p95"),
      "--environment",
      "staging",
      "--history",
      dir,
      "--p95-ms",
      "700",
      "--max-latency-increase-pct",
      "300",
    ]);
    expect(loose.out).toContain("No regression");
    expect(loose.code).toBe(0);
  });

  it("refuses tracking without --environment, an unknown profile, and --push without a token", async () => {
    const dir = tempDir();
    expect((await cli([fixture("passing"), "--history", dir])).err).toContain("need --environment");
    expect((await cli([fixture("passing"), "--environment", "staging", "--profile", "3x"])).err).toContain(
      "--profile must be one of 1x, 10x",
    );
    const saved = process.env.GRAFANA_PUSH_TOKEN;
    delete process.env.GRAFANA_PUSH_TOKEN;
    try {
      const push = await cli([fixture("passing"), "--environment", "staging", "--push"]);
      expect(push.code).toBe(2);
      expect(push.err).toContain("--push needs GRAFANA_PUSH_TOKEN");
    } finally {
      if (saved !== undefined) process.env.GRAFANA_PUSH_TOKEN = saved;
    }
    expect((await cli([fixture("passing"), "--environment", "nowhere", "--record", dir])).err).toContain(
      'unknown stack "nowhere"',
    );
  });
});
