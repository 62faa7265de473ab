// `npm run adopt` against loopback fakes of the six APIs (test/support/fake-account.ts): a
// live account that already holds the seed platform is found, paged through, matched by
// name/slug/uid/phase and written as adoption lists in each provider's import id format;
// every failure mode of every API is one line naming the service and the fix, and writes
// nothing; no credential or secret the APIs return leaves adopt.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../adopt/cli";
import { RailwayClient } from "../../vendors/railway";
import { importIdProblem, NOT_IMPORTABLE } from "../../config/import-ids";
import { SECRET_PATTERNS } from "../../secrets/patterns";
import { synthesize } from "../../synthesize";
import {
  ACCOUNT,
  type Failure,
  type FakeAccount,
  MISSING_FROM_SEED,
  PLANTED,
  RAILWAY_WORKSPACE,
  type ServiceName,
  startFakeAccount,
  TOKENS,
  ZONE,
} from "../support/fake-account";
import { bundledInputs, sourcesOf } from "../support/configs";
import { type List, readList } from "../support/adoption-list";

const STACKS = ["neuropilot-platform", "neuropilot-staging", "neuropilot-production", "neuropilot-github"];
const work = mkdtempSync(join(tmpdir(), "np-adopt-"));
const synthDir = join(work, "cdktf.out");
let fake: FakeAccount;

beforeAll(async () => {
  synthesize(sourcesOf(bundledInputs()), { backend: "local", outdir: synthDir });
  fake = await startFakeAccount();
});
afterAll(async () => {
  await fake?.close();
  rmSync(work, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
  fake.fail(undefined);
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function adopt(root: string, stack: string, env = fake.env, extra: string[] = []): Promise<Run> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void stdout.push(args.join(" ")));
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void stderr.push(args.join(" ")));
  mkdirSync(join(root, "config", "adopt"), { recursive: true });
  const code = await main([stack, "--synth", synthDir, ...extra], env, root);
  vi.restoreAllMocks();
  return { code, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
}

/** Table rows: status, path, type, detail. */
function rows(stdout: string): Array<[string, string, string, string]> {
  return stdout
    .split("\n")
    .map((line) => /^(will import|will create|not matched|not managed)\s+(\S+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1], m[2], m[3], m[4]]);
}

