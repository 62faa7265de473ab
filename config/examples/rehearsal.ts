// The rehearsal's two configs (npm run rehearse, npm run bench): the bundled environments,
// and a pull request changing the staging database's suspend timeout from 300 s to 600 s
// (an in-place update of its neon_endpoint).
import { ENVIRONMENT_SOURCES } from "..";
import type { EnvironmentSource } from "../load";

export type RehearsalVariant = "base" | "pr";

export const REHEARSAL_PR_UPDATE = /suspend_timeout_seconds: 300 → 600/;

export function rehearsalSources(variant: RehearsalVariant): EnvironmentSource[] {
  return ENVIRONMENT_SOURCES.map((source) => {
    const value = structuredClone(source.value);
    if (variant === "pr" && value.name === "staging" && "compute" in value.neon && value.neon.compute)
      value.neon.compute.suspendTimeoutSeconds = 600;
    return { file: source.file, value };
  });
}
