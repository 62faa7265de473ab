// The config facts pricing needs beyond the synthesised resources (plans, which
// environment owns shared costs, budgets). Synth writes them next to the stacks, so a
// cdktf.out directory can be priced on its own, e.g. the base branch's for a PR's delta.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { CloudflarePlan } from "../config/cloudflare-plans";
import type { CostProfile } from "../config/cost-profiles";
import type { NeonPlan } from "../config/neon-limits";
import type { WorkersPlan } from "../config/workers-plans";
import type { Budget } from "./budget";
import type { CostedConfig } from "./from-config";
import { stackNameFor as environmentStack } from "../stacks/catalog";

export interface PricingContext {
  environment: string;
  stack: string;
  neonPlan: NeonPlan;
  /** The zone's plan when this environment manages the zone, else null. */
  zonePlan: CloudflarePlan | null;
  /** The account's Workers plan when this environment manages the zone; absent in older outputs (Free). */
  workersPlan?: WorkersPlan | null;
  ownsPlatform: boolean;
  /** Expected monthly GB the zone's Argo is billed on; synth prices it only if the resource is there. */
  argoExpectedMonthlyGb?: number | null;
  budget: Budget;
  /** The environment's cost profile; absent in outputs synthesised before profiles existed. */
  costProfile?: CostProfile;
  /** The environment's cells and their Railway regions (issue 17), for the per-cell split. */
  cells?: Array<{ id: string; railwayRegions: string[] }>;
}

export const PRICING_CONTEXT_FILE = join("guardrails", "pricing-context.json");

type ContextSource = CostedConfig & { budget: Budget; costProfile?: CostProfile };

export function pricingContext(config: ContextSource): PricingContext {
  return {
    environment: config.name,
    stack: environmentStack(config.name),
    neonPlan: config.neon.plan,
    zonePlan: config.cloudflare.managesZone ? config.cloudflare.plan : null,
    workersPlan: config.cloudflare.managesZone ? (config.cloudflare.workersPlan ?? "free") : null,
    ownsPlatform: config.neon.isDefaultBranch,
    ...(config.cloudflare.argoSmartRouting
      ? { argoExpectedMonthlyGb: config.cloudflare.argoSmartRouting.expectedMonthlyGb }
      : {}),
    budget: { ...config.budget },
    ...(config.costProfile ? { costProfile: config.costProfile } : {}),
    ...(config.cells && config.cells.length > 1
      ? { cells: config.cells.map((c) => ({ id: c.id, railwayRegions: c.regions.map((r) => r.railwayRegion) })) }
      : {}),
  };
}

export function writePricingContext(configs: readonly ContextSource[], outdir: string): void {
  const file = join(outdir, PRICING_CONTEXT_FILE);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ environments: configs.map(pricingContext) }, null, 2)}\n`);
}

/** The contexts synth wrote into `outdir`, or null for an output written before they existed. */
export function readPricingContext(outdir: string): PricingContext[] | null {
  const file = join(outdir, PRICING_CONTEXT_FILE);
  if (!existsSync(file)) return null;
  const parsed = JSON.parse(readFileSync(file, "utf8")) as { environments?: PricingContext[] };
  if (!Array.isArray(parsed.environments)) throw new Error(`${file} has no "environments" list`);
  return parsed.environments;
}
