// The seeds' deployment options as configs under the lean cost profile, built from bundled
// production with the seeds' own line items where list prices allow it (docs/cost.md).
// `npm run cost -- --seeds` prices them; test/cost/cost-profiles.test.ts pins the figures.
import { production } from "../config/production";
import { EnvironmentSchema, type SingleCellEnvironmentInput as EnvironmentInput } from "../config/schema";
import { budgetStatus } from "./budget";
import { pricingContext } from "./context";
import { estimateEnvironment } from "./estimate";
import { usageFromConfig } from "./from-config";
import type { PricedEnvironment } from "./app-estimate";

export interface SeedOption {
  id: string;
  /** The seed's own figure and line items, as the seed states them. */
  seed: string;
  input: EnvironmentInput;
}

const HOUR = 3600;

/** Seeds v16.6 / v17.1 A: one region, one replica, Neon Free scaling to zero, Cloudflare Free. */
export function leanSingleRegion(neonPlan: "free" | "launch"): EnvironmentInput {
  const env = structuredClone(production);
  env.name = "seed-option";
  env.costProfile = "lean";
  env.budget = { warningUsd: 20, criticalUsd: 40 };
  env.regions = [{ name: "us-east", railwayRegion: "us-east4-eqdc4a", replicas: 1 }];
  env.neon = {
    ...env.neon,
    plan: neonPlan,
    readReplicas: 0,
    historyRetentionSeconds: 6 * HOUR, // the Free plan's limit
    compute: { minCu: 0.25, maxCu: 1, suspendTimeoutSeconds: 300 },
  };
  env.cloudflare = {
    ...env.cloudflare,
    plan: "free",
    // What the Free plan allows: one rate-limiting rule, 10-second periods.
    rateLimit: {
      ...env.cloudflare.rateLimit,
      api: null,
      login: { requestsPerPeriod: 5, periodSeconds: 10, mitigationTimeoutSeconds: 10 },
    },
  };
  return env;
}

/** Seeds v17.1 B: a second region and the seed's Neon read replica (on Launch: see docs/cost.md). */
export function leanTwoRegions(): EnvironmentInput {
  const env = leanSingleRegion("launch");
  env.regions = [...env.regions, { name: "us-west", railwayRegion: "us-west2", replicas: 1 }];
  env.neon = { ...env.neon, readReplicas: 1 };
  return env;
}

/** Seeds v17.2+: three regions; no Neon plan has multi-write, so primary plus read replica. */
export function leanThreeRegions(): EnvironmentInput {
  const env = leanTwoRegions();
  env.regions = [...env.regions, { name: "eu-west", railwayRegion: "europe-west4-drams3a", replicas: 1 }];
  return env;
}

export function seedOptions(): SeedOption[] {
  return [
    {
      id: "v16.6 / v17.1 A",
      seed: "$10/month (Railway Hobby $8, Neon Free, Cloudflare Free)",
      input: leanSingleRegion("free"),
    },
    { id: "v17.1 B", seed: "$18/month (Railway $8 + $5, Neon Free + $5 replica)", input: leanTwoRegions() },
    { id: "v17.2+", seed: "$44/month (Railway × 3 $24, Neon Pro $20)", input: leanThreeRegions() },
  ];
}

/** Each option priced like an environment of `npm run cost`. */
export function pricedSeedOptions(): Array<SeedOption & { priced: PricedEnvironment }> {
  return seedOptions().map((option) => {
    const config = EnvironmentSchema.parse(option.input);
    const estimate = estimateEnvironment(usageFromConfig(config));
    const context = pricingContext(config);
    return { ...option, priced: { context, estimate, status: budgetStatus(estimate.totalUsd, context.budget) } };
  });
}
