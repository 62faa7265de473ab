// Availability and data-safety rules: failover across regions, protected data, and a
// read replica.
import { constructPath, type JsonObject, objectAt, referencedIds, stringAt } from "../../terraform-json/tf-json";
import { PASS, type PolicyRule, type Violation, violations } from "../rule";

export const failoverLoadBalancer: PolicyRule = {
  id: "failover-load-balancer",
  requirement: "an environment in more than one region sits behind a load balancer whose pools have a health monitor",
  fix: "list several regions in config: the Edge construct then creates the load balancer, one pool per region and a monitor",
  check(ctx) {
    const services = ctx.inventory.ofType("railway_service", ctx.stack);
    if (services.length <= 1) return PASS;
    const balancers = ctx.inventory.ofType("cloudflare_load_balancer", ctx.stack);
    if (balancers.length === 0) {
      return violations([
        { path: ctx.stack, message: `${services.length} regional services but no cloudflare_load_balancer` },
      ]);
    }
    const pools = new Map(ctx.inventory.ofType("cloudflare_load_balancer_pool").map((p) => [p.logicalId, p]));
    const monitors = new Set(ctx.inventory.ofType("cloudflare_load_balancer_monitor").map((m) => m.logicalId));
    const found: Violation[] = [];
    for (const lb of balancers) {
      const poolIds = referencedIds(lb.attrs.default_pools ?? null, "cloudflare_load_balancer_pool");
      if (poolIds.length < 2) {
        found.push({
          path: constructPath(lb),
          message: `fails over across ${poolIds.length} pool(s); it needs at least 2`,
        });
      }
      for (const id of poolIds) {
        const pool = pools.get(id);
        const monitored =
          pool &&
          referencedIds(pool.attrs.monitor ?? null, "cloudflare_load_balancer_monitor").some((m) => monitors.has(m));
        if (pool && !monitored) found.push({ path: constructPath(pool), message: "pool has no health monitor" });
      }
    }
    return violations(found);
  },
};

function preventsDestroy(attrs: JsonObject): boolean {
  return objectAt(attrs, "lifecycle")?.prevent_destroy === true;
}

export const databasePreventDestroy: PolicyRule = {
  id: "database-prevent-destroy",
  requirement:
    "the environment's data cannot be destroyed by a plan: the Neon project (which owns the database on the default branch), the environment's child branch if it has one, and its application role have lifecycle.prevent_destroy",
  fix: "keep lifecycle { preventDestroy: true } on NeonProject and, for this tier, EnvironmentDatabase's protectData",
  check(ctx) {
    const found: Violation[] = [];
    const projects = ctx.inventory.ofType("neon_project");
    if (projects.length === 0) found.push({ path: ctx.stack, message: "no neon_project in any stack" });
    for (const project of projects.filter((p) => !preventsDestroy(p.attrs))) {
      found.push({ path: constructPath(project), message: "the Neon project can be destroyed (no prevent_destroy)" });
    }
    const roles = ctx.inventory.ofType("neon_role", ctx.stack);
    if (roles.length === 0) found.push({ path: ctx.stack, message: "no neon_role in the environment's stack" });
    const held = [...ctx.inventory.ofType("neon_branch", ctx.stack), ...roles];
    for (const resource of held.filter((r) => !preventsDestroy(r.attrs))) {
      found.push({
        path: constructPath(resource),
        message: `${resource.type} ${stringAt(resource.attrs, "name") ?? ""} has no prevent_destroy`,
      });
    }
    return violations(found);
  },
};

export const readReplica: PolicyRule = {
  id: "read-replica",
  requirement: "at least one read replica (neon_endpoint of type read_only)",
  fix: "set neon.readReplicas to 1 or more",
  check(ctx) {
    const replicas = ctx.inventory
      .ofType("neon_endpoint", ctx.stack)
      .filter((e) => stringAt(e.attrs, "type") === "read_only");
    return replicas.length > 0 ? PASS : violations([{ path: ctx.stack, message: "no read_only neon_endpoint" }]);
  },
};
