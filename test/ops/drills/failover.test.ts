// The failover drill against loopback fakes of Cloudflare's pool API and of the public host
// behind the load balancer: the success path with its numbers, the pool put back after a
// failure mid-drill, after an interrupt and after a timeout, and the confirmation rules.
import { EventEmitter } from "node:events";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { UsageError } from "../../../cli/flags";
import { loadEnvironments } from "../../../config/load";
import type { EnvironmentConfig } from "../../../config/schema";
import { main, type DrillIo } from "../../../ops/drills/cli";
import { FailoverDrill, type ProbeAnswer } from "../../../ops/drills/failover";
import type { PoolApi } from "../../../ops/drills/cloudflare-pools";
import type { Pool } from "../../../vendors/cloudflare/pools";
import type { SignalSource } from "../../../ops/drills/guard";
import { NO_TOKEN } from "../../../ops/drills/telemetry";
import { bundledInputs, sourcesOf } from "../../support/configs";
import { originTargets } from "../../../ops/smoke-targets";
import {
  cloudflareFake,
  type CloudflareFake,
  edgeFake,
  type EdgeFake,
  type Fake,
  originFake,
  type OriginFake,
  pushFake,
} from "./fakes";

let production: EnvironmentConfig;
beforeAll(() => {
  production = loadEnvironments(sourcesOf(bundledInputs())).find((e) => e.name === "production") as EnvironmentConfig;
});

const EAST = "0123456789abcdef0123456789abcdef";
const WEST = "fedcba9876543210fedcba9876543210";
// Assembled at run time: a literal of a credential's shape would trip the commit hook.
const TOKEN = ["drill", "cf", "token", "x".repeat(24)].join("-");

const open: Fake[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()));
});

let origin: OriginFake;

async function world(): Promise<{ cf: CloudflareFake; edge: EdgeFake }> {
  origin = await originFake();
  open.push(origin);
  const cf = await cloudflareFake(production.cloudflare.accountId, [
    { id: EAST, name: "api-neuropilot-ai-us-east", enabled: true, region: "us-east" },
    { id: WEST, name: "api-neuropilot-ai-us-west", enabled: true, region: "us-west" },
  ]);
  const edge = await edgeFake(cf);
  open.push(cf, edge);
  return { cf, edge };
}

function io(extra: Partial<DrillIo> & { env?: NodeJS.ProcessEnv }, lines: string[]): DrillIo {
  return {
    interactive: false,
    print: (line) => lines.push(line),
    environments: () => [production],
    apiTimeoutMs: 2000,
    // Every region's origin is the one fake origin: the precheck smoke-tests it.
    originTargets: (config) => originTargets(config).map((t) => ({ ...t, baseUrl: origin.url })),
    ...extra,
    env: { CLOUDFLARE_API_TOKEN: TOKEN, ...extra.env },
  };
}

const args = (edge: EdgeFake, ...more: string[]) => [
  "failover",
  "neuropilot-production",
  "--yes",
  "--url",
  edge.url,
  "--interval-ms",
  "100",
  "--stable-probes",
  "2",
  ...more,
];

