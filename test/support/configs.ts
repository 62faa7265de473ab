// Fresh, mutable copies of the bundled environment configs for tests.
import { expect } from "vitest";
import { ConfigError, type EnvironmentSource, loadEnvironments } from "../../config/load";
import type { EnvironmentInput } from "../../config/schema";
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

/** Loads the bundled configs after `mutate`; returns the ConfigError message, or "" when valid. */
export function problemsAfter(mutate: (inputs: BundledInputs) => void): string {
  const inputs = bundledInputs();
  mutate(inputs);
  try {
    loadEnvironments(sourcesOf(inputs));
    return "";
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
}