describe("npm run adopt against a fake account holding the seed platform", () => {
  const root = mkdtempSync(join(work, "root-"));
  const runs = new Map<string, Run>();
  const lists = new Map<string, List>();

  beforeAll(async () => {
    for (const stack of STACKS) {
      runs.set(stack, await adopt(root, stack));
      lists.set(stack, readList(join(root, "config", "adopt", `${stack}.ts`)));
    }
  });

  it("discovers every stack without a warning", () => {
    for (const stack of STACKS) expect([stack, runs.get(stack)?.code, runs.get(stack)?.stderr]).toEqual([stack, 0, ""]);
  });

  it("imports everything that exists; creates only what is missing or cannot be imported", () => {
    const all = STACKS.flatMap((stack) => rows(runs.get(stack)?.stdout ?? "").map((r) => [stack, ...r]));
    expect(all.filter((r) => r[1] === "not matched")).toEqual([]);
    const creates = all.filter((r) => r[1] === "will create");
    const notImportable = creates.filter((r) => NOT_IMPORTABLE[r[3]] !== undefined);
    // GitHub environment secrets: plan 4 read-only plan credentials + 3 TF_VAR_ + record key; drift
    // 4 + Neon and Railway keys + 3 TF_VAR_; platform 6 apply credentials + 3 TF_VAR_ + record key;
    // staging 6 + record key + CI metrics push token + Sentry release token; production 6 + record
    // key + 6 Worker secrets + CI metrics push token + Sentry release token.
    expect(notImportable).toHaveLength(8 + 9 + 10 + 9 + 15);
    expect(notImportable.every((r) => r[4] === `${r[3]} cannot be imported; the apply writes it`)).toBe(true);
    // The fake account has no cache rules entry point, no p95 monitor, no SLOs (v18's) and no
    // release-regression alert yet,
    // and no ownership record for staging's Railway custom domain (its name is known at apply).
    expect(creates.filter((r) => NOT_IMPORTABLE[r[3]] === undefined).map((r) => `${r[0]}/${r[2]}`)).toEqual(
      MISSING_FROM_SEED,
    );
    const imports = all.filter((r) => r[1] === "will import");
    expect(imports.length).toBe(STACKS.reduce((n, s) => n + (lists.get(s)?.resources.length ?? 0), 0));
  });

  it("shows live objects no construct declares as not managed, and writes none of them", () => {
    const all = STACKS.flatMap((stack) => rows(runs.get(stack)?.stdout ?? "").map((r) => [stack, ...r]));
    expect(all.filter((r) => r[1] === "not managed").map((r) => `${r[0]} ${r[3]} ${r[2]}`)).toEqual([
      "neuropilot-production cloudflare_load_balancer_pool api-neuropilot-ai-legacy",
      "neuropilot-production railway_service neuropilot-production/neuropilot-worker-legacy",
      "neuropilot-github github_repository_ruleset neuropilot-infra/protect-tags",
    ]);
    const listed = STACKS.flatMap((stack) => lists.get(stack)?.resources.map((r) => r.path) ?? []);
    expect(listed.some((p) => p.includes("legacy") || p.includes("protect-tags"))).toBe(false);
  });

  it("writes ids in each provider's import id format, noting what matched", () => {
    for (const stack of STACKS) {
      const declared = JSON.parse(readFileSync(join(synthDir, "stacks", stack, "cdk.tf.json"), "utf8")) as {
        resource: Record<string, Record<string, { "//": { metadata: { path: string } } }>>;
      };
      const typeOf = new Map(
        Object.entries(declared.resource).flatMap(([type, byName]) =>
          Object.values(byName).map((r) => [r["//"].metadata.path.slice(stack.length + 1), type] as const),
        ),
      );
      for (const entry of lists.get(stack)?.resources ?? []) {
        expect([entry.path, importIdProblem(typeOf.get(entry.path) ?? "?", entry.id)]).toEqual([entry.path, undefined]);
        expect(entry.note).toMatch(/^discovered: /);
      }
    }
  });

  it.each([
    // Neon: the project on the second page of the cursor-paged list; the default branch, by name, replicas by type.
    ["neuropilot-platform", "database/project", "shiny-cell-31746257"],
    ["neuropilot-staging", "database/branch", "shiny-cell-31746257/br-staging-a5q8r2d4"],
    ["neuropilot-staging", "database/app-role", "shiny-cell-31746257/br-staging-a5q8r2d4/neuropilot_app_staging"],
    ["neuropilot-staging", "database/primary-endpoint", "shiny-cell-31746257/ep-staging-rw-345678"],
    ["neuropilot-production", "database/app-role", "shiny-cell-31746257/br-wispy-meadow-a5kz0b1c/neuropilot_app"],
    ["neuropilot-production", "database/read-replica-1", "shiny-cell-31746257/ep-main-ro-234567"],
    // Sentry: slugs; keys on the second Link page; repositories by integration.
    ["neuropilot-platform", "sentry/team", "neuropilot/platform"],
    ["neuropilot-platform", "sentry/backend", "neuropilot/neuropilot-backend"],
    ["neuropilot-platform", "sentry/repository-neuropilot-neuropilot-infra", "neuropilot/github/77/901"],
    ["neuropilot-production", "sentry/issue-alert", "neuropilot/301"],
    // Grafana: uids, names, folder:title.
    ["neuropilot-platform", "grafana/prometheus", "neuropilot-prometheus"],
    ["neuropilot-platform", "grafana/slack", "neuropilot-slack"],
    ["neuropilot-staging", "monitoring/rules-service", "neuropilot:neuropilot-staging-service"],
    ["neuropilot-production", "monitoring/dashboard", "neuropilot-production"],
    // GitHub: environments, policies, the ruleset by name on the second Link page.
    ["neuropilot-github", "environment-staging/environment", "neuropilot-infra:staging"],
    ["neuropilot-github", "environment-production/branch-main", "neuropilot-infra:production:1002"],
    ["neuropilot-github", "main-branch/ruleset", "neuropilot-infra:42"],
    ["neuropilot-github", "drift-label/label", "neuropilot-infra:drift"],
    // Cloudflare: the anchor ids and the entry point by phase.
    ["neuropilot-production", "edge/tls/ssl", `${ZONE}/ssl`],
    ["neuropilot-production", "autoheal/cron", `${ACCOUNT}/neuropilot-production-autoheal`],
  ])("%s %s → %s", (stack, path, id) => {
    expect(lists.get(stack)?.resources.find((r) => r.path === path)?.id).toBe(id);
  });

  it("finds Railway's project on a later page, its services, domains and variables", () => {
    const byPath = new Map((lists.get("neuropilot-production")?.resources ?? []).map((r) => [r.path, r.id]));
    const east = byPath.get("api-backend/us-east/service") ?? "";
    expect(east).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(byPath.get("api-backend/us-east/domain")).toBe(
      `${east}:production:neuropilot-backend-us-east-production.up.railway.app`,
    );
    expect(byPath.get("api-backend/us-east/variable-DATABASE_URL")).toBe(`${east}:production:DATABASE_URL`);
    const staging = new Map((lists.get("neuropilot-staging")?.resources ?? []).map((r) => [r.path, r.id]));
    expect(staging.get("api-backend/custom-domain")).toMatch(/:staging:api-staging\.neuropilot\.ai$/);
  });

  it("only reads: GETs, and GraphQL POSTs to Railway", () => {
    const writes = fake.requests.filter((r) => r.method !== "GET");
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((r) => r.service === "railway" && r.method === "POST")).toBe(true);
  });

  it("never shows a credential or a secret the APIs returned", () => {
    const secrets = [...Object.values(TOKENS), ...Object.values(PLANTED), PLANTED.sentrySecret];
    for (const stack of STACKS) {
      const text = [
        runs.get(stack)?.stdout,
        runs.get(stack)?.stderr,
        readFileSync(join(root, "config", "adopt", `${stack}.ts`), "utf8"),
      ].join("\n");
      for (const secret of secrets) expect(text).not.toContain(secret);
      // Nor a recognisable part of one (the password inside the connection string), nor
      // anything the repository's own secret patterns recognise.
      expect(text).not.toMatch(/npg_|postgresql:|hooks\.slack|ingest\.us\.sentry/);
      expect(SECRET_PATTERNS.filter(({ pattern }) => new RegExp(pattern.source).test(text))).toEqual([]);
    }
  });

  it("writes the lists as Prettier would (npm run lint stays green)", async () => {
    const prettier = await import("prettier");
    const options = await prettier.resolveConfig(join(__dirname, "..", "..", "config", "adopt", "x.ts"));
    for (const stack of STACKS) {
      const text = readFileSync(join(root, "config", "adopt", `${stack}.ts`), "utf8");
      expect(await prettier.check(text, { ...options, parser: "typescript" })).toBe(true);
    }
  });

  it("is stable when run again", async () => {
    const file = join(root, "config", "adopt", "neuropilot-production.ts");
    const first = readFileSync(file, "utf8");
    expect((await adopt(root, "neuropilot-production")).code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(first);
  });
});

