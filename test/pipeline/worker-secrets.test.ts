// pipeline/worker-secrets.ts sets the auto-heal Worker's secrets through Cloudflare's secrets API
// after an apply. Against a loopback fake of that API (envelope shape from the API docs):
// the right PUTs, nothing sent when a value is missing, one-line errors, no value printed.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AUTOHEAL_SECRETS, autohealSecretName } from "../../constructs/cloudflare/autoheal-secrets";
import { main, secretWorkers, secretValues, WorkerSecretsError } from "../../pipeline/apply/worker-secrets";
import { WORKER_SECRETS_CALLS } from "../../vendors/cloudflare/worker-secrets";
import { loadDescription, requestProblems } from "../contracts/support/openapi";
import { bundledSynth } from "../support/synth";

const ACCOUNT = "0123456789abcdef0123456789abcdef";
const SCRIPT = "neuropilot-production-autoheal";
const TOKEN = "cf-apply-token-0123456789";
// Planted: each must reach Cloudflare in a request body and never be printed.
const VALUES = Object.fromEntries(
  AUTOHEAL_SECRETS.map((spec, i) => [autohealSecretName(spec), `planted-${spec.binding.toLowerCase()}-value-${i}`]),
);

interface Recorded {
  method: string;
  path: string;
  authorization?: string;
  body: unknown;
}
const requests: Recorded[] = [];
let reply: (request: Recorded) => { status: number; body: string; headers?: Record<string, string> } = () => ({
  status: 200,
  body: JSON.stringify({ success: true, errors: [], messages: [], result: { name: "x", type: "secret_text" } }),
});
let server: Server;
let baseUrl: string;

const readBody = async (request: IncomingMessage): Promise<unknown> => {
  let text = "";
  for await (const chunk of request) text += String(chunk);
  return text === "" ? undefined : JSON.parse(text);
};

