// Usage from validated config alone: what config validation prices before anything is
// synthesised. It mirrors what the stacks build from the same config (one Railway service
// per region, the default branch's compute in the platform stack, replicas with the
// environment's compute limits, one load-balancer origin per region).
import type { CloudflarePlan } from "../config/cloudflare-plans";
import type { NeonPlan } from "../config/neon-limits";
import { loadBalancerCheckRegions } from "../config/schema";
import type { WorkersPlan } from "../config/workers-plans";
import { stackNameFor as environmentStack, PLATFORM_STACK_NAME as PLATFORM_STACK } from "../stacks/catalog";
import type { ComputeUsage, EnvironmentUsage } from "./types";

/** The parts of an environment's config the cost model reads. */
export interface CostedConfig {
  name: string;
  regions: ReadonlyArray<{ railwayRegion: string; replicas: number }>;
  /** Cells (issue 17): one Neon project each, so a read-write compute and replicas per cell. */
  cells?: ReadonlyArray<{ id: string; readReplicas: number; regions: ReadonlyArray<{ railwayRegion: string }> }>;
  cloudflare: {
    plan: CloudflarePlan;
    managesZone: boolean;
    loadBalancer: { monitorIntervalSeconds: number; checkRegions?: readonly string[] };
    /** Absent: Free (the schema's default). */
    workersPlan?: WorkersPlan;
    /** Absent or null: off. */
    argoSmartRouting?: { expectedMonthlyGb: number } | null;
  };
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
  const cells = config.cells ?? [];
  // The first cell keeps the names it had before cells existed.
  const prefix = (cellIndex: number) => (cellIndex === 0 ? config.name : `${config.name} ${cells[cellIndex].id}`);
  const cellTag = (cellIndex: number) => (cells.length > 1 ? { cell: cells[cellIndex].id } : {});
  const computesOf = (cellIndex: number): ComputeUsage[] => [
    {
      name: `${prefix(cellIndex)} read-write compute`,
      stack: config.neon.isDefaultBranch ? PLATFORM_STACK : stack,
      ...compute,
      ...cellTag(cellIndex),
    },
    ...Array.from({ length: cells[cellIndex]?.readReplicas ?? config.neon.readReplicas }, (_, i) => ({
      name: `${prefix(cellIndex)} read replica ${i + 1}`,
      stack,
      ...compute,
      ...cellTag(cellIndex),
    })),
  ];
  const cellOf = (railwayRegion: string) =>
    cells.length > 1 ? cells.find((c) => c.regions.some((r) => r.railwayRegion === railwayRegion))?.id : undefined;
  return {
    environment: config.name,
    stack,
    platformStack: PLATFORM_STACK,
    railwayRegions: config.regions.map((r) => {
      const cell = cellOf(r.railwayRegion);
      return { region: r.railwayRegion, replicas: r.replicas, ...(cell ? { cell } : {}) };
    }),
    neonPlan: config.neon.plan,
    neonComputes: Array.from({ length: Math.max(1, cells.length) }, (_, i) => computesOf(i)).flat(),
    ownsPlatform: config.neon.isDefaultBranch,
    neonBranches: null,
    zonePlan: config.cloudflare.managesZone ? config.cloudflare.plan : null,
    workersPlan: config.cloudflare.managesZone ? (config.cloudflare.workersPlan ?? "free") : null,
    loadBalancer:
      config.regions.length > 1
        ? {
            stack,
            origins: config.regions.length,
            monitorIntervalSeconds: config.cloudflare.loadBalancer.monitorIntervalSeconds,
            checkRegions: loadBalancerCheckRegions(config).length,
            geoSteering: cells.length > 1,
          }
        : null,
    argo: config.cloudflare.managesZone ? (config.cloudflare.argoSmartRouting ?? null) : null,
    terraformCloudResources: null,
  };
}
