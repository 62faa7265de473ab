// What each apply credential must be allowed to do, per resource (and data source) type the
// stacks synthesize: the least role, permission group or scope the service documents for
// creating and changing that type, with the page that says so. docs/pipeline.md renders this
// table (scripts/credential-roles-doc.ts); test/stacks/credential-roles.test.ts fails when a
// synthesized type has no row, a row names a type nothing synthesizes, or the docs differ.

/** The credential (its provider environment variable) and which environments hold it. */
export interface CredentialRole {
  /** Terraform type; data sources as `data.<type>`. */
  type: string;
  /** The secret (environment variable) whose token needs the role. */
  credential: string;
  /** The least role, permission groups or scopes the type needs. */
  requires: string;
  /** Where the service documents it (or where its absence is noted). */
  source: string;
}

const CLOUDFLARE_TEMPLATES = "https://developers.cloudflare.com/fundamentals/api/reference/template/";
const CLOUDFLARE_RULESETS = "https://developers.cloudflare.com/ruleset-engine/basic-operations/deploy-rulesets/";
const GRAFANA_ROLES =
  "https://grafana.com/docs/grafana/latest/administration/roles-and-permissions/#organization-roles";
const GRAFANA_ALERTING_RBAC = "https://grafana.com/docs/grafana/latest/alerting/set-up/configure-rbac/";
const GRAFANA_SLO_RBAC = "https://grafana.com/docs/grafana-cloud/alerting-and-irm/slo/set-up/rbac/";
const GRAFANA_SLO_DATASOURCE =
  "https://grafana.com/docs/grafana-cloud/alerting-and-irm/slo/set-up/additionaldatasources/";
// getsentry/sentry-api-schema at a589a26, openapi-derefed.json: each operation's `security.auth_token`
// lists the scopes it accepts (any one of them).
const SENTRY_SCHEMA =
  "https://github.com/getsentry/sentry-api-schema/blob/a589a26c3b29bfc342a47baa963b7970961f958e/openapi-derefed.json";
const NEON_KEYS = "https://neon.com/docs/manage/api-keys";
const RAILWAY_TOKENS = "https://docs.railway.com/reference/public-api";
const GITHUB_FINE_GRAINED =
  "https://docs.github.com/en/rest/authentication/permissions-required-for-fine-grained-personal-access-tokens";

// Neon and Railway have no read-only keys, so the plan environment holds none: PR plans and
// main's plan before the reviewers give those providers a placeholder and plan their stacks
// with -refresh=false (workflow-contract.ts PLACEHOLDER_PROVIDERS, which cites the providers'
// Configure). Only the apply jobs and the scheduled drift job reach these services.
const NEON_ONLY_APPLY_AND_DRIFT =
  "; plans hold no Neon key (placeholder, -refresh=false): only the apply key and drift's DRIFT_NEON_API_KEY reach Neon";
const RAILWAY_ONLY_APPLY_AND_DRIFT =
  "; plans hold no Railway token (placeholder, -refresh=false): only the apply token and drift's DRIFT_RAILWAY_TOKEN reach Railway";

