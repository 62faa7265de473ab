// The load-balancer pools the failover drill switches (account level, CLOUDFLARE_API_TOKEN
// with Account · Load Balancing: Monitors and Pools Write):
//   list    GET   /accounts/{account_id}/load_balancers/pools            → { result: [{ id, name, enabled }] }
//   switch  PATCH /accounts/{account_id}/load_balancers/pools/{pool_id}  { enabled } → { result: { enabled } }
// PATCH "applies changes to an existing pool, overwriting the supplied properties", so only
// `enabled` changes. "Disabled pools will not receive traffic and are excluded from health
// checks. Disabling a pool will cause any load balancers using it to failover to the next
// pool (if any)." (npm cloudflare@7.3.0 resources/load-balancers/pools/pools.js:126-131 and
// pools.d.ts:410-429 PoolEditParams.enabled; developers.cloudflare.com/api/resources/
// load_balancers/subresources/pools/methods/edit/).
import type { RestCall } from "../../contracts/call";
import { type BearerClientOptions, isObject, requestJson, text, type VendorApiProps, VendorApiError } from "../http";
import { cloudflareApi } from "./api";

export const CLOUDFLARE_DRILL_CALLS: readonly RestCall[] = [
  {
    id: "list the load-balancer pools",
    method: "GET",
    path: "/accounts/{account_id}/load_balancers/pools",
    reads: ["result[].id", "result[].name", "result[].enabled"],
  },
  {
    id: "enable or disable a pool",
    method: "PATCH",
    path: "/accounts/{account_id}/load_balancers/pools/{pool_id}",
    body: ["enabled"],
    reads: ["result.enabled"],
  },
];

export interface Pool {
  id: string;
  name: string;
  enabled: boolean;
}

export interface CloudflarePoolsOptions extends BearerClientOptions {
  timeoutMs: number;
}

export class CloudflarePools {
  private readonly api: VendorApiProps;

  constructor(
    private readonly accountId: string,
    options: CloudflarePoolsOptions,
  ) {
    this.api = cloudflareApi({
      ...options,
      access: "Account · Load Balancing: Monitors and Pools Write on this account",
    });
  }

  async listPools(): Promise<Pool[]> {
    const path = `/accounts/${encodeURIComponent(this.accountId)}/load_balancers/pools`;
    const where = `Cloudflare: GET ${path}`;
    const { status, body } = await requestJson(this.api, { method: "GET", path });
    if (status === 404)
      throw new VendorApiError(`${where}: account ${this.accountId} not found; check cloudflare.accountId`);
    const result = isObject(body) ? body.result : undefined;
    if (!Array.isArray(result)) throw new VendorApiError(`${where} returned no "result" list; report it`);
    return result.map((item) => ({
      id: text(item, "id", where),
      name: text(item, "name", where),
      // Absent means the default, enabled (PoolEditParams.enabled: "enable (the default)").
      enabled: !(isObject(item) && item.enabled === false),
    }));
  }

  async setEnabled(poolId: string, enabled: boolean): Promise<void> {
    const path = `/accounts/${encodeURIComponent(this.accountId)}/load_balancers/pools/${encodeURIComponent(poolId)}`;
    const { status, body } = await requestJson(this.api, { method: "PATCH", path, body: { enabled } });
    if (status === 404) throw new VendorApiError(`Cloudflare: PATCH ${path}: pool ${poolId} not found`);
    const result = isObject(body) ? body.result : undefined;
    if (!isObject(result) || result.enabled !== enabled)
      throw new VendorApiError(`Cloudflare: PATCH ${path} did not answer enabled=${enabled}; check the pool by hand`);
  }
}
