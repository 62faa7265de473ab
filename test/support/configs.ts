// Fresh, mutable copies of the bundled environment configs for tests.
import type { EnvironmentSource } from "../../config/load";
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
