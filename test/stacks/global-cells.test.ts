// The 3-cell example (config/examples/global.ts: us, eu strict, ap), synthesised once and
// planned offline by the real Terraform CLI against the schema-only providers: one Neon
// project per cell in its own region, every backend wired to its own cell's database, and
// a geo-steered load balancer with per-cell pools.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GLOBAL_SOURCES } from "../../config/examples/global";
import { estimateOutdir } from "../../cost/app-estimate";
import { MONTHLY_CEILING_USD } from "../../cost/budget";
import { estimateEnvironment } from "../../cost/estimate";
import { usageFromConfig } from "../../cost/from-config";
import { cellTotals, formatAppEstimate } from "../../cost/report";
import { validateEnvironments } from "../../policy/config-guardrails";
import { type OfflinePlan, planOffline } from "../../offline-provider/plan-offline";
import { onlyResource, resourcesOf, type SynthOutput, synthToTemp } from "../support/synth";
import { toolsOrSkip } from "../support/tools";

const PLATFORM = "neuropilot-platform";
const PRODUCTION = "neuropilot-production";

let out: SynthOutput;
beforeAll(() => {
  out = synthToTemp(GLOBAL_SOURCES, "local");
});
afterAll(() => out?.cleanup());

/** The construct path's parts of a resource (cdktf's metadata). */
const pathOf = (attrs: Record<string, unknown>) => (attrs["//"] as { metadata: { path: string } }).metadata.path;

describe("one Neon project per cell", () => {
  it("puts each cell's project in its own region, protected from destroy", () => {
    const projects = Object.values(resourcesOf(out.stack(PLATFORM), "neon_project")).map((p) => ({
      name: p.name,
      region: p.region_id,
      protected: (p.lifecycle as { prevent_destroy?: boolean }).prevent_destroy,
    }));
    expect(projects.sort((a, b) => String(a.name).localeCompare(String(b.name)))).toEqual([
      { name: "neuropilot", region: "aws-us-east-2", protected: true },
      { name: "neuropilot-ap", region: "aws-ap-southeast-1", protected: true },
      { name: "neuropilot-eu", region: "aws-eu-central-1", protected: true },
    ]);
  });

  it("gives the auto-heal Worker's cost telemetry every cell's project, in cell order", () => {
    const script = onlyResource(out.stack(PRODUCTION), "cloudflare_workers_script");
    const bindings = script.bindings as Array<{ name: string; text?: string }>;
    const config = JSON.parse(bindings.find((b) => b.name === "CONFIG")?.text ?? "{}") as {
      telemetry?: { neonProjectIds?: string[] };
    };
    const ids = config.telemetry?.neonProjectIds ?? [];
    expect(ids).toHaveLength(3);
    // Cross-stack references to the platform's three projects (us, eu, ap), each different.
    for (const id of ids) expect(id).toMatch(/^\$\{data\.terraform_remote_state\.[^}]+neon_project[^}]+\}$/);
    expect(new Set(ids).size).toBe(3);
    expect(ids[1]).toMatch(/eu/);
    expect(ids[2]).toMatch(/ap/);
  });

  it("wires each backend's DATABASE_URL and DATABASE_READ_URL to its own cell's database only", () => {
    const cellOfRegion: Record<string, string> = {
      "us-east": "database_",
      "us-west": "database_",
      "eu-west": "database-eu_",
      "ap-southeast": "database-ap_",
    };
    const variables = Object.values(resourcesOf(out.stack(PRODUCTION), "railway_variable")).filter((v) =>
      /DATABASE_(READ_)?URL$/.test(String(v.name)),
    );
    expect(variables).toHaveLength(8);
    for (const variable of variables) {
      const region = pathOf(variable).split("/")[2];
      const value = String(variable.value);
      // Every Neon resource the URL names (role, replica, the platform's project outputs) is the cell's.
      const named = [...value.matchAll(/neon_(?:role\.|endpoint\.|project)([\w-]+?_)/g)].map((m) => m[1]);
      expect(named.length, `${region}: ${value}`).toBeGreaterThan(0);
      expect(new Set(named), `${region} ${String(variable.name)}`).toEqual(new Set([cellOfRegion[region]]));
    }
  });
});

