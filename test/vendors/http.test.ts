// vendors/http.ts, the one request layer: each failure mode at its edges, including the ones
// only one of the two former layers had (a deadline for adoption's reads, 429 waits for the
// drills), and never a credential in a message.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CloudflareClient } from "../../vendors/cloudflare/discovery";
import { CloudflarePools } from "../../vendors/cloudflare/pools";
import { WorkerSecretsClient } from "../../vendors/cloudflare/worker-secrets";
import { requestJson, type VendorApiProps, VendorApiError, withoutCredentials } from "../../vendors/http";
import { neonErrorReason } from "../../vendors/neon/api";
import { NeonBranches } from "../../vendors/neon/branches";
import { sentryErrorReason } from "../../vendors/sentry";

const TOKEN = "cf-secret-token-5b1e0c9a77";
const BASE = "https://api.example.test/client/v4";

interface Scripted {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

/** A global fetch answering `answers` in order (the last one repeats); records each call. */
function scriptedFetch(answers: Scripted[]) {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  vi.stubGlobal("fetch", async (input: URL | string, init?: RequestInit) => {
    calls.push({ url: String(input), init });
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
    return new Response(answer.body ?? null, { status: answer.status, headers: answer.headers });
  });
  return calls;
}

function api(overrides: Partial<VendorApiProps> = {}): VendorApiProps & { waits: number[] } {
  const waits: number[] = [];
  return {
    service: "Cloudflare",
    baseUrl: BASE,
    credentialVar: "CLOUDFLARE_API_TOKEN",
    access: "Load Balancers Write on this zone",
    headers: { authorization: `Bearer ${TOKEN}` },
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...overrides,
    waits,
  };
}

const ok = { status: 200, body: '{"success":true,"result":[]}' };
const limited = (seconds: string): Scripted => ({ status: 429, body: "{}", headers: { "retry-after": seconds } });

/** The message a failing request throws; fails the test when it does not throw a VendorApiError. */
async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VendorApiError);
  return (error as VendorApiError).message;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("429: Retry-After honoured up to the attempts and seconds allowed", () => {
  it("succeeds on the last allowed attempt (maxAttempts 3: two waits, then 200)", async () => {
    const calls = scriptedFetch([limited("2"), limited("2"), ok]);
    const props = api();
    const response = await requestJson(props, { method: "GET", path: "/zones/z1/load_balancers" });
    expect(response.status).toBe(200);
    expect(calls).toHaveLength(3);
    expect(props.waits).toEqual([2000, 2000]);
  });

  it("gives up at the maximum attempts, one line naming the call and the count", async () => {
    const calls = scriptedFetch([limited("0")]);
    const props = api({ maxAttempts: 3 });
    expect(await failure(requestJson(props, { method: "GET", path: "/zones/z1/load_balancers?page=2" }))).toBe(
      "Cloudflare: rate limited on GET /zones/z1/load_balancers (429, retry after 0s, 3 attempt(s)); wait and run again",
    );
    expect(calls).toHaveLength(3);
    expect(props.waits).toEqual([0, 0]);
  });

  it("one attempt allowed: the first 429 ends it without a wait", async () => {
    const calls = scriptedFetch([limited("0"), ok]);
    const props = api({ maxAttempts: 1 });
    expect(await failure(requestJson(props, { method: "GET", path: "/x" }))).toMatch(/1 attempt\(s\)/);
    expect([calls.length, props.waits]).toEqual([1, []]);
  });

  it("waits a Retry-After of exactly the maximum; one second more gives up at once", async () => {
    scriptedFetch([limited("30"), ok]);
    const atMax = api({ maxRetryAfterSeconds: 30 });
    expect((await requestJson(atMax, { method: "GET", path: "/x" })).status).toBe(200);
    expect(atMax.waits).toEqual([30_000]);

    const calls = scriptedFetch([limited("31"), ok]);
    const past = api({ maxRetryAfterSeconds: 30 });
    expect(await failure(requestJson(past, { method: "GET", path: "/x" }))).toBe(
      "Cloudflare: rate limited on GET /x (429, retry after 31s, 1 attempt(s)); wait and run again",
    );
    expect([calls.length, past.waits]).toEqual([1, []]);
  });

  it("defaults: 3 attempts, 60 s (60 waited, 61 not); no or an unreadable Retry-After waits 1 s", async () => {
    scriptedFetch([limited("60"), { status: 429, body: "{}" }, ok]);
    const props = api();
    expect((await requestJson(props, { method: "GET", path: "/x" })).status).toBe(200);
    expect(props.waits).toEqual([60_000, 1000]);
    scriptedFetch([limited("61")]);
    expect(await failure(requestJson(api(), { method: "GET", path: "/x" }))).toMatch(/retry after 61s, 1 attempt/);
    scriptedFetch([limited("Wed, 21 Oct 2026 07:28:00 GMT"), ok]);
    const date = api();
    await requestJson(date, { method: "GET", path: "/x" });
    expect(date.waits).toEqual([1000]);
  });

  it("now reaches the drills: a pool list rate-limited once is read after the wait", async () => {
    scriptedFetch([
      limited("1"),
      { status: 200, body: JSON.stringify({ result: [{ id: "p1", name: "api-us", enabled: false }] }) },
    ]);
    const waits: number[] = [];
    const pools = new CloudflarePools("acct", {
      token: TOKEN,
      baseUrl: BASE,
      timeoutMs: 1000,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(await pools.listPools()).toEqual([{ id: "p1", name: "api-us", enabled: false }]);
    expect(waits).toEqual([1000]);
  });

  it("and gives a drill up at the maximum attempts, naming the Neon call", async () => {
    const calls = scriptedFetch([limited("0")]);
    const neon = new NeonBranches({
      apiKey: "neon-key-0123456789",
      baseUrl: BASE,
      timeoutMs: 1000,
      sleep: async () => {},
    });
    expect(await failure(neon.projectId("neuropilot"))).toBe(
      "Neon: rate limited on GET /projects (429, retry after 0s, 3 attempt(s)); wait and run again",
    );
    expect(calls).toHaveLength(3);
  });
});

describe("a deadline", () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    server = undefined;
  });

  /** A loopback API that accepts requests and never answers. */
  async function silentApi(): Promise<string> {
    server = createServer(() => {});
    await new Promise<void>((done) => server?.listen(0, "127.0.0.1", () => done()));
    return `http://127.0.0.1:${(server?.address() as AddressInfo).port}/client/v4`;
  }

  it("ends a request that gets no answer in time, naming the call and the wait", async () => {
    const base = await silentApi();
    expect(
      await failure(requestJson(api({ baseUrl: base, timeoutMs: 100 }), { method: "GET", path: "/zones/z1?x=1" })),
    ).toBe("Cloudflare: GET /zones/z1 got no answer within 100 ms; check the service's status page and run again");
  });

  it("is now adoption's too: a discovery read that hangs ends at its timeout", async () => {
    const base = await silentApi();
    const client = new CloudflareClient({ token: TOKEN, baseUrl: base, timeoutMs: 100 });
    expect(await failure(client.getOne("/zones/z1"))).toBe(
      "Cloudflare: GET /zones/z1 got no answer within 100 ms; check the service's status page and run again",
    );
  });
});

