// Fresh, mutable copies of the bundled environment configs for tests.
import { expect } from "vitest";
import { ConfigError, type EnvironmentSource } from "../../config/load";
import { validateEnvironments } from "../../policy/config-guardrails";
import type { SingleCellEnvironmentInput as EnvironmentInput } from "../../config/schema";
import { production } from "../../config/production";
import { staging } from "../../config/staging";

export interface BundledInputs {
  staging: EnvironmentInput;
  production: EnvironmentInput;
}

export function bundledInputs(): BundledInputs {
  return { staging: structuredClone(staging), production: structuredClone(production) };
}

export function sourcesOf(inputs: BundledInputs): EnvironmentSource[] {
  return [
    { file: "config/staging.ts", value: inputs.staging },
    { file: "config/production.ts", value: inputs.production },
  ];
}

/** Validates the bundled configs (guardrails included) after `mutate`; returns the ConfigError message, or "" when valid. */
export function problemsAfter(mutate: (inputs: BundledInputs) => void): string {
  const inputs = bundledInputs();
  mutate(inputs);
  try {
    validateEnvironments(sourcesOf(inputs));
    return "";
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
}
