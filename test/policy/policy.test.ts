// Policy as code: the bundled app passes; every rule fails on a stack that breaks it
// (a construct overridden or removed, or a modified config); waivers are config-checked;
// and a violation stops synth before anything is written.
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type App, TerraformResource } from "cdktf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app";
import { ConfigError } from "../../config/load";
import { validateEnvironments } from "../../policy/config-guardrails";
import { checkPolicy, PolicyError, type PolicyReport } from "../../policy/check";
import { Inventory } from "../../policy/inventory";
import { POLICY_RULE_IDS } from "../../config/policy-rule-ids";
import { POLICY_RULES } from "../../policy/rules";
import { synthesize } from "../../synthesize";
import { type BundledInputs, bundledInputs, sourcesOf } from "../support/configs";

function appFrom(mutate: (inputs: BundledInputs) => void = () => {}): App {
  const inputs = bundledInputs();
  mutate(inputs);
  return buildApp(validateEnvironments(sourcesOf(inputs)), { backend: "cloud", outdir: join(tmpdir(), "unused") });
}

function resourceAt(app: App, path: string): TerraformResource {
  const node = app.node.findAll().find((n) => n.node.path === path);
  if (!node || !TerraformResource.isTerraformResource(node)) throw new Error(`no resource at ${path}`);
  return node;
}

