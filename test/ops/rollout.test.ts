// npm run rollout (ops/rollout.ts) end to end in-process, against loopback HTTP fakes of
// Cloudflare's load-balancer API and Prometheus' query API: each step's pool weights, the gate
// reading and the decision, rollback on a failed gate, on missing data, on Ctrl-C and on an API
// error, and the refusals before any change.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ENVIRONMENT_SOURCES } from "../../config";
import { loadEnvironments } from "../../config/load";
import { readMarker } from "../../config/rollout";
import { UsageError } from "../../cli/flags";
import { isLoopback, main, parseSteps } from "../../ops/rollout";

const TOKEN = "cf" + "T".repeat(38);
const EAST = "pool-east-id";
const WEST = "pool-west-id";
const DECLARED = "Failover for api.neuropilot.ai: us-east → us-west";
const environments = (() => {
  const loaded = loadEnvironments(ENVIRONMENT_SOURCES);
  return () => loaded;
})();

interface Reading {
  burn: number | null;
  error: number | null;
}

interface FakeState {
  lb: Record<string, unknown>;
  patches: Array<Record<string, unknown>>;
  /** Status to answer the nth PATCH (1-based) with, instead of applying it. */
  failPatch?: { nth: number; status: number; message: string };
  failList?: { status: number; message: string };
  readings: Array<Reading | "down">;
  /** Prometheus' error text when a reading is "down". */
  downMessage?: string;
  queries: string[];
  authorizations: Array<string | undefined>;
}

let state: FakeState;
let servers: Server[] = [];
let cloudflareUrl = "";
let prometheusUrl = "";

function listen(handler: (req: IncomingMessage, body: string, res: ServerResponse) => void): Promise<string> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => handler(req, body, res));
  });
  servers.push(server);
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};
const envelope = (result: unknown) => ({ success: true, errors: [], messages: [], result });
const failure = (message: string) => ({
  success: false,
  errors: [{ code: 1000, message }],
  messages: [],
  result: null,
});

beforeEach(async () => {
  state = {
    lb: {
      id: "lb-1",
      name: "api.neuropilot.ai",
      description: DECLARED,
      steering_policy: "off",
      default_pools: [EAST, WEST],
      random_steering: { default_weight: 1 },
    },
    patches: [],
    readings: [],
    queries: [],
    authorizations: [],
  };
  cloudflareUrl = await listen((req, body, res) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return json(res, 403, failure("Authentication error"));
    const url = new URL(req.url ?? "/", "http://x");
    if (req.method === "GET" && url.pathname.endsWith("/zones/zone-id/load_balancers")) {
      if (state.failList) return json(res, state.failList.status, failure(state.failList.message));
      return json(res, 200, envelope([{ id: "other", name: "www.example.com" }, state.lb]));
    }
    if (req.method === "GET" && url.pathname.endsWith("/accounts/account-id/load_balancers/pools")) {
      return json(
        res,
        200,
        envelope([
          { id: EAST, name: "api-neuropilot-ai-us-east" },
          { id: WEST, name: "api-neuropilot-ai-us-west" },
        ]),
      );
    }
    if (req.method === "PATCH" && url.pathname.endsWith("/zones/zone-id/load_balancers/lb-1")) {
      const patch = JSON.parse(body) as Record<string, unknown>;
      const attempt = state.patches.length + 1;
      state.patches.push(patch);
      if (state.failPatch?.nth === attempt) return json(res, state.failPatch.status, failure(state.failPatch.message));
      Object.assign(state.lb, patch);
      return json(res, 200, envelope(state.lb));
    }
    json(res, 404, failure(`no route ${req.method} ${url.pathname}`));
  });
  prometheusUrl = await listen((req, _body, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const query = url.searchParams.get("query") ?? "";
    state.queries.push(query);
    state.authorizations.push(req.headers.authorization);
    const isBurn = query.includes("/ 100 / ");
    // Both numbers of one gate reading come from one scripted entry, burn first.
    const reading = isBurn ? state.readings[0] : state.readings.shift();
    if (reading === undefined) return json(res, 200, { status: "success", data: { resultType: "vector", result: [] } });
    if (reading === "down") {
      return json(res, 503, { status: "error", errorType: "unavailable", error: state.downMessage ?? "overloaded" });
    }
    const value = isBurn ? reading.burn : reading.error;
    const result = value === null ? [] : [{ metric: {}, value: [1_760_000_000, String(value)] }];
    json(res, 200, { status: "success", data: { resultType: "vector", result } });
  });
});

afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  servers = [];
});

/** The bundled production config, pointed at the fakes' zone and account ids. */
const fakeEnvironments = () =>
  environments().map((e) => ({ ...e, cloudflare: { ...e.cloudflare, zoneId: "zone-id", accountId: "account-id" } }));

async function run(
  args: string[],
  options: { onSleep?: (count: number, controller: AbortController) => void; env?: Record<string, string> } = {},
) {
  const lines: string[] = [];
  const controller = new AbortController();
  let sleeps = 0;
  const code = await main(["neuropilot-production", "--api-url", cloudflareUrl, ...args], {
    env: { CLOUDFLARE_API_TOKEN: TOKEN, PROMETHEUS_URL: prometheusUrl, ...options.env },
    environments: fakeEnvironments,
    print: (line) => lines.push(line),
    signal: controller.signal,
    now: () => new Date("2026-12-07T03:30:00.123Z"),
    sleep: async (_ms, signal) => {
      options.onSleep?.(++sleeps, controller);
      if (signal.aborted) throw new Error("interrupted");
    },
  });
  return { code, lines, output: lines.join("\n") };
}

const weightsOf = (patch: Record<string, unknown>) =>
  (patch.random_steering as { pool_weights: Record<string, number> } | undefined)?.pool_weights;

const pass: Reading = { burn: 0.5, error: 0.001 };