// The stack each service is exercised on: the smallest that has its resources.
const STACK_OF: Record<ServiceName, string> = {
  cloudflare: "neuropilot-production",
  neon: "neuropilot-platform",
  railway: "neuropilot-staging",
  grafana: "neuropilot-platform",
  sentry: "neuropilot-platform",
  github: "neuropilot-github",
};
const NAME: Record<ServiceName, string> = {
  cloudflare: "Cloudflare",
  neon: "Neon",
  railway: "Railway",
  grafana: "Grafana",
  sentry: "Sentry",
  github: "GitHub",
};
const VAR: Record<ServiceName, string> = {
  cloudflare: "CLOUDFLARE_API_TOKEN",
  neon: "NEON_API_KEY",
  railway: "RAILWAY_TOKEN",
  grafana: "GRAFANA_AUTH",
  sentry: "SENTRY_AUTH_TOKEN",
  github: "GITHUB_TOKEN",
};
const SERVICES = Object.keys(STACK_OF) as ServiceName[];

const FAILURES: Array<[Failure, (service: ServiceName) => RegExp]> = [
  [
    "401",
    (s) =>
      new RegExp(
        `^${NAME[s]}: 401 on (GET|POST) \\S+: the token in ${VAR[s]} is missing, expired or lacks read access; use a token with read scope on this account$`,
      ),
  ],
  ["403", (s) => new RegExp(`^${NAME[s]}: 403 on (GET|POST) \\S+: the token in ${VAR[s]} `)],
  ["404", (s) => new RegExp(`^${NAME[s]}: .+ not found \\(404\\); check `)],
  [
    "429-always",
    (s) =>
      new RegExp(
        `^${NAME[s]}: rate limited on (GET|POST) \\S+ \\(429, retry after 0s, 3 attempt\\(s\\)\\); wait and run again$`,
      ),
  ],
  [
    "malformed",
    (s) =>
      new RegExp(`^${NAME[s]}: (GET|POST) \\S+ returned malformed JSON; retry, or check the service's status page$`),
  ],
  // The vendor's own reason, where its error body has one (Cloudflare, Neon, Sentry), in brackets.
  [
    "500",
    (s) =>
      new RegExp(
        `^${NAME[s]}: (GET|POST) \\S+ answered 500( \\([^)]+\\))?; retry, or check the service's status page$`,
      ),
  ],
];

