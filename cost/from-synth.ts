// Usage from synthesised resources: replica counts from railway_service regions, computes
// from neon_endpoint and the project's default endpoint settings, origins and check
// settings from the load balancer's pools and monitor, and the managed-resource count.
import type { PricingContext } from "./context";
import { PLATFORM_STACK_NAME as PLATFORM_STACK } from "../stacks/catalog";
import {
  arrayAt,
  isJsonObject,
  numberAt,
  objectAt,
  referencedIds,
  resourcesIn,
  stringAt,
  type JsonObject,
  type TfJson,
  type TfResource,
} from "../terraform-json/tf-json";
import type { ComputeUsage, EnvironmentUsage, LoadBalancerUsage } from "./types";

export function usageFromSynth(context: PricingContext, stacks: ReadonlyMap<string, TfJson>): EnvironmentUsage {
  const own = stacks.get(context.stack);
  if (!own) throw new Error(`stack ${context.stack} of environment ${context.environment} was not synthesised`);
  const resources = resourcesIn(context.stack, own);
  const ofType = (type: string) => resources.filter((r) => r.type === type);
  const all = [...stacks].flatMap(([name, json]) => resourcesIn(name, json));

  return {
    environment: context.environment,
    stack: context.stack,
    platformStack: PLATFORM_STACK,
    railwayRegions: ofType("railway_service").flatMap(railwayRegions),
    neonPlan: context.neonPlan,
    neonComputes: computes(context, ofType("neon_endpoint"), all),
    ownsPlatform: context.ownsPlatform,
    neonBranches: context.ownsPlatform ? 1 + all.filter((r) => r.type === "neon_branch").length : null,
    zonePlan: context.zonePlan,
    loadBalancer: loadBalancer(context.stack, resources),
    terraformCloudResources: context.ownsPlatform ? all.length : null,
  };
}

function railwayRegions(service: TfResource): Array<{ region: string; replicas: number }> {
  return arrayAt(service.attrs, "regions")
    .filter(isJsonObject)
    .map((r) => ({ region: stringAt(r, "region") ?? service.logicalId, replicas: numberAt(r, "num_replicas") ?? 1 }));
}

function computeOf(name: string, stack: string, settings: JsonObject | undefined): ComputeUsage {
  return {
    name,
    stack,
    minCu: numberAt(settings, "autoscaling_limit_min_cu") ?? 0.25,
    maxCu: numberAt(settings, "autoscaling_limit_max_cu") ?? 0.25,
    // Unset means Neon's default: scale to zero after 300 s.
    suspendTimeoutSeconds: numberAt(settings, "suspend_timeout_seconds") ?? 0,
  };
}

function computes(context: PricingContext, endpoints: TfResource[], all: TfResource[]): ComputeUsage[] {
  const out: ComputeUsage[] = [];
  if (context.ownsPlatform) {
    // The default branch's read-write compute comes with the project (platform stack).
    for (const project of all.filter((r) => r.type === "neon_project")) {
      out.push(
        computeOf(
          `${context.environment} read-write compute`,
          project.stack,
          objectAt(project.attrs, "default_endpoint_settings"),
        ),
      );
    }
  }
  const readWrite = endpoints.filter((e) => stringAt(e.attrs, "type") !== "read_only");
  const readOnly = endpoints.filter((e) => stringAt(e.attrs, "type") === "read_only");
  for (const endpoint of readWrite)
    out.push(computeOf(`${context.environment} read-write compute`, endpoint.stack, endpoint.attrs));
  readOnly.forEach((endpoint, i) =>
    out.push(computeOf(`${context.environment} read replica ${i + 1}`, endpoint.stack, endpoint.attrs)),
  );
  return out;
}

function loadBalancer(stack: string, resources: TfResource[]): LoadBalancerUsage | null {
  const balancers = resources.filter((r) => r.type === "cloudflare_load_balancer");
  if (balancers.length === 0) return null;
  const pools = resources.filter((r) => r.type === "cloudflare_load_balancer_pool");
  const monitors = resources.filter((r) => r.type === "cloudflare_load_balancer_monitor");
  const used = new Set(
    balancers.flatMap((b) => referencedIds(b.attrs.default_pools ?? null, "cloudflare_load_balancer_pool")),
  );
  const inUse = pools.filter((p) => used.has(p.logicalId));
  const intervals = monitors.map((m) => numberAt(m.attrs, "interval") ?? 60);
  return {
    stack,
    origins: inUse.reduce((sum, pool) => sum + arrayAt(pool.attrs, "origins").length, 0),
    monitorIntervalSeconds: intervals.length > 0 ? Math.min(...intervals) : 60,
    checkRegions: Math.max(1, ...inUse.map((pool) => arrayAt(pool.attrs, "check_regions").length)),
  };
}
