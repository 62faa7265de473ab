// Residency for every cell (issue 29): the 3-cell example with us, eu and ap all strict
// (config/examples/global-strict.ts) synthesises, passes every policy rule, and steers each
// cell's visitors only to its own pools, with the data-less holding pool as the one fallback.
import { join } from "node:path";
import { tmpdir } from "node:os";
import { TerraformResource } from "cdktf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app";
import { STRICT_SOURCES, strictProduction } from "../../config/examples/global-strict";
import { ConfigError } from "../../config/load";
import type { EnvironmentInput } from "../../config/schema";
import { checkPolicy } from "../../policy/check";
import { validateEnvironments } from "../../policy/config-guardrails";
import { onlyResource, resourcesOf, type SynthOutput, synthToTemp } from "../support/synth";

const PRODUCTION = "neuropilot-production";

let out: SynthOutput;
beforeAll(() => {
  out = synthToTemp(STRICT_SOURCES, "local");
});
afterAll(() => out?.cleanup());

describe("every cell strict", () => {
  it("meets every policy rule", () => {
    const app = buildApp(validateEnvironments(STRICT_SOURCES), { backend: "cloud", outdir: join(tmpdir(), "unused") });
    expect(checkPolicy(app).findings).toEqual([]);
  });

  it("steers each cell's visitors only to its own pools and falls back to the holding page", () => {
    const stack = out.stack(PRODUCTION);
    const pools = resourcesOf(stack, "cloudflare_load_balancer_pool");
    const region = (ref: string) => {
      const id = /cloudflare_load_balancer_pool\.([\w-]+)\.id/.exec(ref)?.[1] ?? "";
      return (pools[id].origins as Array<{ name: string }>)[0].name;
    };
    const lb = onlyResource(stack, "cloudflare_load_balancer");
    const names = (refs: unknown) => (refs as string[]).map(region);
    const regionPools = lb.region_pools as Record<string, string[]>;
    expect(names(regionPools.WEU)).toEqual(["eu-west"]);
    expect(names(regionPools.WNAM)).toEqual(["us-west", "us-east"]);
    expect(names(regionPools.ENAM)).toEqual(["us-east", "us-west"]);
    expect(names(regionPools.SEAS)).toEqual(["ap-southeast"]);
    expect(names([lb.fallback_pool])).toEqual(["holding"]);
    // The holding pool has no monitor (its page answers 503) and is in no steering list.
    const holding = Object.values(pools).find((p) => (p.origins as Array<{ name: string }>)[0].name === "holding");
    expect(holding).toMatchObject({
      name: "api-neuropilot-ai-holding",
      origins: [{ address: "unavailable.neuropilot.ai", header: { host: ["unavailable.neuropilot.ai"] } }],
    });
    expect(holding?.monitor).toBeUndefined();
    const listed = [...Object.values(regionPools).flat(), ...(lb.default_pools as string[])].map(region);
    expect(listed).not.toContain("holding");
  });
});

describe("the seeds' error-rate objective in the synthesised stack", () => {
  it("declares the 0.5 % error-rate SLO from config's default", () => {
    const slos = Object.values(resourcesOf(out.stack(PRODUCTION), "grafana_slo"));
    const errorRate = slos.find((s) => s.name === "NeuroPilot production API error rate");
    expect(errorRate?.objectives).toEqual([{ value: 0.995, window: "28d" }]);
  });
});

describe("residency-fallback on the all-strict app (failing fixtures)", () => {
  const findings = (override: (lb: TerraformResource) => void) => {
    const app = buildApp(validateEnvironments(STRICT_SOURCES), { backend: "cloud", outdir: join(tmpdir(), "unused") });
    const lb = app.node.findAll().find((n) => n.node.path === `${PRODUCTION}/edge/load-balancer/load-balancer`);
    if (!lb || !TerraformResource.isTerraformResource(lb)) throw new Error("no load balancer");
    override(lb);
    return checkPolicy(app)
      .findings.filter((f) => f.rule === "residency-fallback")
      .map((f) => f.message);
  };
  const usPool = "${cloudflare_load_balancer_pool.edge_load-balancer_pool-us-east_19117DF9.id}";
  const holdingPool = "${cloudflare_load_balancer_pool.edge_load-balancer_pool-holding_5E35AAB4.id}";

  it("flags a fallback pool in one cell: every other strict cell's visitors would leave", () => {
    expect(findings((lb) => lb.addOverride("fallback_pool", usPool))).toEqual([
      "fallback_pool is us-east in cell us (us): when strict cell eu's pools are down its visitors would leave eu",
      "fallback_pool is us-east in cell us (us): when strict cell ap's pools are down its visitors would leave ap",
    ]);
  });

  it("flags the holding pool inside a strict cell's failover list (it is only a fallback)", () => {
    expect(
      findings((lb) =>
        lb.addOverride("region_pools.WEU", [
          "${cloudflare_load_balancer_pool.edge_load-balancer_pool-eu-west_B087F93F.id}",
          holdingPool,
        ]),
      ),
    ).toEqual(["region_pools.WEU (strict cell eu) lists the pool of holding, in no cell"]);
  });
});

describe("config guards", () => {
  const problems = (mutate: (p: EnvironmentInput) => void): string => {
    const production = structuredClone(strictProduction);
    mutate(production);
    try {
      validateEnvironments([STRICT_SOURCES[0], { file: "config/examples/global-strict.ts", value: production }]);
      return "";
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).message;
    }
  };

  it("requires a holding origin when strict cells span two or more jurisdictions", () => {
    expect(
      problems((p) => {
        p.cloudflare.loadBalancer.holdingOrigin = null;
      }),
    ).toContain(
      "production.cloudflare.loadBalancer.holdingOrigin: strict cells in us, eu, ap cannot share one fallback_pool inside all their jurisdictions",
    );
  });

  it("needs none with strict cells in exactly one jurisdiction (the boundary)", () => {
    expect(
      problems((p) => {
        p.cloudflare.loadBalancer.holdingOrigin = null;
        for (const cell of p.cells ?? []) if (cell.id !== "eu") cell.residency = "none";
      }),
    ).toBe("");
  });

  it("refuses a region named holding", () => {
    expect(
      problems((p) => {
        if (p.cells) p.cells[2].regions[0].name = "holding";
      }),
    ).toContain("production.cells[2].regions[0].name: holding names the load balancer's holding pool");
  });
});
