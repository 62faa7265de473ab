// Shared helpers for the cost tests: validated single environments built from the bundled
// configs, checked as synth checks them (schema and guardrails, budget included).
import { ConfigError } from "../../config/load";
import type { EnvironmentConfig, EnvironmentInput } from "../../config/schema";
import { validateEnvironments } from "../../policy/config-guardrails";
import { bundledInputs } from "../support/configs";

function validate(input: EnvironmentInput): { config?: EnvironmentConfig; problems: string[] } {
  try {
    const [config] = validateEnvironments([{ file: "config/test.ts", value: input }]);
    return { config, problems: [] };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Paths relative to the environment, as "budget.criticalUsd: message".
    return { problems: error.problems.map((p) => `${p.path.replace(/^[^.[]+\.?/, "")}: ${p.message}`) };
  }
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
