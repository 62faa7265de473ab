// The availability and data-safety rules on hand-built resources: the pool count at its
// limit (2) and one below, monitors that exist or not, prevent_destroy per resource.
import { describe, expect, it } from "vitest";
import { POLICY_RULES } from "../../../policy/rules/index";
import { databasePreventDestroy, failoverLoadBalancer, readReplica } from "../../../policy/rules/resilience";
import { POLICY_RULE_IDS } from "../../../config/policy-rule-ids";
import type { JsonObject } from "../../../terraform-json/tf-json";
import { context, lines, PLATFORM, ref, resource, STACK } from "./fixtures";

const service = (id: string) => resource("railway_service", id, {}, `${STACK}/api-backend/${id}/service`);
const monitor = resource("cloudflare_load_balancer_monitor", "mon", {});
const pool = (id: string, attrs: JsonObject = { monitor: ref("cloudflare_load_balancer_monitor", "mon") }) =>
  resource("cloudflare_load_balancer_pool", id, attrs, `${STACK}/edge/${id}`);
const lb = (pools: string[]) =>
  resource(
    "cloudflare_load_balancer",
    "lb",
    { default_pools: pools.map((id) => ref("cloudflare_load_balancer_pool", id)) },
    `${STACK}/edge/lb`,
  );

describe("failover-load-balancer", () => {
  it("passes with one service and no load balancer", () => {
    expect(lines(failoverLoadBalancer.check(context([service("a")])))).toBe("pass");
  });

  it("fails with two services and no load balancer", () => {
    expect(lines(failoverLoadBalancer.check(context([service("a"), service("b")])))).toEqual([
      `${STACK}: 2 regional services but no cloudflare_load_balancer`,
    ]);
  });

  it("passes at two monitored pools and fails at one", () => {
    const base = [service("a"), service("b"), monitor, pool("p1"), pool("p2")];
    expect(lines(failoverLoadBalancer.check(context([...base, lb(["p1", "p2"])])))).toBe("pass");
    expect(lines(failoverLoadBalancer.check(context([...base, lb(["p1"])])))).toEqual([
      `${STACK}/edge/lb: fails over across 1 pool(s); it needs at least 2`,
    ]);
    // Only pool references count: a monitor's reference in default_pools is not a second pool.
    const withMonitor = resource(
      "cloudflare_load_balancer",
      "lb",
      { default_pools: [ref("cloudflare_load_balancer_pool", "p1"), ref("cloudflare_load_balancer_monitor", "p2")] },
      `${STACK}/edge/lb`,
    );
    expect(lines(failoverLoadBalancer.check(context([...base, withMonitor])))).toEqual([
      `${STACK}/edge/lb: fails over across 1 pool(s); it needs at least 2`,
    ]);
  });

  it("fails on a pool without a monitor, or with a monitor nobody declares", () => {
    const resources = [
      service("a"),
      service("b"),
      monitor,
      pool("p1"),
      pool("p2", {}),
      pool("p3", { monitor: ref("cloudflare_load_balancer_monitor", "gone") }),
      // Named like the monitor, but not a monitor.
      pool("p4", { monitor: ref("cloudflare_notification_policy", "mon") }),
      lb(["p1", "p2", "p3", "p4", "undeclared"]),
    ];
    expect(lines(failoverLoadBalancer.check(context(resources)))).toEqual([
      `${STACK}/edge/p2: pool has no health monitor`,
      `${STACK}/edge/p3: pool has no health monitor`,
      `${STACK}/edge/p4: pool has no health monitor`,
    ]);
  });
});

describe("database-prevent-destroy", () => {
  const kept = { lifecycle: { prevent_destroy: true } };
  const project = (attrs: JsonObject) => resource("neon_project", "project", attrs, `${PLATFORM}/database/project`);
  const role = (attrs: JsonObject) =>
    resource("neon_role", "role", { name: "app", ...attrs }, `${STACK}/database/role`);

  it("passes when the project, the branch and the role are all protected", () => {
    const branch = resource("neon_branch", "branch", { name: "production", ...kept }, `${STACK}/database/branch`);
    expect(lines(databasePreventDestroy.check(context([project(kept), role(kept), branch])))).toBe("pass");
  });

  it("fails on each unprotected resource, naming it", () => {
    const branch = resource(
      "neon_branch",
      "branch",
      { lifecycle: { prevent_destroy: false } },
      `${STACK}/database/branch`,
    );
    expect(lines(databasePreventDestroy.check(context([project({}), role({}), branch])))).toEqual([
      `${PLATFORM}/database/project: the Neon project can be destroyed (no prevent_destroy)`,
      `${STACK}/database/branch: neon_branch  has no prevent_destroy`,
      `${STACK}/database/role: neon_role app has no prevent_destroy`,
    ]);
  });

  it("fails when there is no project or no role", () => {
    expect(lines(databasePreventDestroy.check(context([])))).toEqual([
      `${STACK}: no neon_project in any stack`,
      `${STACK}: no neon_role in the environment's stack`,
    ]);
  });
});

describe("read-replica", () => {
  const endpoint = (type: string) => resource("neon_endpoint", `ep_${type}`, { type });

  it("passes with a read_only endpoint and fails with only read_write", () => {
    expect(lines(readReplica.check(context([endpoint("read_write"), endpoint("read_only")])))).toBe("pass");
    expect(lines(readReplica.check(context([endpoint("read_write")])))).toEqual([
      `${STACK}: no read_only neon_endpoint`,
    ]);
  });
});

describe("the rule list", () => {
  it("holds every rule config may name, once", () => {
    expect(POLICY_RULES.map((rule) => rule.id).sort()).toEqual([...POLICY_RULE_IDS].sort());
  });
});
