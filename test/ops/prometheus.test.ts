// ops/prometheus.ts, the one Prometheus query client of the rollout's gate and the review,
// against a loopback Prometheus: the Basic auth built from PROMETHEUS_USER / PROMETHEUS_TOKEN,
// the `time` parameter only when asked, non-2xx answers as one line naming the URL and never
// the token, and the series count at its boundary (0, 1, 2) with and without singleSeries.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../../cli/flags";
import {
  instantQuery,
  PrometheusApiError,
  prometheusCredentials,
  type PrometheusTarget,
  readGate,
} from "../../ops/prometheus";

// Assembled at runtime: nothing secret-shaped in the source.
const TOKEN = ["metrics", "read", "value", "42"].join("-");

interface Seen {
  path: string;
  params: URLSearchParams;
  authorization: string | undefined;
}

let server: Server;
let base = "";
const seen: Seen[] = [];
/** The next answer: status and JSON body (a string is sent as is). */
let answer: { status: number; body: unknown };

const vector = (...values: string[]) => ({
  status: "success",
  data: { resultType: "vector", result: values.map((v, i) => ({ metric: { region: `r${i}` }, value: [1, v] })) },
});

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    seen.push({ path: url.pathname, params: url.searchParams, authorization: req.headers.authorization });
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/prom`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  seen.length = 0;
  answer = { status: 200, body: vector("1.5") };
});

const target = (env: Record<string, string>, defaultUser?: string): PrometheusTarget => ({
  baseUrl: base,
  ...prometheusCredentials(env, defaultUser),
});

describe("credentials from PROMETHEUS_USER / PROMETHEUS_TOKEN", () => {
  it("sends Basic base64(user:token) built from the env pair", async () => {
    await instantQuery(target({ PROMETHEUS_USER: "123456", PROMETHEUS_TOKEN: TOKEN }), "up");
    expect(seen[0].path).toBe("/api/prom/api/v1/query");
    expect(seen[0].params.get("query")).toBe("up");
    expect(seen[0].authorization).toBe(`Basic ${Buffer.from(`123456:${TOKEN}`).toString("base64")}`);
  });

  it("takes the user from the config's default when PROMETHEUS_USER is unset, not when it is set", async () => {
    await instantQuery(target({ PROMETHEUS_TOKEN: TOKEN }, "777"), "up");
    await instantQuery(target({ PROMETHEUS_USER: "123456", PROMETHEUS_TOKEN: TOKEN }, "777"), "up");
    expect(seen.map((s) => Buffer.from(s.authorization!.slice(6), "base64").toString())).toEqual([
      `777:${TOKEN}`,
      `123456:${TOKEN}`,
    ]);
  });

  it("sends no authorization without a token", async () => {
    await instantQuery(target({ PROMETHEUS_USER: "123456" }, "777"), "up");
    expect(seen[0].authorization).toBeUndefined();
  });

  it.each([
    ["PROMETHEUS_USERNAME", "PROMETHEUS_USER"],
    ["PROMETHEUS_PASSWORD", "PROMETHEUS_TOKEN"],
  ])("refuses the old name %s with the rename to %s when the new one is unset", (old, current) => {
    const env = { [old]: "x" };
    expect(() => prometheusCredentials(env)).toThrow(UsageError);
    expect(() => prometheusCredentials(env)).toThrow(`${old} is no longer read: rename it to ${current}`);
    expect(prometheusCredentials({ ...env, [current]: "y" })).toMatchObject({
      [current === "PROMETHEUS_USER" ? "user" : "token"]: "y",
    });
  });
});

describe("the time parameter", () => {
  it("is absent unless asked for", async () => {
    await instantQuery(target({}), "up");
    await instantQuery(target({}), "up", { singleSeries: true });
    expect(seen.map((s) => s.params.has("time"))).toEqual([false, false]);
  });

  it("is the evaluation time in seconds with milliseconds when asked for", async () => {
    await instantQuery(target({}), "up", { at: new Date("2026-12-07T00:00:00.250Z") });
    expect(seen[0].params.get("time")).toBe(`${Date.parse("2026-12-07T00:00:00Z") / 1000}.250`);
  });
});

describe("failures: one line naming the URL, never the token", () => {
  const CHECK = "PROMETHEUS_USER and PROMETHEUS_TOKEN (a token with metrics:read)";
  const failure = async (t: PrometheusTarget = target({ PROMETHEUS_USER: "123456", PROMETHEUS_TOKEN: TOKEN })) => {
    const error = await instantQuery(t, "up").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrometheusApiError);
    const message = (error as Error).message;
    expect(message).not.toContain(TOKEN);
    expect(message).not.toContain(Buffer.from(`123456:${TOKEN}`).toString("base64"));
    expect(message).not.toContain("\n");
    return message;
  };

  it.each([
    [500, { status: "error", errorType: "internal", error: "storage down" }, "answered HTTP 500: storage down"],
    [503, { status: "error", error: "overloaded" }, "answered HTTP 503: overloaded"],
    [422, { status: "error", errorType: "execution", error: "bad query" }, "answered HTTP 422: bad query"],
    [404, "<html>not found</html>", "answered HTTP 404 with a body that is not JSON"],
    [401, { status: "error" }, `answered HTTP 401: check ${CHECK}`],
    [403, { status: "error" }, `answered HTTP 403: check ${CHECK}`],
  ])("HTTP %d", async (status, body, expected) => {
    answer = { status, body };
    expect(await failure()).toBe(`prometheus: GET ${base}/api/v1/query ${expected}`);
  });

  it("a 200 that is not a success, or not a vector, is refused too", async () => {
    answer = { status: 200, body: { status: "error", error: "timeout" } };
    expect(await failure()).toBe(`prometheus: GET ${base}/api/v1/query answered HTTP 200: timeout`);
    answer = { status: 200, body: { status: "success", data: { resultType: "scalar", result: [1, "2"] } } };
    expect(await failure()).toContain("answered a scalar, expected a vector");
  });

  it("an unreachable host names the URL", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const message = await failure({ baseUrl: `http://127.0.0.1:${port}/`, token: TOKEN });
    expect(message).toMatch(new RegExp(`^prometheus: GET http://127\\.0\\.0\\.1:${port}/api/v1/query failed \\(`));
  });

  it("refuses a URL carrying user:password@, without repeating it", async () => {
    const withPassword = `http://123456:${TOKEN}@127.0.0.1:1/api/prom`;
    const message = await failure({ baseUrl: withPassword });
    expect(message).toBe(
      "prometheus: PROMETHEUS_URL must not carry credentials (user:password@host); set PROMETHEUS_USER and PROMETHEUS_TOKEN instead",
    );
    expect(seen).toEqual([]);
  });
});

