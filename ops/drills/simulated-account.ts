// The drills against the simulated account (NEUROPILOT_SIMULATOR_DIR, docs/simulator.md): an
// in-process adapter over its store, implementing the same PoolApi and BranchApi the real
// clients do, so the drill code is the one that runs against Cloudflare and Neon. The account
// keeps Terraform's view of the objects only, so:
//   - a pool's `enabled` is written into the live object (a re-plan in between would show it
//     as drift, as it would in the real account) and put back exactly as it was — absent
//     stays absent;
//   - the public host "answers" from the first enabled pool of the load balancer's
//     default_pools (failover order), naming that pool's origin, as Cloudflare's failover
//     steering does (load-balancer.ts, steering "off"); no pool enabled: 503;
//   - a point-in-time branch and its endpoint are objects the drill adds and removes
//     (`neon_branch`/`neon_endpoint`, ids prefixed `br-drill-`/`ep-drill-`), its endpoint
//     `active` at once; no connection check (the account serves no database).
import { randomBytes } from "node:crypto";
import { type Attributes, readStore, updateStore } from "../../offline-provider/simulator/store";
import type { Pool } from "../../vendors/cloudflare/pools";
import { VendorApiError } from "../../vendors/http";
import type { Endpoint } from "../../vendors/neon/branches";
import type { PoolApi } from "./cloudflare-pools";
import type { ProbeAnswer } from "./failover";
import type { BranchApi } from "./neon-branches";

const POOL = "cloudflare_load_balancer_pool";
const objectsOf = (dir: string, type: string): Record<string, Attributes> => readStore(dir).objects[type] ?? {};
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

export class SimulatedPools implements PoolApi {
  /** Each pool's `enabled` before the drill changed it ("absent" when the key was missing). */
  private readonly before = new Map<string, unknown>();

  constructor(private readonly dir: string) {}

  async listPools(): Promise<Pool[]> {
    return Object.entries(objectsOf(this.dir, POOL)).map(([id, a]) => ({
      id,
      name: str(a.name) ?? "",
      enabled: a.enabled !== false,
    }));
  }

  async setEnabled(poolId: string, enabled: boolean): Promise<void> {
    updateStore(this.dir, (store) => {
      const pool = store.objects[POOL]?.[poolId];
      if (!pool) throw new VendorApiError(`simulated account: pool ${poolId} not found`);
      if (!enabled) {
        if (!this.before.has(poolId)) this.before.set(poolId, "enabled" in pool ? pool.enabled : "absent");
        pool.enabled = false;
        return;
      }
      const original = this.before.get(poolId);
      if (original === "absent") delete pool.enabled;
      else pool.enabled = original === undefined ? true : original;
      this.before.delete(poolId);
    });
  }
}

/** The public host's answer as the simulated load balancer for `host` would route it. */
export function simulatedProbe(dir: string, host: string, expectedStatus: number): () => Promise<ProbeAnswer> {
  return async () => {
    const balancers = Object.values(objectsOf(dir, "cloudflare_load_balancer"));
    const lb = balancers.find((b) => b.name === host);
    if (!lb)
      throw new VendorApiError(`simulated account: no load balancer for ${host}; run npm run simulate -- deploy`);
    const pools = objectsOf(dir, POOL);
    const order = Array.isArray(lb.default_pools) ? (lb.default_pools as unknown[]) : [];
    for (const id of order) {
      const pool = typeof id === "string" ? pools[id] : undefined;
      if (!pool || pool.enabled === false) continue;
      const origins = Array.isArray(pool.origins) ? (pool.origins as Attributes[]) : [];
      return { status: expectedStatus, region: str(origins[0]?.name) };
    }
    return { status: 503 };
  };
}

export class SimulatedBranches implements BranchApi {
  constructor(private readonly dir: string) {}

  async projectId(name: string): Promise<string> {
    const match = Object.entries(objectsOf(this.dir, "neon_project")).filter(([, p]) => p.name === name);
    if (match.length !== 1) throw new VendorApiError(`simulated account: no Neon project named "${name}"`);
    return match[0][0];
  }

  async branchId(projectId: string, name: string): Promise<string> {
    const branch = Object.entries(objectsOf(this.dir, "neon_branch")).find(
      ([, b]) => b.project_id === projectId && b.name === name,
    );
    if (branch) return branch[0];
    // The default branch is an attribute of the project, not an object (docs/simulator.md).
    const project = objectsOf(this.dir, "neon_project")[projectId];
    const first = Array.isArray(project?.branch) ? (project.branch as Attributes[])[0] : undefined;
    const id = str(project?.default_branch_id);
    if (id && first?.name === name) return id;
    throw new VendorApiError(`simulated account: no branch "${name}" in project ${projectId}`);
  }

  async createBranch(
    projectId: string,
    request: { name: string; parentId: string; parentTimestamp: string },
  ): Promise<{ branchId: string; endpointId: string }> {
    const suffix = randomBytes(4).toString("hex");
    const branchId = `br-drill-${suffix}`;
    const endpointId = `ep-drill-${suffix}`;
    updateStore(this.dir, (store) => {
      (store.objects.neon_branch ??= {})[branchId] = {
        id: branchId,
        project_id: projectId,
        name: request.name,
        parent_id: request.parentId,
        parent_timestamp: request.parentTimestamp,
      };
      (store.objects.neon_endpoint ??= {})[endpointId] = {
        id: endpointId,
        project_id: projectId,
        branch_id: branchId,
        type: "read_write",
        host: `${endpointId}.simulated.neon.invalid`,
        current_state: "active",
      };
    });
    return { branchId, endpointId };
  }

  async endpoint(_projectId: string, endpointId: string): Promise<Endpoint> {
    const e = objectsOf(this.dir, "neon_endpoint")[endpointId];
    if (!e) throw new VendorApiError(`simulated account: endpoint ${endpointId} not found`);
    return { host: str(e.host) ?? "", state: str(e.current_state) ?? "init" };
  }

  async deleteBranch(_projectId: string, branchId: string): Promise<boolean> {
    return updateStore(this.dir, (store) => {
      const existed = Boolean(store.objects.neon_branch?.[branchId]);
      delete store.objects.neon_branch?.[branchId];
      for (const [id, e] of Object.entries(store.objects.neon_endpoint ?? {}))
        if (e.branch_id === branchId) delete store.objects.neon_endpoint[id];
      // A type map the drill created and emptied goes too: the account as it was.
      for (const type of ["neon_branch", "neon_endpoint"])
        if (store.objects[type] && Object.keys(store.objects[type]).length === 0) delete store.objects[type];
      return existed;
    });
  }
}