describe("answers", () => {
  it("returns 404 as an answer, and a 2xx body parsed", async () => {
    scriptedFetch([{ status: 404, body: "{}" }]);
    expect((await requestJson(api(), { method: "GET", path: "/x" })).status).toBe(404);
    scriptedFetch([{ status: 201, body: '{"id":1}' }]);
    expect((await requestJson(api(), { method: "POST", path: "/x", body: { a: 1 } })).body).toEqual({ id: 1 });
  });

  it("an empty 2xx body is an error, unless the call allows it", async () => {
    scriptedFetch([{ status: 200, body: "" }]);
    expect(await failure(requestJson(api(), { method: "DELETE", path: "/x/1" }))).toBe(
      "Cloudflare: DELETE /x/1 answered 200 with an empty body; retry, or check the service's status page",
    );
    scriptedFetch([{ status: 204 }]);
    expect(await requestJson(api(), { method: "DELETE", path: "/x/1", allowEmpty: true })).toMatchObject({
      status: 204,
      body: undefined,
    });
  });

  it("sends JSON with its content type and the API's headers, to the root joined with the path and query", async () => {
    const calls = scriptedFetch([ok]);
    await requestJson(api(), { method: "PATCH", path: "/x/1?a=b", query: { c: "d" }, body: { enabled: false } });
    expect(calls[0].url).toBe(`${BASE}/x/1?a=b&c=d`);
    expect(calls[0].init?.method).toBe("PATCH");
    expect(calls[0].init?.body).toBe('{"enabled":false}');
    expect(calls[0].init?.headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      "content-type": "application/json",
      accept: "application/json",
    });
  });
});