const ROLES: readonly CredentialRole[] = [
  // Cloudflare: zone-level groups limited to the zone, account-level to the account.
  {
    type: "cloudflare_dns_record",
    credential: "CLOUDFLARE_API_TOKEN",
    requires: "Zone · DNS Write",
    source: CLOUDFLARE_TEMPLATES,
  },
  {
    type: "cloudflare_zone_setting",
    credential: "CLOUDFLARE_API_TOKEN",
    requires: "Zone · Zone Settings Write",
    source: CLOUDFLARE_TEMPLATES,
  },
  {
    type: "cloudflare_ruleset",
    credential: "CLOUDFLARE_API_TOKEN",
    requires:
      "Zone · Zone WAF Write (phases http_request_firewall_managed, http_request_firewall_custom, http_ratelimit) and Zone · Cache Settings Write (http_request_cache_settings); the API accepts any one group of its list per phase",
    source: CLOUDFLARE_RULESETS,
  },
  {
    type: "cloudflare_argo_smart_routing",
    credential: "CLOUDFLARE_API_TOKEN",
    requires: "Zone · Zone Settings Write (and the zone's Argo subscription)",
    // The API reference's "Accepted Permissions" of PATCH /zones/{zone_id}/argo/smart_routing (read 2026-12-07).
    source: "https://developers.cloudflare.com/api/resources/argo/subresources/smart_routing/methods/edit/",
  },
  {
    type: "cloudflare_load_balancer",
    credential: "CLOUDFLARE_API_TOKEN",
    requires: "Zone · Load Balancers Write",
    source: CLOUDFLARE_TEMPLATES,
  },
  {
    type: "cloudflare_load_balancer_pool",
    credential: "CLOUDFLARE_API_TOKEN",
    requires: "Account · Load Balancing: Monitors and Pools Write",
    source: CLOUDFLARE_TEMPLATES,
  },
  {
    type: "cloudflare_load_balancer_monitor",
    credential: "CLOUDFLARE_API_TOKEN",
    requires: "Account · Load Balancing: Monitors and Pools Write",
    source: CLOUDFLARE_TEMPLATES,
  },
  {
    type: "cloudflare_workers_script",
    credential: "CLOUDFLARE_API_TOKEN",
    requires: "Account · Workers Scripts Write",
    source: CLOUDFLARE_TEMPLATES,
  },
  {
    type: "cloudflare_workers_cron_trigger",
    credential: "CLOUDFLARE_API_TOKEN",
    requires: "Account · Workers Scripts Write (schedules belong to the script)",
    source: CLOUDFLARE_TEMPLATES,
  },
  {
    type: "cloudflare_workers_kv_namespace",
    credential: "CLOUDFLARE_API_TOKEN",
    requires: "Account · Workers KV Storage Write",
    source: CLOUDFLARE_TEMPLATES,
  },
  // Grafana: service-account tokens carry the account's organization role.
  {
    type: "grafana_data_source",
    credential: "GRAFANA_AUTH",
    requires: "Admin: only Admin may add, edit or delete data sources (Editor cannot)",
    source: GRAFANA_ROLES,
  },
  {
    type: "grafana_folder",
    credential: "GRAFANA_AUTH",
    requires: "Editor (add, edit, delete folders)",
    source: GRAFANA_ROLES,
  },
  {
    type: "grafana_dashboard",
    credential: "GRAFANA_AUTH",
    requires: "Editor (add, edit, delete dashboards)",
    source: GRAFANA_ROLES,
  },
  {
    type: "grafana_contact_point",
    credential: "GRAFANA_AUTH",
    requires: "Editor (create, edit and delete contact points)",
    source: GRAFANA_ALERTING_RBAC,
  },
  {
    type: "grafana_notification_policy",
    credential: "GRAFANA_AUTH",
    requires: "Editor (create, edit and delete notification policies)",
    source: GRAFANA_ALERTING_RBAC,
  },
  {
    type: "grafana_rule_group",
    credential: "GRAFANA_AUTH",
    requires:
      "Editor (create, edit and delete alert rules; also needs to query the rules' data source and read the folder)",
    source: GRAFANA_ALERTING_RBAC,
  },
  {
    type: "grafana_slo",
    credential: "GRAFANA_AUTH",
    requires:
      "Editor or the SLO Writer role, and Query on the SLO's data source; the data source's own credential (the platform's grafana_prometheus_password, a Cloud access policy token) needs metrics:read, rules:read and rules:write with the Ruler API enabled, since the SLO writes its recording and alert rules there",
    source: `${GRAFANA_SLO_RBAC} ; ${GRAFANA_SLO_DATASOURCE}`,
  },
  // Sentry
  {
    type: "sentry_team",
    credential: "SENTRY_AUTH_TOKEN",
    requires: "team:write (POST /organizations/{org}/teams/ accepts org:admin, org:write, team:write)",
    source: SENTRY_SCHEMA,
  },
  {
    type: "sentry_project",
    credential: "SENTRY_AUTH_TOKEN",
    requires: "project:write (POST /teams/{org}/{team}/projects/ accepts project:admin, project:write)",
    source: SENTRY_SCHEMA,
  },
  {
    type: "sentry_key",
    credential: "SENTRY_AUTH_TOKEN",
    requires: "project:write (POST /projects/{org}/{project}/keys/ accepts project:admin, project:write)",
    source: SENTRY_SCHEMA,
  },
  {
    type: "sentry_alert",
    credential: "SENTRY_AUTH_TOKEN",
    requires: "alerts:write (POST /organizations/{org}/workflows/ accepts alerts:write, org:admin, org:write)",
    source: SENTRY_SCHEMA,
  },
  {
    type: "sentry_metric_monitor",
    credential: "SENTRY_AUTH_TOKEN",
    requires:
      "alerts:write (POST /organizations/{org}/projects/{project}/detectors/ accepts alerts:write, project:admin, project:write)",
    source: SENTRY_SCHEMA,
  },
  {
    type: "sentry_organization_repository",
    credential: "SENTRY_AUTH_TOKEN",
    requires:
      "not in Sentry's published schema (only GET /organizations/{org}/repos/, which accepts org:read); creating one is an integration action: verify the scope (org:integrations) when creating the token",
    source: SENTRY_SCHEMA,
  },
  {
    type: "data.sentry_organization_integration",
    credential: "SENTRY_AUTH_TOKEN",
    requires:
      "org:read (GET /organizations/{org}/integrations/ accepts org:admin, org:integrations, org:read, org:write)",
    source: SENTRY_SCHEMA,
  },
  {
    type: "data.sentry_project_issue_stream_monitor",
    credential: "SENTRY_AUTH_TOKEN",
    requires: "org:read (GET /organizations/{org}/detectors/ accepts alerts:read, org:admin, org:read, org:write)",
    source: SENTRY_SCHEMA,
  },
  // Neon
  {
    type: "neon_project",
    credential: "NEON_API_KEY",
    requires: "organization API key (project-scoped keys reach one existing project and cannot create one)",
    source: NEON_KEYS,
  },
  {
    type: "neon_branch",
    credential: "NEON_API_KEY",
    requires:
      "a key reaching production's project (organization key or that project's project-scoped key): staging's branch lives in it",
    source: NEON_KEYS,
  },
  {
    type: "neon_endpoint",
    credential: "NEON_API_KEY",
    requires: "project-scoped key of the project (or organization key)",
    source: NEON_KEYS,
  },
  {
    type: "neon_role",
    credential: "NEON_API_KEY",
    requires: "project-scoped key of the project (or organization key)",
    source: NEON_KEYS,
  },
  // Railway
  {
    type: "railway_project",
    credential: "RAILWAY_TOKEN",
    requires:
      "workspace token of the workspace owning the projects (a project token is one environment of one existing project)",
    source: RAILWAY_TOKENS,
  },
  {
    type: "railway_service",
    credential: "RAILWAY_TOKEN",
    requires: "workspace token (services belong to the project, across its environments)",
    source: RAILWAY_TOKENS,
  },
  { type: "railway_service_domain", credential: "RAILWAY_TOKEN", requires: "workspace token", source: RAILWAY_TOKENS },
  { type: "railway_custom_domain", credential: "RAILWAY_TOKEN", requires: "workspace token", source: RAILWAY_TOKENS },
  { type: "railway_variable", credential: "RAILWAY_TOKEN", requires: "workspace token", source: RAILWAY_TOKENS },
  // Terraform Cloud: the remote state the environment stacks read.
  {
    type: "data.terraform_remote_state",
    credential: "TF_API_TOKEN",
    requires: "read state outputs of neuropilot-platform (its remote state sharing lists the environment workspaces)",
    source:
      "https://developer.hashicorp.com/terraform/cloud-docs/workspaces/state#accessing-state-from-other-workspaces",
  },
  // GitHub: the bootstrap stack, applied from a laptop with GITHUB_TOKEN (fine-grained, this repository only).
  {
    type: "github_repository_environment",
    credential: "GITHUB_TOKEN",
    requires: "Administration: write",
    source: GITHUB_FINE_GRAINED,
  },
  {
    type: "github_repository_environment_deployment_policy",
    credential: "GITHUB_TOKEN",
    requires: "Administration: write",
    source: GITHUB_FINE_GRAINED,
  },
  {
    type: "github_actions_environment_secret",
    credential: "GITHUB_TOKEN",
    requires: "Environments: write and Secrets: read (the environment's public key)",
    source: GITHUB_FINE_GRAINED,
  },
  {
    type: "github_repository_ruleset",
    credential: "GITHUB_TOKEN",
    requires: "Administration: write",
    source: GITHUB_FINE_GRAINED,
  },
  {
    type: "github_workflow_repository_permissions",
    credential: "GITHUB_TOKEN",
    requires: "Administration: write (PUT /repos/{owner}/{repo}/actions/permissions/workflow)",
    source: GITHUB_FINE_GRAINED,
  },
  { type: "github_issue_label", credential: "GITHUB_TOKEN", requires: "Issues: write", source: GITHUB_FINE_GRAINED },
  {
    type: "data.github_user",
    credential: "GITHUB_TOKEN",
    requires: "none (public profile)",
    source: GITHUB_FINE_GRAINED,
  },
];

