// `npm run adopt` against a loopback fake of Cloudflare's API v4 (envelopes, pagination and
// errors shaped as the API documents them): a fake account that already holds the seed
// platform's edge is found and written as an adoption list that synthesises into import
// blocks; every failure mode is one line naming the service and the fix, and writes
// nothing; the token never appears in the output or the list.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type AddressInfo } from "node:net";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../adopt/cli";
import { sharedCloudflare } from "../../config/shared";
import { synthesize } from "../../synthesize";
import { bundledInputs, sourcesOf } from "../support/configs";

const TOKEN = "cf-planted-SECRET-token-0123456789";
const ZONE = sharedCloudflare.zoneId;
const ACCOUNT = sharedCloudflare.accountId;
const STACK = "neuropilot-production";
const hex = (c: string): string => c.repeat(32);

type Mode = "ok" | "401" | "403" | "429-once" | "429-always" | "malformed" | "500";
let mode: Mode = "ok";
let rateLimited = 0;
let server: Server;
let base: string;
const work = mkdtempSync(join(tmpdir(), "np-adopt-"));
const synthDir = join(work, "cdktf.out");

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

const ok = (result: unknown, page = 1, totalPages = 1) => ({
  success: true,
  errors: [],
  messages: [],
  result,
  result_info: { page, per_page: 50, total_pages: totalPages, count: Array.isArray(result) ? result.length : 1 },
});

function route(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? "/", "http://x");
  if (req.headers.authorization !== `Bearer ${TOKEN}` || mode === "401") {
    return send(res, 401, { success: false, errors: [{ code: 10000, message: "Authentication error" }] });
  }
  if (mode === "403") return send(res, 403, { success: false, errors: [{ code: 9109, message: "Unauthorized" }] });
  if (mode === "429-always" || (mode === "429-once" && rateLimited++ === 0)) {
    return send(res, 429, { success: false, errors: [{ code: 971, message: "rate limited" }] }, { "retry-after": "0" });
  }
  if (mode === "malformed") return send(res, 200, "{not json");
  if (mode === "500") return send(res, 500, { success: false });
  const path = url.pathname.replace(/^\/client\/v4/, "");
  const page = Number(url.searchParams.get("page") ?? "1");
  const entry = /^\/zones\/[0-9a-f]+\/rulesets\/phases\/([a-z_]+)\/entrypoint$/.exec(path);
  if (entry) {
    const ids: Record<string, string> = {
      http_request_firewall_custom: hex("a"),
      http_ratelimit: hex("b"),
      http_request_firewall_managed: hex("c"),
    };
    return ids[entry[1]]
      ? send(res, 200, ok({ id: ids[entry[1]], kind: "zone", phase: entry[1], rules: [] }))
      : send(res, 404, { success: false, errors: [{ code: 10003, message: "could not find entrypoint ruleset" }] });
  }
  if (path === `/zones/${ZONE}/dns_records`) {
    // Two pages: the wanted record is on the second.
    return page === 1
      ? send(res, 200, ok([{ id: hex("1"), name: "www.neuropilot.ai", type: "CNAME" }], 1, 2))
      : send(
          res,
          200,
          ok([{ id: hex("d"), name: url.searchParams.get("name.exact"), type: url.searchParams.get("type") }], 2, 2),
        );
  }
  if (path === `/zones/${ZONE}/load_balancers`)
    return send(res, 200, ok([{ id: hex("e"), name: "api.neuropilot.ai" }]));
  if (path === `/accounts/${ACCOUNT}/load_balancers/pools`) {
    return send(res, 200, ok([{ id: hex("f"), name: "api-neuropilot-ai-us-east" }]));
  }
  if (path === `/accounts/${ACCOUNT}/load_balancers/monitors`) {
    return send(res, 200, ok([{ id: hex("9"), description: "api.neuropilot.ai /health" }]));
  }
  if (path === `/accounts/${ACCOUNT}/workers/scripts`)
    return send(res, 200, ok([{ id: "neuropilot-production-autoheal" }]));
  if (path === `/accounts/${ACCOUNT}/storage/kv/namespaces`)
    return send(res, 200, ok([{ id: hex("8"), title: "other" }]));
  return send(res, 404, { success: false, errors: [{ code: 7003, message: "No route" }] });
}

