// Provider facts: the import id each resource type we declare accepts, as the pinned
// provider's importer parses it. Used to reject a malformed id in an adoption list
// (config/adopt/) before anything is written, and by the offline provider to fill the
// attributes a real import would set from the id. Sources are the provider's docs
// `## Import` section and its ImportState code at the pinned tag.

import { literalProblem } from "./literals";

export interface IdSegment {
  /** As the provider's docs name it, e.g. `zone_id`. */
  name: string;
  pattern: RegExp;
  /** What the pattern allows, for the error message. */
  allows: string;
  /** State attribute the provider's importer sets from this segment (none: derived by a read). */
  attribute?: string;
}

export interface ImportIdFormat {
  separator: "/" | ":";
  /** Accepted shapes; the first is the one the docs show first. */
  variants: IdSegment[][];
  source: string;
}

const CF = "cloudflare/terraform-provider-cloudflare v5.14.0";
const NEON = "kislerdm/terraform-provider-neon v0.15.0";
const RAILWAY = "terraform-community-providers/terraform-provider-railway v0.6.2";
const SENTRY = "jianyuan/terraform-provider-sentry v0.15.4";
const GRAFANA = "grafana/terraform-provider-grafana v4.45.1";
const GITHUB = "integrations/terraform-provider-github v6.9.0";

const seg = (name: string, pattern: RegExp, allows: string, attribute?: string): IdSegment => ({
  name,
  pattern,
  allows,
  attribute,
});

// Cloudflare account, zone and object ids are 32 lowercase hex characters.
const cfId = (name: string, attribute?: string) =>
  seg(name, /^[0-9a-f]{32}$/, "32 lowercase hex characters", attribute);
const literal = (word: string) => seg(word, new RegExp(`^${word}$`), `the word "${word}"`);
/** Any text without the separator (the importers split on it and reject empty parts). */
const text = (name: string, attribute?: string) => seg(name, /^[^/:]+$/, "non-empty text without / or :", attribute);
const digits = (name: string, attribute?: string) => seg(name, /^[1-9][0-9]*$/, "a positive integer", attribute);
const uuid = (name: string, attribute?: string) =>
  seg(name, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "a lowercase UUID", attribute);
const slug = (name: string, attribute?: string) =>
  seg(name, /^[a-z0-9][a-z0-9_-]*$/, "a slug (lowercase letters, digits, - and _)", attribute);
// Grafana uids: at most 40 letters, digits, - and _ (Grafana's util.IsValidShortUID).
const grafanaUid = (name: string, attribute?: string) =>
  seg(name, /^[a-zA-Z0-9_-]{1,40}$/, "up to 40 letters, digits, - and _", attribute);
const grafanaOrg = seg("orgID", /^[0-9]+$/, "a numeric organization id", "org_id");
const repo = seg("repository", /^[A-Za-z0-9._-]+$/, "a repository name (letters, digits, . _ -)", "repository");

/** A Grafana id `{{ x }}` or `{{ orgID }}:{{ x }}` (common.OrgResourceID*). */
const grafana = (...parts: IdSegment[]): ImportIdFormat => ({
  separator: ":",
  variants: [parts, [grafanaOrg, ...parts]],
  source: `${GRAFANA}: docs/resources/*.md Import; internal/common/resource_id.go (split on ":", optional orgID)`,
});

const cloudflare = (doc: string, ...parts: IdSegment[]): ImportIdFormat => ({
  separator: "/",
  variants: [parts],
  source: `${CF}: docs/resources/${doc}.md Import; internal/importpath/parse.go (split on "/")`,
});

