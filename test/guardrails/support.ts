// Shared helpers for the guardrail tests: validated single environments built from the
// bundled configs, and the stack names app.ts uses.
import { EnvironmentSchema, type EnvironmentConfig, type EnvironmentInput } from "../../config/schema";
import { bundledInputs } from "../support/configs";

/** Parses one environment (all its own rules, budget included); throws with the issues. */
export function parseEnvironment(input: EnvironmentInput): EnvironmentConfig {
  const result = EnvironmentSchema.safeParse(input);
  if (!result.success) {
    throw new Error(result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n"));
  }
  return result.data;
}

/** Problems of one environment as "path: message" lines (empty when valid). */
export function problemsOf(input: EnvironmentInput): string[] {
  const result = EnvironmentSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

/** A fresh copy of bundled production with its seeds-level budget ($20 warning, $40 critical). */
export function productionAtSeedBudget(): EnvironmentInput {
  const production = bundledInputs().production;
  production.budget = { warningUsd: 20, criticalUsd: 40 };
  return production;
}
