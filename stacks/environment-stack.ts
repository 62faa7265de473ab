// One environment of the platform: composes the module constructs from validated
// config and wires their outputs into each other. No provider attribute details here.
import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { cellDatabaseId } from "../config/cells";
import { type EnvironmentConfig, loadBalancerCheckRegions } from "../config/schema";
import { type AutohealTelemetry, AutohealWorker } from "../constructs/cloudflare/autoheal-worker";

type TelemetryPrices = AutohealTelemetry["config"]["prices"];
import { Edge } from "../constructs/cloudflare/edge";
import { environmentProducers } from "../dashboards/produced-series";
import { EnvironmentMonitoring } from "../constructs/grafana/environment-monitoring";
import { ServiceLevelObjectives } from "../constructs/grafana/service-level-objectives";
import { EnvironmentDatabase } from "../constructs/neon/environment-database";
import { BackendService } from "../constructs/railway/backend-service";
import { SentryEnvironment } from "../constructs/sentry/sentry-environment";
import { type BackendMode, configureBackend } from "./backend";
import { SENTRY_RELEASE_REFERENCE } from "../config/railway-variables";
import { runValidationsExceptTerraformVersion } from "./validation";
import { sentryAllowed } from "../config/observability-regions";
import type { PlatformStack } from "./platform-stack";
import { cloudflareProvider, grafanaProvider, neonProvider, railwayProvider, sentryProvider } from "./providers";

export interface EnvironmentStackProps {
  config: EnvironmentConfig;
  backend: BackendMode;
  /** Shared resources (Neon project, Sentry projects, Grafana folder) this environment builds on. */
  platform: PlatformStack;
  /**
   * Prices the auto-heal Worker projects the month with, from the cost model (the app
   * computes them; stacks do not price). Required when autoheal.telemetry is configured.
   */
  telemetryPrices?: TelemetryPrices;
}

export class EnvironmentStack extends TerraformStack {
  /** The first cell's database (the only one without cells). */
  readonly database: EnvironmentDatabase;
  readonly cellDatabases: ReadonlyMap<string, EnvironmentDatabase>;
  readonly backendService: BackendService;
  readonly edge: Edge;
  readonly sentry: SentryEnvironment;
  readonly monitoring: EnvironmentMonitoring;
  /** Availability and latency SLOs, when config declares objectives. */
  readonly slos: ServiceLevelObjectives | undefined;