export const IMPORT_ID_FORMATS: Readonly<Record<string, ImportIdFormat>> = {
  cloudflare_dns_record: cloudflare("dns_record", cfId("zone_id", "zone_id"), cfId("dns_record_id", "id")),
  cloudflare_zone_setting: cloudflare(
    "zone_setting",
    cfId("zone_id", "zone_id"),
    seg("setting_id", /^[a-z0-9_]+$/, "a setting name such as min_tls_version", "setting_id"),
  ),
  cloudflare_ruleset: {
    separator: "/",
    // "<{accounts|zones}/{account_id|zone_id}>/<ruleset_id>" (internal/services/ruleset/resource.go ImportState)
    variants: [
      [literal("zones"), cfId("zone_id", "zone_id"), cfId("ruleset_id", "id")],
      [literal("accounts"), cfId("account_id", "account_id"), cfId("ruleset_id", "id")],
    ],
    source: `${CF}: docs/resources/ruleset.md Import; internal/services/ruleset/resource.go ImportState`,
  },
  cloudflare_load_balancer: cloudflare("load_balancer", cfId("zone_id", "zone_id"), cfId("load_balancer_id", "id")),
  cloudflare_load_balancer_pool: cloudflare(
    "load_balancer_pool",
    cfId("account_id", "account_id"),
    cfId("pool_id", "id"),
  ),
  cloudflare_load_balancer_monitor: cloudflare(
    "load_balancer_monitor",
    cfId("account_id", "account_id"),
    cfId("monitor_id", "id"),
  ),
  cloudflare_workers_script: cloudflare(
    "workers_script",
    cfId("account_id", "account_id"),
    seg("script_name", /^[a-z0-9][a-z0-9_-]*$/, "a Worker name (lowercase letters, digits, - and _)", "script_name"),
  ),
  cloudflare_workers_cron_trigger: cloudflare(
    "workers_cron_trigger",
    cfId("account_id", "account_id"),
    seg("script_name", /^[a-z0-9][a-z0-9_-]*$/, "a Worker name (lowercase letters, digits, - and _)", "script_name"),
  ),
  cloudflare_workers_kv_namespace: cloudflare(
    "workers_kv_namespace",
    cfId("account_id", "account_id"),
    cfId("namespace_id", "id"),
  ),

  // Neon: project ids look like "shiny-cell-31746257"; branch ids start with "br-"
  // (provider/resource_branch.go isValidBranchID), endpoint ids with "ep-".
  neon_project: {
    separator: "/",
    variants: [[seg("project_id", /^[a-z0-9]+(-[a-z0-9]+)+$/, 'a project id such as "shiny-cell-31746257"', "id")]],
    source: `${NEON}: docs/resources/project.md Import; provider/resource_project.go resourceProjectImport`,
  },
  neon_branch: {
    separator: "/",
    variants: [[neonProject(), seg("branch_id", /^br-[a-z0-9-]+$/, '"br-" and the branch name', "id")]],
    source: `${NEON}: docs/resources/branch.md Import; provider/resource_branch.go resourceBranchImport`,
  },
  neon_endpoint: {
    separator: "/",
    variants: [[neonProject(), seg("endpoint_id", /^ep-[a-z0-9-]+$/, '"ep-" and the endpoint name', "id")]],
    source: `${NEON}: docs/resources/endpoint.md Import; provider/resource_endpoint.go resourceEndpointImport`,
  },
  neon_role: {
    separator: "/",
    variants: [[neonProject(), neonBranch(), text("role_name", "name")]],
    source: `${NEON}: docs/resources/role.md Import; provider/helper.go parseComplexID`,
  },
  neon_database: {
    separator: "/",
    variants: [[neonProject(), neonBranch(), text("database_name", "name")]],
    source: `${NEON}: docs/resources/database.md Import; provider/helper.go parseComplexID`,
  },

  // Railway: projects and services by UUID; the rest "service_id:environment_name:x".
  railway_project: {
    separator: ":",
    variants: [[uuid("project_id", "id")]],
    source: `${RAILWAY}: docs/resources/project.md Import; internal/provider/resource_project.go ImportState (passthrough)`,
  },
  railway_service: {
    separator: ":",
    variants: [[uuid("service_id", "id")]],
    source: `${RAILWAY}: docs/resources/service.md Import; internal/provider/resource_service.go ImportState`,
  },
  railway_service_domain: railway("service_domain", text("domain", "domain")),
  railway_custom_domain: railway("custom_domain", text("domain", "domain")),
  railway_variable: railway(
    "variable",
    seg("name", /^[A-Za-z_][A-Za-z0-9_]*$/, "a variable name (letters, digits, _)", "name"),
  ),

  // Sentry: slugs and ids separated by "/" (internal/tfutils/id_builder.go Split*PartId).
  sentry_team: sentry("team", "sentry/importer.go importOrganizationAndID", slug("team_slug", "id")),
  sentry_project: sentry("project", "internal/provider/resource_project.go ImportState", slug("project_slug", "id")),
  sentry_key: sentry(
    "key",
    "internal/provider/resource_client_key.go ImportState",
    slug("project_slug", "project"),
    text("key_id", "id"),
  ),
  sentry_alert: sentry("alert", "internal/provider/resource_alert_gen.go ImportState", digits("alert_id", "id")),
  sentry_metric_monitor: sentry(
    "metric_monitor",
    "internal/provider/resource_metric_monitor_gen.go ImportState",
    slug("project_slug", "project"),
    digits("monitor_id", "id"),
  ),
  sentry_organization_repository: sentry(
    "organization_repository",
    "internal/provider/resource_organization_repository.go ImportState",
    slug("integration_type", "integration_type"),
    digits("integration_id", "integration_id"),
    digits("repository_id", "id"),
  ),

  grafana_folder: grafana(grafanaUid("uid", "uid")),
  grafana_data_source: grafana(grafanaUid("uid", "uid")),
  grafana_dashboard: grafana(grafanaUid("uid", "uid")),
  grafana_contact_point: grafana(text("name", "name")),
  grafana_notification_policy: grafana(text("anyString")),
  grafana_rule_group: grafana(grafanaUid("folderUID", "folder_uid"), text("title", "name")),
  // No orgID form: SLOs live in the Grafana Cloud SLO plugin's API, addressed by uuid alone.
  grafana_slo: {
    separator: ":",
    variants: [[seg("uuid", /^[a-z0-9][a-z0-9-]{0,63}$/, "the SLO's uuid (lowercase letters, digits, -)", "uuid")]],
    source: `${GRAFANA}: docs/resources/slo.md Import ("terraform import grafana_slo.name {{ uuid }}")`,
  },

  github_repository_environment: github("repository_environment", ":", repo, text("environment", "environment")),
  github_repository_environment_deployment_policy: github(
    "repository_environment_deployment_policy",
    ":",
    repo,
    text("environment", "environment"),
    digits("branchPolicyId"),
  ),
  github_repository_ruleset: github("repository_ruleset", ":", repo, digits("ruleset_id", "ruleset_id")),
  github_issue_label: github("issue_label", ":", repo, text("name", "name")),
  // The repository's name alone (website/docs/r/workflow_repository_permissions.html.markdown Import).
  github_workflow_repository_permissions: github("workflow_repository_permissions", ":", repo),
  github_actions_secret: github(
    "actions_secret",
    "/",
    repo,
    seg("secret_name", /^[A-Za-z_][A-Za-z0-9_]*$/, "a secret name (letters, digits, _)", "secret_name"),
  ),
};