beforeAll(async () => {
  server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const recorded = {
        method: request.method ?? "",
        path: request.url ?? "",
        authorization: request.headers.authorization,
        body,
      };
      requests.push(recorded);
      const { status, body: text, headers } = reply(recorded);
      response.writeHead(status, { "content-type": "application/json", ...headers });
      response.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/v4`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  requests.length = 0;
  reply = () => ({
    status: 200,
    body: JSON.stringify({ success: true, errors: [], messages: [], result: { name: "x", type: "secret_text" } }),
  });
  vi.restoreAllMocks();
});

/** Runs main() with the bundled example's synth output, capturing what it prints. */
async function run(
  stack: string,
  env: NodeJS.ProcessEnv,
  extra: string[] = [],
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, "log").mockImplementation((line: unknown) => void out.push(String(line)));
  vi.spyOn(console, "error").mockImplementation((line: unknown) => void err.push(String(line)));
  const code = await main([stack, "--synth", bundledSynth("local").outdir, ...extra], env);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const fullEnv = (): NodeJS.ProcessEnv => ({ CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_API_BASE_URL: baseUrl, ...VALUES });

/** A synthesised stack holding one cloudflare_workers_script with these attributes. */
const stackWithScript = (script: Record<string, unknown>) => ({
  resource: { cloudflare_workers_script: { w: script } },
});
const config = (text: string) => [{ type: "plain_text", name: "CONFIG", text }];

function expectNoValuePrinted(text: string): void {
  for (const value of [TOKEN, ...Object.values(VALUES)]) expect(text).not.toContain(value);
}

describe("worker-secrets: which Workers, which secrets", () => {
  it("finds production's auto-heal Worker with all six secrets (telemetry on)", () => {
    const stack = bundledSynth("local").stack("neuropilot-production");
    expect(secretWorkers(stack, "neuropilot-production")).toEqual([
      expect.objectContaining({ scriptName: SCRIPT, secrets: AUTOHEAL_SECRETS }),
    ]);
  });

  it("needs only the four base secrets without telemetry", () => {
    const stack = stackWithScript({
      account_id: ACCOUNT,
      script_name: SCRIPT,
      keep_bindings: ["secret_text"],
      bindings: config(JSON.stringify({ regions: [] })),
    });
    const [worker] = secretWorkers(stack, "s");
    expect(worker.secrets.map((s) => s.binding)).toEqual([
      "RAILWAY_TOKEN",
      "SLACK_WEBHOOK_URL",
      "PAGERDUTY_ROUTING_KEY",
      "CLOUDFLARE_API_TOKEN",
    ]);
  });

  it("ignores a Worker script without the auto-heal CONFIG", () => {
    const stack = stackWithScript({
      account_id: ACCOUNT,
      script_name: "other",
      keep_bindings: ["secret_text"],
      bindings: [],
    });
    expect(secretWorkers(stack, "s")).toEqual([]);
  });

  it("refuses an auto-heal Worker that does not keep secret bindings: the next upload would drop them", () => {
    const stack = stackWithScript({ account_id: ACCOUNT, script_name: SCRIPT, bindings: config("{}") });
    expect(() => secretWorkers(stack, "s")).toThrow(
      /^s: cloudflare_workers_script\.w does not keep secret_text bindings \(keep_bindings\)/,
    );
  });

  it("rejects an account id that is a Terraform reference", () => {
    const stack = stackWithScript({
      account_id: "${var.account}",
      script_name: SCRIPT,
      keep_bindings: ["secret_text"],
      bindings: config("{}"),
    });
    expect(() => secretWorkers(stack, "s")).toThrow(/account_id and script_name must be literal/);
  });

  it("names every missing value (and the token) in one error", () => {
    const workers = secretWorkers(bundledSynth("local").stack("neuropilot-production"), "p");
    const env = { ...VALUES, AUTOHEAL_RAILWAY_TOKEN: "" };
    expect(() => secretValues(workers, env)).toThrow(WorkerSecretsError);
    expect(() => secretValues(workers, env)).toThrow(
      /^worker-secrets: CLOUDFLARE_API_TOKEN, AUTOHEAL_RAILWAY_TOKEN not set/,
    );
  });
});

describe("worker-secrets against the Cloudflare API", () => {
  it("PUTs each secret to the Worker with the apply token, and prints names only", async () => {
    const { code, out, err } = await run("neuropilot-production", fullEnv());
    expect(code).toBe(0);
    expect(err).toBe("");
    const [worker] = secretWorkers(bundledSynth("local").stack("neuropilot-production"), "p");
    const path = `/client/v4/accounts/${worker.accountId}/workers/scripts/${SCRIPT}/secrets`;
    expect(requests.map((r) => r.path)).toEqual(AUTOHEAL_SECRETS.map(() => path));
    expect(requests.every((r) => r.method === "PUT" && r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(requests.map((r) => r.body)).toEqual(
      AUTOHEAL_SECRETS.map((spec) => ({
        name: spec.binding,
        text: VALUES[autohealSecretName(spec)],
        type: "secret_text",
      })),
    );
    expect(out).toContain(`worker-secrets: 6 secret(s) set on ${SCRIPT}`);
    expect(out).toContain(`set RAILWAY_TOKEN on ${SCRIPT}`);
    expectNoValuePrinted(out);
  });

  it("sends nothing when a value is missing", async () => {
    const { code, err } = await run("neuropilot-production", { ...fullEnv(), AUTOHEAL_NEON_API_KEY: undefined });
    expect(code).toBe(1);
    expect(err).toBe(
      "worker-secrets: AUTOHEAL_NEON_API_KEY not set; nothing was changed (export them: docs/operations.md#secrets)",
    );
    expect(requests).toEqual([]);
  });

  it("--check: passes with every value set and fails naming the missing one, sending nothing either way", async () => {
    const ok = await run("neuropilot-production", fullEnv(), ["--check"]);
    expect(ok.code).toBe(0);
    expect(ok.out).toBe(`worker-secrets: all 6 secret(s) for ${SCRIPT} are set (check only, nothing sent)`);
    const missing = await run("neuropilot-production", { ...fullEnv(), AUTOHEAL_SLACK_WEBHOOK_URL: "" }, ["--check"]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^worker-secrets: AUTOHEAL_SLACK_WEBHOOK_URL not set; nothing was changed/);
    expect(requests).toEqual([]);
  });

  it("answers an unknown option with the usage, exit 2", async () => {
    const { code, err } = await run("neuropilot-production", fullEnv(), ["--force"]);
    expect(code).toBe(2);
    expect(err).toMatch(/usage: npm run worker-secrets -- <stack>/);
  });

  it("sets nothing, successfully, for a stack without the Worker", async () => {
    const { code, out } = await run("neuropilot-staging", {});
    expect(code).toBe(0);
    expect(out).toBe("worker-secrets: neuropilot-staging has no auto-heal Worker; nothing to set");
    expect(requests).toEqual([]);
  });

  it.each([
    [401, /^Cloudflare: 401 on PUT .*: the token in CLOUDFLARE_API_TOKEN .* lacks Workers Scripts Write/],
    [403, /^Cloudflare: 403 on PUT .*: the token in CLOUDFLARE_API_TOKEN .* lacks Workers Scripts Write/],
    [404, /^Cloudflare: Worker neuropilot-production-autoheal not found \(404 on PUT .*\); apply its stack first/],
    [500, /^Cloudflare: PUT .* answered 500 \(echo \[credential\]\); retry/],
  ])("stops at the first failure (%i) with one line that prints no value", async (status, message) => {
    reply = () => ({ status, body: JSON.stringify({ success: false, errors: [{ message: `echo ${TOKEN}` }] }) });
    const { code, err, out } = await run("neuropilot-production", fullEnv());
    expect(code).toBe(1);
    expect(err).toMatch(message);
    expect(err.split("\n")).toHaveLength(1);
    expect(requests).toHaveLength(1);
    expectNoValuePrinted(err + out);
  });

  it("treats success: false in a 200 answer as a failure, with Cloudflare's own errors, redacted", async () => {
    reply = () => ({
      status: 200,
      body: JSON.stringify({ success: false, errors: [{ code: 10215, message: `bad secret ${TOKEN}` }] }),
    });
    const { code, err } = await run("neuropilot-production", fullEnv());
    expect(code).toBe(1);
    // The client cuts the token out of Cloudflare's words before the message leaves it.
    expect(err).toMatch(/did not report success \(10215 bad secret \[credential\]\); retry/);
    expectNoValuePrinted(err);
  });

  it("waits out a 429 with Retry-After, then goes on", async () => {
    let first = true;
    reply = () => {
      if (first) {
        first = false;
        return { status: 429, body: "{}", headers: { "retry-after": "0" } };
      }
      return { status: 200, body: JSON.stringify({ success: true, result: {} }) };
    };
    const { code } = await run("neuropilot-production", fullEnv());
    expect(code).toBe(0);
    expect(requests).toHaveLength(AUTOHEAL_SECRETS.length + 1);
  });
});

describe("the secrets fake and the PUTs against Cloudflare's description", () => {
  it("sends only the declared call, and the fake answers in the documented shape", async () => {
    const { code } = await run("neuropilot-production", fullEnv());
    expect(code).toBe(0);
    expect(requests.length).toBeGreaterThan(0);
    const description = loadDescription("cloudflare");
    const problems = requests.flatMap((request) => {
      const answer = reply(request);
      return requestProblems(description, WORKER_SECRETS_CALLS, {
        method: request.method,
        path: decodeURIComponent(new URL(request.path, "http://x").pathname.replace(/^\/client\/v4/, "")),
        query: [],
        body: request.body,
        status: answer.status,
        reply: JSON.parse(answer.body) as unknown,
      });
    });
    expect(problems).toEqual([]);
  });
});
