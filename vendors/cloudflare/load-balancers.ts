// The rollout's Cloudflare calls (ops/rollout.ts): find the API host's load balancer and its pools, and patch
// the load balancer's steering. Three documented calls (contracts/descriptions/cloudflare.json):
// list load balancers of the zone, list pools of the account, and Patch Load Balancer
// (PATCH /zones/{zone_id}/load_balancers/{load_balancer_id}, "overwriting the supplied
// properties": only the fields sent change). Pool weights are the load balancer's
// `random_steering.pool_weights` (pool id → 0..1, relative), honoured when
// `steering_policy = "random"` (provider v5.14.0 internal/services/load_balancer/schema.go:128-211);
// the pools' own resource has no pool weight, only per-origin `weight` inside a pool (schema.go:88).
import type { RestCall } from "../../contracts/call";
import {
  type BearerClientOptions,
  isObject,
  requestJson,
  type VendorApiProps,
  type VendorMethod,
  VendorApiError,
  withoutCredentials,
} from "../http";
import { CLOUDFLARE_SERVICE, cloudflareApi, cloudflareErrors } from "./api";

const LOAD_BALANCERS = "/zones/{zone_id}/load_balancers";
const LOAD_BALANCER = "/zones/{zone_id}/load_balancers/{load_balancer_id}";
const POOLS = "/accounts/{account_id}/load_balancers/pools";

export const CLOUDFLARE_ROLLOUT_CALLS: readonly RestCall[] = [
  {
    id: "find the load balancer",
    method: "GET",
    path: LOAD_BALANCERS,
    reads: [
      "success",
      "errors[].message",
      "result[].id",
      "result[].name",
      "result[].description",
      "result[].steering_policy",
      "result[].default_pools",
      "result[].region_pools",
      "result[].country_pools",
      "result[].pop_pools",
      "result[].random_steering",
    ],
  },
  {
    id: "list pools",
    method: "GET",
    path: POOLS,
    reads: ["success", "errors[].message", "result[].id", "result[].name"],
  },
  {
    id: "set steering",
    method: "PATCH",
    path: LOAD_BALANCER,
    body: ["steering_policy", "random_steering.default_weight", "random_steering.pool_weights", "description"],
    reads: ["success", "errors[].message", "result.id"],
  },
];

export interface RandomSteering {
  default_weight?: number;
  pool_weights?: Record<string, number>;
}

/** The parts of a live load balancer the rollout reads and restores. */
export interface LiveLoadBalancer {
  id: string;
  name: string;
  description: string;
  steeringPolicy: string;
  defaultPools: string[];
  /** True when region, country or PoP pools are set (geo steering keeps users in their cell). */
  geoPools: boolean;
  randomSteering: RandomSteering | null;
}

export interface SteeringPatch {
  steering_policy: string;
  random_steering: RandomSteering | null;
  description: string;
}

/** `timeoutMs`: per request (default 15 s). */
export interface LoadBalancersOptions extends BearerClientOptions {
  /** https://api.cloudflare.com/client/v4, or a loopback fake in tests. */
  baseUrl: string;
}

export class CloudflareLoadBalancers {
  private readonly api: VendorApiProps;

  constructor(options: LoadBalancersOptions) {
    this.api = cloudflareApi({
      ...options,
      access: "Load Balancers Write on this zone and account",
      timeoutMs: options.timeoutMs ?? 15_000,
    });
  }

  /** The envelope's `result`; a 404 or `success: false` is a one-line error. */
  private async call(method: VendorMethod, path: string, body?: unknown): Promise<unknown> {
    const where = `${CLOUDFLARE_SERVICE}: ${method} ${path}`;
    const response = await requestJson(this.api, { method, path, body });
    if (response.status === 404)
      throw new VendorApiError(`${where}: not found (404); check cloudflare.zoneId and cloudflare.accountId in config`);
    if (!isObject(response.body) || response.body.success !== true)
      throw new VendorApiError(
        `${where} did not report success (${withoutCredentials(this.api, cloudflareErrors(response.body) ?? "no error message")}); check the load balancer by hand`,
      );
    return response.body.result;
  }

  async findLoadBalancer(zoneId: string, hostname: string): Promise<LiveLoadBalancer> {
    const result = await this.call("GET", LOAD_BALANCERS.replace("{zone_id}", encodeURIComponent(zoneId)));
    const found = (Array.isArray(result) ? result : []).find((lb: { name?: string }) => lb.name === hostname) as
      Record<string, unknown> | undefined;
    if (!found) {
      throw new VendorApiError(
        `Cloudflare: no load balancer named ${hostname} in zone ${zoneId}; apply the stack first (a single-region environment has none)`,
      );
    }
    const nonEmpty = (value: unknown) => value !== null && typeof value === "object" && Object.keys(value).length > 0;
    return {
      id: String(found.id),
      name: hostname,
      description: typeof found.description === "string" ? found.description : "",
      steeringPolicy: typeof found.steering_policy === "string" ? found.steering_policy : "",
      defaultPools: Array.isArray(found.default_pools) ? found.default_pools.map(String) : [],
      geoPools: nonEmpty(found.region_pools) || nonEmpty(found.country_pools) || nonEmpty(found.pop_pools),
      randomSteering: (found.random_steering as RandomSteering | undefined) ?? null,
    };
  }

  /** Pool name → id for the account. */
  async poolIds(accountId: string): Promise<Map<string, string>> {
    const result = await this.call("GET", POOLS.replace("{account_id}", encodeURIComponent(accountId)));
    const pools = (Array.isArray(result) ? result : []) as Array<{ id?: string; name?: string }>;
    return new Map(pools.filter((p) => p.id && p.name).map((p) => [String(p.name), String(p.id)]));
  }

  async setSteering(zoneId: string, loadBalancerId: string, patch: SteeringPatch): Promise<void> {
    const path = LOAD_BALANCER.replace("{zone_id}", encodeURIComponent(zoneId)).replace(
      "{load_balancer_id}",
      encodeURIComponent(loadBalancerId),
    );
    // null leaves random_steering as it is (a PATCH changes only what it sends).
    const body: Record<string, unknown> = { steering_policy: patch.steering_policy, description: patch.description };
    if (patch.random_steering !== null) body.random_steering = patch.random_steering;
    await this.call("PATCH", path, body);
  }
}
