// The auto-heal Worker's KV writes over whole simulated days, in workerd (Miniflare): 1,440
// cron runs a day with production's settings and regions. The bundle runs unchanged inside
// a harness module that calls its scheduled() handler once per simulated minute and answers
// its outbound requests in-process (origins by a timeline of incidents, Railway, Cloudflare,
// PagerDuty, Slack, Neon and Grafana as their fakes elsewhere do): a day over loopback HTTP
// takes minutes, in-process seconds. STATE is a wrapped binding over a real KV namespace
// that counts every put and, like Cloudflare once the Workers Free plan's daily writes are
// spent, refuses puts past a quota ("KV put() limit exceeded for the day."). The binding
// counts, not the Worker, so the Worker cannot under-report its own writes.
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUTOHEAL_COMPATIBILITY_DATE } from "../../constructs/cloudflare/autoheal-worker";
import { WORKERS_PLAN_LIMITS } from "../../config/workers-plans";
import { buildAutohealWorker } from "../../workers/build";
import type { AutohealConfig } from "../../workers/autoheal/src/config";
import type { RunReport } from "../../workers/autoheal/src/run";
import { bundledEnvironments } from "../dashboards/support/queries";

const production = bundledEnvironments().find((e) => e.name === "production");
if (!production) throw new Error("bundled production config missing");
const QUOTA = WORKERS_PLAN_LIMITS[production.cloudflare.workersPlan].kvWritesPerDay;
const REGIONS = production.regions.map((r) => r.name);

const MINUTE = 60_000;
const DAY_RUNS = (24 * 60) / production.autoheal.checkIntervalMinutes;
// 5 January 2026, 00:00 UTC: a full UTC day, the period of the Free plan's quota.
const DAY = Date.UTC(2026, 0, 5);

interface Incident {
  region: string;
  /** Minutes of the day, from (inclusive) to (exclusive). */
  from: number;
  to: number;
  /** down: every probe fails; erroring: about one probe in four fails, in no pattern; flapping: down 2 min, up 2 min. */
  health: "down" | "erroring" | "flapping";
}

const TIMELINES: Record<string, Incident[]> = {
  steady: [],
  // Three incidents: a two-hour outage, an hour of scattered errors, half an hour of flapping.
  incidents: [
    { region: REGIONS[0], from: 3 * 60, to: 5 * 60, health: "down" },
    { region: REGIONS[1], from: 9 * 60, to: 10 * 60, health: "erroring" },
    { region: REGIONS[0], from: 14 * 60, to: 14 * 60 + 30, health: "flapping" },
  ],
  // The first region is down from the start; the quota has room for exactly the runs before it counts as down.
  refused: [{ region: REGIONS[0], from: 0, to: 24 * 60, health: "down" }],
};
const RUNS_BEFORE_DOWN = production.autoheal.consecutiveFailures - 1;
const METER_QUOTA: Record<string, number> = {
  steady: QUOTA,
  incidents: QUOTA,
  // Every region writes on each of those runs (the down one its failure streak, the others their filling window).
  refused: REGIONS.length * RUNS_BEFORE_DOWN,
};

const SIM = "https://sim.test";

/** Production's settings and regions, with every URL answered by the harness. */
function simulatedConfig(): AutohealConfig {
  const a = production!.autoheal;
  return {
    environment: "production",
    dryRun: a.dryRun,
    enableAutoRestart: a.enableAutoRestart,
    expectedStatus: 200,
    probeTimeoutMs: 3000,
    probesPerRun: a.probesPerRun,
    windowRuns: a.windowRuns,
    latencyThresholdMs: a.latencyThresholdMs,
    errorRateThresholdPct: a.errorRateThresholdPct,
    consecutiveFailures: a.consecutiveFailures,
    cooldownMinutes: a.cooldownMinutes,
    maxRestartsPerHour: a.maxRestartsPerHour,
    purge: { mode: a.purgeOnErrorSpike, zoneId: "zone-1", hosts: ["api.example.test"] },
    railwayTokenKind: "project",
    regions: REGIONS.map((name) => ({
      name,
      healthUrl: `${SIM}/origin/${name}/health`,
      serviceId: `svc-${name}`,
      environmentId: "env-1",
    })),
    telemetry: {
      pushUrl: `${SIM}/grafana/api/v1/push/influx/write`,
      pushUser: "123456",
      timeoutMs: 2000,
      railwayProjectId: "rw-project",
      neonProjectIds: ["np-project"],
      neonOrgId: "org-1",
      prices: {
        railwayVcpuMonthUsd: 20,
        railwayMemoryGbMonthUsd: 10,
        railwayPlanFeeUsd: 5,
        railwayIncludedUsageUsd: 5,
        neonCuHourUsd: 0.1,
        neonStorageGbMonthUsd: 0.35,
        fixedMonthlyUsd: 30,
      },
      // Production's summary hour; on by default (config/schema.ts dailySummaryHourUtc).
      dailySummary: {
        hourUtc: production!.autoheal.telemetry?.dailySummaryHourUtc ?? 8,
        warningUsd: 20,
        criticalUsd: 40,
      },
    },
  };
}

