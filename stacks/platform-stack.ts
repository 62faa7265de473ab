// Resources every environment shares, applied before the environments: the Neon
// project (its default branch is production's), the Sentry team and projects, and
// Grafana's org-wide setup (folder, data source, contact points, notification policy).
// Environment stacks read the Neon ids through CDKTF cross-stack references (Terraform
// Cloud remote state); Sentry slugs and Grafana uids are fixed names known at synth.
import { TerraformStack, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import { neonOwnerRoleName } from "../config/neon-limits";
import type { EnvironmentConfig } from "../config/schema";
import { GrafanaFoundation } from "../constructs/grafana/grafana-foundation";
import { NeonProject } from "../constructs/neon/project";
import { SentryProjects } from "../constructs/sentry/sentry-projects";
import { type BackendMode, configureBackend } from "./backend";
import { runValidationsExceptTerraformVersion } from "./validation";
import { grafanaProvider, neonProvider, sentryProvider } from "./providers";

export interface PlatformStackProps {
  /** All environments; exactly one runs on the Neon project's default branch (validated). */
  environments: EnvironmentConfig[];
  backend: BackendMode;
}

export class PlatformStack extends TerraformStack {
  readonly neon: NeonProject;
  readonly sentry: SentryProjects;
  readonly grafana: GrafanaFoundation;

  /** Every validation except the `terraform version` check (see ./validation). */
  override runAllValidations(): void {
    runValidationsExceptTerraformVersion(this);
  }

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    const owner = defaultBranchEnvironment(props.environments);
    configureBackend(this, id, owner.terraformCloudOrganization, props.backend);
    neonProvider(this);
    sentryProvider(this);
    grafanaProvider(this, owner.grafana.url);

    const neon = owner.neon;
    this.neon = new NeonProject(this, "database", {
      name: neon.projectName,
      regionId: neon.region,
      pgVersion: neon.pgVersion,
      historyRetentionSeconds: neon.historyRetentionSeconds,
      defaultBranchName: neon.branchName,
      ownerRoleName: neonOwnerRoleName(neon.roleName),
      databaseName: neon.databaseName,
      defaultCompute: neon.compute,
    });

    this.sentry = new SentryProjects(this, "sentry", {
      organization: owner.sentry.organization,
      team: owner.sentry.team,
      backendProject: owner.sentry.backendProject,
      frontendProject: owner.sentry.frontendProject,
      githubIntegration: owner.sentry.githubIntegration,
      repositories: [owner.railway.backend.repo, `${owner.github.owner}/${owner.github.repo}`],
    });

    const secret = (name: string, description: string) =>
      new TerraformVariable(this, name, { type: "string", sensitive: true, description }).stringValue;
    this.grafana = new GrafanaFoundation(this, "grafana", {
      prometheus: {
        url: owner.grafana.prometheusUrl,
        user: owner.grafana.prometheusUser,
        password: secret("grafana_prometheus_password", "Basic-auth password/token of the Prometheus data source"),
      },
      slackWebhookUrl: secret("slack_webhook_url", "Slack incoming-webhook URL for Grafana alerts"),
      pagerDutyIntegrationKey: secret("pagerduty_integration_key", "PagerDuty Events API v2 integration key"),
      emailDigestTo: owner.grafana.emailDigestTo,
    });
  }
}

export function defaultBranchEnvironment(environments: EnvironmentConfig[]): EnvironmentConfig {
  const owner = environments.find((e) => e.neon.isDefaultBranch);
  if (!owner) throw new Error("no environment runs on the Neon default branch (config validation should catch this)");
  return owner;
}