describe("every failure is one line naming the service and the call, never a credential", () => {
  const cases: Array<[string, () => void, RegExp]> = [
    [
      "401",
      () => scriptedFetch([{ status: 401, body: `{"token":"${TOKEN}"}` }]),
      /^Cloudflare: 401 on GET \/x: the token in CLOUDFLARE_API_TOKEN is missing, expired or lacks Load Balancers Write on this zone$/,
    ],
    ["403", () => scriptedFetch([{ status: 403 }]), /^Cloudflare: 403 on GET \/x: the token in CLOUDFLARE_API_TOKEN /],
    [
      "500 echoing the token",
      () =>
        scriptedFetch([
          { status: 500, body: JSON.stringify({ errors: [{ code: 1, message: `bad Bearer ${TOKEN}` }] }) },
        ]),
      /^Cloudflare: GET \/x answered 500 \(1 bad \[credential\]\); retry, or check the service's status page$/,
    ],
    [
      "502 with an HTML page",
      () => scriptedFetch([{ status: 502, body: "<html>bad gateway</html>" }]),
      /^Cloudflare: GET \/x answered 502; retry, or check the service's status page$/,
    ],
    [
      "malformed JSON",
      () => scriptedFetch([{ status: 200, body: `{"token": "${TOKEN}"` }]),
      /^Cloudflare: GET \/x returned malformed JSON; retry, or check the service's status page$/,
    ],
    [
      "a network failure",
      () =>
        vi.stubGlobal("fetch", async () => {
          throw new TypeError("fetch failed");
        }),
      /^Cloudflare: GET \/x failed \(fetch failed\); check the network and the API URL, then retry$/,
    ],
    ["429 past the attempts", () => scriptedFetch([limited("0")]), /^Cloudflare: rate limited on GET \/x /],
  ];

  it.each(cases)("%s", async (_name, arrange, message) => {
    arrange();
    const props = api({
      errorReason: (body) => {
        const errors = (body as { errors?: Array<{ code: number; message: string }> } | undefined)?.errors;
        return errors?.map((e) => `${e.code} ${e.message}`).join("; ");
      },
    });
    const text = await failure(requestJson(props, { method: "GET", path: "/x?secret=q" }));
    expect(text).toMatch(message);
    expect(text.split("\n")).toHaveLength(1);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toMatch(/authorization|secret=q/i);
  });

  it("cuts every header value, and each long word of one, out of a vendor's words", () => {
    const headers = { authorization: `Bearer ${TOKEN}`, "x-api-key": "k-0123456789" };
    expect(withoutCredentials({ headers }, `got Bearer ${TOKEN} and\nk-0123456789 ok`)).toBe(
      "got [credential] and [credential] ok",
    );
    expect(withoutCredentials({ headers }, "x".repeat(500))).toHaveLength(200);
  });
});

