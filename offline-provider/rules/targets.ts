// Where each resource type the stacks use declares its schema, per provider (paths
// inside the provider repository at the commit of its snapshot's provenance). The
// extractor reads the file and the other files of its Go package.

export const RULE_TARGETS: Record<string, { snapshot: string; resources: Record<string, string> }> = {
  cloudflare: {
    snapshot: "providers/offline/cloudflare.json",
    resources: Object.fromEntries(
      [
        "dns_record",
        "load_balancer",
        "load_balancer_monitor",
        "load_balancer_pool",
        "ruleset",
        "workers_cron_trigger",
        "workers_kv_namespace",
        "workers_script",
        "zone_setting",
      ].map((n) => [`cloudflare_${n}`, `internal/services/${n}/schema.go`]),
    ),
  },
  github: {
    snapshot: "providers/offline/github.json",
    resources: Object.fromEntries(
      [
        "actions_environment_secret",
        "actions_secret",
        "issue_label",
        "repository_environment",
        "repository_environment_deployment_policy",
        "repository_ruleset",
        "workflow_repository_permissions",
      ].map((n) => [`github_${n}`, `github/resource_github_${n}.go`]),
    ),
  },
  grafana: {
    snapshot: "providers/grafana.json",
    resources: {
      grafana_contact_point: "internal/resources/grafana/resource_alerting_contact_point.go",
      grafana_dashboard: "internal/resources/grafana/resource_dashboard.go",
      grafana_data_source: "internal/resources/grafana/resource_data_source.go",
      grafana_folder: "internal/resources/grafana/resource_folder.go",
      grafana_notification_policy: "internal/resources/grafana/resource_alerting_notification_policy.go",
      grafana_rule_group: "internal/resources/grafana/resource_alerting_rule_group.go",
      grafana_slo: "internal/resources/slo/resource_slo.go",
    },
  },
  neon: {
    snapshot: "providers/neon.json",
    resources: {
      neon_branch: "provider/resource_branch.go",
      neon_endpoint: "provider/resource_endpoint.go",
      neon_project: "provider/resource_project.go",
      neon_role: "provider/resource_role.go",
    },
  },
  railway: {
    snapshot: "providers/railway.json",
    resources: Object.fromEntries(
      ["custom_domain", "project", "service", "service_domain", "variable"].map((n) => [
        `railway_${n}`,
        `internal/provider/resource_${n}.go`,
      ]),
    ),
  },
  sentry: {
    snapshot: "providers/sentry.json",
    resources: {
      sentry_alert: "internal/provider/resource_alert_gen.go",
      sentry_key: "internal/provider/schema_client_key.go",
      sentry_metric_monitor: "internal/provider/resource_metric_monitor_gen.go",
      sentry_organization_repository: "internal/provider/resource_organization_repository.go",
      sentry_project: "internal/provider/resource_project.go",
      sentry_team: "sentry/resource_sentry_team.go",
    },
  },
};
