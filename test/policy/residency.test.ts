// Residency rules (issue 17) on the 3-cell example (config/examples/global.ts: us, eu strict,
// ap): it passes; one app with one break per rule fails each rule with its message; and the
// config-level guards (a strict cell's Neon region, a region in two cells) stop bad input first.
import { join } from "node:path";
import { tmpdir } from "node:os";
import { type App, TerraformResource } from "cdktf";
import { beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app";
import { GLOBAL_SOURCES, globalProduction } from "../../config/examples/global";
import { ConfigError } from "../../config/load";
import type { EnvironmentInput } from "../../config/schema";
import { checkPolicy, type PolicyReport } from "../../policy/check";
import { validateEnvironments } from "../../policy/config-guardrails";

function globalApp(): App {
  return buildApp(validateEnvironments(GLOBAL_SOURCES), { backend: "cloud", outdir: join(tmpdir(), "unused") });
}

function resourceAt(app: App, path: string): TerraformResource {
  const node = app.node.findAll().find((n) => n.node.path === path);
  if (!node || !TerraformResource.isTerraformResource(node)) throw new Error(`no resource at ${path}`);
  return node;
}

const findingsOf = (report: PolicyReport, rule: string) =>
  report.findings.filter((f) => f.rule === rule).map((f) => `${f.path}: ${f.message}`);

const P = "neuropilot-production";
// Before synth a cross-stack reference still names the platform stack's resource.
const US_POOLER = "${neon_project.database_project_39FA3E36.database_host_pooler}";

describe("the 3-cell example", () => {
  it("meets every residency rule", () => {
    const report = checkPolicy(globalApp());
    expect(report.findings).toEqual([]);
  });
});

describe("residency rules (one app, one break per rule)", () => {
  let report: PolicyReport;
  beforeAll(() => {
    const app = globalApp();
    // The EU backend writes to the US cell's project, and reads from the US cell's replica.
    resourceAt(app, `${P}/api-backend/eu-west/variable-DATABASE_URL`).addOverride(
      "value",
      `postgresql://u:p@${US_POOLER}/neuropilot`,
    );
    resourceAt(app, `${P}/api-backend/eu-west/variable-DATABASE_READ_URL`).addOverride(
      "value",
      "postgresql://u:p@${neon_endpoint.database_read-replica-1_F48CCAD8.host}/neuropilot",
    );
    // EU visitors fail over to Virginia, and the fallback pool is in the US.
    const lb = resourceAt(app, `${P}/edge/load-balancer/load-balancer`);
    const euPool = "${cloudflare_load_balancer_pool.edge_load-balancer_pool-eu-west_B087F93F.id}";
    const usPool = "${cloudflare_load_balancer_pool.edge_load-balancer_pool-us-east_19117DF9.id}";
    lb.addOverride("region_pools.WEU", [euPool, usPool]);
    lb.addOverride("fallback_pool", usPool);
    // us-west's service deployed to Amsterdam: one Railway region serving two cells.
    resourceAt(app, `${P}/api-backend/us-west/service`).addOverride("regions", [
      { region: "europe-west4-drams3a", num_replicas: 1 },
    ]);
    report = checkPolicy(app);
  });

  it("residency-database: a strict cell's backend writing to a database outside its jurisdiction", () => {
    expect(findingsOf(report, "residency-database")).toEqual([
      `${P}/api-backend/eu-west/variable-DATABASE_URL: DATABASE_URL of eu-west (strict cell eu, eu) points at Neon project neuropilot in aws-us-east-2 (us), outside eu`,
    ]);
  });

  it("residency-replica: a strict cell's backend reading from a replica outside its jurisdiction", () => {
    expect(findingsOf(report, "residency-replica")).toEqual([
      `${P}/api-backend/eu-west/variable-DATABASE_READ_URL: DATABASE_READ_URL of eu-west (strict cell eu, eu) points at Neon project neuropilot in aws-us-east-2 (us), outside eu`,
    ]);
  });

  it("residency-fallback: a strict cell's failover list and the fallback pool outside its jurisdiction", () => {
    expect(findingsOf(report, "residency-fallback")).toEqual([
      `${P}/edge/load-balancer/load-balancer: region_pools.WEU (strict cell eu) lists the pool of us-east, in cell us (us)`,
      `${P}/edge/load-balancer/load-balancer: fallback_pool is us-east in cell us (us): when strict cell eu's pools are down its visitors would leave eu`,
    ]);
  });

  it("residency-region-unique: one Railway region serving two cells", () => {
    expect(findingsOf(report, "residency-region-unique")).toEqual([
      `${P}/api-backend/eu-west/service: Railway region europe-west4-drams3a serves cell eu here and cell us at ${P}/api-backend/us-west/service`,
    ]);
  });

  it("leaves the untouched rules passing", () => {
    const rules = new Set(report.findings.map((f) => f.rule));
    expect([...rules].sort()).toEqual([
      "residency-database",
      "residency-fallback",
      "residency-region-unique",
      "residency-replica",
    ]);
  });
});

describe("residency in config (before anything is built)", () => {
  const problems = (mutate: (production: EnvironmentInput) => void): string => {
    const production = structuredClone(globalProduction);
    mutate(production);
    try {
      validateEnvironments([GLOBAL_SOURCES[0], { file: "config/examples/global.ts", value: production }]);
      return "";
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).message;
    }
  };

  it("rejects a strict cell whose Neon region is outside its jurisdiction", () => {
    expect(
      problems((p) => {
        if (p.cells) p.cells[1].neonRegion = "aws-us-east-1";
      }),
    ).toContain(
      "config/examples/global.ts: production.cells[1].neonRegion: aws-us-east-1 is in jurisdiction us, not the cell's eu; pick a Neon region of eu (config/regions.ts)",
    );
  });

  it("rejects a region assigned to two cells", () => {
    expect(
      problems((p) => {
        if (p.cells) p.cells[2].regions.push({ name: "eu-west-2", railwayRegion: "europe-west4-drams3a", replicas: 1 });
      }),
    ).toContain(
      "production.cells[2].regions[1].railwayRegion: europe-west4-drams3a (Amsterdam, Netherlands) is in jurisdiction eu, not the cell's ap; move it to a eu cell",
    );
  });

  it("accepts the example as it is", () => {
    expect(problems(() => {})).toBe("");
  });
});

