// For each resource type the stacks use that has a replace-forcing attribute: changing
// one such attribute is planned as a replacement (the path PlanResourceChange returns
// in requires_replace), matching the provider rule cited in providers/offline/rules.
import { describe, expect, it } from "vitest";
import { planResourceChange } from "../../../offline-provider/planner";
import { applyDefaults } from "../../../offline-provider/rules/plan-rules";
import { type PathStep, cloneValue } from "../../../offline-provider/rules/positions";
import { RULE_TARGETS } from "../../../offline-provider/rules/targets";
import type { AttributeJson, BlockTypeJson } from "../../../offline-provider/schema";
import { objectWith, resource } from "./support";

/** type -> [attribute path, file of the cited rule]. */
const REPLACING: Record<string, [string, string]> = {
  cloudflare_dns_record: ["zone_id", "internal/services/dns_record/schema.go"],
  cloudflare_load_balancer: ["zone_id", "internal/services/load_balancer/schema.go"],
  cloudflare_load_balancer_monitor: ["account_id", "internal/services/load_balancer_monitor/schema.go"],
  cloudflare_load_balancer_pool: ["account_id", "internal/services/load_balancer_pool/schema.go"],
  cloudflare_ruleset: ["phase", "internal/services/ruleset/schema.go"],
  cloudflare_workers_cron_trigger: ["script_name", "internal/services/workers_cron_trigger/schema.go"],
  cloudflare_workers_kv_namespace: ["account_id", "internal/services/workers_kv_namespace/schema.go"],
  cloudflare_workers_script: ["script_name", "internal/services/workers_script/schema.go"],
  cloudflare_zone_setting: ["setting_id", "internal/services/zone_setting/schema.go"],
  github_actions_environment_secret: ["environment", "github/resource_github_actions_environment_secret.go"],
  github_actions_secret: ["secret_name", "github/resource_github_actions_secret.go"],
  github_issue_label: ["repository", "github/resource_github_issue_label.go"],
  github_repository_environment: ["environment", "github/resource_github_repository_environment.go"],
  github_repository_environment_deployment_policy: [
    "environment",
    "github/resource_github_repository_environment_deployment_policy.go",
  ],
  grafana_contact_point: ["name", "internal/resources/grafana/resource_alerting_contact_point.go"],
  grafana_dashboard: ["org_id", "internal/resources/grafana/oss_org_id.go"],
  grafana_data_source: ["uid", "internal/resources/grafana/resource_data_source.go"],
  grafana_folder: ["uid", "internal/resources/grafana/resource_folder.go"],
  grafana_notification_policy: ["org_id", "internal/resources/grafana/oss_org_id.go"],
  grafana_rule_group: ["folder_uid", "internal/resources/grafana/resource_alerting_rule_group.go"],
  grafana_slo: ["uuid", "internal/resources/slo/resource_slo.go"],
  neon_branch: ["parent_lsn", "provider/resource_branch.go"],
  neon_endpoint: ["region_id", "provider/helper.go"],
  neon_project: ["branch.role_name", "provider/resource_project.go"],
  neon_role: ["name", "provider/resource_role.go"],
  railway_custom_domain: ["domain", "internal/provider/resource_custom_domain.go"],
  railway_project: ["workspace_id", "internal/provider/resource_project.go"],
  railway_service: ["project_id", "internal/provider/resource_service.go"],
  railway_service_domain: ["service_id", "internal/provider/resource_service_domain.go"],
  railway_variable: ["name", "internal/provider/resource_variable.go"],
  sentry_alert: ["organization", "internal/provider/resource_alert_gen.go"],
  sentry_metric_monitor: ["project", "internal/provider/resource_metric_monitor_gen.go"],
  sentry_organization_repository: ["integration_type", "internal/provider/resource_organization_repository.go"],
};

/** The types with no replace-forcing attribute at all (offline-provider/README.md lists them). */
const NONE = [
  "github_repository_ruleset",
  "github_workflow_repository_permissions",
  "sentry_key",
  "sentry_project",
  "sentry_team",
];

/** "branch.role_name" in a list block -> branch[0].role_name as tfplugin6 steps. */
function steps(type: string, path: string): PathStep[] {
  const { block } = resource(type);
  const out: PathStep[] = [];
  let blk: typeof block | undefined = block;
  for (const name of path.split(".")) {
    out.push({ attribute_name: name });
    const bt: BlockTypeJson | undefined = blk?.block_types?.[name];
    const nested: AttributeJson["nested_type"] = blk?.attributes?.[name]?.nested_type;
    if (bt?.nesting_mode === "list" || nested?.nesting_mode === "list") out.push({ element_key_int: 0 });
    blk = bt?.block ?? (nested ? { attributes: nested.attributes } : undefined);
  }
  return path.includes(".") ? out : out.slice(0, 1);
}