function neonProject(): IdSegment {
  return seg("project_id", /^[a-z0-9]+(-[a-z0-9]+)+$/, 'a project id such as "shiny-cell-31746257"', "project_id");
}

function neonBranch(): IdSegment {
  return seg("branch_id", /^br-[a-z0-9-]+$/, '"br-" and the branch name', "branch_id");
}

function railway(doc: string, last: IdSegment): ImportIdFormat {
  return {
    separator: ":",
    variants: [[uuid("service_id", "service_id"), text("environment_name"), last]],
    source: `${RAILWAY}: docs/resources/${doc}.md Import; internal/provider/resource_${doc}.go ImportState`,
  };
}

function sentry(doc: string, code: string, ...parts: IdSegment[]): ImportIdFormat {
  return {
    separator: "/",
    variants: [[slug("organization_slug", "organization"), ...parts]],
    source: `${SENTRY}: docs/resources/${doc}.md Import; ${code}`,
  };
}

function github(doc: string, separator: "/" | ":", ...parts: IdSegment[]): ImportIdFormat {
  return {
    separator,
    variants: [parts],
    source: `${GITHUB}: website/docs/r/${doc}.html.markdown Import; github/resource_github_${doc}.go importer`,
  };
}

/** `<zone_id>/<dns_record_id>`: the shape the docs print. */
export function describeFormat(format: ImportIdFormat): string {
  return format.variants
    .map((parts) =>
      parts.map((p) => (p.pattern.source === `^${p.name}$` ? p.name : `<${p.name}>`)).join(format.separator),
    )
    .join(" or ");
}

