// Guardrails checked on the validated config before any construct exists: the budget
// (cost/budget.ts) and the policy waivers (waivers.ts). They live here rather than in the
// config schema so that config/ stays free of the program: it checks shape and cross-field
// facts, and this module adds the money and policy rules through load.ts's check hook.
import { ConfigError, type EnvironmentSource, loadEnvironments, type EnvironmentCheck } from "../config/load";
import type { EnvironmentConfig } from "../config/schema";
import { budgetIssues } from "../cost/budget";
import { quotaProblems } from "./quotas";
import { sloIssues } from "./slo-guardrails";
import { waiverIssues } from "./waivers";

export const CONFIG_GUARDRAILS: readonly EnvironmentCheck[] = [budgetIssues, waiverIssues, sloIssues];

/**
 * Config validation as synth runs it: schema, cross-environment rules and the guardrails,
 * then the service quotas (policy/quotas/) over every environment together.
 */
export function validateEnvironments(sources: readonly EnvironmentSource[]): EnvironmentConfig[] {
  const environments = loadEnvironments(sources, CONFIG_GUARDRAILS);
  const problems = quotaProblems(sources, environments);
  if (problems.length > 0) throw new ConfigError(problems);
  return environments;
}