describe("npm run rollout", () => {
  it("takes the pool 10 → 50 → 100 % by pool weights, printing each gate, then restores the declared steering", async () => {
    state.readings = [pass, pass, pass];
    const { code, lines } = await run(["--pool", "us-west"]);
    expect(code).toBe(0);
    expect(state.patches.map(weightsOf)).toEqual([
      { [WEST]: 0.1, [EAST]: 0.9 },
      { [WEST]: 0.5, [EAST]: 0.5 },
      { [WEST]: 1, [EAST]: 0 },
      undefined,
    ]);
    for (const patch of state.patches.slice(0, 3)) {
      expect(patch.steering_policy).toBe("random");
      expect((patch.random_steering as { default_weight: number }).default_weight).toBe(0);
    }
    expect(readMarker(state.patches[1].description as string)).toEqual({
      state: "in-progress",
      pool: "us-west",
      percent: 50,
      since: "2026-12-07T03:30:00Z",
    });
    // The last call puts back exactly what was read: the declared end state.
    expect(state.patches[3]).toEqual({
      steering_policy: "off",
      random_steering: { default_weight: 1 },
      description: DECLARED,
    });
    expect(lines).toContain("step 1/3: us-west at 10 %, 1 stable pool(s) at 90 % each");
    expect(lines).toContain("  gate: burn rate 0.5 (limit 14.4), error rate 0.1 % (limit 0.5 %) → advance");
    expect(lines.at(-2)).toContain("→ done");
    expect(lines.at(-1)).toBe('done: us-west passed every step; steering restored to "off" as declared');
  });

  it("queries the canary region's burn rate over the step and its error rate over the last minute", async () => {
    state.readings = [pass, pass, pass];
    await run(["--pool", "us-east", "--step-wait-seconds", "120"]);
    const [burn, error] = state.queries;
    expect(burn).toContain(
      'neuropilot_http_requests_total{environment="production", region="us-east", status=~"5.."}[120s]',
    );
    // 99.95 % availability: a budget of 0.0005.
    expect(burn.endsWith(") / 100 / 0.0005")).toBe(true);
    expect(error).toContain('region="us-east"}[1m]');
    expect(error.endsWith(") / 100")).toBe(true);
  });

  it("authenticates to Prometheus with PROMETHEUS_USER / PROMETHEUS_TOKEN, the user defaulting to grafana.prometheusUser", async () => {
    const promToken = ["rollout", "metrics", "token"].join("-");
    const basic = (pair: string) => `Basic ${Buffer.from(pair).toString("base64")}`;
    state.readings = [pass, pass, pass];
    await run(["--pool", "us-west"], { env: { PROMETHEUS_USER: "424242", PROMETHEUS_TOKEN: promToken } });
    expect(state.authorizations[0]).toBe(basic(`424242:${promToken}`));
    state.authorizations = [];
    state.readings = [pass, pass, pass];
    state.lb.description = DECLARED;
    await run(["--pool", "us-west"], { env: { PROMETHEUS_TOKEN: promToken } });
    const user = fakeEnvironments().find((e) => e.name === "production")!.grafana.prometheusUser;
    expect(state.authorizations[0]).toBe(basic(`${user}:${promToken}`));
  });

  it("redacts PROMETHEUS_TOKEN when Prometheus echoes it", async () => {
    const promToken = ["rollout", "metrics", "token"].join("-");
    state.readings = ["down"];
    state.downMessage = `user 424242:${promToken} unknown`;
    const { code, output } = await run(["--pool", "us-west", "--max-holds", "1"], {
      env: { PROMETHEUS_TOKEN: promToken },
    });
    expect(code).toBe(1);
    expect(output).toContain("answered HTTP 503: user 424242:");
    expect(output).not.toContain(promToken);
  });

  it("passes a gate exactly at both limits and rolls back one past, draining the canary", async () => {
    state.readings = [
      { burn: 2, error: 0.01 },
      { burn: 2.001, error: 0.01 },
    ];
    const { code, lines } = await run(["--pool", "us-west", "--max-burn-rate", "2", "--max-error-rate", "0.01"]);
    expect(code).toBe(1);
    expect(lines).toContain("  gate: burn rate 2 (limit 2), error rate 1 % (limit 1 %) → advance");
    expect(lines).toContain("  gate: burn rate 2.001 (limit 2), error rate 1 % (limit 1 %) → rollback");
    expect(lines).toContain("rollback: burn rate 2.001 > 2; draining us-west from 50 % to 0 %");
    const last = state.patches.at(-1) as Record<string, unknown>;
    expect(weightsOf(last)).toEqual({ [WEST]: 0, [EAST]: 1 });
    expect(readMarker(last.description as string)).toMatchObject({ state: "rolled-back", pool: "us-west", percent: 0 });
    expect(state.patches).toHaveLength(3);
  });

  it("rolls back on an error rate one past its limit even when the burn rate passes", async () => {
    state.readings = [{ burn: 0, error: 0.0051 }];
    const { code, lines } = await run(["--pool", "us-east"]);
    expect(code).toBe(1);
    expect(lines).toContain("rollback: error rate 0.0051 > 0.005; draining us-east from 10 % to 0 %");
    expect(weightsOf(state.patches.at(-1) as Record<string, unknown>)).toEqual({ [EAST]: 0, [WEST]: 1 });
  });

  it("holds while Prometheus has no data or is down, and rolls back after --max-holds readings without one", async () => {
    state.readings = [{ burn: null, error: 0 }, "down"];
    const { code, lines } = await run(["--pool", "us-west", "--max-holds", "2"]);
    expect(code).toBe(1);
    expect(lines.filter((l) => l.endsWith("→ hold"))).toHaveLength(2);
    expect(lines).toContain(`  prometheus: GET ${prometheusUrl}/api/v1/query answered HTTP 503: overloaded`);
    expect(lines.some((l) => l.startsWith("rollback: no reading 2 times in a row"))).toBe(true);
    expect(weightsOf(state.patches.at(-1) as Record<string, unknown>)).toEqual({ [WEST]: 0, [EAST]: 1 });
  });

  it("rolls back on Ctrl-C during a step and exits 130", async () => {
    state.readings = [pass, pass, pass];
    const { code, lines } = await run(["--pool", "us-west"], {
      onSleep: (count, controller) => {
        if (count === 2) controller.abort();
      },
    });
    expect(code).toBe(130);
    expect(lines).toContain("rollback: interrupted; draining us-west from 50 % to 0 %");
    expect(weightsOf(state.patches.at(-1) as Record<string, unknown>)).toEqual({ [WEST]: 0, [EAST]: 1 });
  });

  it("drains the canary when Cloudflare refuses a step, and reports Cloudflare's answer", async () => {
    state.readings = [pass, pass];
    state.failPatch = { nth: 2, status: 500, message: "internal error" };
    const { code, lines } = await run(["--pool", "us-west"]);
    expect(code).toBe(1);
    expect(state.patches.map(weightsOf).at(-1)).toEqual({ [WEST]: 0, [EAST]: 1 });
    expect(lines.at(-1)).toBe(
      "Cloudflare: PATCH /zones/zone-id/load_balancers/lb-1 answered 500 (1000 internal error); retry, or check the service's status page",
    );
  });

  it("changes nothing when the token is refused, and names the variable (never the token)", async () => {
    const { code, lines } = await run(["--pool", "us-west"], { env: { CLOUDFLARE_API_TOKEN: `${TOKEN}x` } });
    expect(code).toBe(1);
    expect(state.patches).toEqual([]);
    expect(lines.at(-1)).toContain("CLOUDFLARE_API_TOKEN is missing, expired or lacks Load Balancers Write");
  });

  it("redacts the token when an API answer echoes it", async () => {
    state.failList = { status: 400, message: `bad header Bearer ${TOKEN}` };
    const { code, output } = await run(["--pool", "us-west"]);
    expect(code).toBe(1);
    expect(output).not.toContain(TOKEN);
  });

  it("refuses to start over an existing rollout marker or on geo steering, changing nothing", async () => {
    state.lb.description = `${DECLARED} [rollout rolled-back pool=us-west percent=0 since=2026-12-06T10:00:00Z]`;
    const marked = await run(["--pool", "us-west"]);
    expect(marked.code).toBe(1);
    expect(marked.lines.at(-1)).toContain("a rollout is already marked (rolled-back, pool us-west at 0 %");
    state.lb.description = DECLARED;
    state.lb.steering_policy = "geo";
    state.lb.region_pools = { ENAM: [EAST, WEST] };
    const geo = await run(["--pool", "us-west"]);
    expect(geo.code).toBe(1);
    expect(geo.lines.at(-1)).toContain("steers by geography");
    expect(state.patches).toEqual([]);
  });
});

