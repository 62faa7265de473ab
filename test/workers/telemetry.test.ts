// The auto-heal Worker's telemetry in workerd (Miniflare) against loopback fakes of
// Railway's usage API, Neon's consumption API and Grafana Cloud's Influx push. The pushed
// line protocol is decoded back into Prometheus series and checked: availability and
// latency per region, the Worker's action counters, the projected cost (equal to the cost
// model's figure for the same usage), and each upstream failure mode counted while the
// other metrics still arrive.
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUTOHEAL_COMPATIBILITY_DATE } from "../../constructs/cloudflare/autoheal-worker";
import { estimateEnvironment, sumUsd } from "../../cost/estimate";
import { usageFromConfig } from "../../cost/from-config";
import { computeHours } from "../../cost/line-items";
import { isMeteredLine, workerPrices } from "../../cost/telemetry-prices";
import { NEON_PRICES, RAILWAY_PRICES } from "../../config/prices";
import { buildAutohealWorker } from "../../workers/build";
import type { AutohealConfig } from "../../workers/autoheal/src/config";
import type { RunReport } from "../../workers/autoheal/src/run";
import { WORKER_METRICS } from "../../workers/autoheal/src/telemetry/metrics";
import { MINUTES_PER_MONTH, NEON_USAGE_CALLS } from "../../workers/autoheal/src/telemetry/usage";
import { loadDescription, requestProblems } from "../contracts/support/openapi";
import { bundledEnvironments } from "../dashboards/support/queries";
import { type FakeServices, type RecordedRequest, type Reply, startFakeServices } from "../ops/support/fake-services";

const SECRETS = {
  railway: "rw-usage-token-5d1e-secret",
  neon: "neon-key-8c2f-secret",
  grafana: "glc-push-91ab-secret",
};
const PUSH_USER = "123456";

const production = bundledEnvironments().find((e) => e.name === "production");
if (!production) throw new Error("bundled production config missing");
const usage = usageFromConfig(production);
const estimate = estimateEnvironment(usage);
const PRICES = workerPrices(estimate, usage.neonPlan, usage.ownsPlatform);

// 10 January 2026, 00:00 UTC: 9 of January's 31 days have passed.
const NOW = Date.UTC(2026, 0, 10);
const ELAPSED = 9 / 31;

/** Month-to-date usage exactly as the cost model assumes it, so the projections must agree. */
const replicaCount = usage.railwayRegions.reduce((sum, r) => sum + r.replicas, 0);
const RAILWAY_USAGE = {
  vcpuMinutes: replicaCount * RAILWAY_PRICES.smallNodeReplica.vcpu * MINUTES_PER_MONTH * ELAPSED,
  memoryGbMinutes: replicaCount * RAILWAY_PRICES.smallNodeReplica.memoryGb * MINUTES_PER_MONTH * ELAPSED,
};
const NEON_USAGE = {
  computeUnitSeconds: usage.neonComputes.reduce((s, c) => s + c.minCu * computeHours(c), 0) * 3600 * ELAPSED,
  storageByteMonths: NEON_PRICES.storageGb * 1e9 * ELAPSED,
};

type Mode = "ok" | "timeout" | "429" | "4xx" | "5xx" | "malformed";
interface Scenario {
  railway?: Mode;
  neon?: Mode;
  grafana?: Mode;
  origin?: number;
}
const SCENARIOS: Record<string, Scenario> = {
  known: {},
  railwayTimeout: { railway: "timeout" },
  railway429: { railway: "429" },
  railwayMalformed: { railway: "malformed" },
  neon5xx: { neon: "5xx" },
  neon4xx: { neon: "4xx" },
  neonMalformed: { neon: "malformed" },
  grafanaDown: { grafana: "5xx" },
  originDown: { origin: 503 },
  summary: {},
};

function failure(mode: Mode): Reply | undefined {
  if (mode === "timeout") return { status: 200, body: "{}", delayMs: 1500 };
  if (mode === "429") return { status: 429, body: '{"message":"rate limited"}' };
  if (mode === "4xx") return { status: 401, body: '{"message":"unauthorized"}' };
  if (mode === "5xx") return { status: 503, body: "upstream unavailable" };
  return undefined;
}

