// What the failover drill needs of a load-balancer pool API: Cloudflare's
// (vendors/cloudflare/pools.ts) or the simulated account's (simulated-account.ts). Pool names
// are the stack's (constructs/cloudflare/load-balancer.ts): `<api host with dots as hyphens>-<region>`.
import type { Pool } from "../../vendors/cloudflare/pools";

export interface PoolApi {
  listPools(): Promise<Pool[]>;
  setEnabled(poolId: string, enabled: boolean): Promise<void>;
}

/** The pool name the stack gives a region's pool. */
export function poolName(apiHost: string, region: string): string {
  return `${apiHost.replace(/\./g, "-")}-${region}`;
}
