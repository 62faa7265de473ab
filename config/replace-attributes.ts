// The attributes whose change makes the provider replace a resource (ForceNew in SDKv2
// providers, RequiresReplace in plugin-framework ones), for every resource type adoption
// imports, each with where the provider says so at the pinned version. An adopted resource
// whose declared value differs from the live object's would be destroyed and created again
// at the first apply (or stop at prevent_destroy): adoption records the live values it
// reads (config/adopt/<stack>.ts, `live`), the stacks build with them, and synth refuses
// an adopted resource whose declared value still differs (stacks/adoption.ts).
//
// How each attribute is kept equal to the live object:
//   stack     discovery records the live value; the stack builds with it
//   override  discovery records the live value; synth writes it over the declared one
//             (nothing else reads the attribute)
//   config    discovery records the live value; synth refuses when config declares another
//             (config means something by it: a project's region is its data residency)
//   identity  discovery matches the live object on it, or it is part of the import id
//   reference it refers to another adopted resource (an id known only after import)
//   unset     the stacks never declare it (the provider keeps the live value)
//   rewrite   a write-only value the API never returns: the first apply replaces the object by
//             writing it again, which loses nothing (a GitHub Actions secret)
export type ReplaceGuard = "stack" | "override" | "config" | "identity" | "reference" | "unset" | "rewrite";

export interface ReplaceAttribute {
  /** Terraform attribute path, nested blocks dotted: `branch.role_name`. */
  attribute: string;
  guard: ReplaceGuard;
  /** Provider file and line at the pinned version that forces the replacement. */
  source: string;
  /** For a `config` guard: the config field to set to the live value. */
  configField?: string;
}

const NEON = "kislerdm/terraform-provider-neon v0.15.0 (71d0000)";
const RAILWAY = "terraform-community-providers/terraform-provider-railway v0.6.2 (b1cd755)";
const CLOUDFLARE = "cloudflare/terraform-provider-cloudflare v5.14.0 (262c3dd)";
const SENTRY = "jianyuan/terraform-provider-sentry v0.15.4 (fb9f2ff)";
const GRAFANA = "grafana/terraform-provider-grafana v4.45.1 (7f33116)";
const GITHUB = "integrations/terraform-provider-github v6.9.0";
/** Every SDKv2 Grafana resource's org_id (we never set it: the provider's default org). */
const GRAFANA_ORG = `${GRAFANA} internal/resources/grafana/oss_org_id.go:23-28 ForceNew`;

const attr = (attribute: string, guard: ReplaceGuard, source: string, configField?: string): ReplaceAttribute => ({
  attribute,
  guard,
  source,
  ...(configField === undefined ? {} : { configField }),
});

