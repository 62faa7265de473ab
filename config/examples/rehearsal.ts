// The rehearsal's configs (npm run rehearse, npm run bench): the bundled environments, a
// pull request changing the staging database's suspend timeout from 300 s to 600 s (an
// in-place update of its neon_endpoint), and, on top of that, two pull requests opened
// against the same main: `second-a` raises the suspend timeout to 900 s, `second-b` the
// autoscaling maximum to 2 CU (both update the same neon_endpoint); `second-ab` is main
// after both are merged.
import { ENVIRONMENT_SOURCES } from "..";
import type { EnvironmentSource } from "../load";

export type RehearsalVariant = "base" | "pr" | "second-a" | "second-b" | "second-ab";

export const REHEARSAL_PR_UPDATE = /suspend_timeout_seconds: 300 → 600/;

export function rehearsalSources(variant: RehearsalVariant): EnvironmentSource[] {
  return ENVIRONMENT_SOURCES.map((source) => {
    const value = structuredClone(source.value);
    if (variant !== "base" && value.name === "staging" && "compute" in value.neon && value.neon.compute) {
      value.neon.compute.suspendTimeoutSeconds = 600;
      if (variant === "second-a" || variant === "second-ab") value.neon.compute.suspendTimeoutSeconds = 900;
      if (variant === "second-b" || variant === "second-ab") value.neon.compute.maxCu = 2;
    }
    return { file: source.file, value };
  });
}