/** The variant `id` matches, with its parts; undefined when none does. */
export function matchImportId(
  format: ImportIdFormat,
  id: string,
): { segments: IdSegment[]; values: string[] } | undefined {
  const values = id.split(format.separator);
  for (const segments of format.variants) {
    if (segments.length === values.length && segments.every((s, i) => s.pattern.test(values[i]))) {
      return { segments, values };
    }
  }
  return undefined;
}

/**
 * Resource types the pinned provider cannot import at all, with the provider's own words.
 * They cannot be adopted; an apply writes them (for a secret that overwrites its value,
 * which is what the pipeline wants anyway).
 */
export const NOT_IMPORTABLE: Readonly<Record<string, string>> = {
  github_actions_environment_secret: `${GITHUB}: website/docs/r/actions_environment_secret.html.markdown Import: "This resource does not support importing"; github/resource_github_actions_environment_secret.go has no Importer`,
};

/**
 * Why `id` is not an import id of `type`, naming the first bad part; undefined when it is.
 * A type without a known format is itself a problem: we cannot vouch for its id.
 */
export function importIdProblem(type: string, id: string): string | undefined {
  const format = IMPORT_ID_FORMATS[type];
  const notImportable = NOT_IMPORTABLE[type];
  if (notImportable !== undefined) {
    return `${type} cannot be imported (${notImportable}); drop this entry: the apply writes it`;
  }
  if (format === undefined) return `${type} has no known import id format; add it to config/import-ids.ts`;
  // An import block's id is a Terraform expression string: `${…}` or `%{…}` would be evaluated
  // (`${upper("abc")}` imports "ABC"). No provider's id contains either, escaped or not.
  const template = /[$%]\{/.exec(id);
  if (template) {
    return `import id "${id}" contains "${template[0]}", which Terraform would evaluate; an import id is the provider's literal id, such as ${describeFormat(format)}`;
  }
  const literal = literalProblem(id);
  if (literal) return `import id ${literal}`;
  if (matchImportId(format, id) !== undefined) return undefined;
  const values = id.split(format.separator);
  const sameLength = format.variants.filter((v) => v.length === values.length);
  const expected = `expected ${describeFormat(format)} (${format.source})`;
  if (sameLength.length === 0) {
    return `import id "${id}" has ${values.length} part(s) separated by "${format.separator}"; ${expected}`;
  }
  // Name the first bad part of the variant that matches the longest prefix.
  const firstBad = (v: IdSegment[]): number => v.findIndex((s, i) => !s.pattern.test(values[i]));
  const segments = sameLength.reduce((best, v) => (firstBad(v) > firstBad(best) ? v : best));
  const bad = firstBad(segments);
  const part = segments[bad];
  return `import id "${id}": ${part.name} "${values[bad]}" must be ${part.allows}; ${expected}`;
}

/** Attributes a real import sets from the id (for the offline provider's placeholder state). */
export function importIdAttributes(type: string, id: string): Record<string, string> {
  const format = IMPORT_ID_FORMATS[type];
  const match = format === undefined ? undefined : matchImportId(format, id);
  if (match === undefined) return {};
  const out: Record<string, string> = {};
  match.segments.forEach((s, i) => {
    if (s.attribute !== undefined) out[s.attribute] = match.values[i];
  });
  return out;
}