function route(request: RecordedRequest): Reply {
  const scenario = SCENARIOS[request.scenario];
  const [, service] = request.path.split("/");
  switch (service) {
    case "origin":
      return { status: scenario.origin ?? 200, body: '{"status":"ok"}' };
    case "railway": {
      // The healing calls of a down region (see the auto-heal tests), then the usage query.
      if (request.body.includes("serviceInstanceRedeploy"))
        return { status: 200, body: '{"data":{"serviceInstanceRedeploy":true}}' };
      if (request.body.includes("deployments(first: 1"))
        return { status: 200, body: '{"data":{"deployments":{"edges":[{"node":{"id":"d1","status":"SUCCESS"}}]}}}' };
      const mode = scenario.railway ?? "ok";
      if (mode === "malformed") return { status: 200, body: "<html>maintenance</html>" };
      return (
        failure(mode) ?? {
          status: 200,
          body: JSON.stringify({
            data: {
              usage: [
                { measurement: "CPU_USAGE", value: RAILWAY_USAGE.vcpuMinutes },
                { measurement: "MEMORY_USAGE_GB", value: RAILWAY_USAGE.memoryGbMinutes },
              ],
            },
          }),
        }
      );
    }
    case "neon": {
      const mode = scenario.neon ?? "ok";
      const metrics =
        mode === "malformed"
          ? [{ metric_name: "compute_unit_seconds", value: "lots" }]
          : [
              { metric_name: "compute_unit_seconds", value: NEON_USAGE.computeUnitSeconds },
              { metric_name: "root_branch_bytes_month", value: NEON_USAGE.storageByteMonths },
            ];
      return (
        failure(mode) ?? {
          status: 200,
          body: JSON.stringify({
            projects: [
              { project_id: "other-project", periods: [{ consumption: [{ metrics: [] }] }] },
              { project_id: "np-project", periods: [{ period_id: "p1", consumption: [{ metrics }] }] },
            ],
            pagination: { cursor: "" },
          }),
        }
      );
    }
    case "grafana":
      return failure(scenario.grafana ?? "ok") ?? { status: 204 };
    case "slack":
      return { status: 200, body: "ok", headers: { "content-type": "text/plain" } };
    default:
      return { status: 404 };
  }
}

function configFor(base: string, scenario: string): AutohealConfig {
  return {
    environment: "production",
    dryRun: false,
    enableAutoRestart: true,
    expectedStatus: 200,
    probeTimeoutMs: 3000,
    probesPerRun: 2,
    windowRuns: 1,
    latencyThresholdMs: 2000,
    errorRateThresholdPct: 5,
    consecutiveFailures: 1,
    cooldownMinutes: 15,
    maxRestartsPerHour: 3,
    purge: { mode: "off", zoneId: "zone-1", hosts: [] },
    railwayTokenKind: "project",
    regions: ["us-east", "us-west"].map((name) => ({
      name,
      healthUrl: `${base}/${scenario}/origin/${name}/health`,
      serviceId: `svc-${name}`,
      environmentId: "env-1",
    })),
    telemetry: {
      pushUrl: `${base}/${scenario}/grafana/api/v1/push/influx/write`,
      pushUser: PUSH_USER,
      timeoutMs: 500,
      railwayProjectId: "rw-project",
      neonProjectIds: ["np-project"],
      neonOrgId: "org-1",
      prices: PRICES,
      // Exactly at the warning budget is within it.
      ...(scenario === "summary"
        ? { dailySummary: { hourUtc: 0, warningUsd: estimate.totalUsd, criticalUsd: 120 } }
        : {}),
    },
  };
}

interface ScheduledFetcher {
  scheduled(options: { scheduledTime: Date; cron: string }): Promise<{ outcome: string }>;
}

let fake: FakeServices;
let mf: Miniflare;
const logs: string[] = [];

