// Prices every environment of a synthesised app (a cdktf.out directory).
import { type BudgetStatus, budgetStatus, MONTHLY_CEILING_USD } from "./budget";
import { type PricingContext, readPricingContext } from "./context";
import { estimateEnvironment, sumUsd } from "./estimate";
import { usageFromSynth } from "./from-synth";
import { readStacks } from "./synth-output";
import type { EnvironmentEstimate } from "./types";

export interface PricedEnvironment {
  context: PricingContext;
  estimate: EnvironmentEstimate;
  status: BudgetStatus;
}

export interface AppEstimate {
  environments: PricedEnvironment[];
  totalUsd: number;
  /** Over the seeds' platform-wide ceiling of $5/day. */
  overCeiling: boolean;
}

/**
 * `fallback` supplies the pricing context when the directory predates the context file
 * (e.g. a base branch synthesised before the cost model existed).
 */
export function estimateOutdir(outdir: string, fallback?: PricingContext[]): AppEstimate {
  const contexts = readPricingContext(outdir) ?? fallback;
  if (!contexts) throw new Error(`${outdir} has no pricing context (synthesise it with this version, or pass one)`);
  const stacks = readStacks(outdir);
  const environments = contexts
    .filter((context) => stacks.has(context.stack))
    .map((context) => {
      const estimate = estimateEnvironment(usageFromSynth(context, stacks));
      return { context, estimate, status: budgetStatus(estimate.totalUsd, context.budget) };
    });
  const totalUsd = sumUsd(environments.map((e) => ({ monthlyUsd: e.estimate.totalUsd })));
  return { environments, totalUsd, overCeiling: totalUsd > MONTHLY_CEILING_USD };
}