const used = Object.values(RULE_TARGETS).flatMap((t) => Object.keys(t.resources));

describe("replacement follows the providers' RequiresReplace / ForceNew", () => {
  it("every resource type used is either in the table or has no replace-forcing attribute", () => {
    expect([...Object.keys(REPLACING), ...NONE].sort()).toEqual([...used].sort());
    for (const type of NONE) {
      const { rules } = resource(type);
      expect(
        Object.values(rules.attributes).filter((r) => r.requires_replace),
        type,
      ).toEqual([]);
    }
  });

  for (const [type, [path, file]] of Object.entries(REPLACING)) {
    it(`${type}: a changed ${path} is planned as a replacement (${file})`, () => {
      const { block, rules } = resource(type);
      const rule = rules.attributes[path]?.requires_replace;
      expect(rule?.file).toBe(file);
      expect(rule?.line).toBeGreaterThan(0);
      const prior = objectWith(block, path, 0);
      const changed = objectWith(block, path, 1);
      const plan = planResourceChange({ prior, proposed: changed, config: changed, block, rules });
      expect(plan.requiresReplace).toContainEqual(steps(type, path));
      // The same value again (the prior state holding the provider's defaults, as after an
      // apply): no replacement.
      const settled = cloneValue(prior);
      applyDefaults(settled, prior, block, rules);
      const same = planResourceChange({ prior: settled, proposed: prior, config: prior, block, rules });
      expect(same.requiresReplace).toEqual([]);
    });
  }

  it("neon_project: branch role_name neondb_owner -> app_owner replaces the project (resource_project.go ForceNew)", () => {
    const { block, rules } = resource("neon_project");
    const branch = (role: string) => [{ id: "br-1", name: "main", role_name: role, database_name: "app" }];
    const prior = {
      ...(objectWith(block, "name", 0) as object),
      id: "p-1",
      name: "np",
      branch: branch("neondb_owner"),
    };
    const config = {
      ...(objectWith(block, "name", 0) as object),
      name: "np",
      branch: [{ ...branch("app_owner")[0], id: null }],
    };
    const proposed = { ...config, id: "p-1", branch: branch("app_owner") };
    const plan = planResourceChange({ prior, proposed, config, block, rules });
    expect(plan.requiresReplace).toEqual([
      [{ attribute_name: "branch" }, { element_key_int: 0 }, { attribute_name: "role_name" }],
    ]);
    expect(rules.attributes["branch.role_name"].requires_replace).toMatchObject({
      file: "provider/resource_project.go",
      line: 398,
    });
  });

  it("neon_project.org_id left out of the config keeps the live value (DiffSuppressFunc); a different one replaces", () => {
    const { block, rules } = resource("neon_project");
    expect(rules.attributes.org_id.diff_suppress).toMatchObject({ file: "provider/resource_project.go", line: 86 });
    const prior = objectWith(block, "org_id", 0);
    const unset = objectWith(block, "name", 1);
    const kept = planResourceChange({ prior, proposed: unset, config: unset, block, rules });
    expect((kept.planned as Record<string, unknown>).org_id).toBe("a1");
    expect(kept.requiresReplace).toEqual([]);
    const other = objectWith(block, "org_id", 1);
    expect(planResourceChange({ prior, proposed: other, config: other, block, rules }).requiresReplace).toEqual([
      [{ attribute_name: "org_id" }],
    ]);
  });

  it("a prior state made by an offline import claims no replacement (its live values are unknown)", () => {
    const { block, rules } = resource("neon_role");
    const changed = objectWith(block, "name", 1);
    const plan = planResourceChange({
      prior: objectWith(block, "name", 0),
      proposed: changed,
      config: changed,
      block,
      rules,
      imported: true,
    });
    expect(plan.requiresReplace).toEqual([]);
  });

  it("creates and destroys never carry replace paths", () => {
    const { block, rules } = resource("neon_role");
    const v = objectWith(block, "name", 1);
    expect(planResourceChange({ prior: null, proposed: v, config: v, block, rules }).requiresReplace).toEqual([]);
    expect(planResourceChange({ prior: v, proposed: null, config: null, block, rules })).toMatchObject({
      planned: null,
      requiresReplace: [],
    });
  });
});