let out: string[];
beforeAll(async () => {
  synthesize(sourcesOf(bundledInputs()), { backend: "local", outdir: synthDir });
  server = createServer(route);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/v4`;
});
afterAll(() => {
  server?.close();
  rmSync(work, { recursive: true, force: true });
});
afterEach(() => vi.restoreAllMocks());

async function adopt(root: string, extra: string[] = []): Promise<{ code: number; output: string }> {
  out = [];
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void out.push(args.join(" ")));
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void out.push(args.join(" ")));
  mkdirSync(join(root, "config", "adopt"), { recursive: true });
  const code = await main(
    [STACK, "--synth", synthDir, ...extra],
    { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_API_BASE_URL: base },
    root,
  );
  return { code, output: out.join("\n") };
}

describe("npm run adopt against a fake Cloudflare account holding the edge", () => {
  let root: string;
  let result: { code: number; output: string };
  let listFile: string;

  beforeAll(async () => {
    mode = "ok";
    root = mkdtempSync(join(work, "root-"));
    result = await adopt(root);
    listFile = join(root, "config", "adopt", `${STACK}.ts`);
  });

  it("prints will import / will create / not matched per resource", () => {
    expect(result.code).toBe(0);
    expect(result.output).toMatch(
      /will import\s+edge\/waf\/custom\/ruleset\s+cloudflare_ruleset\s+zones\/[0-9a-f]{32}\/a{32}/,
    );
    expect(result.output).toMatch(
      /will create\s+edge\/cache\/rules\/ruleset\s+cloudflare_ruleset\s+not found: no entry point for http_request_cache_settings/,
    );
    expect(result.output).toMatch(/will import\s+edge\/tls\/ssl\s+cloudflare_zone_setting/);
    expect(result.output).toMatch(/will create\s+edge\/load-balancer\/pool-us-west/);
    expect(result.output).toMatch(/will create\s+autoheal\/state\s+cloudflare_workers_kv_namespace/);
    expect(result.output).toMatch(/not matched\s+database\/app-role\s+neon_role\s+neon_role is not discovered yet/);
  });

  it("writes a list that synthesises into import blocks for what exists", async () => {
    const module = (await import(listFile)) as Record<string, unknown>;
    const list = Object.values(module)[0] as { stack: string; resources: Array<{ path: string; id: string }> };
    expect(list.stack).toBe(STACK);
    const byPath = new Map(list.resources.map((r) => [r.path, r.id]));
    expect(byPath.get("edge/dns/frontend-record")).toBe(`${ZONE}/${hex("d")}`);
    expect(byPath.get("edge/load-balancer/pool-us-east")).toBe(`${ACCOUNT}/${hex("f")}`);
    expect(byPath.get("autoheal/cron")).toBe(`${ACCOUNT}/neuropilot-production-autoheal`);
    expect(byPath.has("edge/cache/rules/ruleset")).toBe(false);

    const outdir = join(work, "adopted");
    synthesize(sourcesOf(bundledInputs()), { backend: "local", outdir, adoption: [{ file: listFile, value: list }] });
    const stack = JSON.parse(readFileSync(join(outdir, "stacks", STACK, "cdk.tf.json"), "utf8")) as {
      import: unknown[];
    };
    expect(stack.import).toHaveLength(list.resources.length);
  });

  it("writes the list as Prettier would (npm run lint stays green)", async () => {
    const prettier = await import("prettier");
    const options = await prettier.resolveConfig(join(__dirname, "..", "..", "config", "adopt", `${STACK}.ts`));
    expect(await prettier.check(readFileSync(listFile, "utf8"), { ...options, parser: "typescript" })).toBe(true);
  });

  it("never shows the token", () => {
    expect(result.output).not.toContain(TOKEN);
    expect(readFileSync(listFile, "utf8")).not.toContain(TOKEN);
  });

  it("keeps entries it did not discover and is stable when run again", async () => {
    const first = readFileSync(listFile, "utf8");
    expect((await adopt(root)).code).toBe(0);
    expect(readFileSync(listFile, "utf8")).toBe(first);
  });
});

describe("a failing Cloudflare API", () => {
  it.each([
    [
      "401",
      /^Cloudflare: 401 on GET \/client\/v4\/\S+: the token in CLOUDFLARE_API_TOKEN is missing, expired or lacks read access/,
    ],
    ["403", /^Cloudflare: 403 on GET .*CLOUDFLARE_API_TOKEN/],
    ["429-always", /^Cloudflare: rate limited on GET .* \(429, retry after 0s, 3 attempt\(s\)\); wait and run again$/],
    ["malformed", /^Cloudflare: GET .* returned malformed JSON; retry/],
    ["500", /^Cloudflare: GET .* answered 500; retry/],
  ] as const)("%s: one line naming the service and the fix, nothing written, no token", async (failure, message) => {
    mode = failure;
    const root = mkdtempSync(join(work, "fail-"));
    const { code, output } = await adopt(root);
    expect(code).toBe(1);
    expect(output.split("\n")).toHaveLength(1);
    expect(output).toMatch(message);
    expect(output).not.toContain(TOKEN);
    expect(existsSync(join(root, "config", "adopt", `${STACK}.ts`))).toBe(false);
  });

  it("waits out one 429 with Retry-After and succeeds", async () => {
    mode = "429-once";
    rateLimited = 0;
    const { code } = await adopt(mkdtempSync(join(work, "retry-")), ["--dry-run"]);
    expect(code).toBe(0);
    expect(rateLimited).toBeGreaterThan(1);
  });

  it("refuses to run without a token, naming the variable", async () => {
    out = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void out.push(args.join(" ")));
    expect(await main([STACK, "--synth", synthDir], {}, work)).toBe(1);
    expect(out).toEqual([
      "Cloudflare: CLOUDFLARE_API_TOKEN is not set; export a token with read access to the zone and account",
    ]);
  });
});
