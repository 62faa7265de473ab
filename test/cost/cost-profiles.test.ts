// Cost profiles: the lean profile reproduces the seeds' options with their own line items
// where list prices allow it (docs/cost.md sets each seed figure beside these), the
// profile rules fail a config that contradicts its profile, and budgets are tested at
// their boundaries (exactly at a budget is within it, one cent over is not).
import { describe, expect, it } from "vitest";
import { costProfileIssues } from "../../config/cost-profiles";
import type { EnvironmentInput } from "../../config/schema";
import { budgetIssues, budgetStatus, DAILY_CEILING_USD, MONTHLY_CEILING_USD } from "../../cost/budget";
import { estimateEnvironment } from "../../cost/estimate";
import { usageFromConfig } from "../../cost/from-config";
import type { EnvironmentEstimate, Service } from "../../cost/types";
import { bundledInputs } from "../support/configs";
import { leanSingleRegion, leanThreeRegions, leanTwoRegions, pricedSeedOptions } from "../../cost/seed-options";
import { parseEnvironment, problemsOf } from "./support";

const estimate = (input: EnvironmentInput): EnvironmentEstimate =>
  estimateEnvironment(usageFromConfig(parseEnvironment(input)));

function byService(e: EnvironmentEstimate): Partial<Record<Service, number>> {
  const out: Partial<Record<Service, number>> = {};
  for (const line of e.lines) out[line.service] = Math.round(((out[line.service] ?? 0) + line.monthlyUsd) * 100) / 100;
  return out;
}

describe("the lean profile reproduces the seeds' options (docs/cost.md)", () => {
  it("v16.6 / v17.1 A (seed $10: Railway Hobby $8, Neon Free, Cloudflare Free): $5.00", () => {
    const a = estimate(leanSingleRegion("free"));
    // Railway: the $5 Hobby fee covers the one replica's $3.50 of usage. Neon Free: 50 of
    // the 100 included CU-hours. Cloudflare, Grafana, Sentry, Terraform Cloud: free tiers.
    expect(byService(a)).toEqual({
      railway: 5,
      neon: 0,
      cloudflare: 0,
      grafana: 0,
      sentry: 0,
      "terraform-cloud": 0,
    });
    expect(a.totalUsd).toBe(5);
  });

  it("v17.1 B (seed $18: Railway $8 + $5, Neon Free + $5 replica): $22.95 with the replica kept", () => {
    const b = estimate(leanTwoRegions());
    // Railway: two replicas use $7.00 (the Hobby fee covers the first $5). Neon Launch:
    // primary and replica 0.25 CU × 200 h × $0.106 = $5.30 each, storage $0.35. A Free
    // project with a paid replica is no list-price option: the plan covers the project.
    // Cloudflare: the load balancer ($5) the seed leaves out but failover needs.
    expect(byService(b)).toMatchObject({ railway: 7, neon: 10.95, cloudflare: 5 });
    expect(b.lines.filter((l) => l.item.includes("read replica")).map((l) => l.monthlyUsd)).toEqual([5.3]);
    expect(b.totalUsd).toBe(22.95);
    // Above the seeds' $20 warning, inside their $40 critical budget.
    expect(budgetStatus(b.totalUsd, { warningUsd: 20, criticalUsd: 40 })).toBe("warning");
  });

  it("v17.2+ (seed $44: Railway × 3 $24, Neon Pro multi-write $20): $31.45", () => {
    const c = estimate(leanThreeRegions());
    // Railway 3 × $3.50; Neon as B; Cloudflare LB $5 base + $5 for the third origin.
    expect(byService(c)).toMatchObject({ railway: 10.5, neon: 10.95, cloudflare: 10 });
    expect(c.totalUsd).toBe(31.45);
  });

  it("are what `npm run cost -- --seeds` prints, each under the lean profile", () => {
    const options = pricedSeedOptions();
    expect(options.map((o) => [o.id, o.priced.estimate.totalUsd, o.priced.context.costProfile])).toEqual([
      ["v16.6 / v17.1 A", 5, "lean"],
      ["v17.1 B", 22.95, "lean"],
      ["v17.2+", 31.45, "lean"],
    ]);
  });

  it("keeps the seeds' $5/day ceiling as $152.08/month platform-wide", () => {
    expect(DAILY_CEILING_USD).toBe(5);
    expect(MONTHLY_CEILING_USD).toBe(152.08);
  });

  it("prices today's production as the resilient profile ($79.54)", () => {
    const production = bundledInputs().production;
    expect(production.costProfile).toBe("resilient");
    expect(estimate(production).totalUsd).toBe(79.54);
    expect(bundledInputs().staging.costProfile).toBe("lean");
  });
});

describe("profile rules", () => {
  it("rejects an always-on Neon compute under lean, naming the field and the fix", () => {
    const env = leanSingleRegion("launch");
    env.neon.compute.suspendTimeoutSeconds = -1;
    expect(problemsOf(env)).toEqual([
      "neon.compute.suspendTimeoutSeconds: the lean cost profile scales Neon to zero: set a suspend timeout (e.g. 300, 0 for Neon's default) instead of -1 (never suspend), or choose costProfile: resilient",
    ]);
  });

  it("rejects a paid Cloudflare plan on a zone the lean environment manages", () => {
    const env = leanSingleRegion("launch");
    env.cloudflare.plan = "pro";
    expect(problemsOf(env)).toEqual([
      'cloudflare.plan: the lean cost profile keeps the zone on Cloudflare Free: set plan "free" (and the Free plan\'s rate limits), or choose costProfile: resilient for "pro"',
    ]);
    env.cloudflare.managesZone = false;
    expect(
      costProfileIssues({
        ...parseEnvironment(bundledInputs().staging),
        cloudflare: { plan: "pro", managesZone: false },
      }),
    ).toEqual([]);
  });

  it("lets resilient keep computes always on", () => {
    expect(problemsOf(bundledInputs().production)).toEqual([]);
  });
});

describe("budget boundaries", () => {
  const total = estimate(leanTwoRegions()).totalUsd; // $22.95

  it("is within the warning budget exactly at it, and above it one cent over", () => {
    expect(budgetStatus(total, { warningUsd: total, criticalUsd: 40 })).toBe("ok");
    expect(budgetStatus(total, { warningUsd: total - 0.01, criticalUsd: 40 })).toBe("warning");
  });

  it("is below critical exactly at it, and critical one cent over", () => {
    expect(budgetStatus(total, { warningUsd: 20, criticalUsd: total })).toBe("warning");
    expect(budgetStatus(total, { warningUsd: 20, criticalUsd: total - 0.01 })).toBe("critical");
  });

  it("config validation passes exactly at the critical budget and fails one cent under it", () => {
    const config = parseEnvironment(leanTwoRegions());
    expect(budgetIssues({ ...config, budget: { warningUsd: 20, criticalUsd: 22.95 } })).toEqual([]);
    const issues = budgetIssues({ ...config, budget: { warningUsd: 20, criticalUsd: 22.94 } });
    expect(issues.map((i) => i.path.join("."))).toEqual(["budget.criticalUsd"]);
    expect(issues[0].message).toMatch(/^estimated \$22\.95\/month exceeds the critical budget of \$22\.94/);
  });
});
