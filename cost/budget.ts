// Budgets: where an estimate stands against an environment's warning and critical
// amounts, and the config-validation rule that stops a config whose estimate exceeds its
// critical budget. Raising a budget is explicit: a critical budget above the seeds' $40
// needs a written reason. The seeds' platform-wide $5/day ceiling is checked on the whole
// app by `npm run cost` (config validation sees one environment at a time).
import { estimateEnvironment } from "./estimate";
import { type CostedConfig, usageFromConfig } from "./from-config";
import type { EnvironmentEstimate, LineItem } from "./types";

/** Seeds v17.2: warn at $20/month, critical at $40/month. */
export const SEED_WARNING_USD = 20;
export const SEED_CRITICAL_USD = 40;
/** Seeds v18: at most $5 a day, platform-wide. */
export const DAILY_CEILING_USD = 5;
export const MONTHLY_CEILING_USD = Math.round(((DAILY_CEILING_USD * 365) / 12) * 100) / 100;

export interface Budget {
  warningUsd: number;
  criticalUsd: number;
  /** Required when criticalUsd is above SEED_CRITICAL_USD. */
  reason?: string;
}

export type BudgetStatus = "ok" | "warning" | "critical";

export function budgetStatus(totalUsd: number, budget: Budget): BudgetStatus {
  if (totalUsd > budget.criticalUsd) return "critical";
  if (totalUsd > budget.warningUsd) return "warning";
  return "ok";
}

export interface BudgetIssue {
  path: string[];
  message: string;
}

/** The three biggest line items, for messages that say where the money goes. */
export function topDrivers(estimate: EnvironmentEstimate, count = 3): LineItem[] {
  return [...estimate.lines].sort((a, b) => b.monthlyUsd - a.monthlyUsd).slice(0, count);
}

export function describeDrivers(estimate: EnvironmentEstimate): string {
  return topDrivers(estimate)
    .map((line) => `${line.service} ${line.item} $${line.monthlyUsd.toFixed(2)}`)
    .join(", ");
}

/** Config validation: the estimate from config alone against the environment's budget. */
export function budgetIssues(config: CostedConfig & { budget: Budget }): BudgetIssue[] {
  const issues: BudgetIssue[] = [];
  const { budget } = config;
  if (budget.criticalUsd > SEED_CRITICAL_USD && !budget.reason) {
    issues.push({
      path: ["budget", "reason"],
      message: `a critical budget above $${SEED_CRITICAL_USD}/month (seeds v17.2) needs a reason: say why this environment may cost more`,
    });
  }
  const estimate = estimateEnvironment(usageFromConfig(config));
  if (estimate.totalUsd > budget.criticalUsd) {
    issues.push({
      path: ["budget", "criticalUsd"],
      message:
        `estimated $${estimate.totalUsd.toFixed(2)}/month exceeds the critical budget of $${budget.criticalUsd} ` +
        `(largest items: ${describeDrivers(estimate)}); reduce them, or raise budget.criticalUsd with a budget.reason ` +
        "(npm run cost shows every line item)",
    });
  }
  return issues;
}