describe("series count at the boundary", () => {
  it("0 series: no value (null), with or without singleSeries", async () => {
    answer = { status: 200, body: vector() };
    expect(await instantQuery(target({}), "up")).toBeNull();
    expect(await instantQuery(target({}), "up", { singleSeries: true })).toBeNull();
  });

  it("1 series: its value, with or without singleSeries", async () => {
    answer = { status: 200, body: vector("99.95") };
    expect(await instantQuery(target({}), "up")).toBe(99.95);
    expect(await instantQuery(target({}), "up", { singleSeries: true })).toBe(99.95);
  });

  it("2 series: refused with singleSeries, the first series' value without", async () => {
    answer = { status: 200, body: vector("1", "2") };
    await expect(instantQuery(target({}), "sum by (region) (up)", { singleSeries: true })).rejects.toThrow(
      `prometheus: GET ${base}/api/v1/query answered 2 series, expected one for sum by (region) (up)`,
    );
    expect(await instantQuery(target({}), "up")).toBe(1);
  });

  it.each(["NaN", "", "abc"])("a %s sample is no value", async (sample) => {
    answer = { status: 200, body: vector(sample) };
    expect(await instantQuery(target({}), "up")).toBeNull();
  });

  it.each([
    ["+Inf", Number.POSITIVE_INFINITY],
    ["-Inf", Number.NEGATIVE_INFINITY],
    ["1e3", 1000],
    ["-0.5", -0.5],
  ])("a %s sample (Prometheus' spelling) is the value %d", async (sample, value) => {
    answer = { status: 200, body: vector(sample) };
    expect(await instantQuery(target({}), "up")).toBe(value);
  });

  it("a zero sample is a value, not no data", async () => {
    answer = { status: 200, body: vector("0") };
    expect(await instantQuery(target({}), "up")).toBe(0);
  });
});

describe("readGate (the rollout's reading)", () => {
  const queries = { burnRate: "burn", errorRate: "error" };

  it("a non-finite sample or an API error is no reading, the error handed to onError", async () => {
    answer = { status: 200, body: vector("NaN") };
    const errors: string[] = [];
    expect(await readGate(target({}), queries, (m) => errors.push(m))).toEqual({ burnRate: null, errorRate: null });
    answer = { status: 503, body: { status: "error", error: "overloaded" } };
    expect(await readGate(target({}), queries, (m) => errors.push(m))).toEqual({ burnRate: null, errorRate: null });
    expect(errors).toEqual([
      `prometheus: GET ${base}/api/v1/query answered HTTP 503: overloaded`,
      `prometheus: GET ${base}/api/v1/query answered HTTP 503: overloaded`,
    ]);
  });

  it("reads the first series of each query, without a time parameter", async () => {
    answer = { status: 200, body: vector("0.5", "9") };
    expect(await readGate(target({}), queries, () => undefined)).toEqual({ burnRate: 0.5, errorRate: 0.5 });
    expect(seen.map((s) => [s.params.get("query"), s.params.has("time")])).toEqual([
      ["burn", false],
      ["error", false],
    ]);
  });
});