beforeAll(async () => {
  const bundle = buildAutohealWorker();
  fake = await startFakeServices(route);
  const base = fake.baseUrl;
  mf = new Miniflare({
    handleStructuredLogs: ({ message }: { message: string }) => void logs.push(message),
    workers: Object.keys(SCENARIOS).map((name) => ({
      name,
      modules: true,
      script: bundle.code,
      compatibilityDate: AUTOHEAL_COMPATIBILITY_DATE,
      kvNamespaces: { STATE: `${name}-state` },
      bindings: {
        CONFIG: JSON.stringify(configFor(base, name)),
        RAILWAY_TOKEN: SECRETS.railway,
        NEON_API_KEY: SECRETS.neon,
        GRAFANA_PUSH_TOKEN: SECRETS.grafana,
        RAILWAY_API_URL: `${base}/${name}/railway`,
        NEON_API_URL: `${base}/${name}/neon`,
        SLACK_WEBHOOK_URL: `${base}/${name}/slack`,
      },
    })),
  });
  await mf.ready;
}, 60_000);

afterAll(async () => {
  await mf?.dispose();
  await fake?.close();
});

async function runAt(scenario: string, at: number): Promise<void> {
  const worker = (await mf.getWorker(scenario)) as unknown as ScheduledFetcher;
  const result = await worker.scheduled({ scheduledTime: new Date(at), cron: "*/5 * * * *" });
  expect(result.outcome).toBe("ok");
}

interface Series {
  name: string;
  labels: Record<string, string>;
  value: number;
  ns: bigint;
}

/** Line protocol back to Prometheus series, as Grafana Cloud converts it (`measurement_field`). */
function decode(body: string): Series[] {
  return body.split("\n").map((line) => {
    const match = /^((?:[^ ,\\]|\\.)+)((?:,(?:[^ \\]|\\.)+)*) ((?:[^ =\\]|\\.)+)=(\S+) (\d+)$/.exec(line);
    if (!match) throw new Error(`not line protocol: ${line}`);
    const [, measurement, tagText, field, value, ns] = match;
    const labels = Object.fromEntries(
      tagText
        .split(/(?<!\\),/)
        .filter(Boolean)
        .map((pair) => pair.split(/(?<!\\)=/).map((t) => t.replace(/\\(.)/g, "$1")) as [string, string]),
    );
    return { name: `${measurement}_${field}`, labels, value: Number(value), ns: BigInt(ns) };
  });
}

const pushes = (scenario: string) => fake.of(scenario, "/grafana");
const lastPush = (scenario: string) => decode(pushes(scenario).at(-1)?.body ?? "");
const find = (series: Series[], name: string, labels: Record<string, string> = {}) =>
  series.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
const projectedTotal = (series: Series[]) =>
  find(series, "neuropilot_estimated_monthly_cost_usd").reduce((sum, s) => sum + s.value, 0);