describe("npm run rollout: refusals before any call", () => {
  const refuse = (argv: string[], env: Record<string, string> = { CLOUDFLARE_API_TOKEN: TOKEN }) =>
    main(argv, {
      env: { PROMETHEUS_URL: "http://127.0.0.1:1", ...env },
      environments: fakeEnvironments,
      print: () => undefined,
      signal: new AbortController().signal,
    });

  it("refuses the real Cloudflare API without --yes", async () => {
    await expect(refuse(["neuropilot-production", "--pool", "us-west"])).rejects.toThrow(
      /changes live traffic of api\.neuropilot\.ai on the real Cloudflare account \(https:\/\/api\.cloudflare\.com\/client\/v4\); re-run with --yes/,
    );
    await expect(
      refuse(["neuropilot-production", "--pool", "us-west", "--api-url", "https://127.0.0.1.example.com"]),
    ).rejects.toThrow(/re-run with --yes/);
  });

  it("with --yes, still needs the token from the environment", async () => {
    await expect(refuse(["neuropilot-production", "--pool", "us-west", "--yes"], {})).rejects.toThrow(
      "CLOUDFLARE_API_TOKEN is not set",
    );
  });

  it("refuses unknown stacks, pools, flags and steps with UsageError", async () => {
    await expect(refuse(["neuropilot-nowhere", "--pool", "us-west"])).rejects.toThrow(/unknown stack/);
    await expect(refuse(["neuropilot-production", "--pool", "eu-west"])).rejects.toThrow(
      "--pool eu-west is not a region of production (one of us-east, us-west)",
    );
    await expect(refuse(["neuropilot-production"])).rejects.toThrow("--pool is required");
    await expect(refuse(["neuropilot-production", "--pool", "us-west", "--fast"])).rejects.toThrow(UsageError);
    await expect(refuse(["neuropilot-production", "--pool", "us-west", "--step-wait-seconds", "59"])).rejects.toThrow(
      "--step-wait-seconds must be a whole number from 60 to 3600",
    );
    expect(() => parseSteps("10,50")).toThrow("the last step is 50; it must be 100");
    expect(() => parseSteps("50,10,100")).toThrow("step 2 (10) must be above step 1 (50)");
    expect(() => parseSteps("10;100")).toThrow("whole percents separated by commas");
    expect(parseSteps("100")).toEqual([100]);
    expect(parseSteps(undefined)).toEqual([10, 50, 100]);
  });

  it("answers --help with exit 0", async () => {
    const lines: string[] = [];
    const code = await main(["--help"], {
      env: {},
      environments: fakeEnvironments,
      print: (l) => lines.push(l),
      signal: new AbortController().signal,
    });
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^usage: npm run rollout -- <stack> --pool REGION/);
  });

  it("treats only loopback hosts as fakes", () => {
    expect(isLoopback("http://127.0.0.1:8080")).toBe(true);
    expect(isLoopback("http://localhost:1")).toBe(true);
    expect(isLoopback("http://[::1]:1")).toBe(true);
    expect(isLoopback("https://api.cloudflare.com/client/v4")).toBe(false);
    expect(isLoopback("http://127.0.0.1.nip.io")).toBe(false);
    expect(isLoopback("not a url")).toBe(false);
  });
});
