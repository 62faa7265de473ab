// Usage from validated config alone: what config validation prices before anything is
// synthesised. It mirrors what the stacks build from the same config (one Railway service
// per region, the default branch's compute in the platform stack, replicas with the
// environment's compute limits, one load-balancer origin per region).
import type { CloudflarePlan } from "../config/cloudflare-plans";
import type { NeonPlan } from "../config/neon-limits";
import { stackNameFor as environmentStack, PLATFORM_STACK_NAME as PLATFORM_STACK } from "../stacks/catalog";
import type { ComputeUsage, EnvironmentUsage } from "./types";

/** The parts of an environment's config the cost model reads. */
export interface CostedConfig {
  name: string;
  regions: ReadonlyArray<{ railwayRegion: string; replicas: number }>;
  cloudflare: { plan: CloudflarePlan; managesZone: boolean; loadBalancer: { monitorIntervalSeconds: number } };
  neon: {
    plan: NeonPlan;
    isDefaultBranch: boolean;
    compute: { minCu: number; maxCu: number; suspendTimeoutSeconds: number };
    readReplicas: number;
  };
}

export function usageFromConfig(config: CostedConfig): EnvironmentUsage {
  const stack = environmentStack(config.name);
  const compute = config.neon.compute;
  const primary: ComputeUsage = {
    name: `${config.name} read-write compute`,
    stack: config.neon.isDefaultBranch ? PLATFORM_STACK : stack,
    ...compute,
  };
  const replicas: ComputeUsage[] = Array.from({ length: config.neon.readReplicas }, (_, i) => ({
    name: `${config.name} read replica ${i + 1}`,
    stack,
    ...compute,
  }));
  return {
    environment: config.name,
    stack,
    platformStack: PLATFORM_STACK,
    railwayRegions: config.regions.map((r) => ({ region: r.railwayRegion, replicas: r.replicas })),
    neonPlan: config.neon.plan,
    neonComputes: [primary, ...replicas],
    ownsPlatform: config.neon.isDefaultBranch,
    neonBranches: null,
    zonePlan: config.cloudflare.managesZone ? config.cloudflare.plan : null,
    loadBalancer:
      config.regions.length > 1
        ? {
            stack,
            origins: config.regions.length,
            monitorIntervalSeconds: config.cloudflare.loadBalancer.monitorIntervalSeconds,
            checkRegions: 1,
          }
        : null,
    terraformCloudResources: null,
  };
}