describe("failover drill against loopback fakes", () => {
  it("takes the primary's pool out, sees the other region serve, puts the pool back and pushes the numbers", async () => {
    const { cf, edge } = await world();
    edge.lag = 2;
    const push = await pushFake();
    open.push(push);
    const lines: string[] = [];
    const code = await main(
      args(edge),
      io(
        {
          env: {
            CLOUDFLARE_API_BASE_URL: cf.url,
            GRAFANA_PUSH_URL: push.url,
            GRAFANA_PUSH_TOKEN: "push-" + "t".repeat(20),
          },
        },
        lines,
      ),
    );
    expect(code).toBe(0);
    expect(cf.patches).toEqual([
      { id: EAST, enabled: false },
      { id: EAST, enabled: true },
    ]);
    expect(cf.pools.every((p) => p.enabled)).toBe(true);
    const out = lines.join("\n");
    expect(out).toMatch(/detection \d+(\.\d)? s \(target 180 s; worst case of the monitor timing \d+ s\)/);
    expect(out).toMatch(/recovery {2}\d+(\.\d)? s \(MTTR target 300 s\)/);
    expect(out).toMatch(/failback {2}\d+(\.\d)? s after the restore/);
    expect(out).toContain("PASS");
    expect(out).toContain("metrics pushed to Grafana Cloud");
    expect(out).not.toContain(TOKEN);
    // One push: Basic auth of the production metrics instance and the push token, the run's lines.
    expect(push.requests).toHaveLength(1);
    const [user, token] = Buffer.from((push.requests[0].authorization ?? "").replace(/^Basic /, ""), "base64")
      .toString()
      .split(":");
    expect(user).toBe(production.autoheal.telemetry?.pushUser);
    expect(token).toBe("push-" + "t".repeat(20));
    const body = push.requests[0].body;
    expect(body).toMatch(/^neuropilot_drill,drill=failover,environment=production,result=success runs=1 \d+$/m);
    expect(body).toMatch(/^neuropilot_drill,drill=failover,environment=production,result=failure runs=0 \d+$/m);
    expect(body).toMatch(/^neuropilot_drill_detection,environment=production seconds=[\d.]+ \d+$/m);
    expect(body).toMatch(/^neuropilot_drill_recovery,environment=production seconds=[\d.]+ \d+$/m);
  });

  it("puts the pool back when the disable's answer is lost mid-drill (the change happened, the drill failed)", async () => {
    const { cf, edge } = await world();
    cf.loseDisableAnswer = true;
    const lines: string[] = [];
    await expect(main(args(edge), io({ env: { CLOUDFLARE_API_BASE_URL: cf.url } }, lines))).rejects.toThrow(
      /did not answer enabled=false; check the pool by hand/,
    );
    expect(cf.patches).toEqual([
      { id: EAST, enabled: false },
      { id: EAST, enabled: true },
    ]);
    expect(cf.pools.find((p) => p.id === EAST)?.enabled).toBe(true);
  });

  it("puts the pool back on SIGINT and ends with 130", async () => {
    const { cf, edge } = await world();
    edge.stuckOn = "us-east"; // traffic never moves: the drill waits until the signal
    const signals = new EventEmitter();
    const lines: string[] = [];
    const running = main(
      args(edge, "--timeout-s", "30"),
      io({ env: { CLOUDFLARE_API_BASE_URL: cf.url }, signals: signals as unknown as SignalSource }, lines),
    );
    await waitFor(() => cf.patches.length === 1);
    expect(signals.listenerCount("SIGINT")).toBe(1);
    signals.emit("SIGINT");
    expect(await running).toBe(130);
    expect(cf.patches.at(-1)).toEqual({ id: EAST, enabled: true });
    expect(cf.pools.every((p) => p.enabled)).toBe(true);
    expect(lines.join("\n")).toContain("drill interrupted by SIGINT; what it changed was put back");
    expect(signals.listenerCount("SIGINT")).toBe(0);
    expect(signals.listenerCount("SIGTERM")).toBe(0);
  });

  it("fails after the timeout when traffic never moves, restores the pool, and reports the failure", async () => {
    const { cf, edge } = await world();
    edge.stuckOn = "us-east";
    const lines: string[] = [];
    const code = await main(args(edge, "--timeout-s", "1"), io({ env: { CLOUDFLARE_API_BASE_URL: cf.url } }, lines));
    expect(code).toBe(1);
    expect(cf.pools.every((p) => p.enabled)).toBe(true);
    const out = lines.join("\n");
    expect(out).toContain("problem: traffic did not move off us-east within 1 s");
    expect(out).toContain("detection not measured");
    expect(out).toContain("FAIL");
    expect(out).toMatch(/^ {2}neuropilot_drill,drill=failover,environment=production,result=failure runs=1 \d+$/m);
    expect(out).toContain(`metrics NOT pushed to Grafana Cloud: ${NO_TOKEN}; the lines:`);
  });

  it("fails when no answer names its region, saying the backend must send the header", async () => {
    const { cf, edge } = await world();
    edge.anonymous = true;
    const lines: string[] = [];
    const code = await main(args(edge, "--timeout-s", "1"), io({ env: { CLOUDFLARE_API_BASE_URL: cf.url } }, lines));
    expect(code).toBe(1);
    expect(lines.join("\n")).toMatch(/answers named no region \(x-neuropilot-region\); the backend must set it/);
    expect(cf.pools.every((p) => p.enabled)).toBe(true);
  });

  it("gives up on a Cloudflare API that does not answer, before changing anything", async () => {
    const { cf, edge } = await world();
    cf.hangList = true;
    await expect(
      main(args(edge), io({ env: { CLOUDFLARE_API_BASE_URL: cf.url }, apiTimeoutMs: 200 }, [])),
    ).rejects.toThrow(/Cloudflare: GET \/accounts\/.*\/load_balancers\/pools got no answer within 200 ms/);
    expect(cf.patches).toEqual([]);
  });

  it("names the token variable on a 403, never the token", async () => {
    const { cf, edge } = await world();
    cf.forbid = true;
    const error = await main(args(edge), io({ env: { CLOUDFLARE_API_BASE_URL: cf.url } }, [])).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/403 on GET .*: the token in CLOUDFLARE_API_TOKEN is missing, expired/);
    expect((error as Error).message).not.toContain(TOKEN);
  });

  it("smoke-tests the origins that would take the traffic first, and refuses when one is down", async () => {
    const { cf, edge } = await world();
    origin.down = true;
    await expect(main(args(edge), io({ env: { CLOUDFLARE_API_BASE_URL: cf.url } }, []))).rejects.toThrow(
      /the origins that would take us-east's traffic are unhealthy \(us-west origin neuropilot-backend-us-west-production\.up\.railway\.app: \/health: 503, expected 200 after 2 attempts\); nothing changed/,
    );
    expect(cf.patches).toEqual([]);
    // Only us-west's origin was checked (twice: one retry); us-east is the one going out.
    expect(origin.requests.map((r) => r.path)).toEqual(["/health", "/health"]);
    origin.down = false;
    expect(await main(args(edge, "--region", "us-west"), io({ env: { CLOUDFLARE_API_BASE_URL: cf.url } }, []))).toBe(0);
    expect(cf.patches).toEqual([
      { id: WEST, enabled: false },
      { id: WEST, enabled: true },
    ]);
  });

  it("refuses a pool already disabled and an unhealthy public host, changing nothing", async () => {
    const { cf, edge } = await world();
    cf.pools[0].enabled = false;
    await expect(main(args(edge), io({ env: { CLOUDFLARE_API_BASE_URL: cf.url } }, []))).rejects.toThrow(
      /pool api-neuropilot-ai-us-east is already disabled/,
    );
    cf.pools[0].enabled = true;
    edge.down = true;
    await expect(main(args(edge), io({ env: { CLOUDFLARE_API_BASE_URL: cf.url } }, []))).rejects.toThrow(
      /public host is unhealthy before the drill; nothing changed/,
    );
    expect(cf.patches).toEqual([]);
  });
});