export const CREDENTIAL_ROLES: readonly CredentialRole[] = ROLES.map((role) =>
  role.credential === "NEON_API_KEY"
    ? { ...role, requires: `${role.requires}${NEON_ONLY_APPLY_AND_DRIFT}` }
    : role.credential === "RAILWAY_TOKEN"
      ? { ...role, requires: `${role.requires}${RAILWAY_ONLY_APPLY_AND_DRIFT}` }
      : role,
);

/**
 * Credentials the pipeline and the operators' commands use outside Terraform: each API call,
 * who makes it, and the least role or scope the vendor documents for it.
 */
export interface CallCredentialRole {
  /** METHOD path, as in the vendor's description. */
  call: string;
  /** The module (and workflow or command) making the call. */
  by: string;
  credential: string;
  requires: string;
  source: string;
}

const CLOUDFLARE_LB_PATCH = "https://developers.cloudflare.com/api/resources/load_balancers/methods/edit/";
const CLOUDFLARE_POOLS_LIST =
  "https://developers.cloudflare.com/api/resources/load_balancers/subresources/pools/methods/list/";

export const CALL_CREDENTIAL_ROLES: readonly CallCredentialRole[] = [
  {
    call: "POST /api/0/organizations/{organization_id_or_slug}/releases/",
    by: "pipeline/sentry-release.ts (release.yml)",
    credential: "SENTRY_RELEASE_TOKEN",
    requires:
      "project:releases (createOrganizationRelease accepts org:ci, project:admin, project:releases, project:write)",
    source: SENTRY_SCHEMA,
  },
  {
    call: "POST /api/0/organizations/{organization_id_or_slug}/releases/{version}/deploys/",
    by: "pipeline/sentry-release.ts (release.yml)",
    credential: "SENTRY_RELEASE_TOKEN",
    requires:
      "project:releases (createOrganizationReleaseDeploy accepts org:ci, project:admin, project:releases, project:write)",
    source: SENTRY_SCHEMA,
  },
  {
    call: "GET /zones/{zone_id}/load_balancers, PATCH /zones/{zone_id}/load_balancers/{load_balancer_id}",
    by: "ops/rollout.ts (npm run rollout, an operator)",
    credential: "CLOUDFLARE_API_TOKEN",
    requires: "Zone · Load Balancers Write",
    source: CLOUDFLARE_LB_PATCH,
  },
  {
    call: "GET /accounts/{account_id}/load_balancers/pools",
    by: "ops/rollout.ts (npm run rollout, an operator)",
    credential: "CLOUDFLARE_API_TOKEN",
    requires: "Account · Load Balancing: Monitors and Pools Read",
    source: CLOUDFLARE_POOLS_LIST,
  },
];

