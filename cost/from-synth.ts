// Usage from synthesised resources: replica counts from railway_service regions, computes
// from neon_endpoint and the project's default endpoint settings, origins and check
// settings from the load balancer's pools and monitor, and the managed-resource count.
import type { PricingContext } from "./context";
import { PLATFORM_STACK_NAME as PLATFORM_STACK } from "../stacks/catalog";
import {
  arrayAt,
  constructPath,
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
    railwayRegions: ofType("railway_service")
      .flatMap(railwayRegions)
      .map((r) => {
        const cells = context.cells ?? [];
        const cell = cells.length > 1 ? cells.find((c) => c.railwayRegions.includes(r.region))?.id : undefined;
        return cell ? { ...r, cell } : r;
      }),
    neonPlan: context.neonPlan,
    neonComputes: computes(context, ofType("neon_endpoint"), all),
    ownsPlatform: context.ownsPlatform,
    neonBranches: context.ownsPlatform ? 1 + all.filter((r) => r.type === "neon_branch").length : null,
    zonePlan: context.zonePlan,
    workersPlan: context.workersPlan ?? null,
    loadBalancer: loadBalancer(context.stack, resources),
    // Priced from what is synthesised: the resource with value "on", billed on config's traffic.
    argo: ofType("cloudflare_argo_smart_routing").some((r) => stringAt(r.attrs, "value") === "on")
      ? { expectedMonthlyGb: context.argoExpectedMonthlyGb ?? 0 }
      : null,
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

/** The cell of a Neon resource from its construct path: `…/database-<cell>/…`; the first cell's is `…/database/…`. */
function cellOfPath(resource: TfResource): string | undefined {
  return /\/database-([a-z][a-z0-9-]*)\//.exec(constructPath(resource))?.[1];
}

function computes(context: PricingContext, endpoints: TfResource[], all: TfResource[]): ComputeUsage[] {
  const out: ComputeUsage[] = [];
  const cellIds = context.cells?.map((c) => c.id) ?? [];
  // Named as usageFromConfig names them: the first cell without its id, the others with it.
  const named = (resource: TfResource, what: string, settings: JsonObject | undefined): ComputeUsage => {
    const cell = cellOfPath(resource);
    const compute = computeOf(`${context.environment}${cell ? ` ${cell}` : ""} ${what}`, resource.stack, settings);
    const tag = cellIds.length > 1 ? (cell ?? cellIds[0]) : undefined;
    return tag ? { ...compute, cell: tag } : compute;
  };
  if (context.ownsPlatform) {
    // The default branch's read-write compute comes with the project (platform stack).
    for (const project of all.filter((r) => r.type === "neon_project")) {
      out.push(named(project, "read-write compute", objectAt(project.attrs, "default_endpoint_settings")));
    }
  }
  const readWrite = endpoints.filter((e) => stringAt(e.attrs, "type") !== "read_only");
  const readOnly = endpoints.filter((e) => stringAt(e.attrs, "type") === "read_only");
  for (const endpoint of readWrite) out.push(named(endpoint, "read-write compute", endpoint.attrs));
  // Replicas numbered within their cell.
  const seen = new Map<string, number>();
  for (const endpoint of readOnly) {
    const n = (seen.get(cellOfPath(endpoint) ?? "") ?? 0) + 1;
    seen.set(cellOfPath(endpoint) ?? "", n);
    out.push(named(endpoint, `read replica ${n}`, endpoint.attrs));
  }
  return out;
}

function loadBalancer(stack: string, resources: TfResource[]): LoadBalancerUsage | null {
  const balancers = resources.filter((r) => r.type === "cloudflare_load_balancer");
  if (balancers.length === 0) return null;
  const pools = resources.filter((r) => r.type === "cloudflare_load_balancer_pool");
  const monitors = resources.filter((r) => r.type === "cloudflare_load_balancer_monitor");
  // Every pool the load balancer can send to: default, fallback and geo-steered (region/country/PoP) pools.
  const used = new Set(balancers.flatMap((b) => referencedIds(b.attrs, "cloudflare_load_balancer_pool")));
  const inUse = pools.filter((p) => used.has(p.logicalId));
  const intervals = monitors.map((m) => numberAt(m.attrs, "interval") ?? 60);
  return {
    stack,
    origins: inUse.reduce((sum, pool) => sum + arrayAt(pool.attrs, "origins").length, 0),
    monitorIntervalSeconds: intervals.length > 0 ? Math.min(...intervals) : 60,
    checkRegions: Math.max(1, ...inUse.map((pool) => arrayAt(pool.attrs, "check_regions").length)),
    geoSteering: balancers.some((b) => stringAt(b.attrs, "steering_policy") === "geo"),
  };
}