// Sequential: the later cases read pushes of the earlier runs.
describe("auto-heal Worker telemetry", () => {
  it("pushes availability, latency and the cost model's projected monthly cost for known usage", async () => {
    await runAt("known", NOW);
    const [push] = pushes("known");
    expect(push.path).toBe("/grafana/api/v1/push/influx/write");
    expect(push.headers.authorization).toBe(`Basic ${btoa(`${PUSH_USER}:${SECRETS.grafana}`)}`);
    const series = decode(push.body);
    expect(new Set(series.map((s) => s.ns))).toEqual(new Set([BigInt(NOW) * 1_000_000n]));
    for (const s of series) expect(s.labels.environment).toBe("production");

    for (const region of ["us-east", "us-west"]) {
      expect(find(series, "neuropilot_probe_availability_ratio", { region }).map((s) => s.value)).toEqual([1]);
      const [latency] = find(series, "neuropilot_probe_latency_seconds", { region });
      expect(latency.value).toBeGreaterThanOrEqual(0);
      expect(latency.value).toBeLessThan(3);
    }
    // Per service, and in total, the cost model's figure for the same usage (to the cent).
    const railway = sumUsd(estimate.lines.filter((l) => l.service === "railway"));
    const neon = sumUsd(estimate.lines.filter((l) => l.service === "neon" && isMeteredLine(l)));
    expect(find(series, "neuropilot_estimated_monthly_cost_usd", { service: "railway" })[0].value).toBeCloseTo(
      railway,
      2,
    );
    expect(find(series, "neuropilot_estimated_monthly_cost_usd", { service: "neon" })[0].value).toBeCloseTo(neon, 2);
    expect(projectedTotal(series)).toBeCloseTo(estimate.totalUsd, 1);
    expect(Math.abs(projectedTotal(series) - estimate.totalUsd)).toBeLessThanOrEqual(0.02);
    // Month to date: usage so far, and the fixed fees accrued over 9 of 31 days.
    expect(find(series, "neuropilot_month_to_date_cost_usd", { service: "fixed" })[0].value).toBeCloseTo(
      PRICES.fixedMonthlyUsd * ELAPSED,
      2,
    );
    expect(find(series, "neuropilot_telemetry_upstream_failures_total")).toEqual([]);

    // The usage reads: Railway's usage query for the month so far, Neon's v2 consumption API.
    const [railwayCall] = fake.of("known", "/railway");
    expect(railwayCall.headers["project-access-token"]).toBe(SECRETS.railway);
    expect(JSON.parse(railwayCall.body)).toMatchObject({
      query: expect.stringContaining("usage(projectId: $projectId, measurements: [CPU_USAGE, MEMORY_USAGE_GB]"),
      variables: {
        projectId: "rw-project",
        startDate: "2026-01-01T00:00:00.000Z",
        endDate: "2026-01-10T00:00:00.000Z",
      },
    });
    const [neonCall] = fake.of("known", "/neon");
    expect(neonCall.headers.authorization).toBe(`Bearer ${SECRETS.neon}`);
    const url = new URL(neonCall.path, "http://x");
    expect(url.pathname).toBe("/neon/consumption_history/v2/projects");
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      org_id: "org-1",
      project_ids: "np-project",
      granularity: "daily",
      from: "2026-01-01T00:00:00.000Z",
      to: "2026-01-11T00:00:00.000Z",
      metrics: "compute_unit_seconds,root_branch_bytes_month",
    });
    // No secret in the payload.
    for (const secret of Object.values(SECRETS)) expect(push.body).not.toContain(secret);
  });

  it("publishes every metric it declares, and nothing else", async () => {
    await runAt("originDown", NOW);
    await runAt("originDown", NOW + 5 * 60_000);
    // The first push fails; the second carries the failure counter.
    await runAt("grafanaDown", NOW);
    await runAt("grafanaDown", NOW + 60_000);
    const names = new Set(
      [...pushes("originDown"), ...pushes("grafanaDown")].flatMap((p) => decode(p.body).map((s) => s.name)),
    );
    expect([...names].sort()).toEqual(WORKER_METRICS.map((m) => m.name).sort());
    for (const series of [...pushes("originDown"), ...pushes("grafanaDown")].flatMap((p) => decode(p.body))) {
      const declared = WORKER_METRICS.find((m) => m.name === series.name);
      expect(Object.keys(series.labels).sort()).toEqual([...(declared?.labels ?? [])].sort());
    }
  });

  it("counts a down region's probes as 0 availability and its redeploys as actions", async () => {
    const series = lastPush("originDown");
    expect(find(series, "neuropilot_probe_availability_ratio", { region: "us-east" })[0].value).toBe(0);
    const redeploys = find(series, "neuropilot_autoheal_actions_total", { region: "us-east" });
    // Run 1 redeployed; run 2 (within the cooldown) held. Counters accumulate across runs.
    expect(Object.fromEntries(redeploys.map((s) => [s.labels.action, s.value]))).toEqual({ redeployed: 1, held: 1 });
    const west = find(series, "neuropilot_autoheal_actions_total", { region: "us-west" });
    expect(Object.fromEntries(west.map((s) => [s.labels.action, s.value]))).toEqual({ redeployed: 1, held: 1 });
  });

  it.each([
    ["railwayTimeout", "railway", "timeout"],
    ["railway429", "railway", "http_429"],
    ["railwayMalformed", "railway", "malformed"],
    ["neon5xx", "neon", "http_5xx"],
    ["neon4xx", "neon", "http_4xx"],
    ["neonMalformed", "neon", "malformed"],
  ] as const)("%s: counts %s %s, and the other metrics still arrive", async (scenario, upstream, kind) => {
    await runAt(scenario, NOW);
    const series = lastPush(scenario);
    expect(
      find(series, "neuropilot_telemetry_upstream_failures_total", { upstream, kind }).map((s) => s.value),
    ).toEqual([1]);
    expect(find(series, "neuropilot_telemetry_upstream_failures_total")).toHaveLength(1);
    // The failed service is left out (its last good value stays); the rest is there.
    expect(find(series, "neuropilot_estimated_monthly_cost_usd", { service: upstream })).toEqual([]);
    const other = upstream === "railway" ? "neon" : "railway";
    expect(find(series, "neuropilot_estimated_monthly_cost_usd", { service: other })).toHaveLength(1);
    expect(find(series, "neuropilot_estimated_monthly_cost_usd", { service: "fixed" })).toHaveLength(1);
    expect(find(series, "neuropilot_probe_availability_ratio")).toHaveLength(2);
    const report = logs
      .map((l) => JSON.parse(l) as RunReport)
      .find((r) => r.telemetry?.failures.some((f) => f.kind === kind && f.upstream === upstream));
    expect(report?.telemetry?.pushed).toBe(true);
  });

  it("counts a failed push and reports it in the next run's push", async () => {
    await runAt("grafanaDown", NOW + 120_000);
    const bodies = pushes("grafanaDown").map((p) => decode(p.body));
    expect(bodies).toHaveLength(3);
    // Each push carries the failures of the pushes before it: none, one, two.
    const failedPushes = bodies.map((series) =>
      find(series, "neuropilot_telemetry_upstream_failures_total", { upstream: "grafana", kind: "http_5xx" }).map(
        (s) => s.value,
      ),
    );
    expect(failedPushes).toEqual([[], [1], [2]]);
    expect(find(bodies[2], "neuropilot_estimated_monthly_cost_usd")).toHaveLength(3);
  });
});