describe("confirmation", () => {
  it("refuses the real account without --yes and without a terminal (exit 2), before any API call", async () => {
    const { cf, edge } = await world();
    const withoutYes = args(edge).filter((a) => a !== "--yes");
    const error = await main(withoutYes, io({ env: { CLOUDFLARE_API_BASE_URL: cf.url } }, [])).catch((e: Error) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/refusing to disable the load-balancer pool of us-east .* pass --yes/);
    expect(cf.requests).toEqual([]);
  });

  it("asks at a terminal: the environment's name goes on, anything else refuses", async () => {
    const { cf, edge } = await world();
    const withoutYes = args(edge).filter((a) => a !== "--yes");
    const asked: string[] = [];
    const wrong = io({ env: { CLOUDFLARE_API_BASE_URL: cf.url }, interactive: true, ask: async () => "yes" }, []);
    await expect(main(withoutYes, wrong)).rejects.toThrow(/not confirmed \(typed "yes", expected "production"\)/);
    expect(cf.requests).toEqual([]);
    const right = io(
      {
        env: { CLOUDFLARE_API_BASE_URL: cf.url },
        interactive: true,
        ask: async (q) => {
          asked.push(q);
          return "production\n";
        },
      },
      [],
    );
    expect(await main(withoutYes, right)).toBe(0);
    expect(asked[0]).toMatch(/This will disable the load-balancer pool of us-east .* Type "production" to go on/);
  });

  it("refuses bad usage: an unknown drill, region or flag, a one-region environment, a missing token", async () => {
    const lines: string[] = [];
    const run = (argv: string[], env: NodeJS.ProcessEnv = {}) => main(argv, io({ env }, lines));
    await expect(run(["chaos", "neuropilot-production"])).rejects.toThrow(
      /name a drill: failover or restore \(got "chaos"\)/,
    );
    await expect(run(["failover", "neuropilot-production", "--region", "mars"])).rejects.toThrow(
      /--region mars: not a region of production \(known: us-east, us-west\)/,
    );
    await expect(run(["failover", "neuropilot-production", "--interval-ms", "99"])).rejects.toThrow(
      /--interval-ms must be a whole number from 100 to 60000/,
    );
    await expect(run(["failover", "neuropilot-production", "--at", "2026-01-01T00:00:00Z"])).rejects.toThrow(
      /belong to the restore drill/,
    );
    await expect(run(["failover", "nowhere"])).rejects.toThrow(/unknown stack or environment "nowhere"/);
    await expect(run(["failover", "neuropilot-production", "--yes"], { CLOUDFLARE_API_TOKEN: "" })).rejects.toThrow(
      /CLOUDFLARE_API_TOKEN is not set/,
    );
    const oneRegion = { ...production, name: "staging", regions: production.regions.slice(0, 1) };
    await expect(
      main(["failover", "neuropilot-staging"], { ...io({}, lines), environments: () => [oneRegion] }),
    ).rejects.toThrow(/staging has one region: there is nothing to fail over to/);
    expect(await run(["--help"])).toBe(0);
  });
});

