// The rehearsal's configs (npm run rehearse, npm run bench): the bundled environments, a
// pull request setting the staging database's suspend timeout to Neon's default (300 s →
// 0; an in-place update of its neon_endpoint), and, on top of that, two pull requests
// opened against the same main: `second-a` sets 300 s again, `second-b` raises the
// autoscaling maximum to 2 CU (both update the same neon_endpoint); `second-ab` is main after
// both are merged. These are the only values staging may take: the bundled project is on
// Neon's Launch plan, which suspends after 5 minutes or never (config/neon-limits.ts
// neonSuspendIssue), and staging's lean cost profile refuses never (-1).
import { ENVIRONMENT_SOURCES } from "..";
import type { EnvironmentSource } from "../load";

export type RehearsalVariant = "base" | "pr" | "second-a" | "second-b" | "second-ab";

export const REHEARSAL_PR_UPDATE = /suspend_timeout_seconds: 300 → 0/;

export function rehearsalSources(variant: RehearsalVariant): EnvironmentSource[] {
  return ENVIRONMENT_SOURCES.map((source) => {
    const value = structuredClone(source.value);
    if (variant !== "base" && value.name === "staging" && "compute" in value.neon && value.neon.compute) {
      value.neon.compute.suspendTimeoutSeconds = 0;
      if (variant === "second-a" || variant === "second-ab") value.neon.compute.suspendTimeoutSeconds = 300;
      if (variant === "second-b" || variant === "second-ab") value.neon.compute.maxCu = 2;
    }
    return { file: source.file, value };
  });
}
