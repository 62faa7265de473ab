// Argo Smart Routing: an opt-in zone setting, emitted only for the zone's manager, refused
// elsewhere naming the plan, and priced at $5/month plus $0.10 per GB beyond the first.
import { describe, expect, it } from "vitest";
import { cloudflareArgo } from "../../../cost/line-items";
import { estimateEnvironment } from "../../../cost/estimate";
import { usageFromConfig } from "../../../cost/from-config";
import { problemsAfter } from "../../support/configs";
import { loadConfig, synthEdge } from "./support";

describe("Argo Smart Routing", () => {
  it("is emitted on the zone, value on, when the zone's manager enables it", () => {
    const config = loadConfig("production", (c) => {
      c.production.cloudflare.argoSmartRouting = { expectedMonthlyGb: 50 };
    });
    const argo = synthEdge(config).resources("cloudflare_argo_smart_routing");
    expect(argo).toHaveLength(1);
    expect(argo[0]).toMatchObject({ zone_id: config.cloudflare.zoneId, value: "on" });
  });

  it("is not emitted when config leaves it unset", () => {
    expect(synthEdge(loadConfig("production")).resources("cloudflare_argo_smart_routing")).toEqual([]);
  });

  it("is refused on an environment that does not manage the zone, naming the plan and the fix", () => {
    const message = problemsAfter((c) => {
      c.staging.cloudflare.argoSmartRouting = { expectedMonthlyGb: 1 };
    });
    expect(message).toContain(
      "config/staging.ts: staging.cloudflare.argoSmartRouting: Argo Smart Routing is a setting of the whole pro-plan zone",
    );
    expect(message).toContain("set it on the environment with managesZone: true");
  });

  it("costs $5 up to the included GB and $0.10 per GB beyond it", () => {
    expect(cloudflareArgo(0, "s").monthlyUsd).toBe(5);
    expect(cloudflareArgo(1, "s").monthlyUsd).toBe(5);
    expect(cloudflareArgo(2, "s").monthlyUsd).toBeCloseTo(5.1, 10);
    expect(cloudflareArgo(101, "s").monthlyUsd).toBeCloseTo(15, 10);
  });

  it("adds its line to the zone manager's estimate from config", () => {
    const on = loadConfig("production", (c) => {
      c.production.cloudflare.argoSmartRouting = { expectedMonthlyGb: 101 };
    });
    const off = loadConfig("production");
    const withArgo = estimateEnvironment(usageFromConfig(on));
    const without = estimateEnvironment(usageFromConfig(off));
    expect(withArgo.lines.filter((l) => l.item === "Argo Smart Routing").map((l) => l.monthlyUsd)).toEqual([15]);
    expect(withArgo.totalUsd - without.totalUsd).toBeCloseTo(15, 2);
  });
});
