// Residency for every cell (issue 29): the 3-cell example (global.ts) with every cell strict —
// US data in the US, EU data in the EU, APAC data in APAC. No cell fails over into another,
// and because strict cells span three jurisdictions the load balancer's one fallback_pool is
// the holding page (cloudflare.loadBalancer.holdingOrigin), which keeps no data. An example,
// not deployed: test/stacks/global-strict.test.ts synthesises it and checks every policy rule.
import type { EnvironmentSource } from "../load";
import type { EnvironmentInput } from "../schema";
import { globalProduction, globalStaging } from "./global";

function allStrict(env: EnvironmentInput): EnvironmentInput {
  return {
    ...env,
    cells: (env.cells ?? []).map((cell) => ({ ...cell, residency: "strict" as const })),
    cloudflare: {
      ...env.cloudflare,
      loadBalancer: { ...env.cloudflare.loadBalancer, holdingOrigin: "unavailable.neuropilot.ai" },
    },
  };
}

export const strictProduction: EnvironmentInput = allStrict(globalProduction);

export const STRICT_SOURCES: EnvironmentSource[] = [
  { file: "config/examples/global-strict.ts", value: globalStaging },
  { file: "config/examples/global-strict.ts", value: strictProduction },
];
