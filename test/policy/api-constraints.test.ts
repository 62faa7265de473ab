// The API-constraint rule pack: each rule has a failing and a passing fixture (hand-written
// Terraform JSON resources), and the config-enforced entries fail and pass on config. The
// pack at synth is api-constraints-synth.test.ts: this file builds no app, so the mutation
// suite can run it per mutant.
import { describe, expect, it } from "vitest";
import { Inventory } from "../../policy/inventory";
import { API_RULES, CONFIG_ENFORCED_RULES } from "../../policy/api-constraints";
import type { ApiRule, StackFacts } from "../../policy/api-constraints/rule";
import { templateParts } from "../../policy/api-constraints/terraform";
import type { JsonObject, TfResource } from "../../terraform-json/tf-json";
import { problemsAfter } from "../support/configs";

const rule = (id: string): ApiRule => {
  const found = API_RULES.find((r) => r.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
};

let serial = 0;
function res(stack: string, type: string, attrs: JsonObject, logicalId = `r${++serial}`): TfResource {
  return { stack, type, logicalId, attrs: { ...attrs, "//": { metadata: { path: `${stack}/${logicalId}` } } } };
}

function run(id: string, resources: TfResource[], stacks: StackFacts[] = []): string[] {
  return rule(id)
    .check({ inventory: new Inventory(resources), stacks })
    .map((v) => `${v.path}: ${v.message}`);
}

const ZONE = "8a1b2c3d4e5f60718293a4b5c6d7e8f9";
const PROJECT = res(
  "platform",
  "neon_project",
  { branch: { name: "main", database_name: "neuropilot", role_name: "app_owner" } },
  "project",
);
const DEFAULT = "${neon_project.project.default_branch_id}";

describe("every rule is complete", () => {
  it.each(API_RULES.map((r) => [r.id, r] as const))("%s has resource types, a fix and a source", (_, r) => {
    expect(r.resourceTypes.length).toBeGreaterThan(0);
    expect(r.fix.length).toBeGreaterThan(10);
    expect(r.source.ref).toMatch(/\S/);
    expect(r.source.version).toMatch(/\S/);
  });

  it("has unique ids across both kinds", () => {
    const ids = [...API_RULES, ...CONFIG_ENFORCED_RULES].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("providers-pinned", () => {
  const stack = (requiredProviders: StackFacts["requiredProviders"]): StackFacts[] => [
    { name: "s", providers: ["neon", "cloudflare"], requiredProviders },
  ];
  it("fails on a provider without a version, or with a range", () => {
    expect(
      run("providers-pinned", [], stack({ neon: { source: "kislerdm/neon" }, cloudflare: { version: "~> 5.0" } })),
    ).toEqual([
      "s: provider neon has no version in required_providers",
      's: provider cloudflare is constrained to "~> 5.0", not one exact version',
    ]);
  });
  it("passes when every provider has one exact version", () => {
    expect(
      run("providers-pinned", [], stack({ neon: { version: "0.15.0" }, cloudflare: { version: "= 5.14.0" } })),
    ).toEqual([]);
  });
});

describe("no-template-sequences", () => {
  const role = res("s", "neon_role", { name: "app" }, "role");
  it("fails on a function no construct writes, an undeclared reference and a directive", () => {
    const bad = res("s", "railway_project", {
      name: 'x${file("/etc/passwd")}',
      description: "${aws_instance.x.id}",
      team_id: "%{ if true }y%{ endif }",
    });
    expect(run("no-template-sequences", [role, bad])).toEqual([
      `s/${bad.logicalId}: "\${file("/etc/passwd")}" calls file(), which no construct writes`,
      `s/${bad.logicalId}: "\${aws_instance.x.id}" refers to aws_instance.x, which no stack declares`,
      `s/${bad.logicalId}: a "%{" template directive in "%{ if true }y%{ endif }"`,
    ]);
  });
  it("passes the program's own references, functions and escapes", () => {
    const good = res("s", "railway_variable", {
      value:
        'postgresql://${neon_role.role.name}@${replace(neon_role.role.name, "/^[^.]+[.]/", "")}/db $${literal} %%{x}',
      other: "${var.token} ${data.terraform_remote_state.x.outputs.y}",
    });
    expect(run("no-template-sequences", [role, good])).toEqual([]);
  });
  it("finds nested braces and skips escaped sequences", () => {
    expect(templateParts('a ${jsonencode({ a = "}" })} $${b}').expressions).toEqual(['jsonencode({ a = "}" })']);
  });
});

describe("service-names", () => {
  it("fails on names outside their service's charset or length", () => {
    const found = run("service-names", [
      res("s", "neon_role", { name: "a".repeat(64) }, "role"),
      res("s", "sentry_project", { slug: "12345" }, "project"),
      res("s", "railway_service", { name: `${"a".repeat(60)}-us-east`, source_repo_branch: "a..b" }, "service"),
      res("s", "cloudflare_workers_script", { script_name: "Auto Heal" }, "worker"),
      // <service>-<region>-<environment> one past a DNS label's 63 characters.
      res("s", "railway_service_domain", { subdomain: `${"a".repeat(40)}-us-east-${"p".repeat(15)}` }, "domain"),
    ]);
    expect(found.map((f) => f.split(":")[0])).toEqual([
      "s/role",
      "s/project",
      "s/service",
      "s/service",
      "s/domain",
      "s/worker",
    ]);
    expect(found.at(-2)).toBe(
      `s/domain: subdomain "${"a".repeat(40)}-us-east-${"p".repeat(15)}" must be a lower-case DNS label such as neuropilot; at most 63 characters`,
    );
  });
  it("passes names at their limits and skips references", () => {
    expect(
      run("service-names", [
        res("s", "neon_role", { name: "a".repeat(63) }),
        res("s", "sentry_project", { slug: "neuropilot-backend" }),
        res("s", "railway_service", { name: "a".repeat(63), source_repo_branch: "release/v1.2" }),
        res("s", "railway_service_domain", { subdomain: `${"a".repeat(39)}-us-east-${"p".repeat(15)}` }),
        res("s", "railway_project", { name: "${var.x}" }),
        res("s", "cloudflare_workers_script", { script_name: "neuropilot-production-autoheal" }),
      ]),
    ).toEqual([]);
  });
});

describe("cloudflare-ruleset-entrypoint", () => {
  const ruleset = (stack: string, phase: string) =>
    res(stack, "cloudflare_ruleset", { zone_id: ZONE, kind: "zone", phase }, `${stack}-${phase}`);
  it("fails on a second entry point for one (zone, phase), even in another stack", () => {
    expect(
      run("cloudflare-ruleset-entrypoint", [ruleset("a", "http_ratelimit"), ruleset("b", "http_ratelimit")]),
    ).toEqual([
      `b/b-http_ratelimit: second entry-point ruleset for phase http_ratelimit on zone ${ZONE} (first: a/a-http_ratelimit)`,
    ]);
  });
  it("passes one per phase", () => {
    expect(
      run("cloudflare-ruleset-entrypoint", [
        ruleset("a", "http_ratelimit"),
        ruleset("a", "http_request_firewall_custom"),
      ]),
    ).toEqual([]);
  });
});

describe("neon-compute-size", () => {
  const endpoint = (min: number, max: number) =>
    res("s", "neon_endpoint", { autoscaling_limit_min_cu: min, autoscaling_limit_max_cu: max }, `ep-${min}-${max}`);
  it("fails off-step sizes, autoscaling above 16 CU and a spread above 8 CU", () => {
    expect(run("neon-compute-size", [endpoint(0.3, 1), endpoint(16, 18), endpoint(1, 10)])).toEqual([
      "s/ep-0.3-1: autoscaling_limit_min_cu = 0.3 is not a Neon compute size",
      "s/ep-16-18: autoscaling above 16 CU (16–18)",
      "s/ep-1-10: autoscaling range 1–10 CU spans more than 8 CU",
    ]);
  });
  it("passes steps, a spread of exactly 8 and a fixed 56 CU (also on the project's defaults)", () => {
    const project = res("p", "neon_project", {
      default_endpoint_settings: { autoscaling_limit_min_cu: 0.25, autoscaling_limit_max_cu: 2 },
    });
    expect(run("neon-compute-size", [endpoint(0.25, 0.5), endpoint(8, 16), endpoint(56, 56), project])).toEqual([]);
  });
});

describe("neon-branch-objects-unique", () => {
  const branch = res("staging", "neon_branch", { name: "staging", parent_id: DEFAULT }, "branch");
  const onBranch = "${neon_branch.branch.id}";
  it("fails on the project's database declared again on the default branch (the old production)", () => {
    const database = res("production", "neon_database", { branch_id: DEFAULT, name: "neuropilot" }, "database");
    expect(run("neon-branch-objects-unique", [PROJECT, database])).toEqual([
      "production/database: database neuropilot already exists on this branch when it is applied: platform/project (created with the project)",
    ]);
  });
  it("fails on what a child branch inherits: the project's database (the old staging) and a parent's role", () => {
    const database = res("staging", "neon_database", { branch_id: onBranch, name: "neuropilot" }, "database");
    const parentRole = res("production", "neon_role", { branch_id: DEFAULT, name: "app" }, "prod-role");
    const childRole = res("staging", "neon_role", { branch_id: onBranch, name: "app" }, "staging-role");
    expect(run("neon-branch-objects-unique", [PROJECT, branch, childRole, database, parentRole])).toEqual([
      "staging/staging-role: role app already exists on this branch when it is applied: production/prod-role (inherited from the parent branch)",
      "staging/database: database neuropilot already exists on this branch when it is applied: platform/project (created with the project) (inherited from the parent branch)",
    ]);
  });
  it("fails on two branches of one name", () => {
    const twin = res("other", "neon_branch", { name: "staging", parent_id: DEFAULT }, "twin");
    expect(run("neon-branch-objects-unique", [PROJECT, branch, twin])).toEqual([
      "other/twin: branch name staging is already used by staging/branch",
    ]);
  });
  it("passes one role per branch with names no parent has, and no database declared", () => {
    const resources = [
      PROJECT,
      branch,
      res("production", "neon_role", { branch_id: DEFAULT, name: "app" }),
      res("staging", "neon_role", { branch_id: onBranch, name: "app_staging" }),
    ];
    expect(run("neon-branch-objects-unique", resources)).toEqual([]);
  });
});

describe("config-enforced entries fail and pass on config", () => {
  type Mutation = Parameters<typeof problemsAfter>[0];
  const fixtures: Record<string, { fail: Mutation; pass: Mutation; message: string }> = {
    "cloudflare-rate-limit-plan": {
      fail: (c) => (c.production.cloudflare.rateLimit.login.periodSeconds = 120),
      pass: (c) => (c.production.cloudflare.rateLimit.login.periodSeconds = 60),
      message: "production.cloudflare.rateLimit.login.periodSeconds: the pro plan allows periods",
    },
    "cloudflare-cache-ttl-plan": {
      fail: (c) => (c.production.cloudflare.cache.edgeTtlSeconds = 3599),
      pass: (c) => (c.production.cloudflare.cache.edgeTtlSeconds = 3600),
      message: "production.cloudflare.cache.edgeTtlSeconds: the pro plan's minimum edge cache TTL is 3600s",
    },
    "cloudflare-monitor-interval-plan": {
      fail: (c) => (c.production.cloudflare.loadBalancer.monitorIntervalSeconds = 59),
      pass: (c) => (c.production.cloudflare.loadBalancer.monitorIntervalSeconds = 60),
      message: "production.cloudflare.loadBalancer.monitorIntervalSeconds: the pro plan's load-balancing monitors",
    },
    "neon-compute-plan": {
      fail: (c) => {
        for (const env of [c.staging, c.production]) env.neon.plan = "free";
        c.production.neon.historyRetentionSeconds = c.staging.neon.historyRetentionSeconds = 21_600;
        c.production.neon.compute.maxCu = 3;
        c.production.neon.compute.suspendTimeoutSeconds = 300;
      },
      pass: (c) => {
        for (const env of [c.staging, c.production]) env.neon.plan = "free";
        c.production.neon.historyRetentionSeconds = c.staging.neon.historyRetentionSeconds = 21_600;
        c.production.neon.compute.maxCu = 2;
        // Free always suspends after 5 minutes: production's never (-1) is refused there.
        c.production.neon.compute.suspendTimeoutSeconds = 300;
      },
      message: "production.neon.compute.maxCu: 3 CU exceeds the Neon free plan's 2 CU",
    },
    "github-reviewers-plan": {
      fail: (c) => (c.production.github = { ...c.production.github, visibility: "private" }),
      pass: (c) => {
        for (const env of [c.staging, c.production])
          env.github = { ...env.github, visibility: "private", plan: "enterprise" };
      },
      message:
        "production.github.visibility: a private repository on GitHub Team has environments but no required reviewers",
    },
    "neon-suspend-plan": {
      fail: (c) => (c.staging.neon.compute.suspendTimeoutSeconds = 600),
      pass: (c) => (c.staging.neon.compute.suspendTimeoutSeconds = 0),
      message:
        "staging.neon.compute.suspendTimeoutSeconds: the Neon launch plan suspends after 5 minutes or never: use 300 (or 0, Neon's default) or -1",
    },
    "railway-reserved-variables": {
      fail: (c) => (c.production.railway.variables = { SENTRY_DSN: "x" }),
      pass: (c) => (c.production.railway.variables = { SENTRY_DSN_FRONTEND: "x" }),
      message: "production.railway.variables.SENTRY_DSN: SENTRY_DSN is set by the stack",
    },
    "config-literals": {
      fail: (c) => (c.production.sentry!.githubIntegration = "gh${x}"),
      pass: (c) => (c.production.sentry!.githubIntegration = "gh$${x}"),
      message: 'production.sentry.githubIntegration: contains the Terraform template sequence "${"',
    },
  };

  it("every entry has fixtures", () => {
    expect(Object.keys(fixtures).sort()).toEqual(CONFIG_ENFORCED_RULES.map((r) => r.id).sort());
  });

  it.each(Object.entries(fixtures))("%s", (_, fixture) => {
    expect(problemsAfter(fixture.fail)).toContain(fixture.message);
    expect(problemsAfter(fixture.pass)).toBe("");
  });
});