describe.each(SERVICES)("a failing %s API", (service) => {
  it.each(FAILURES)("%s: one line naming the service and the fix; nothing written", async (failure, message) => {
    const root = mkdtempSync(join(work, `fail-${service}-`));
    const file = join(root, "config", "adopt", `${STACK_OF[service]}.ts`);
    fake.fail(service, failure);
    const run = await adopt(root, STACK_OF[service]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(message(service));
    for (const secret of Object.values(TOKENS)) expect(run.stderr).not.toContain(secret);
    expect(existsSync(file)).toBe(false);
  });

  it("waits out one 429 with Retry-After and succeeds", async () => {
    fake.fail(service, "429-once");
    const run = await adopt(mkdtempSync(join(work, "retry-")), STACK_OF[service], fake.env, ["--dry-run"]);
    expect([run.code, run.stderr]).toEqual([0, ""]);
    expect(run.stdout).toContain("(dry run: ");
  });
});

describe("Railway's workspace", () => {
  const client = () => new RailwayClient({ token: TOKENS.railway, baseUrl: fake.env.RAILWAY_API_URL });

  it("lists the configured workspace's projects, and none of another", async () => {
    const all = (await client().projects()).map((p) => p.name);
    expect(all.length).toBeGreaterThan(1);
    expect((await client().projects(RAILWAY_WORKSPACE)).map((p) => p.name)).toEqual(all);
    expect(await client().projects("00000000-0000-4000-8000-000000000000")).toEqual([]);
  });
});

describe("Railway's GraphQL errors", () => {
  it("a denial in a 200 body is the token, in one line; nothing written", async () => {
    const root = mkdtempSync(join(work, "graphql-"));
    fake.fail("railway", "graphql-denied");
    const run = await adopt(root, "neuropilot-staging");
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "Railway: query projects was not authorized: the token in RAILWAY_TOKEN is missing, expired or not a team/account token with access to the project; use one with read access",
    );
    expect(existsSync(join(root, "config", "adopt", "neuropilot-staging.ts"))).toBe(false);
  });
});

describe("a missing credential", () => {
  it("skips its service in one line, keeps its listed entries and discovers the rest", async () => {
    const root = mkdtempSync(join(work, "partial-"));
    const file = join(root, "config", "adopt", "neuropilot-platform.ts");
    mkdirSync(join(root, "config", "adopt"), { recursive: true });
    writeFileSync(
      file,
      `export const adoptNeuropilotPlatform = { stack: "neuropilot-platform", resources: [{ path: "database/project", id: "listed-by-hand-1" }] };\n`,
    );
    const env = { ...fake.env, NEON_API_KEY: "" };
    const run = await adopt(root, "neuropilot-platform", env);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      "Neon: NEON_API_KEY is not set; its 1 resource(s) are not discovered (export NEON_API_KEY: an API key of the organization that owns the project)",
    );
    expect(run.stdout).toMatch(/will import\s+database\/project\s+neon_project\s+listed-by-hand-1 \(listed by hand\)/);
    const list = readList(file);
    expect(list.resources.find((r) => r.path === "database/project")?.id).toBe("listed-by-hand-1");
    expect(list.resources.find((r) => r.path === "sentry/team")?.id).toBe("neuropilot/platform");
  });

  it("with no credential at all: one line per service, exit 1, nothing written", async () => {
    const root = mkdtempSync(join(work, "none-"));
    const run = await adopt(root, "neuropilot-platform", {});
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n")).toEqual([
      expect.stringMatching(/^Neon: NEON_API_KEY is not set; its 1 resource\(s\) are not discovered/),
      expect.stringMatching(/^Grafana: GRAFANA_AUTH is not set; its 6 resource\(s\)/),
      expect.stringMatching(/^Sentry: SENTRY_AUTH_TOKEN is not set; its 5 resource\(s\)/),
      "adopt: no service of neuropilot-platform could be read; nothing written",
    ]);
    expect(existsSync(join(root, "config", "adopt", "neuropilot-platform.ts"))).toBe(false);
  });
});
