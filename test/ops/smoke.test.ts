// The smoke checks against local HTTPS servers on 127.0.0.1 with certificates made by
// openssl at test time: one host that passes everything, and one path per way to fail.
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:https";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundledInputs, sourcesOf } from "../support/configs";
import { loadEnvironments } from "../../config/load";
import { type CheckResult, runSmokeChecks, type SmokeOptions, type SmokeTarget } from "../../ops/smoke-checks";
import { renderResults, resolveTargets } from "../../ops/smoke";
import { environmentTargets, originHost, originTargets, urlTarget } from "../../ops/smoke-targets";

const HSTS = "max-age=31536000; includeSubDomains";
const METRICS = "# HELP http_requests_total Requests.\n# TYPE http_requests_total counter\nhttp_requests_total 1\n";

interface Route {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  delayMs?: number;
}

const secure = { "strict-transport-security": HSTS, "x-content-type-options": "nosniff" };
const flakyHits = new Map<string, number>();

/** Path → response; /flaky answers 503 twice before it comes up, /down never does. */
function routeFor(path: string): Route {
  const hits = (flakyHits.get(path) ?? 0) + 1;
  flakyHits.set(path, hits);
  switch (path) {
    case "/ok/health":
    case "/nometrics/health":
      return { status: 200, headers: secure, body: '{"status":"ok"}' };
    case "/ok/metrics":
      return { status: 200, headers: { "content-type": "text/plain; version=0.0.4" }, body: METRICS };
    case "/wrong/health":
      return { status: 404, headers: secure };
    case "/slow/health":
      return { status: 200, headers: secure, delayMs: 300 };
    case "/nohsts/health":
      return { status: 200, headers: { "x-content-type-options": "nosniff" } };
    case "/shorthsts/health":
      return { status: 200, headers: { ...secure, "strict-transport-security": "max-age=300; includeSubDomains" } };
    case "/nosub/health":
      return { status: 200, headers: { ...secure, "strict-transport-security": "max-age=31536000" } };
    case "/flaky/health":
      return hits <= 2 ? { status: 503 } : { status: 200, headers: secure };
    case "/down/health":
      return { status: 503 };
    default:
      return { status: 404 };
  }
}

interface TlsFixture {
  dir: string;
  cert: Buffer;
  key: Buffer;
  shortCert: Buffer;
  shortKey: Buffer;
}

function makeCertificate(dir: string, name: string, days: number): { cert: Buffer; key: Buffer } {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.pem`);
  execFileSync("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-keyout",
    key,
    "-out",
    cert,
    "-days",
    String(days),
    "-subj",
    "/CN=localhost",
    "-addext",
    "subjectAltName=IP:127.0.0.1,DNS:localhost",
  ]);
  return { cert: readFileSync(cert), key: readFileSync(key) };
}

async function listen(key: Buffer, cert: Buffer): Promise<{ server: Server; baseUrl: string }> {
  const server = createServer({ key, cert }, (req, res) => {
    const route = routeFor(req.url ?? "/");
    setTimeout(() => {
      res.writeHead(route.status, route.headers ?? {});
      res.end(route.body ?? "");
    }, route.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, baseUrl: `https://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

let tls: TlsFixture;
let main: { server: Server; baseUrl: string };
let expiring: { server: Server; baseUrl: string };
let trusted: SmokeOptions;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "smoke-tls-"));
  const good = makeCertificate(dir, "good", 90);
  const short = makeCertificate(dir, "short", 5);
  tls = { dir, cert: good.cert, key: good.key, shortCert: short.cert, shortKey: short.key };
  main = await listen(tls.key, tls.cert);
  expiring = await listen(tls.shortKey, tls.shortCert);
  trusted = {
    retry: { attempts: 3, initialDelayMs: 10, factor: 2, maxDelayMs: 100 },
    userAgent: "neuropilot-smoke-test",
    agent: new https.Agent({ ca: [tls.cert, tls.shortCert] }),
  };
});

afterAll(() => {
  for (const s of [main?.server, expiring?.server]) {
    s?.closeAllConnections();
    s?.close();
  }
  trusted?.agent?.destroy();
  if (tls) rmSync(tls.dir, { recursive: true, force: true });
});

function target(scenario: string, overrides: Partial<SmokeTarget> = {}): SmokeTarget {
  return {
    name: scenario,
    baseUrl: main.baseUrl,
    path: `/${scenario}/health`,
    expectedStatus: 200,
    // Generous: a TLS handshake on a busy 2-core machine; the slow test sets its own budget.
    latencyBudgetMs: 1000,
    timeoutMs: 2000,
    hsts: { minMaxAgeSeconds: 31_536_000, includeSubDomains: true, preload: false },
    nosniff: true,
    metricsPath: `/${scenario}/metrics`,
    minCertDays: 14,
    ...overrides,
  };
}