export const REPLACE_ATTRIBUTES: Readonly<Record<string, readonly ReplaceAttribute[]>> = {
  neon_project: [
    attr("org_id", "unset", `${NEON} provider/resource_project.go:82-85 ForceNew`),
    attr(
      "region_id",
      "config",
      `${NEON} provider/helper.go:19-23 schemaRegionID ForceNew`,
      "the cell's neonRegion (cells[].neonRegion) of the environment on the default branch",
    ),
    attr("pg_version", "stack", `${NEON} provider/resource_project.go:105-109 ForceNew`),
    // The whole `branch` block is ForceNew (resource_project.go:373-378), and so is each field.
    // The provider reads them back from the default branch's oldest database and its owner
    // (resource_project.go:432-452 newDbConnectionInfo, 469-491 findDefaultDatabase).
    attr("branch.name", "stack", `${NEON} provider/resource_project.go:386-390 ForceNew`),
    attr("branch.role_name", "stack", `${NEON} provider/resource_project.go:394-398 ForceNew`),
    attr("branch.database_name", "stack", `${NEON} provider/resource_project.go:402-406 ForceNew`),
  ],
  neon_branch: [
    attr("parent_lsn", "unset", `${NEON} provider/resource_branch.go:52-56 ForceNew`),
    attr("parent_timestamp", "unset", `${NEON} provider/resource_branch.go:61-65 ForceNew`),
  ],
  // neon_endpoint: no ForceNew attribute (provider/resource_endpoint.go at 71d0000).
  neon_endpoint: [],
  neon_role: [
    attr("project_id", "reference", `${NEON} provider/resource_role.go:27-30 ForceNew`),
    attr("branch_id", "reference", `${NEON} provider/resource_role.go:33-36 ForceNew`),
    attr("name", "identity", `${NEON} provider/resource_role.go:39-42 ForceNew`),
  ],
  railway_project: [
    attr("workspace_id", "identity", `${RAILWAY} internal/provider/resource_project.go:96-102 RequiresReplace`),
    attr(
      "default_environment.name",
      "identity",
      `${RAILWAY} internal/provider/resource_project.go:129-135 RequiresReplace`,
    ),
  ],
  railway_environment: [
    attr("name", "identity", `${RAILWAY} internal/provider/resource_environment.go:52-56 RequiresReplace`),
    attr("project_id", "reference", `${RAILWAY} internal/provider/resource_environment.go:62-66 RequiresReplace`),
  ],
  railway_service: [
    attr("project_id", "reference", `${RAILWAY} internal/provider/resource_service.go:107-111 RequiresReplace`),
  ],
  railway_service_domain: [
    attr(
      "environment_id",
      "reference",
      `${RAILWAY} internal/provider/resource_service_domain.go:60-64 RequiresReplace`,
    ),
    attr("service_id", "reference", `${RAILWAY} internal/provider/resource_service_domain.go:70-74 RequiresReplace`),
  ],
  railway_custom_domain: [
    attr("domain", "identity", `${RAILWAY} internal/provider/resource_custom_domain.go:58-62 RequiresReplace`),
    attr("environment_id", "reference", `${RAILWAY} internal/provider/resource_custom_domain.go:76-80 RequiresReplace`),
    attr("service_id", "reference", `${RAILWAY} internal/provider/resource_custom_domain.go:86-90 RequiresReplace`),
  ],
  railway_variable: [
    attr("name", "identity", `${RAILWAY} internal/provider/resource_variable.go:52-56 RequiresReplace`),
    attr("environment_id", "reference", `${RAILWAY} internal/provider/resource_variable.go:67-71 RequiresReplace`),
    attr("service_id", "reference", `${RAILWAY} internal/provider/resource_variable.go:77-81 RequiresReplace`),
  ],
  cloudflare_dns_record: [
    attr("zone_id", "identity", `${CLOUDFLARE} internal/services/dns_record/schema.go:36-39 RequiresReplace`),
    attr("type", "identity", `${CLOUDFLARE} internal/services/dns_record/schema.go:62-90 RequiresReplace`),
  ],
  cloudflare_zone_setting: [
    attr("setting_id", "identity", `${CLOUDFLARE} internal/services/zone_setting/schema.go:26-29 RequiresReplace`),
    attr("zone_id", "identity", `${CLOUDFLARE} internal/services/zone_setting/schema.go:31-34 RequiresReplace`),
  ],
  cloudflare_ruleset: [
    attr("account_id", "unset", `${CLOUDFLARE} internal/services/ruleset/schema.go:47-57 RequiresReplace`),
    attr("zone_id", "identity", `${CLOUDFLARE} internal/services/ruleset/schema.go:59-68 RequiresReplace`),
    attr("kind", "override", `${CLOUDFLARE} internal/services/ruleset/schema.go:70-81 RequiresReplace`),
    // A zone's entry point made in the dashboard is usually named "default": keep its name.
    attr("name", "override", `${CLOUDFLARE} internal/services/ruleset/schema.go:83-89 RequiresReplace`),
    attr("phase", "identity", `${CLOUDFLARE} internal/services/ruleset/schema.go:91-121 RequiresReplace`),
  ],
  cloudflare_load_balancer: [
    attr("zone_id", "identity", `${CLOUDFLARE} internal/services/load_balancer/schema.go:33-36 RequiresReplace`),
  ],
  cloudflare_load_balancer_pool: [
    attr(
      "account_id",
      "identity",
      `${CLOUDFLARE} internal/services/load_balancer_pool/schema.go:34-37 RequiresReplace`,
    ),
  ],
  cloudflare_load_balancer_monitor: [
    attr(
      "account_id",
      "identity",
      `${CLOUDFLARE} internal/services/load_balancer_monitor/schema.go:29-32 RequiresReplace`,
    ),
  ],
  cloudflare_workers_script: [
    attr("script_name", "identity", `${CLOUDFLARE} internal/services/workers_script/schema.go:36-39 RequiresReplace`),
    attr("account_id", "identity", `${CLOUDFLARE} internal/services/workers_script/schema.go:41-44 RequiresReplace`),
  ],
  cloudflare_workers_cron_trigger: [
    attr(
      "script_name",
      "identity",
      `${CLOUDFLARE} internal/services/workers_cron_trigger/schema.go:24-27 RequiresReplace`,
    ),
    attr(
      "account_id",
      "identity",
      `${CLOUDFLARE} internal/services/workers_cron_trigger/schema.go:29-32 RequiresReplace`,
    ),
  ],
  cloudflare_workers_kv_namespace: [
    attr(
      "account_id",
      "identity",
      `${CLOUDFLARE} internal/services/workers_kv_namespace/schema.go:24-27 RequiresReplace`,
    ),
  ],
  // Sentry: sentry_project, sentry_team and sentry_key have no replace-forcing attribute
  // (internal/provider/resource_project.go, resource_client_key.go: UseStateForUnknown only,
  // utils.go:20-38; sentry/resource_sentry_team.go: no ForceNew).
  sentry_project: [],
  sentry_team: [],
  sentry_key: [],
  sentry_alert: [
    attr("organization", "identity", `${SENTRY} internal/provider/resource_alert_gen.go:55-60 RequiresReplace`),
  ],
  sentry_metric_monitor: [
    attr(
      "organization",
      "identity",
      `${SENTRY} internal/provider/resource_metric_monitor_gen.go:55-60 RequiresReplace`,
    ),
    attr("project", "identity", `${SENTRY} internal/provider/resource_metric_monitor_gen.go:63-68 RequiresReplace`),
  ],
  sentry_organization_repository: [
    attr(
      "integration_type",
      "identity",
      `${SENTRY} internal/provider/resource_organization_repository.go:41-48 RequiresReplace`,
    ),
    attr(
      "integration_id",
      "identity",
      `${SENTRY} internal/provider/resource_organization_repository.go:51-55 RequiresReplace`,
    ),
    attr(
      "identifier",
      "identity",
      `${SENTRY} internal/provider/resource_organization_repository.go:58-62 RequiresReplace`,
    ),
  ],
  grafana_folder: [
    attr("org_id", "unset", GRAFANA_ORG),
    attr("uid", "identity", `${GRAFANA} internal/resources/grafana/resource_folder.go:43-47 ForceNew`),
  ],
  grafana_data_source: [
    attr("org_id", "unset", GRAFANA_ORG),
    attr("uid", "identity", `${GRAFANA} internal/resources/grafana/resource_data_source.go:58-62 ForceNew`),
  ],
  grafana_dashboard: [
    attr("org_id", "unset", GRAFANA_ORG),
    // The dashboard uid inside config_json (CustomizeDiff: ForceNew when it changes).
    attr("config_json", "identity", `${GRAFANA} internal/resources/grafana/resource_dashboard.go:48-54 ForceNew`),
  ],
  grafana_contact_point: [
    attr("org_id", "unset", GRAFANA_ORG),
    attr("name", "identity", `${GRAFANA} internal/resources/grafana/resource_alerting_contact_point.go:73-75 ForceNew`),
    attr(
      "disable_provenance",
      "unset",
      `${GRAFANA} internal/resources/grafana/resource_alerting_contact_point.go:79-83 ForceNew`,
    ),
  ],
  grafana_notification_policy: [attr("org_id", "unset", GRAFANA_ORG)],
  grafana_rule_group: [
    attr("org_id", "unset", GRAFANA_ORG),
    attr("name", "identity", `${GRAFANA} internal/resources/grafana/resource_alerting_rule_group.go:53-56 ForceNew`),
    attr(
      "folder_uid",
      "identity",
      `${GRAFANA} internal/resources/grafana/resource_alerting_rule_group.go:59-62 ForceNew`,
    ),
  ],
  grafana_slo: [attr("uuid", "identity", `${GRAFANA} internal/resources/slo/resource_slo.go:101-106 RequiresReplace`)],
  github_issue_label: [
    attr("repository", "identity", `${GITHUB} github/resource_github_issue_label.go:24-27 ForceNew`),
  ],
  github_repository_environment: [
    attr("repository", "identity", `${GITHUB} github/resource_github_repository_environment.go:25-28 ForceNew`),
    attr("environment", "identity", `${GITHUB} github/resource_github_repository_environment.go:31-34 ForceNew`),
  ],
  github_repository_environment_deployment_policy: [
    attr(
      "repository",
      "identity",
      `${GITHUB} github/resource_github_repository_environment_deployment_policy.go:26-29 ForceNew`,
    ),
    attr(
      "environment",
      "identity",
      `${GITHUB} github/resource_github_repository_environment_deployment_policy.go:32-35 ForceNew`,
    ),
  ],
  // No ForceNew in its schema: repository, default_workflow_permissions and
  // can_approve_pull_request_reviews are all updated in place
  // (github/resource_github_workflow_repository_permissions.go:21-40 at v6.9.0).
  github_workflow_repository_permissions: [],
  github_actions_secret: [
    attr("repository", "identity", `${GITHUB} github/resource_github_actions_secret.go:32-35 ForceNew`),
    attr("secret_name", "identity", `${GITHUB} github/resource_github_actions_secret.go:38-41 ForceNew`),
    attr("encrypted_value", "unset", `${GITHUB} github/resource_github_actions_secret.go:45-47 ForceNew`),
    attr("plaintext_value", "rewrite", `${GITHUB} github/resource_github_actions_secret.go:53-55 ForceNew`),
    attr("destroy_on_drift", "unset", `${GITHUB} github/resource_github_actions_secret.go:71-75 ForceNew`),
  ],
  // github_repository_ruleset: no ForceNew attribute (github/resource_github_repository_ruleset.go at v6.9.0).
  github_repository_ruleset: [],
};