function removeChild(app: App, path: string): void {
  const parts = path.split("/");
  const parent = app.node.findAll().find((n) => n.node.path === parts.slice(0, -1).join("/"));
  if (!parent?.node.tryRemoveChild(parts[parts.length - 1])) throw new Error(`no construct at ${path}`);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const findingsOf = (report: PolicyReport, rule: string) =>
  report.findings.filter((f) => f.rule === rule).map((f) => `${f.path}: ${f.message}`);

describe("the bundled app", () => {
  let report: PolicyReport;
  beforeAll(() => {
    report = checkPolicy(appFrom());
  });

  it("meets every rule in production, and in staging except what staging waives", () => {
    expect(report.findings).toEqual([]);
    expect(report.waived.map((w) => `${w.environment} ${w.rule}`)).toEqual([
      "staging database-prevent-destroy",
      "staging database-prevent-destroy",
      "staging read-replica",
      "staging alerting",
    ]);
    expect(report.waived.filter((w) => w.rule === "database-prevent-destroy").map((w) => w.path)).toEqual([
      "neuropilot-staging/database/branch",
      "neuropilot-staging/database/app-role",
    ]);
    expect(report.unusedWaivers).toEqual([]);
  });

  it("covers every rule name config may waive", () => {
    expect(POLICY_RULES.map((r) => r.id)).toEqual([...POLICY_RULE_IDS]);
  });
});

describe("rules on overridden resources (one app, one break per rule)", () => {
  let report: PolicyReport;
  beforeAll(() => {
    const app = appFrom();
    resourceAt(app, "neuropilot-production/edge/tls/ssl").addOverride("value", "full");
    resourceAt(app, "neuropilot-production/edge/tls/min-tls-version").addOverride("value", "1.0");
    resourceAt(app, "neuropilot-production/edge/tls/hsts").addOverride(
      "value.strict_transport_security.enabled",
      false,
    );
    resourceAt(app, "neuropilot-production/database/app-role").addOverride("lifecycle.prevent_destroy", false);
    resourceAt(app, "neuropilot-platform/database/project").addOverride("lifecycle.prevent_destroy", false);
    resourceAt(app, "neuropilot-production/api-backend/us-west/variable-SENTRY_DSN").addOverride(
      "value",
      "https://0123456789abcdef0123456789abcdef@o1.ingest.sentry.io/2",
    );
    report = checkPolicy(app);
  });

  it("tls-strict: the zone's SSL mode must be strict (and staging, served by the zone, fails too)", () => {
    expect(findingsOf(report, "tls-strict")).toEqual([
      'neuropilot-production/edge/tls/ssl: ssl is "full"; it must be "strict"',
      'neuropilot-production/edge/tls/ssl: ssl is "full"; it must be "strict"',
    ]);
    expect(report.findings.filter((f) => f.rule === "tls-strict").map((f) => f.environment)).toEqual([
      "staging",
      "production",
    ]);
  });

  it("tls-min-version: TLS 1.2 or newer", () => {
    expect(findingsOf(report, "tls-min-version")).toContain(
      'neuropilot-production/edge/tls/min-tls-version: min_tls_version is "1.0"; it must be "1.2" or "1.3"',
    );
  });

  it("hsts: Strict-Transport-Security enabled", () => {
    expect(findingsOf(report, "hsts")).toContain(
      "neuropilot-production/edge/tls/hsts: strict_transport_security is not enabled",
    );
  });

  it("database-prevent-destroy: the Neon project and production's role", () => {
    expect(
      report.findings
        .filter((f) => f.rule === "database-prevent-destroy" && f.environment === "production")
        .map((f) => f.path),
    ).toEqual(["neuropilot-platform/database/project", "neuropilot-production/database/app-role"]);
  });

  it("sentry-dsn: SENTRY_DSN must come from a sentry_key, and the finding never shows the literal", () => {
    const findings = report.findings.filter((f) => f.rule === "sentry-dsn");
    expect(findings.map((f) => `${f.path}: ${f.message}`)).toEqual([
      "neuropilot-production/api-backend/us-west/variable-SENTRY_DSN: SENTRY_DSN is a literal value",
    ]);
    expect(JSON.stringify(findings)).not.toContain("0123456789abcdef");
  });
});

describe("rules on modified configs and removed constructs", () => {
  it("waf-managed: a zone without managed WAF rules", () => {
    const report = checkPolicy(appFrom((i) => (i.production.cloudflare.waf.enabled = false)));
    expect(findingsOf(report, "waf-managed")).toContain(
      "neuropilot-production: no stack declares a managed WAF ruleset (http_request_firewall_managed) for zone neuropilot.ai",
    );
  });

  it("login-rate-limit: no rate limiting, or a login path the zone's rule does not cover", () => {
    const off = checkPolicy(appFrom((i) => (i.production.cloudflare.rateLimit.enabled = false)));
    expect(findingsOf(off, "login-rate-limit")).toContain(
      "neuropilot-production: no stack declares a rate-limiting ruleset (http_ratelimit) for zone neuropilot.ai",
    );
    const elsewhere = checkPolicy(appFrom((i) => (i.staging.cloudflare.rateLimit.loginPath = "/api/v2/login")));
    expect(findingsOf(elsewhere, "login-rate-limit")).toEqual([
      "neuropilot-production/edge/rate-limit/rules/ruleset: no enabled rate-limiting rule mentions the login path /api/v2/login",
    ]);
  });

  it("failover-load-balancer: two regions without a load balancer", () => {
    const app = appFrom();
    removeChild(app, "neuropilot-production/edge/load-balancer");
    expect(findingsOf(checkPolicy(app), "failover-load-balancer")).toEqual([
      "neuropilot-production: 2 regional services but no cloudflare_load_balancer",
    ]);
  });

  it("failover-load-balancer: a pool without a health monitor", () => {
    const app = appFrom();
    resourceAt(app, "neuropilot-production/edge/load-balancer/pool-us-west").addOverride("monitor", "");
    expect(findingsOf(checkPolicy(app), "failover-load-balancer")).toEqual([
      "neuropilot-production/edge/load-balancer/pool-us-west: pool has no health monitor",
    ]);
  });

  it("read-replica: production without one", () => {
    const report = checkPolicy(appFrom((i) => (i.production.neon.readReplicas = 0)));
    expect(findingsOf(report, "read-replica")).toEqual(["neuropilot-production: no read_only neon_endpoint"]);
  });

  it("alerting: production without its alert rules", () => {
    const app = appFrom();
    removeChild(app, "neuropilot-production/monitoring");
    expect(findingsOf(checkPolicy(app), "alerting")).toEqual([
      "neuropilot-production: no alert rule on latency (grafana_rule_group)",
      "neuropilot-production: no alert rule on errors (grafana_rule_group)",
    ]);
  });

  it("alerting: rules nobody is paged for", () => {
    const app = appFrom();
    removeChild(app, "neuropilot-platform/grafana/pagerduty");
    const report = checkPolicy(app);
    expect(findingsOf(report, "alerting")).toEqual([
      "neuropilot-production: no grafana_contact_point with a pagerduty integration in any stack",
    ]);
  });
});

describe("modules not wired yet", () => {
  it("alerting and sentry-dsn report 'not yet applicable' instead of failing", () => {
    const subject = {
      environment: "production",
      tier: "production" as const,
      zoneId: "z",
      zoneName: "example.com",
      loginPath: "/login",
      waivers: [],
      cells: [],
      observability: { sentryDataRegion: "us" as const, grafanaPrometheusUrl: "https://example.com" },
    };
    const ctx = { subject, stack: "neuropilot-production", inventory: new Inventory([]) };
    const outcomes = POLICY_RULES.filter((r) => r.id === "alerting" || r.id === "sentry-dsn").map((r) => r.check(ctx));
    expect(outcomes).toEqual([
      { kind: "not-applicable", reason: "the Grafana module (constructs/grafana) is not wired into any stack yet" },
      { kind: "not-applicable", reason: "the Sentry module (constructs/sentry) is not wired into any stack yet" },
    ]);
  });
});

describe("waivers", () => {
  it("are refused for production", () => {
    const inputs = bundledInputs();
    inputs.production.policy = { waive: [{ rule: "read-replica", reason: "we would like to save money here" }] };
    expect(() => validateEnvironments(sourcesOf(inputs))).toThrow(
      "config/production.ts: production.policy.waive: production may not waive policy rules (found read-replica); fix the configuration instead",
    );
  });

  it("must name a rule, once, with a reason", () => {
    const inputs = bundledInputs();
    inputs.staging.policy = {
      waive: [
        // @ts-expect-error: not a rule name
        { rule: "no-such-rule", reason: "testing an unknown rule name" },
        { rule: "hsts", reason: "short" },
      ],
    };
    let error: unknown;
    try {
      validateEnvironments(sourcesOf(inputs));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const messages = (error as ConfigError).problems.map((p) => `${p.path}: ${p.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^staging\.policy\.waive\[0\]\.rule: Invalid option: expected one of "tls-strict"/),
      "staging.policy.waive[1].reason: say why",
    ]);
  });

  it("may waive a rule only once", () => {
    const inputs = bundledInputs();
    inputs.staging.policy?.waive?.push({ rule: "read-replica", reason: "a second waiver for the same rule" });
    expect(() => validateEnvironments(sourcesOf(inputs))).toThrow(
      "config/staging.ts: staging.policy.waive[3].rule: read-replica is waived twice; keep one entry",
    );
  });

  it("without them, staging fails the production rules it does not meet", () => {
    const report = checkPolicy(appFrom((i) => (i.staging.policy = { waive: [] })));
    expect(report.findings.map((f) => `${f.environment} ${f.rule}`)).toEqual([
      "staging database-prevent-destroy",
      "staging database-prevent-destroy",
      "staging read-replica",
      "staging alerting",
    ]);
  });

  it("that nothing needs are reported as unused", () => {
    const report = checkPolicy(
      appFrom((i) =>
        i.staging.policy?.waive?.push({ rule: "tls-strict", reason: "staging would accept a weaker mode" }),
      ),
    );
    expect(report.unusedWaivers).toEqual([{ rule: "tls-strict", environment: "staging" }]);
  });
});

describe("enforcement at synth", () => {
  let outdir: string;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), "neuropilot-policy-"));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it("fails synth with every finding (path, rule, fix) and writes nothing", () => {
    const inputs = bundledInputs();
    inputs.production.neon.readReplicas = 0;
    inputs.production.cloudflare.waf.enabled = false;
    let error: unknown;
    try {
      synthesize(sourcesOf(inputs), { backend: "cloud", outdir });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyError);
    const message = (error as PolicyError).message;
    expect(message).toMatch(/^Policy check failed \(\d+ findings\); nothing was synthesised:/);
    expect(message).toContain(
      "  neuropilot-production [read-replica]: no read_only neon_endpoint\n      fix: set neon.readReplicas to 1 or more",
    );
    expect(message).toContain("[waf-managed]");
    // cdktf's App creates the (empty) folders when constructed; no file is written.
    expect(filesUnder(outdir)).toEqual([]);
  });
});
