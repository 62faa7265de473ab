// Resources every environment shares, applied before the environments: the Neon
// project (its default branch is production's), the Sentry team and projects, and
// Grafana's org-wide setup (folder, data source, contact points, notification policy).
// Environment stacks read the Neon ids through CDKTF cross-stack references (Terraform
// Cloud remote state); Sentry slugs and Grafana uids are fixed names known at synth.
import { TerraformStack, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import { cellDatabaseId } from "../config/cells";
import { NEON_PROTECTED_BRANCHES, neonOwnerRoleName } from "../config/neon-limits";
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
  /**
   * Live values adoption recorded (config/adopt/, `live`) by construct path: an adopted
   * project is declared with its live default branch, database, owner and Postgres version,
   * which force a replacement when they differ (config/replace-attributes.ts).
   */
  adopted?: ReadonlyMap<string, Readonly<Record<string, string | number | boolean>>>;
}

export class PlatformStack extends TerraformStack {
  /** The first cell's Neon project (the only one without cells). */
  readonly neon: NeonProject;
  /** One Neon project per cell of the default-branch environment, by cell id (Neon projects are single-region). */
  readonly cellProjects: ReadonlyMap<string, NeonProject>;
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
    sentryProvider(this, owner.sentry.dataRegion);
    grafanaProvider(this, owner.grafana.url);

    const neon = owner.neon;
    const projects = new Map<string, NeonProject>();
    for (const cell of owner.cells) {
      const first = cell === owner.cells[0];
      const id = cellDatabaseId(owner.cells, cell.id);
      const live = props.adopted?.get(`${id}/project`) ?? {};
      const text = (name: string, fallback: string) => (typeof live[name] === "string" ? live[name] : fallback);
      projects.set(
        cell.id,
        new NeonProject(this, id, {
          // The first cell keeps the project it had before cells existed.
          name: first ? neon.projectName : `${neon.projectName}-${cell.id}`,
          // A differing region is refused at adoption (stacks/adoption.ts): it is the cell's residency.
          regionId: cell.neonRegion,
          pgVersion: typeof live.pg_version === "number" ? live.pg_version : neon.pgVersion,
          historyRetentionSeconds: neon.historyRetentionSeconds,
          defaultBranchName: text("branch.name", neon.branchName),
          ownerRoleName: text("branch.role_name", neonOwnerRoleName(neon.roleName)),
          databaseName: text("branch.database_name", neon.databaseName),
          defaultCompute: neon.compute,
          protectDefaultBranch: NEON_PROTECTED_BRANCHES[neon.plan],
        }),
      );
    }
    this.cellProjects = projects;
    this.neon = projects.get(owner.cells[0].id) as NeonProject;

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