/** A value an adoption list records for a replace-forcing attribute. */
export type LiveValue = string | number | boolean;

/** The attributes of `type` discovery records from the live object. */
export function liveAttributes(type: string): string[] {
  return (REPLACE_ATTRIBUTES[type] ?? [])
    .filter((a) => a.guard === "stack" || a.guard === "override" || a.guard === "config")
    .map((a) => a.attribute);
}

/** The value at a dotted attribute path of synthesised attributes (a nested block may be a one-element list). */
export function attributeAt(attributes: Record<string, unknown>, path: string): unknown {
  let value: unknown = attributes;
  for (const key of path.split(".")) {
    if (Array.isArray(value)) value = value.length === 1 ? (value[0] as unknown) : undefined;
    value = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

export interface ReplaceConflict {
  attribute: string;
  guard: ReplaceGuard;
  configField?: string;
  declared: unknown;
  live: LiveValue;
  source: string;
}

/**
 * The replace-forcing attributes of `type` whose declared value is a literal that differs
 * from the recorded live value (a reference, unknown until apply, is not compared).
 */
export function replaceConflicts(
  type: string,
  declared: Record<string, unknown>,
  live: Readonly<Record<string, LiveValue>>,
): ReplaceConflict[] {
  const out: ReplaceConflict[] = [];
  for (const { attribute, source, guard, configField } of REPLACE_ATTRIBUTES[type] ?? []) {
    const value = live[attribute];
    if (value === undefined) continue;
    const have = attributeAt(declared, attribute);
    if (typeof have === "string" && have.includes("${")) continue;
    if (have !== value) out.push({ attribute, guard, declared: have, live: value, source, configField });
  }
  return out;
}