const byCheck = (results: CheckResult[]) => Object.fromEntries(results.map((r) => [r.check, r]));
const failed = (results: CheckResult[]) => results.filter((r) => r.status === "fail").map((r) => r.check);

describe("smoke checks", () => {
  it("pass against a healthy HTTPS host, reporting the certificate's days to expiry", async () => {
    const results = await runSmokeChecks(target("ok"), trusted);
    expect(results.map((r) => [r.check, r.status])).toEqual([
      ["status", "pass"],
      ["latency", "pass"],
      ["tls", "pass"],
      ["hsts", "pass"],
      ["nosniff", "pass"],
      ["metrics", "pass"],
    ]);
    expect(byCheck(results).tls.detail).toMatch(/^valid, (89|90) days to expiry \(CN=localhost\)$/);
  });

  it("fail on a wrong status", async () => {
    const results = await runSmokeChecks(target("wrong", { metricsPath: null }), trusted);
    expect(failed(results)).toEqual(["status"]);
    expect(byCheck(results).status.detail).toBe("/wrong/health: 404, expected 200");
  });

  it("fail when the host answers slower than the budget", async () => {
    const results = await runSmokeChecks(target("slow", { metricsPath: null, latencyBudgetMs: 100 }), trusted);
    expect(failed(results)).toEqual(["latency"]);
    expect(byCheck(results).latency.detail).toMatch(/^\d+ ms, over the 100 ms budget$/);
  });

  it("fail without HSTS, with a short max-age, or without includeSubDomains", async () => {
    const missing = await runSmokeChecks(target("nohsts", { metricsPath: null }), trusted);
    expect(failed(missing)).toEqual(["hsts"]);
    expect(byCheck(missing).hsts.detail).toBe("no strict-transport-security header");

    const short = await runSmokeChecks(target("shorthsts", { metricsPath: null }), trusted);
    expect(failed(short)).toEqual(["hsts"]);
    expect(byCheck(short).hsts.detail).toContain("max-age 300 < 31536000");

    const noSub = await runSmokeChecks(target("nosub", { metricsPath: null }), trusted);
    expect(byCheck(noSub).hsts.detail).toContain("no includeSubDomains");
  });

  it("fail on an untrusted certificate, without retrying", async () => {
    const untrusted: SmokeOptions = { ...trusted, agent: new https.Agent() };
    const results = await runSmokeChecks(target("ok", { metricsPath: null }), untrusted);
    expect(byCheck(results).tls).toMatchObject({
      status: "fail",
      detail: "untrusted certificate: DEPTH_ZERO_SELF_SIGNED_CERT",
    });
    expect(byCheck(results).status.detail).not.toContain("attempts");
    untrusted.agent?.destroy();
  });

  it("fail when the certificate expires within the minimum days", async () => {
    const results = await runSmokeChecks(target("ok", { baseUrl: expiring.baseUrl, metricsPath: null }), trusted);
    expect(failed(results)).toEqual(["tls"]);
    expect(byCheck(results).tls.detail).toMatch(/^valid, [45] days to expiry .*fewer than 14 days left$/);
  });

  it("fail when the configured /metrics is missing", async () => {
    const results = await runSmokeChecks(target("nometrics"), trusted);
    expect(failed(results)).toEqual(["metrics"]);
    expect(byCheck(results).metrics.detail).toBe("/nometrics/metrics: 404 (missing)");
  });

  it("retry a freshly deployed origin with backoff until it answers", async () => {
    const waits: number[] = [];
    const options = { ...trusted, wait: async (ms: number) => void waits.push(ms) };
    const results = await runSmokeChecks(target("flaky", { metricsPath: null }), options);
    expect(failed(results)).toEqual([]);
    expect(byCheck(results).status.detail).toBe("/flaky/health: 200 after 3 attempts");
    expect(waits).toEqual([10, 20]);
  });

  it("give up after the bounded number of attempts", async () => {
    const results = await runSmokeChecks(target("down", { metricsPath: null }), { ...trusted, wait: async () => {} });
    expect(byCheck(results).status).toMatchObject({
      status: "fail",
      detail: "/down/health: 503, expected 200 after 3 attempts",
    });
    expect(flakyHits.get("/down/health")).toBe(3);
  });
});