  /** Every validation except the `terraform version` check (see ./validation). */
  override runAllValidations(): void {
    runValidationsExceptTerraformVersion(this);
  }

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id);
    const { config, platform } = props;
    configureBackend(this, id, config.terraformCloudOrganization, props.backend);
    cloudflareProvider(this);
    railwayProvider(this);
    neonProvider(this);
    sentryProvider(this, config.sentry.dataRegion);
    grafanaProvider(this, config.grafana.url);

    // One database per cell, each on its cell's Neon project; the first keeps the construct
    // path it had before cells existed.
    const databases = new Map<string, EnvironmentDatabase>();
    for (const cell of config.cells) {
      const project = platform.cellProjects.get(cell.id);
      if (!project)
        throw new Error(`${config.name}: cell ${cell.id} has no Neon project (config validation should catch this)`);
      const id = cellDatabaseId(config.cells, cell.id);
      databases.set(
        cell.id,
        new EnvironmentDatabase(this, id, {
          projectId: project.projectId,
          branch: config.neon.isDefaultBranch
            ? {
                kind: "default",
                branchId: project.defaultBranchId,
                endpointHost: project.defaultEndpointHost,
                poolerHost: project.defaultEndpointPoolerHost,
              }
            : {
                kind: "child",
                name: config.neon.branchName,
                parentBranchId: project.defaultBranchId,
                compute: config.neon.compute,
              },
          roleName: config.neon.roleName,
          // The project's database: an adopted project's may not be the configured name.
          databaseName: project.databaseName,
          readReplicas: cell.readReplicas,
          replicaCompute: config.neon.compute,
          protectData: config.tier === "production",
        }),
      );
    }
    this.cellDatabases = databases;
    this.database = databases.get(config.cells[0].id) as EnvironmentDatabase;

    this.sentry = new SentryEnvironment(this, "sentry", {
      organization: config.sentry.organization,
      environment: config.name,
      backendProject: platform.sentry.backendProjectSlug,
      frontendProject: platform.sentry.frontendProjectSlug,
      alerting:
        config.tier === "production"
          ? {
              slack: config.sentry.slackWorkspace
                ? { workspace: config.sentry.slackWorkspace, channel: config.sentry.alertChannel }
                : null,
              thresholds: config.sentry.alerts,
            }
          : null,
    });

    this.backendService = new BackendService(this, "api-backend", {
      workspaceId: config.railway.workspaceId,
      projectName: `${config.railway.projectName}-${config.name}`,
      environmentName: config.railway.environmentName,
      serviceName: config.railway.backend.serviceName,
      source: config.railway.backend,
      regions: config.regions,
      variables: {
        ...config.railway.variables,
        NODE_ENV: "production",
        APP_ENV: config.name,
        HEALTH_CHECK_PATH: config.healthCheck.path,
        SENTRY_ENVIRONMENT: config.name,
        SENTRY_RELEASE: SENTRY_RELEASE_REFERENCE,
      },
      // A backend reads and writes its own cell's database only.
      regionVariables: Object.fromEntries(
        config.cells.flatMap((cell) => {
          const db = databases.get(cell.id) as EnvironmentDatabase;
          // Without replicas, reads go to the primary through the pooler.
          const urls = { DATABASE_URL: db.pooledUri, DATABASE_READ_URL: db.replicaUri ?? db.pooledUri };
          // A strict cell outside the Sentry organization's data region sends Sentry nothing
          // (policy residency-observability); its errors stay in its Railway logs.
          const sentry: Record<string, string> = sentryAllowed(cell, config.sentry.dataRegion)
            ? { SENTRY_DSN: this.sentry.backendDsn }
            : {};
          return cell.regions.map((region) => [region.name, { ...urls, ...sentry }]);
        }),
      ),
      deploy: {
        healthcheckPath: config.healthCheck.path,
        healthcheckTimeoutSeconds: config.healthCheck.timeoutSeconds,
        restartPolicyMaxRetries: config.railway.restartPolicyMaxRetries,
        overlapSeconds: config.railway.overlapSeconds,
        drainingSeconds: config.railway.drainingSeconds,
      },
      customDomain:
        config.railway.customApiDomain && config.regions.length === 1 ? config.cloudflare.hosts.api : undefined,
    });

    // Edge origins, primary first: each region's Railway domain behind the load balancer;
    // a single region's API record points at the custom domain's DNS target instead.
    const apiDomainTarget = config.regions.length === 1 ? this.backendService.customDomainTarget : undefined;
    this.edge = new Edge(this, "edge", {
      cloudflare: config.cloudflare,
      healthCheck: config.healthCheck,
      cells: config.cells,
      checkRegions: loadBalancerCheckRegions(config),
      regions: this.backendService.services.map((s) => ({ name: s.region, origin: apiDomainTarget ?? s.domain })),
      // Railway serves a custom domain only once its ownership TXT record exists.
      apiDomainVerification: this.backendService.customDomainVerification,
    });

    // Auto-healing: an edge Worker probing each region's origin and redeploying it through
    // Railway's API; its credentials are set after the apply, never Terraform inputs (docs/operations.md).
    if (config.autoheal.enabled) {
      new AutohealWorker(this, "autoheal", {
        accountId: config.cloudflare.accountId,
        zoneId: config.cloudflare.zoneId,
        scriptName: `neuropilot-${config.name}-autoheal`,
        environment: config.name,
        settings: config.autoheal,
        health: config.healthCheck,
        purgeHosts: [config.cloudflare.hosts.api, config.cloudflare.hosts.frontend],
        railwayEnvironmentId: this.backendService.environmentId,
        regions: this.backendService.services.map((s) => ({
          name: s.region,
          domain: s.domain,
          serviceId: s.serviceId,
        })),
        ...(config.autoheal.telemetry ? { telemetry: this.telemetryFor(config, props, platform) } : {}),
      });
    }

    this.monitoring = new EnvironmentMonitoring(this, "monitoring", {
      environment: config.name,
      tier: config.tier,
      regions: config.regions,
      alerts: config.grafana.alerts,
      budget: config.budget,
      readReplicas: config.neon.readReplicas,
      objectives: config.grafana.objectives,
      slo: config.grafana.slo,
      // Alert rules only on series something in this environment produces.
      producers: environmentProducers(config),
      runbookUrl: config.grafana.runbookUrl,
      folderUid: platform.grafana.folderUid,
      datasourceUid: platform.grafana.datasourceUid,
    });

    if (config.grafana.slo) {
      this.slos = new ServiceLevelObjectives(this, "slo", {
        environment: config.name,
        objectives: config.grafana.slo,
        folderUid: platform.grafana.folderUid,
        datasourceUid: platform.grafana.datasourceUid,
        runbookUrl: config.grafana.runbookUrl,
      });
    }

    new TerraformOutput(this, "environment", { value: config.name, description: "Environment name" });
    new TerraformOutput(this, "sentry_frontend_dsn", {
      value: this.sentry.frontendDsn,
      sensitive: true,
      description: "Sentry DSN for the frontend (set as the Vercel project's VITE_SENTRY_DSN)",
    });
    new TerraformOutput(this, "grafana_dashboard_uid", { value: this.monitoring.dashboardUid });
    if (this.edge.failoverDetectionSeconds !== undefined) {
      new TerraformOutput(this, "failover_detection_seconds", {
        value: this.edge.failoverDetectionSeconds,
        description: "Worst-case seconds for the edge load balancer to detect a dead primary region",
      });
    }
    new TerraformOutput(this, "backend_origins", {
      value: this.backendService.services.map((s) => s.domain),
      description: "Railway domain of each regional backend service, primary first",
    });
    new TerraformOutput(this, "database_url", {
      value: this.database.pooledUri,
      sensitive: true,
      description: "Pooled connection URI (sensitive)",
    });
    new TerraformOutput(this, "database_direct_url", {
      value: this.database.directUri,
      sensitive: true,
      description: "Direct (unpooled) connection URI for migrations (sensitive)",
    });
    if (this.database.replicaUri) {
      new TerraformOutput(this, "database_replica_url", {
        value: this.database.replicaUri,
        sensitive: true,
        description: "Read replica connection URI (sensitive)",
      });
    }
    new TerraformOutput(this, "database_host", { value: this.database.host, description: "Primary endpoint host" });
    for (const cell of config.cells.slice(1)) {
      const db = databases.get(cell.id) as EnvironmentDatabase;
      new TerraformOutput(this, `database_url_${cell.id}`, {
        value: db.pooledUri,
        sensitive: true,
        description: `Pooled connection URI of cell ${cell.id} (sensitive)`,
      });
      new TerraformOutput(this, `database_host_${cell.id}`, {
        value: db.host,
        description: `Primary endpoint host of cell ${cell.id} (${cell.neonRegion})`,
      });
    }
  }

  /** The Worker's telemetry settings: config, the Railway and Neon project ids, prices, secrets. */
  private telemetryFor(
    config: EnvironmentConfig,
    props: EnvironmentStackProps,
    platform: PlatformStack,
  ): AutohealTelemetry {
    const telemetry = config.autoheal.telemetry;
    if (!telemetry || !props.telemetryPrices) {
      throw new Error(
        `${config.name}: autoheal.telemetry needs the cost model's prices (buildApp passes them; pass telemetryPrices when building EnvironmentStack yourself)`,
      );
    }
    return {
      config: {
        pushUrl: telemetry.pushUrl,
        pushUser: telemetry.pushUser,
        timeoutMs: telemetry.timeoutSeconds * 1000,
        railwayProjectId: this.backendService.projectId,
        // Every cell's project: the Worker's Neon cost is the platform's, as before cells.
        neonProjectIds: [...platform.cellProjects.values()].map((project) => project.projectId),
        neonOrgId: telemetry.neonOrgId,
        prices: props.telemetryPrices,
        ...(telemetry.dailySummaryHourUtc === null
          ? {}
          : {
              dailySummary: {
                hourUtc: telemetry.dailySummaryHourUtc,
                warningUsd: config.budget.warningUsd,
                criticalUsd: config.budget.criticalUsd,
              },
            }),
      },
    };
  }
}