describe("geo steering", () => {
  it("steers by geography with per-cell pools; the strict eu cell never fails over out", () => {
    const stack = out.stack(PRODUCTION);
    const pools = resourcesOf(stack, "cloudflare_load_balancer_pool");
    const region = (ref: string) => {
      const id = /cloudflare_load_balancer_pool\.([\w-]+)\.id/.exec(ref)?.[1] ?? "";
      return (pools[id].origins as Array<{ name: string }>)[0].name;
    };
    const lb = onlyResource(stack, "cloudflare_load_balancer");
    const names = (refs: unknown) => (refs as string[]).map(region);
    const regionPools = lb.region_pools as Record<string, string[]>;
    expect(lb.steering_policy).toBe("geo");
    expect(names(regionPools.WEU)).toEqual(["eu-west"]);
    expect(names(regionPools.WNAM)).toEqual(["us-west", "us-east", "ap-southeast"]);
    expect(names(regionPools.SEAS)).toEqual(["ap-southeast", "us-east", "us-west"]);
    expect(names((lb.country_pools as Record<string, string[]>).IE)).toEqual(["eu-west"]);
    expect(names(lb.default_pools)).toEqual(["us-east", "us-west", "ap-southeast"]);
    expect(names([lb.fallback_pool])).toEqual(["eu-west"]);
    expect(lb.pop_pools).toBeUndefined();
  });
});

const tools = toolsOrSkip("3-cell example under offline terraform validate + plan", ["terraform"]);
describe.skipIf(!tools)("offline plan", () => {
  const plans = new Map<string, OfflinePlan>();
  beforeAll(async () => {
    // Production carries the cells (pools, geo steering, per-cell databases and variables). The
    // platform stack only adds neon_project blocks, which real-stacks.test.ts already plans;
    // one plan keeps the suite's cost down (about 12 s of CPU on the 2-core machine).
    const stacks = [PRODUCTION];
    const results = await Promise.all(stacks.map((s) => planOffline(join(out.outdir, "stacks", s))));
    stacks.forEach((s, i) => plans.set(s, results[i]));
  }, 300_000);

  it.each([PRODUCTION])("%s validates and plans only creates", (stack) => {
    const plan = plans.get(stack) as OfflinePlan;
    expect(plan.validate.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const changes = (plan.planJson as { resource_changes?: Array<{ mode: string; change: { actions: string[] } }> })
      .resource_changes;
    const managed = (changes ?? []).filter((c) => c.mode === "managed");
    expect(managed.length).toBeGreaterThan(0);
    expect(new Set(managed.flatMap((c) => c.change.actions))).toEqual(new Set(["create"]));
  });
});

describe("cost per cell", () => {
  it("splits production by cell and keeps the whole platform under v18's $5/day", () => {
    const app = estimateOutdir(out.outdir);
    const production = app.environments.find((e) => e.estimate.environment === "production");
    const byCell = Object.fromEntries(cellTotals(production?.estimate.lines ?? []));
    expect(Object.keys(byCell).sort()).toEqual(["ap", "eu", "shared", "us"]);
    // ap and eu: one replica each ($3.50) and an always-on 0.25 CU compute ($19.34).
    expect(byCell.eu).toBe(22.85);
    expect(app.totalUsd).toBeLessThanOrEqual(MONTHLY_CEILING_USD);
    expect(app.overCeiling).toBe(false);
    expect(formatAppEstimate(app)).toContain("($4.95/day; ceiling $5/day)");
    // Config and synthesised resources price the same cells the same way.
    const [, configured] = validateEnvironments(GLOBAL_SOURCES);
    expect(estimateEnvironment(usageFromConfig(configured)).totalUsd).toBe(production?.estimate.totalUsd);
  });

  it("reports a platform above $5/day: a read replica in every cell", () => {
    const [staging, production] = validateEnvironments(GLOBAL_SOURCES);
    const withReplicas = { ...production, cells: production.cells.map((c) => ({ ...c, readReplicas: 1 })) };
    const total = [staging, withReplicas]
      .map((c) => estimateEnvironment(usageFromConfig(c)).totalUsd)
      .reduce((a, b) => a + b, 0);
    // Two more always-on computes ($19.34 each) cross the ceiling ($152.08/month).
    expect(total).toBeGreaterThan(MONTHLY_CEILING_USD);
  });
});