describe("origin smoke checks", () => {
  it("pass for a healthy origin and fail for a dead one, each named by its region", async () => {
    const [, production] = loadEnvironments(sourcesOf(bundledInputs()));
    const [first, second] = originTargets(production);
    const live = { ...first, baseUrl: main.baseUrl, path: "/nohsts/health" };
    const dead = { ...second, baseUrl: main.baseUrl, path: "/down/health" };
    const ok = await runSmokeChecks(live, trusted);
    expect(failed(ok)).toEqual([]);
    expect(byCheck(ok).hsts).toMatchObject({ status: "skip", detail: "not configured" });
    const down = await runSmokeChecks(dead, { ...trusted, wait: async () => {} });
    expect(failed(down)).toEqual(["status"]);
    expect(down[0].target).toBe(`${second.region} origin ${originHost(production, second.region)}`);
  });
});

describe("smoke targets and report", () => {
  it("derive an environment's hosts, health path and HSTS policy from config", () => {
    const [, production] = loadEnvironments(sourcesOf(bundledInputs()));
    const [api, frontend] = environmentTargets(production);
    expect(api).toMatchObject({
      baseUrl: "https://api.neuropilot.ai",
      path: "/health",
      expectedStatus: 200,
      timeoutMs: 10_000,
      hsts: { minMaxAgeSeconds: 31_536_000, includeSubDomains: true, preload: false },
      nosniff: true,
    });
    expect(frontend).toMatchObject({ baseUrl: "https://inventory.neuropilot.ai", path: "/", metricsPath: null });
    const byStack = resolveTargets(["neuropilot-production"], () => [production], {});
    expect(byStack.map((t) => t.name)).toEqual([
      "api.neuropilot.ai",
      "inventory.neuropilot.ai",
      ...production.regions.map((r) => `${r.name} origin ${originHost(production, r.name)}`),
    ]);
    const publicOnly = resolveTargets(["neuropilot-production"], () => [production], { "public-only": true });
    expect(publicOnly.map((t) => t.name)).toEqual(["api.neuropilot.ai", "inventory.neuropilot.ai"]);
    expect(() => resolveTargets(["nowhere"], () => [production], {})).toThrow(/unknown stack or environment "nowhere"/);
  });

  it("add every region's origin, its Railway service domain, on the health path without edge headers", () => {
    const [, production] = loadEnvironments(sourcesOf(bundledInputs()));
    expect(production.regions.length).toBeGreaterThan(1);
    const origins = originTargets(production);
    expect(origins.map((o) => o.region)).toEqual(production.regions.map((r) => r.name));
    expect(origins[0]).toMatchObject({
      baseUrl: `https://${production.railway.backend.serviceName}-${production.regions[0].name}-production.up.railway.app`,
      path: "/health",
      expectedStatus: 200,
      hsts: null,
      nosniff: false,
      metricsPath: null,
    });
  });

  it("take a URL's own path, or the health path when it has none", () => {
    const options = {
      healthPath: "/health",
      expectedStatus: 200,
      latencyBudgetMs: 1000,
      timeoutMs: 1000,
      hsts: null,
      nosniff: false,
      metricsPath: null,
      minCertDays: 14,
    };
    expect(urlTarget("https://api.example.test", options)).toMatchObject({
      baseUrl: "https://api.example.test",
      path: "/health",
    });
    expect(urlTarget("https://api.example.test/ready?x=1", options).path).toBe("/ready?x=1");
  });

  it("render a pass/fail table with a summary", () => {
    const text = renderResults([
      { target: "api", check: "status", status: "pass", detail: "/health: 200" },
      { target: "api", check: "hsts", status: "fail", detail: "no strict-transport-security header" },
    ]);
    expect(text).toContain("target  check   result  detail");
    expect(text).toMatch(/api\s+hsts\s+FAIL\s+no strict-transport-security header/);
    expect(text).toContain("1 of 2 checks failed.");
  });
});

describe("npm run smoke (CLI)", () => {
  const cli = (args: string[]) =>
    promisify(execFile)(process.execPath, ["--import", "tsx", join(__dirname, "../../ops/smoke.ts"), ...args], {
      cwd: join(__dirname, "../.."),
    })
      .then(({ stdout }) => ({ code: 0, stdout }))
      .catch((error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }));

  it("exits 0 when every check passes and 1 when one fails", async () => {
    const ca = join(tls.dir, "good.pem");
    const [pass, fail] = await Promise.all([
      cli([`${main.baseUrl}/ok/health`, "--ca", ca, "--metrics-path", "/ok/metrics", "--hsts-max-age", "31536000"]),
      cli([`${main.baseUrl}/nohsts/health`, "--ca", ca, "--attempts", "1"]),
    ]);
    expect(pass.stdout).toContain("All 6 checks passed.");
    expect(pass.code).toBe(0);
    expect(fail.stdout).toMatch(/hsts\s+FAIL/);
    expect(fail.code).toBe(1);
  });
});
