// The deploy's Sentry release step against a loopback fake of Sentry's two endpoints.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { main, recordSentryRelease } from "../../pipeline/sentry-release";

interface Seen {
  method: string;
  url: string;
  auth: string | undefined;
  body: unknown;
}

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

async function fakeSentry(releaseStatus: number, deployStatus = 201): Promise<{ base: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = createServer((req: IncomingMessage, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      seen.push({
        method: req.method ?? "",
        url: req.url ?? "",
        auth: req.headers.authorization,
        body: JSON.parse(raw),
      });
      res.statusCode = req.url?.includes("/deploys/") ? deployStatus : releaseStatus;
      res.end(JSON.stringify({ detail: res.statusCode >= 400 ? "nope" : "ok" }));
    });
  });
  await new Promise<void>((done) => server?.listen(0, "127.0.0.1", () => done()));
  return { base: `http://127.0.0.1:${(server?.address() as AddressInfo).port}/`, seen };
}

const commit = "0123456789abcdef0123456789abcdef01234567";
const input = (base: string) => ({
  baseUrl: base,
  token: "test-token",
  organization: "neuropilot",
  projects: ["neuropilot-backend", "neuropilot-frontend"],
  commit,
  repository: "neuropilot/neuropilot-backend",
  environment: "production",
});

describe("recordSentryRelease", () => {
  it("creates the release with its commit, then the environment's deploy record", async () => {
    const { base, seen } = await fakeSentry(201);
    const log = await recordSentryRelease(input(base));
    expect(seen).toEqual([
      {
        method: "POST",
        url: "/api/0/organizations/neuropilot/releases/",
        auth: "Bearer test-token",
        body: {
          version: commit,
          projects: ["neuropilot-backend", "neuropilot-frontend"],
          refs: [{ repository: "neuropilot/neuropilot-backend", commit }],
        },
      },
      {
        method: "POST",
        url: `/api/0/organizations/neuropilot/releases/${commit}/deploys/`,
        auth: "Bearer test-token",
        body: { environment: "production", projects: ["neuropilot-backend", "neuropilot-frontend"] },
      },
    ]);
    expect(log).toEqual([
      "release 0123456789ab created for neuropilot-backend, neuropilot-frontend",
      "deploy to production recorded",
    ]);
  });

  it("reuses a release that already exists (208) and still records the deploy", async () => {
    const { base, seen } = await fakeSentry(208);
    expect((await recordSentryRelease(input(base)))[0]).toContain("already existed");
    expect(seen).toHaveLength(2);
  });

  it("stops naming the token's variable and scope when the release is refused, before any deploy", async () => {
    const { base, seen } = await fakeSentry(403);
    await expect(recordSentryRelease(input(base))).rejects.toThrow(
      "Sentry: 403 on POST /api/0/organizations/neuropilot/releases/: the token in SENTRY_AUTH_TOKEN is missing, expired or lacks the project:releases scope",
    );
    expect(seen).toHaveLength(1);
  });

  it("fails when the deploy record is refused", async () => {
    const { base } = await fakeSentry(201, 400);
    await expect(recordSentryRelease(input(base))).rejects.toThrow(/deploys\/ answered 400/);
  });

  it("refuses a commit that is not a full SHA without calling Sentry", async () => {
    const { base, seen } = await fakeSentry(201);
    await expect(recordSentryRelease({ ...input(base), commit: commit.slice(0, 39) })).rejects.toThrow(
      "commit must be a 40-digit hex SHA",
    );
    expect(seen).toEqual([]);
  });
});

describe("pipeline/sentry-release.ts command line", () => {
  const run = async (argv: string[], env: Record<string, string> = { SENTRY_AUTH_TOKEN: "test-token" }) => {
    const { base, seen } = await fakeSentry(201);
    const lines: string[] = [];
    const code = await main([...argv, "--url", base], env, (l) => lines.push(l));
    return { code, lines, seen };
  };
  const full = [
    "--org",
    "neuropilot",
    "--project",
    "neuropilot-backend",
    "--commit",
    commit,
    "--repository",
    "neuropilot/neuropilot-backend",
    "--environment",
    "staging",
  ];

  it("records the release and deploy, exit 0", async () => {
    const { code, lines, seen } = await run(full);
    expect(code).toBe(0);
    expect(lines).toEqual(["release 0123456789ab created for neuropilot-backend", "deploy to staging recorded"]);
    expect(seen).toHaveLength(2);
  });

  it("prints the usage for --help, exit 0, calling nothing", async () => {
    const { code, lines, seen } = await run(["--help"]);
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^usage: npx tsx pipeline\/sentry-release.ts/);
    expect(seen).toEqual([]);
  });

  it("refuses an unknown flag and a missing one with the usage, exit 2", async () => {
    const unknown = await run([...full, "--force"]);
    expect(unknown.code).toBe(2);
    expect(unknown.lines[0]).toContain("sentry-release: Unknown option '--force'");
    const missing = await run(full.slice(2));
    expect(missing.code).toBe(2);
    expect(missing.lines[0]).toBe("sentry-release: missing --org");
  });

  it("takes the organization, backend project, backend repository and environment from the stack's config", async () => {
    const { code, lines, seen } = await run(["--stack", "neuropilot-production", "--commit", commit]);
    expect(code).toBe(0);
    expect(lines).toEqual(["release 0123456789ab created for neuropilot-backend", "deploy to production recorded"]);
    expect(seen.map((s) => s.url)).toEqual([
      "/api/0/organizations/neuropilot/releases/",
      `/api/0/organizations/neuropilot/releases/${commit}/deploys/`,
    ]);
    expect(seen[0].body).toEqual({
      version: commit,
      projects: ["neuropilot-backend"],
      refs: [{ repository: "neuropilot/neuropilot-backend", commit }],
    });
    expect(seen[1].body).toEqual({ environment: "production", projects: ["neuropilot-backend"] });
    // A flag given beside --stack wins.
    const staging = await run(["--stack", "neuropilot-production", "--environment", "staging", "--commit", commit]);
    expect(staging.lines.at(-1)).toBe("deploy to staging recorded");
  });

  it("refuses an unknown stack with the usage, exit 2, calling nothing", async () => {
    const { code, lines, seen } = await run(["--stack", "neuropilot-nowhere", "--commit", commit]);
    expect(code).toBe(2);
    expect(lines[0]).toBe(
      'sentry-release: unknown stack "neuropilot-nowhere" (known: neuropilot-staging, neuropilot-production)',
    );
    expect(seen).toEqual([]);
  });

  it("refuses to run without SENTRY_AUTH_TOKEN, exit 2", async () => {
    const { code, lines, seen } = await run(full, {});
    expect(code).toBe(2);
    expect(lines[0]).toContain("SENTRY_AUTH_TOKEN is not set");
    expect(seen).toEqual([]);
  });
});
