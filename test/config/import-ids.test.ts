// Import id formats per resource type, as the pinned providers' importers parse them:
// the providers' own documented examples pass, each part is checked at its boundary, and
// every attribute the table maps an id part to exists in that resource's schema.
import { describe, expect, it } from "vitest";
import { buildApp } from "../../app";
import {
  IMPORT_ID_FORMATS,
  NOT_IMPORTABLE,
  describeFormat,
  importIdAttributes,
  importIdProblem,
} from "../../config/import-ids";
import { DEFAULT_SNAPSHOTS } from "../../offline-provider/paths";
import { readSnapshot } from "../../offline-provider/schema";
import { validateEnvironments } from "../../policy/config-guardrails";
import { resourcesByPath } from "../../stacks/adoption";
import { TerraformStack } from "cdktf";
import { bundledInputs, sourcesOf } from "../support/configs";

const HEX = "0123456789abcdef0123456789abcdef";

// The examples printed in each provider's docs (`## Import`), at the pinned versions.
const DOCUMENTED: Array<[string, string]> = [
  ["cloudflare_dns_record", `${HEX}/${HEX}`],
  ["cloudflare_zone_setting", `${HEX}/min_tls_version`],
  ["cloudflare_ruleset", `zones/${HEX}/${HEX}`],
  ["cloudflare_ruleset", `accounts/${HEX}/${HEX}`],
  ["cloudflare_load_balancer", `${HEX}/${HEX}`],
  ["cloudflare_load_balancer_pool", `${HEX}/${HEX}`],
  ["cloudflare_load_balancer_monitor", `${HEX}/${HEX}`],
  ["cloudflare_workers_script", `${HEX}/neuropilot-production-autoheal`],
  ["cloudflare_workers_cron_trigger", `${HEX}/neuropilot-production-autoheal`],
  ["cloudflare_workers_kv_namespace", `${HEX}/${HEX}`],
  ["neon_project", "shiny-cell-31746257"],
  ["neon_branch", "curly-poetry-30604233/br-snowy-mountain-a5jkb18i"],
  ["neon_endpoint", "curly-poetry-30604233/ep-black-mouse-a64dr7wp"],
  ["neon_role", "shiny-cell-31746257/br-snowy-mountain-a5jkb18i/myRole"],
  ["neon_database", "shiny-cell-31746257/br-snowy-mountain-a5jkb18i/myDatabase"],
  ["railway_project", "0bb01547-570d-4109-a5e8-138691f6a2d1"],
  ["railway_service", "89fa0236-2b1b-4a8c-b12d-ae3634b30d97"],
  ["railway_service_domain", "89fa0236-2b1b-4a8c-b12d-ae3634b30d97:staging:example-api.up.railway.app"],
  ["railway_variable", "89fa0236-2b1b-4a8c-b12d-ae3634b30d97:staging:SENTRY_KEY"],
  ["railway_custom_domain", "89fa0236-2b1b-4a8c-b12d-ae3634b30d97:staging:example.com"],
  ["sentry_team", "org-slug/team-slug"],
  ["sentry_project", "org-slug/project-slug"],
  ["sentry_key", "org-slug/project-slug/key-id"],
  ["sentry_alert", "org-slug/12345"],
  ["sentry_metric_monitor", "org-slug/project-slug/12345"],
  ["sentry_organization_repository", "org-slug/github/123/456"],
  ["grafana_folder", "np-folder"],
  ["grafana_folder", "1:np-folder"],
  ["grafana_data_source", "prometheus"],
  ["grafana_contact_point", "Slack alerts"],
  ["grafana_notification_policy", "policy"],
  ["grafana_dashboard", "1:np-production"],
  ["grafana_rule_group", "np-folder:NeuroPilot service"],
  ["grafana_rule_group", "1:np-folder:NeuroPilot service"],
  ["github_repository_environment", "terraform:daily"],
  ["github_repository_environment_deployment_policy", "terraform:daily:123456"],
  ["github_repository_ruleset", "example:12345"],
  ["github_issue_label", "terraform:panic"],
  ["github_actions_secret", "repository/SECRET_NAME"],
];