/** The second table of the block: API calls outside Terraform. */
export function renderCallCredentialRoles(roles: readonly CallCredentialRole[] = CALL_CREDENTIAL_ROLES): string {
  const escape = (text: string) => text.replace(/\|/g, "\\|");
  return [
    "| API call | made by | credential | least role or scopes | source |",
    "| --- | --- | --- | --- | --- |",
    ...roles.map(
      (role) =>
        `| \`${role.call}\` | ${escape(role.by)} | \`${role.credential}\` | ${escape(role.requires)} | [1](${role.source}) |`,
    ),
  ].join("\n");
}

/** The Markdown table docs/pipeline.md carries between its credential-roles markers. */
export function renderCredentialRoles(roles: readonly CredentialRole[] = CREDENTIAL_ROLES): string {
  const escape = (text: string) => text.replace(/\|/g, "\\|");
  const lines = [
    "| resource type | credential | least role or scopes | source |",
    "| --- | --- | --- | --- |",
    ...[...roles]
      .sort((a, b) => a.credential.localeCompare(b.credential) || a.type.localeCompare(b.type))
      .map(
        (role) =>
          `| \`${role.type}\` | \`${role.credential}\` | ${escape(role.requires)} | ${role.source
            .split(" ; ")
            .map((url, i) => `[${i + 1}](${url})`)
            .join(" ")} |`,
      ),
  ];
  return lines.join("\n");
}

export const CREDENTIAL_ROLES_START = "<!-- credential-roles:start (npx tsx test/stacks/credential-roles-doc.ts) -->";
export const CREDENTIAL_ROLES_END = "<!-- credential-roles:end -->";