describe("the drill's measurements (controlled clock)", () => {
  /** A pool API in memory and a probe whose answers follow a script, one per tick of 1 s. */
  function scripted(answers: Array<ProbeAnswer | "error">) {
    let clock = 0;
    let i = 0;
    const pools: Pool[] = [
      { id: "e", name: "api-neuropilot-ai-us-east", enabled: true },
      { id: "w", name: "api-neuropilot-ai-us-west", enabled: true },
    ];
    const api: PoolApi = {
      listPools: async () => pools.map((p) => ({ ...p })),
      setEnabled: async (id, enabled) => {
        (pools.find((p) => p.id === id) as Pool).enabled = enabled;
      },
    };
    const probe = async () => {
      clock += 1000;
      const answer = answers[Math.min(i++, answers.length - 1)];
      if (answer === "error") throw new Error("ECONNRESET");
      return answer;
    };
    return { api, probe, now: () => clock, pools };
  }
  const east = { status: 200, region: "us-east" };
  const west = { status: 200, region: "us-west4-eqdc4a" };
  const westName = { status: 200, region: "US-WEST" };

  it("detection at the first answer from another region; recovery at the start of the stable run", async () => {
    // before, then: east, east, west (detected at +2 s), 503, west, west, west (stable from +4 s), then east again.
    const s = scripted([east, east, east, west, { status: 503 }, westName, west, west, east]);
    const drill = new FailoverDrill(
      production,
      { intervalMs: 1, timeoutMs: 60_000, stableProbes: 3 },
      { pools: s.api, probe: s.probe, now: s.now, signal: new AbortController().signal, log: () => {} },
    );
    const report = await drill.run();
    expect(report).toMatchObject({
      detectionSeconds: 2,
      recoverySeconds: 4,
      failbackSeconds: 0,
      success: true,
      restored: true,
      probes: 9,
      failedProbes: 1,
    });
    expect(s.pools.every((p) => p.enabled)).toBe(true);
  });

  it("judges detection against the configured target: at the target passes, one tick over fails", async () => {
    const target = production.cloudflare.loadBalancer.failoverTargetSeconds;
    const at = (ticks: number) => [east, ...Array<ProbeAnswer>(ticks).fill(east), west];
    const pass = scripted(at(target));
    const passed = await new FailoverDrill(
      production,
      { intervalMs: 0, timeoutMs: 1_000_000, stableProbes: 1 },
      { pools: pass.api, probe: pass.probe, now: pass.now, signal: new AbortController().signal, log: () => {} },
    ).run();
    expect(passed.detectionSeconds).toBe(target);
    expect(passed.success).toBe(true);
    const fail = scripted(at(target + 1));
    const failed = await new FailoverDrill(
      production,
      { intervalMs: 0, timeoutMs: 1_000_000, stableProbes: 1 },
      { pools: fail.api, probe: fail.probe, now: fail.now, signal: new AbortController().signal, log: () => {} },
    ).run();
    expect(failed.detectionSeconds).toBe(target + 1);
    expect(failed.success).toBe(false);
    expect(failed.problems).toEqual([`detection ${target + 1} s is over the ${target} s target`]);
  });

  it("restores the pool when the probe loop throws mid-drill", async () => {
    const s = scripted([east, east]);
    const controller = new AbortController();
    const drill = new FailoverDrill(
      production,
      { intervalMs: 1, timeoutMs: 60_000, stableProbes: 1 },
      {
        pools: s.api,
        probe: s.probe,
        now: s.now,
        signal: controller.signal,
        log: (line) => {
          if (line.startsWith("disabling")) queueMicrotask(() => controller.abort(new Error("boom")));
        },
      },
    );
    const { withCleanup } = await import("../../../ops/drills/guard");
    await expect(
      withCleanup(
        () => drill.run(),
        () => drill.restore(),
        new EventEmitter() as unknown as SignalSource,
      ),
    ).rejects.toThrow("boom");
    expect(s.pools.every((p) => p.enabled)).toBe(true);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}
