// The bundled environments, in deploy order (staging is applied before production).
import type { EnvironmentSource } from "./load";
import type { EnvironmentInput } from "./schema";
import { production } from "./production";
import { staging } from "./staging";

export const ENVIRONMENT_SOURCES: ReadonlyArray<EnvironmentSource & { value: EnvironmentInput }> = [
  { file: "config/staging.ts", value: staging },
  { file: "config/production.ts", value: production },
];