// Issue 30: a mutation that stopped checking a strict cell's PoPs survived the suite.
describe("residency-fallback on pop_pools and country_pools", () => {
  function appWithEuPops(): App {
    const sources = structuredClone(GLOBAL_SOURCES);
    const production = sources[1].value as EnvironmentInput;
    production.cloudflare.plan = "enterprise";
    production.cells![1].pops = ["FRA"];
    // Enterprise (pop_pools need it) is priced at $5,000/month: a budget that holds it.
    production.budget = {
      warningUsd: 5500,
      criticalUsd: 6000,
      reason: "An Enterprise zone for pop_pools in a residency test, priced as the plan is.",
    };
    return buildApp(validateEnvironments(sources), { backend: "cloud", outdir: join(tmpdir(), "unused") });
  }
  const euPool = "${cloudflare_load_balancer_pool.edge_load-balancer_pool-eu-west_B087F93F.id}";
  const usPool = "${cloudflare_load_balancer_pool.edge_load-balancer_pool-us-east_19117DF9.id}";

  it("passes while the strict cell's PoP lists only its own pools", () => {
    expect(findingsOf(checkPolicy(appWithEuPops()), "residency-fallback")).toEqual([]);
  });

  it("flags a strict cell's PoP failing over to another jurisdiction", () => {
    const app = appWithEuPops();
    resourceAt(app, `${P}/edge/load-balancer/load-balancer`).addOverride("pop_pools.FRA", [euPool, usPool]);
    expect(findingsOf(checkPolicy(app), "residency-fallback")).toEqual([
      `${P}/edge/load-balancer/load-balancer: pop_pools.FRA (strict cell eu) lists the pool of us-east, in cell us (us)`,
    ]);
  });

  it("flags a strict cell's country failing over to another jurisdiction", () => {
    const app = appWithEuPops();
    resourceAt(app, `${P}/edge/load-balancer/load-balancer`).addOverride("country_pools.IE", [euPool, usPool]);
    expect(findingsOf(checkPolicy(app), "residency-fallback")).toEqual([
      `${P}/edge/load-balancer/load-balancer: country_pools.IE (strict cell eu) lists the pool of us-east, in cell us (us)`,
    ]);
  });
});