// The harness: runs the bundle's scheduled() once per simulated minute and answers its
// requests. Only the transport is simulated; every decision and every KV call is the bundle's.
const HARNESS = `
import worker from "./autoheal.mjs";

function healthOf(timeline, region, minute, roll) {
  const incident = timeline.find((t) => t.region === region && minute >= t.from && minute < t.to);
  if (!incident) return true;
  if (incident.health === "down") return false;
  if (incident.health === "flapping") return Math.floor((minute - incident.from) / 2) % 2 === 1;
  return roll() % 4 !== 0;
}

export default {
  async fetch(request, env, ctx) {
    const { start, runs, intervalMinutes, timeline } = await request.json();
    const calls = { probes: 0, redeploys: {}, purges: 0, pages: 0, slack: 0, pushes: [], reports: [] };
    let minute = 0;
    let seed = 12345;
    const roll = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const json = (value, status = 200) => new Response(JSON.stringify(value), { status });
    const original = globalThis.fetch;
    const log = console.log;
    // The bundle logs one JSON report per run (index.ts); the harness hands them back.
    console.log = (line) => calls.reports.push(JSON.parse(line));
    globalThis.fetch = async (input, init = {}) => {
      const url = new URL(typeof input === "string" ? input : input.url);
      const [, service, region] = url.pathname.split("/");
      const body = typeof init.body === "string" ? init.body : "";
      switch (service) {
        case "origin":
          calls.probes++;
          return new Response('{"status":"ok"}', { status: healthOf(timeline, region, minute, roll) ? 200 : 503 });
        case "railway": {
          if (body.includes("serviceInstanceRedeploy")) {
            const id = JSON.parse(body).variables.serviceId;
            calls.redeploys[id] = (calls.redeploys[id] ?? 0) + 1;
            return json({ data: { serviceInstanceRedeploy: true } });
          }
          if (body.includes("deployments(first: 1"))
            return json({ data: { deployments: { edges: [{ node: { id: "d1", status: "SUCCESS" } }] } } });
          return json({ data: { usage: [] } });
        }
        case "neon": {
          // Neon's consumption answer as documented (contracts/descriptions): the requested
          // projects with one slot each; an empty answer would be a failed read every run.
          const ids = url.searchParams.getAll("project_ids");
          return json({
            projects: ids.map((id) => ({
              project_id: id,
              periods: [
                {
                  period_id: "5b8ab0b1-1111-4222-8333-444455556666",
                  period_plan: "launch",
                  period_start: "2026-01-01T00:00:00Z",
                  consumption: [
                    {
                      timeframe_start: "2026-01-01T00:00:00Z",
                      timeframe_end: "2026-01-02T00:00:00Z",
                      metrics: [
                        { metric_name: "compute_unit_seconds", value: 3600 },
                        { metric_name: "root_branch_bytes_month", value: 10 },
                      ],
                    },
                  ],
                },
              ],
            })),
            pagination: { cursor: "" },
          });
        }
        case "grafana":
          calls.pushes.push(body);
          return new Response(null, { status: 204 });
        case "cf":
          calls.purges++;
          return json({ success: true, errors: [], messages: [], result: { id: "purge-1" } });
        case "slack":
          calls.slack++;
          return new Response("ok");
        case "pd":
          calls.pages++;
          return json({ status: "success", message: "Event processed" }, 202);
        default:
          return new Response("not simulated", { status: 404 });
      }
    };
    try {
      for (let run = 0; run < runs; run++) {
        minute = run * intervalMinutes;
        await worker.scheduled({ scheduledTime: start + minute * 60000, cron: "* * * * *" }, env, ctx);
      }
    } finally {
      globalThis.fetch = original;
      console.log = log;
    }
    calls.pushes = calls.pushes.slice(-1);
    return json(calls);
  },
};`;

