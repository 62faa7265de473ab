// Shared helpers for the cost tests: validated single environments built from the bundled
// configs, checked as synth checks them (schema and guardrails, budget included).
import { EnvironmentSchema, type EnvironmentConfig, type EnvironmentInput } from "../../config/schema";
import { CONFIG_GUARDRAILS } from "../../policy/config-guardrails";
import { bundledInputs } from "../support/configs";

/** One environment on its own (no cross-environment rules): schema, then the guardrails. */
function validate(input: EnvironmentInput): { config?: EnvironmentConfig; problems: string[] } {
  const result = EnvironmentSchema.safeParse(input);
  if (!result.success) return { problems: result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
  const issues = CONFIG_GUARDRAILS.flatMap((check) => check(result.data));
  return { config: result.data, problems: issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
}

/** Parses one environment (all its own rules, budget included); throws with the issues. */
export function parseEnvironment(input: EnvironmentInput): EnvironmentConfig {
  const { config, problems } = validate(input);
  if (!config || problems.length > 0) throw new Error(problems.join("\n"));
  return config;
}

/** Problems of one environment as "path: message" lines (empty when valid). */
export function problemsOf(input: EnvironmentInput): string[] {
  return validate(input).problems;
}
/** A fresh copy of bundled production with its seeds-level budget ($20 warning, $40 critical). */
export function productionAtSeedBudget(): EnvironmentInput {
  const production = bundledInputs().production;
  production.budget = { warningUsd: 20, criticalUsd: 40 };
  return production;
}