describe("import id formats", () => {
  it.each(DOCUMENTED)("accept the documented %s id %s", (type, id) => {
    expect(importIdProblem(type, id)).toBeUndefined();
  });

  it.each([
    // Cloudflare ids: exactly 32 lowercase hex characters.
    [
      "cloudflare_dns_record",
      `${HEX.slice(1)}/${HEX}`,
      `zone_id "${HEX.slice(1)}" must be 32 lowercase hex characters`,
    ],
    ["cloudflare_dns_record", `${HEX}/${HEX}0`, "dns_record_id"],
    ["cloudflare_dns_record", `${HEX.toUpperCase()}/${HEX}`, "zone_id"],
    ["cloudflare_dns_record", HEX, `has 1 part(s) separated by "/"; expected <zone_id>/<dns_record_id>`],
    [
      "cloudflare_ruleset",
      `zone/${HEX}/${HEX}`,
      `expected zones/<zone_id>/<ruleset_id> or accounts/<account_id>/<ruleset_id>`,
    ],
    ["cloudflare_ruleset", `zones/${HEX}/x`, `ruleset_id "x" must be 32 lowercase hex characters`],
    ["neon_branch", "shiny-cell-31746257/br-", `branch_id "br-" must be "br-" and the branch name`],
    ["neon_branch", "br-snowy-mountain-a5jkb18i", "has 1 part(s)"],
    ["neon_project", "shiny", "project_id"],
    ["railway_project", "0bb01547-570d-4109-a5e8-138691f6a2d", "a lowercase UUID"],
    ["railway_variable", "89fa0236-2b1b-4a8c-b12d-ae3634b30d97::SENTRY_KEY", "environment_name"],
    ["sentry_alert", "org-slug/abc", `alert_id "abc" must be a positive integer`],
    ["grafana_folder", "a".repeat(41), "up to 40 letters"],
    ["grafana_folder", "x:np-folder", `orgID "x" must be a numeric organization id`],
    ["github_repository_ruleset", "example:0", `ruleset_id "0" must be a positive integer`],
    ["github_actions_secret", "repository:SECRET", "has 1 part(s)"],
  ])("reject %s id %s", (type, id, expected) => {
    expect(importIdProblem(type, id)).toContain(expected);
  });

  it("accept exactly 40 characters for a Grafana uid", () => {
    expect(importIdProblem("grafana_dashboard", "a".repeat(40))).toBeUndefined();
  });

  it("refuse a type without a known format", () => {
    expect(importIdProblem("cloudflare_page_rule", "x")).toContain(
      "cloudflare_page_rule has no known import id format; add it to config/import-ids.ts",
    );
  });

  it("describe the documented shape", () => {
    expect(describeFormat(IMPORT_ID_FORMATS.neon_role)).toBe("<project_id>/<branch_id>/<role_name>");
    expect(describeFormat(IMPORT_ID_FORMATS.grafana_folder)).toBe("<uid> or <orgID>:<uid>");
  });

  it("map id parts to the attributes a real import sets", () => {
    expect(importIdAttributes("neon_role", "shiny-cell-31746257/br-snowy-mountain-a5jkb18i/app")).toEqual({
      project_id: "shiny-cell-31746257",
      branch_id: "br-snowy-mountain-a5jkb18i",
      name: "app",
    });
    expect(importIdAttributes("cloudflare_ruleset", `accounts/${HEX}/${HEX}`)).toEqual({
      account_id: HEX,
      id: HEX,
    });
    expect(importIdAttributes("neon_role", "malformed")).toEqual({});
  });

  it("map id parts only to attributes the resource's schema has", () => {
    const schemas = new Map<string, Set<string>>();
    for (const file of DEFAULT_SNAPSHOTS) {
      for (const [type, schema] of Object.entries(readSnapshot(file).schema.resource_schemas ?? {})) {
        schemas.set(type, new Set(Object.keys(schema.block.attributes ?? {})));
      }
    }
    for (const [type, format] of Object.entries(IMPORT_ID_FORMATS)) {
      const attributes = schemas.get(type);
      expect(attributes, `${type} has a schema snapshot`).toBeDefined();
      for (const segment of format.variants.flat()) {
        if (segment.attribute !== undefined) expect([type, attributes?.has(segment.attribute)]).toEqual([type, true]);
      }
    }
  });

  it("cover every resource type the stacks declare", () => {
    const app = buildApp(validateEnvironments(sourcesOf(bundledInputs())), { backend: "local" });
    const types = new Set<string>();
    for (const stack of app.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c))) {
      for (const resource of resourcesByPath(stack).values()) types.add(resource.terraformResourceType);
    }
    const unknown = [...types].filter((type) => IMPORT_ID_FORMATS[type] === undefined && !(type in NOT_IMPORTABLE));
    expect(unknown).toEqual([]);
    expect(types.size).toBeGreaterThan(30);
  });
});

describe("types the provider cannot import", () => {
  it("are refused by name, citing the provider", () => {
    expect(importIdProblem("github_actions_environment_secret", "neuropilot/production/TF_API_TOKEN")).toMatch(
      /^github_actions_environment_secret cannot be imported \(integrations\/terraform-provider-github v6\.9\.0: .*does not support importing/,
    );
  });

  it("have no import id format as well", () => {
    for (const type of Object.keys(NOT_IMPORTABLE)) expect(IMPORT_ID_FORMATS[type]).toBeUndefined();
  });
});