// The wrapped binding: the Worker's STATE. Counts puts in METER, refuses them past QUOTA.
const KV_METER = `
export default function (env) {
  return {
    get: (key) => env.INNER.get(key),
    async put(key, value) {
      const made = Number((await env.METER.get("puts")) ?? "0");
      if (made >= env.QUOTA) {
        await env.METER.put("refused", String(Number((await env.METER.get("refused")) ?? "0") + 1));
        throw new Error("KV put() limit exceeded for the day.");
      }
      await env.METER.put("puts", String(made + 1));
      await env.INNER.put(key, value);
    },
  };
}`;

interface Calls {
  probes: number;
  /** Redeploys by Railway service id. */
  redeploys: Record<string, number>;
  purges: number;
  pages: number;
  slack: number;
  /** The last Grafana push of the simulated span. */
  pushes: string[];
  /** Each run's report, as the Worker logs it. */
  reports: RunReport[];
}

interface HarnessWorker {
  fetch(url: string, init: { method: string; body: string }): Promise<Response>;
}

let mf: Miniflare;
/** Each scenario's harness, taken one after another before the tests run them concurrently. */
const harnesses = new Map<string, HarnessWorker>();

beforeAll(async () => {
  const bundle = buildAutohealWorker();
  const scenarios = Object.keys(TIMELINES);
  mf = new Miniflare({
    workers: [
      ...scenarios.map((name) => ({
        name,
        modules: [
          { type: "ESModule" as const, path: "harness.mjs", contents: HARNESS },
          { type: "ESModule" as const, path: "autoheal.mjs", contents: bundle.code },
        ],
        compatibilityDate: AUTOHEAL_COMPATIBILITY_DATE,
        // The meter's namespace, bound here too so the test can read it (a wrapped binding's Worker is no Worker of its own).
        kvNamespaces: { METER: `${name}-meter` },
        wrappedBindings: { STATE: { scriptName: `${name}-kv`, bindings: { QUOTA: METER_QUOTA[name] } } },
        bindings: {
          CONFIG: JSON.stringify(simulatedConfig()),
          RAILWAY_TOKEN: "rw-token-kv-budget",
          SLACK_WEBHOOK_URL: `${SIM}/slack`,
          PAGERDUTY_ROUTING_KEY: "pd-key-kv-budget",
          CLOUDFLARE_API_TOKEN: "cf-token-kv-budget",
          NEON_API_KEY: "neon-key-kv-budget",
          GRAFANA_PUSH_TOKEN: "grafana-token-kv-budget",
          RAILWAY_API_URL: `${SIM}/railway`,
          CLOUDFLARE_API_URL: `${SIM}/cf`,
          PAGERDUTY_EVENTS_URL: `${SIM}/pd`,
          NEON_API_URL: `${SIM}/neon`,
        },
      })),
      ...scenarios.map((name) => ({
        name: `${name}-kv`,
        modules: true,
        script: KV_METER,
        kvNamespaces: { INNER: `${name}-state`, METER: `${name}-meter` },
      })),
    ],
  });
  await mf.ready;
  for (const name of scenarios) harnesses.set(name, (await mf.getWorker(name)) as unknown as HarnessWorker);
}, 60_000);

afterAll(async () => {
  await mf?.dispose();
});

/**
 * Runs `runs` cron runs of a scenario from run `fromRun` of the simulated day, a few hours per
 * invocation: each run is its own invocation on Cloudflare, and one invocation may keep at
 * most 10,000 timers (every request's AbortSignal.timeout) alive.
 */
async function simulate(scenario: string, runs: number, fromRun = 0): Promise<Calls> {
  const interval = production!.autoheal.checkIntervalMinutes;
  const worker = harnesses.get(scenario) as HarnessWorker;
  const total: Calls = { probes: 0, redeploys: {}, purges: 0, pages: 0, slack: 0, pushes: [], reports: [] };
  const CHUNK = 60;
  for (let done = 0; done < runs; done += CHUNK) {
    const first = fromRun + done;
    const response = await worker.fetch("http://harness/", {
      method: "POST",
      body: JSON.stringify({
        start: DAY + first * interval * MINUTE,
        runs: Math.min(CHUNK, runs - done),
        intervalMinutes: interval,
        // Minutes of the timeline relative to the chunk's first run.
        timeline: TIMELINES[scenario].map((t) => ({
          ...t,
          from: t.from - first * interval,
          to: t.to - first * interval,
        })),
      }),
    });
    expect(response.status).toBe(200);
    const calls = (await response.json()) as Calls;
    total.probes += calls.probes;
    for (const [id, n] of Object.entries(calls.redeploys)) total.redeploys[id] = (total.redeploys[id] ?? 0) + n;
    total.purges += calls.purges;
    total.pages += calls.pages;
    total.slack += calls.slack;
    total.pushes = calls.pushes.length > 0 ? calls.pushes : total.pushes;
    total.reports.push(...calls.reports);
  }
  return total;
}