describe("review findings: the body's deadline, echoed secrets, 4xx wording, vendors' reasons", () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    server = undefined;
  });

  /** A loopback API that answers 200 with its headers and part of a body, then `then`. */
  async function halfAnswer(then: "stall" | "reset"): Promise<string> {
    server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"result": [');
      if (then === "reset") setTimeout(() => res.socket?.destroy(), 20);
    });
    await new Promise<void>((done) => server?.listen(0, "127.0.0.1", () => done()));
    return `http://127.0.0.1:${(server?.address() as AddressInfo).port}/client/v4`;
  }

  it("a body that stalls after the headers ends at the deadline as a VendorApiError", async () => {
    const base = await halfAnswer("stall");
    expect(await failure(requestJson(api({ baseUrl: base, timeoutMs: 150 }), { method: "GET", path: "/zones" }))).toBe(
      "Cloudflare: GET /zones got no answer within 150 ms; check the service's status page and run again",
    );
  });

  it("a connection reset mid-body is a VendorApiError naming the call", async () => {
    const base = await halfAnswer("reset");
    expect(
      await failure(requestJson(api({ baseUrl: base, timeoutMs: 5000 }), { method: "GET", path: "/zones" })),
    ).toMatch(/^Cloudflare: GET \/zones failed \(.+\); check the network and the API URL, then retry$/);
  });

  it("an API URL with a user and password is refused before any request, without repeating them", async () => {
    const calls = scriptedFetch([ok]);
    const text = await failure(
      requestJson(api({ baseUrl: "https://admin:hunter2-pass@grafana.example.test" }), {
        method: "GET",
        path: "/api/org",
      }),
    );
    expect(text).toBe(
      "Cloudflare: the API URL holds a user or password; remove it and put the credential in CLOUDFLARE_API_TOKEN",
    );
    expect(calls).toHaveLength(0);
  });

  it("Node's own error text is scrubbed too: a token with a line break, a URL's password", async () => {
    const bad = `Bearer abc\n${TOKEN}`;
    vi.stubGlobal("fetch", async () => {
      throw new TypeError(`Headers.append: "${bad}" is an invalid header value; https://u:pw-0123456789@h.test/x`);
    });
    const text = await failure(requestJson(api({ headers: { authorization: bad } }), { method: "GET", path: "/x" }));
    expect(text.split("\n")).toHaveLength(1);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain("pw-0123456789");
    expect(text).toContain("https://[credentials]@h.test/x");
  });

  it("a secret the request body carries is cut from an echoed reason", async () => {
    const value = "autoheal-hmac-value-9f8e7d6c";
    scriptedFetch([
      { status: 400, body: JSON.stringify({ errors: [{ code: 10021, message: `invalid value '${value}'` }] }) },
    ]);
    const props = api({ errorReason: (b) => (b as { errors: Array<{ message: string }> }).errors[0].message });
    const text = await failure(
      requestJson(props, { method: "PUT", path: "/s", body: { text: value }, secrets: [value] }),
    );
    expect(text).toBe(
      "Cloudflare: PUT /s answered 400 (invalid value '[credential]'); the service refused the request: fix what it names",
    );
  });

  it("4xx is the request's fault, 408 and 5xx are worth a retry: at each edge", async () => {
    const next = async (status: number) => {
      scriptedFetch([{ status, body: "{}" }]);
      return (await failure(requestJson(api(), { method: "GET", path: "/x" }))).replace(/^.*answered \d+; /, "");
    };
    const refused = "the service refused the request: fix what it names";
    const retry = "retry, or check the service's status page";
    expect(await next(400)).toBe(refused);
    expect(await next(407)).toBe(refused);
    expect(await next(408)).toBe(retry);
    expect(await next(409)).toBe(refused);
    expect(await next(499)).toBe(refused);
    expect(await next(500)).toBe(retry);
    expect(await next(399)).toBe(retry);
  });

  it("Sentry's and Neon's own reasons reach the message", () => {
    expect(sentryErrorReason({ detail: "You do not have permission" })).toBe("You do not have permission");
    expect(sentryErrorReason({ refs: ["Invalid repository names: neuropilot/neuropilot-backend"] })).toBe(
      "refs: Invalid repository names: neuropilot/neuropilot-backend",
    );
    expect(sentryErrorReason({ version: ["required", "too long"], projects: "bad" })).toBe(
      "version: required; too long, projects: bad",
    );
    expect(sentryErrorReason({ count: 3 })).toBeUndefined();
    expect(sentryErrorReason("text")).toBeUndefined();
    expect(neonErrorReason({ code: "BRANCHES_LIMIT_EXCEEDED", message: "branches limit exceeded" })).toBe(
      "branches limit exceeded [BRANCHES_LIMIT_EXCEEDED]",
    );
    expect(neonErrorReason({ code: "", message: "locked" })).toBe("locked");
    expect(neonErrorReason({ code: "X" })).toBeUndefined();
  });
});

describe("the Worker secrets client", () => {
  const secret = {
    accountId: "acc1",
    scriptName: "np-autoheal",
    name: "AUTOHEAL_HMAC",
    text: "hmac-secret-value-77aa11",
  };
  const echo = (status: number) =>
    scriptedFetch([
      {
        status,
        body: JSON.stringify({ success: false, errors: [{ code: 10021, message: `refused '${secret.text}'` }] }),
      },
    ]);

  it("never holds the value it sent in its error, on a refusal or on success: false", async () => {
    const client = new WorkerSecretsClient({ token: TOKEN, baseUrl: BASE });
    for (const status of [400, 200]) {
      echo(status);
      const text = await failure(client.put(secret));
      expect(text, String(status)).toContain("refused '[credential]'");
      expect(text).not.toContain(secret.text);
    }
  });
});