describe("daily cost summary", () => {
  // The fakes serve usage for NOW exactly, so the summary is due at 00:00 UTC (hourUtc 0).
  it("posts once a day to the Worker's Slack webhook, on the first run at or after the hour", async () => {
    const HOUR = 3_600_000;
    await runAt("summary", NOW); // 00:00: due
    await runAt("summary", NOW + HOUR); // same day: already sent
    expect(fake.of("summary", "/slack")).toHaveLength(1);
    const { text } = JSON.parse(fake.of("summary", "/slack")[0].body) as { text: string };
    expect(text.split("\n")).toEqual([
      "*neuropilot production: daily cost* (2026-01-10)",
      `Projected this month: $${estimate.totalUsd.toFixed(2)} (warning $${estimate.totalUsd}, critical $120): within budget`,
      // Fixed fees accrue over 9 of 31 days; Railway's usage so far is within the $5 Hobby fee.
      "• fixed: $30.00 projected, $8.71 so far",
      "• railway: $10.50 projected, $5.00 so far",
      "• neon: $39.04 projected, $11.33 so far",
    ]);
    await runAt("summary", NOW + 24 * HOUR); // next day
    expect(fake.of("summary", "/slack")).toHaveLength(2);
  });
});

describe("line protocol encoding", () => {
  it("escapes tag values and splits the name at its last underscore", async () => {
    const { toLineProtocol } = await import("../../workers/autoheal/src/telemetry/influx");
    const body = toLineProtocol(
      [
        { name: "neuropilot_autoheal_actions_total", labels: { region: "us east,1=x", action: "held" }, value: 3 },
        { name: "neuropilot_probe_latency_seconds", labels: { region: "r" }, value: Number.NaN },
      ],
      1_000,
    );
    expect(body).toBe("neuropilot_autoheal_actions,action=held,region=us\\ east\\,1\\=x total=3 1000000000");
    expect(decode(body)).toEqual([
      {
        name: "neuropilot_autoheal_actions_total",
        labels: { action: "held", region: "us east,1=x" },
        value: 3,
        ns: 1_000_000_000n,
      },
    ]);
  });
});

describe("the telemetry fakes answer in the vendors' documented shapes", () => {
  it("Neon's consumption reply carries only fields Neon's description holds", () => {
    const path =
      "/neon/consumption_history/v2/projects?org_id=o&project_ids=np-project&limit=1&from=a&to=b&granularity=daily&metrics=m";
    const reply = route({ scenario: "known", method: "GET", path, headers: {}, body: "" });
    const url = new URL(path, "http://x");
    expect(
      requestProblems(loadDescription("neon"), NEON_USAGE_CALLS, {
        method: "GET",
        path: url.pathname.replace(/^\/neon/, ""),
        query: [...new Set(url.searchParams.keys())],
        status: reply.status,
        reply: JSON.parse(reply.body ?? "null") as unknown,
      }),
    ).toEqual([]);
  });
});