async function meter(scenario: string): Promise<{ puts: number; refused: number }> {
  // Miniflare types its bindings with @cloudflare/workers-types, which is not installed.
  const kv = (await mf.getKVNamespace("METER", scenario)) as unknown as {
    get(key: string): Promise<string | null>;
  };
  return { puts: Number((await kv.get("puts")) ?? "0"), refused: Number((await kv.get("refused")) ?? "0") };
}

// The scenarios share nothing (own Worker, KV namespaces), so the days run concurrently.
describe.concurrent(
  `auto-heal Worker KV writes per UTC day (production: ${REGIONS.length} regions, Workers ${production.cloudflare.workersPlan} plan, ${QUOTA} writes a day)`,
  () => {
    it("a healthy day: the window fills once, then only the daily summary is written", async ({ expect }) => {
      const fill = production.autoheal.windowRuns;
      const first = await simulate("steady", fill);
      const filled = await meter("steady");
      // Each region's window grows for windowRuns runs (one write each), then stays the same.
      expect(filled.puts).toBe(REGIONS.length * fill);
      const rest = await simulate("steady", DAY_RUNS - fill, fill);
      const day = await meter("steady");
      expect(first.reports.length + rest.reports.length).toBe(DAY_RUNS);
      expect(day.refused).toBe(0);
      // The rest of the day: the cost summary's one day marker, nothing else.
      expect(day.puts - filled.puts).toBe(1);
      expect(day.puts).toBeLessThanOrEqual(QUOTA);
      expect(first.probes + rest.probes).toBe(DAY_RUNS * REGIONS.length * production.autoheal.probesPerRun);
      expect({ ...first.redeploys, ...rest.redeploys }).toEqual({});
    }, 300_000);

    it("a day with incidents stays within the quota and still heals", async ({ expect }) => {
      const calls = await simulate("incidents", DAY_RUNS);
      const day = await meter("incidents");
      expect(calls.reports).toHaveLength(DAY_RUNS);
      expect(day.refused).toBe(0);
      expect(day.puts).toBeLessThanOrEqual(QUOTA);
      // The outage was redeployed, within the hourly cap for each of its two hours...
      const outage = calls.redeploys[`svc-${REGIONS[0]}`] ?? 0;
      expect(outage).toBeGreaterThan(0);
      // (two hours of outage and half an hour of flapping: at most the cap in each of three clock hours and the flapping's)
      expect(outage).toBeLessThanOrEqual(4 * production.autoheal.maxRestartsPerHour);
      // ... the error spike purged and redeployed ...
      expect(calls.purges).toBeGreaterThan(0);
      expect(calls.redeploys[`svc-${REGIONS[1]}`] ?? 0).toBeGreaterThan(0);
      // ... and no write failed.
      expect(calls.reports.flatMap((r) => r.errors)).toEqual([]);
      expect(calls.reports.flatMap((r) => r.telemetry?.failures ?? [])).toEqual([]);
      // The Worker's own count agrees with the binding's.
      expect(calls.reports.reduce((n, r) => n + r.kv.writes, 0)).toBe(day.puts);
    }, 300_000);

    it("a refused write is caught and reported, and no redeploy is made without its record", async ({ expect }) => {
      const runs = RUNS_BEFORE_DOWN + 3;
      const calls = await simulate("refused", runs);
      const day = await meter("refused");
      expect(day.puts).toBe(METER_QUOTA.refused);
      expect(day.refused).toBeGreaterThan(0);
      // Down for consecutiveFailures runs, the region would be redeployed; its record refused, it is not...
      expect(calls.redeploys).toEqual({});
      const logged = calls.reports;
      expect(logged).toHaveLength(runs);
      const down = logged[RUNS_BEFORE_DOWN];
      expect(down.regions[0]).toMatchObject({ action: "held" });
      expect(down.regions[0].detail).toContain("the redeploy could not be recorded in KV, so it was not made");
      expect(down.kv.failedWrites).toBeGreaterThan(0);
      expect(down.errors).toContain(
        `state: writing region:${REGIONS[0]} to KV failed: KV put() limit exceeded for the day.`,
      );
      // ... a human is paged instead ...
      expect(calls.pages).toBeGreaterThan(0);
      // ... and the push says so, as a gauge that needs no KV.
      expect(calls.pushes[0]).toMatch(/^neuropilot_autoheal_kv_write,environment=production failures=[1-9]\d* /m);
    }, 120_000);
  },
);
