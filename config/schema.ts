// The one source of truth for configuration types. Environment files are plain
// objects checked against this schema at load time (see load.ts); CDKTF code only
// ever sees the parsed `EnvironmentConfig`.
import { z } from "zod";
import { grafanaJurisdiction, grafanaRegionOf, SENTRY_DATA_REGION_IDS } from "./observability-regions";
import { CLOUDFLARE_PLAN_LIMITS, CLOUDFLARE_PLANS, type CloudflarePlan } from "./cloudflare-plans";
import { WORKERS_PLANS } from "./workers-plans";
import { COST_PROFILES, costProfileIssues } from "./cost-profiles";
import { CellSchema, cellIssues, type CellConfig, RegionSchema as CellRegionSchema, resolveCells } from "./cells";
import { neonComputeIssues, neonSuspendIssue, NEON_RETENTION_LIMIT_SECONDS, NEON_PLANS } from "./neon-limits";
import {
  gitBranch,
  githubLogin,
  githubRepo,
  githubRepoName,
  neonName,
  postgresIdentifier,
  railwayName,
  sentrySlug,
  slackChannel,
  terraformOrganization,
} from "./names";
import { POLICY_RULE_IDS } from "./policy-rule-ids";
import { RESERVED_RAILWAY_VARIABLES } from "./railway-variables";
import { RAILWAY_REGIONS, RAILWAY_MAX_REPLICAS_PER_REGION } from "./railway-regions";
import { NEON_REGION_IDS, regionFacts } from "./regions";
import { httpsUrl } from "./urls";
import { SECRET_PATTERNS } from "../secrets/patterns";

const hostname = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
  message: "must be a lower-case DNS name such as api.neuropilot.ai",
});
const cloudflareId = z
  .string()
  .regex(/^[0-9a-f]{32}$/, { message: "must be a 32-character lower-case hex Cloudflare id" });
const positiveUsd = z.number().positive({ message: "must be a positive amount in USD" });
const seconds = z.number().int().positive();
/** A latency threshold: whole milliseconds from 1 ms to 10 minutes (below 1 ms no request answers; above, no alert helps). */
const milliseconds = z
  .number()
  .int({ message: "must be whole milliseconds such as 400" })
  .min(1, { message: "must be at least 1 ms, such as 400" })
  .max(600_000, { message: "must be at most 600000 ms (10 minutes), such as 400" });
/**
 * A percentage written to Grafana as a fraction with six decimals (constructs/grafana/
 * service-level-objectives.ts): a value that rounds to 1 would promise 100 %.
 */
const objectivePct = (above: number) =>
  z
    .number()
    .gt(above)
    .lt(100)
    .refine((pct) => Number((pct / 100).toFixed(6)) < 1, {
      message:
        "at most 99.9999: Grafana's objective is written with six decimals, and this would be written as exactly 1 (100 %)",
    });

export const HealthCheckSchema = z.strictObject({
  /** One path shared by Railway's health check, Cloudflare monitors and smoke tests. */
  path: z.string().regex(/^\/[\w\-./]*$/, { message: "must be an absolute URL path such as /health" }),
  timeoutSeconds: seconds.max(300),
  expectedStatus: z.number().int().min(200).max(299).default(200),
  /** Smoke test: each public host must answer within this many milliseconds. */
  latencyBudgetMs: z.number().int().positive().default(2000),
  /** The backend's Prometheus endpoint on the API host, checked by the smoke test; null when not served publicly. */
  metricsPath: z
    .string()
    .regex(/^\/[\w\-./]*$/, { message: "must be an absolute URL path such as /metrics" })
    .nullable()
    .default(null),
});

export const RegionSchema = CellRegionSchema.extend({
  /** A row of the region table (config/regions.ts); adding a region is a row there. */
  railwayRegion: z.string().refine((id) => RAILWAY_REGIONS.includes(id), {
    message: `must be a Railway region of config/regions.ts: ${RAILWAY_REGIONS.join(", ")}`,
  }),
  replicas: z.number().int().min(1).max(RAILWAY_MAX_REPLICAS_PER_REGION),
});

const RateLimitRuleSchema = z.strictObject({
  requestsPerPeriod: z.number().int().positive(),
  periodSeconds: seconds,
  mitigationTimeoutSeconds: seconds,
});

export const CloudflareSchema = z.strictObject({
  accountId: cloudflareId,
  zoneId: cloudflareId,
  zoneName: hostname,
  plan: z.enum(CLOUDFLARE_PLANS),
  /**
   * The account's Workers plan (config/workers-plans.ts): its KV, subrequest, Cron Trigger and
   * CPU limits are checked at synth (policy/quotas/), and Paid is priced (config/prices.ts).
   * Account-wide, so every environment on the account names the same plan.
   */
  workersPlan: z.enum(WORKERS_PLANS).default("free"),
  /**
   * Zone-wide resources (zone settings, one entry-point ruleset per phase) can only
   * have one owner. Exactly one environment sharing a zone manages them.
   */
  managesZone: z.boolean(),
  hosts: z.strictObject({ api: hostname, frontend: hostname }),
  /** CNAME target of the frontend host (Vercel). */
  frontendTarget: hostname,
  /**
   * Whether Cloudflare proxies the frontend host. Vercel advises against a proxy in front of
   * it (vercel.com/guides/cloudflare-with-vercel: duplicated caching, slower certificate
   * renewal, less visibility for Vercel's firewall); proxied, the zone's WAF, rate limiting,
   * HSTS and cache rules cover the frontend. An explicit choice, no default.
   */
  frontendProxied: z.boolean(),
  tls: z.strictObject({
    minVersion: z.enum(["1.2", "1.3"]),
    hsts: z.strictObject({
      maxAgeSeconds: z.number().int().min(15_552_000, { message: "must be at least 15552000 (six months)" }),
      includeSubdomains: z.boolean(),
      preload: z.boolean(),
    }),
  }),
  waf: z.strictObject({ enabled: z.boolean() }),
  /**
   * Argo Smart Routing on the zone (cloudflare_argo_smart_routing, provider 5.14.0): a paid
   * add-on priced at $5/month plus per GB (config/prices.ts), so config states the expected
   * monthly traffic it is billed on. Zone-wide: only the zone's manager may set it. Unset: off
   * (nothing emitted: reading the setting fails on a zone without the subscription).
   */
  argoSmartRouting: z
    .strictObject({ expectedMonthlyGb: z.number().min(0) })
    .nullable()
    .default(null),
  rateLimit: z.strictObject({
    enabled: z.boolean(),
    /** Exact path of the login endpoint; it is written into a rule expression, so plain URL characters only. */
    loginPath: z.string().regex(/^\/[\w\-./]*$/, { message: "must be an absolute URL path such as /api/auth/login" }),
    login: RateLimitRuleSchema,
    /** The looser rule for /api/*; null leaves it out (Free plans allow one rule). */
    api: RateLimitRuleSchema.nullable(),
  }),
  cache: z.strictObject({
    staticExtensions: z.array(z.string().regex(/^[a-z0-9]+$/)).min(1),
    edgeTtlSeconds: seconds,
    browserTtlSeconds: seconds,
  }),
  loadBalancer: z.strictObject({
    /** Unset: the fastest the plan allows (config/cloudflare-plans.ts fastestMonitor). */
    monitorIntervalSeconds: seconds.min(10).max(3600).optional(),
    monitorRetries: z.number().int().min(0).max(5).optional(),
    monitorTimeoutSeconds: seconds.max(10).optional(),
    /** Worst-case time to detect a dead origin and fail over must stay under this. */
    failoverTargetSeconds: seconds,
    /**
     * The account has Load Balancing's traffic-steering add-on: geo steering (several cells)
     * is a paid steering policy beyond standard failover (developers.cloudflare.com/
     * load-balancing/understand-basics/traffic-steering/steering-policies/; priced in config/prices.ts).
     */
    trafficSteering: z.boolean().default(false),
    /**
     * Regions the pools' health checks run from (`check_regions`), values the plan allows
     * (config/cloudflare-plans.ts [LBR]); each beyond the first is priced. Unset: the primary
     * region's Cloudflare area (config/regions.ts), never "every data centre", which only
     * Enterprise may use.
     */
    checkRegions: z.array(z.string()).min(1).optional(),
    /**
     * A host that answers every request with a static "temporarily unavailable" page and keeps
     * nothing (e.g. a Pages/Worker maintenance site). A load balancer has one fallback_pool, so
     * when strict cells span two or more jurisdictions no cell's pool can be everyone's
     * fallback: this host becomes it (constructs/cloudflare/geo-steering.ts). null: none.
     */
    holdingOrigin: hostname.nullable().default(null),
  }),
});

export const RailwaySchema = z.strictObject({
  /**
   * Railway workspace the project belongs to. The provider requires it when the token can
   * reach more than one workspace (railway_project.workspace_id, provider v0.6.2), and
   * `npm run adopt` then lists only that workspace's projects.
   */
  workspaceId: z
    .string()
    // The provider's own check: uuidRegex() (terraform-community-providers/terraform-provider-railway
    // v0.6.2, internal/provider/resource_project.go:105, internal/provider/provider.go:23-25).
    .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, {
      message:
        "must be a Railway workspace id, a UUID such as 3f2b8c1e-6a4d-4e0f-9b7a-2c5d8e1f0a93 (Workspace settings → copy the id)",
    })
    .optional(),
  projectName: railwayName,
  environmentName: railwayName,
  backend: z.strictObject({
    serviceName: railwayName,
    /** owner/name of the backend's GitHub repository. */
    repo: githubRepo,
    branch: gitBranch,
    /** Folder of the backend inside its repository: relative, inside the repository, a sane length. */
    rootDirectory: z
      .string()
      .max(255, { message: "at most 255 characters; a folder of the repository such as backend" })
      .regex(/^[\w.-]+(\/[\w.-]+)*$/, { message: "must be a relative folder of the repository such as backend" })
      .refine((dir) => !dir.split("/").includes(".."), {
        message: "must stay inside the repository (no .. segment), such as backend",
      })
      .optional(),
    /**
     * Folder of the backend's Railway config-as-code files inside its repository;
     * each regional service reads <configDir>/<region name>.json.
     */
    configDir: z.string().regex(/^[\w.-]+(\/[\w.-]+)*$/, { message: "must be a relative folder such as railway" }),
  }),
  customApiDomain: z.boolean(),
  /** Extra plain (non-secret) service variables. Secrets never live in config. */
  variables: z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/), z.string()).default({}),
  restartPolicyMaxRetries: z.number().int().min(0).max(10),
  /**
   * Zero downtime within a service (docs.railway.com/deployments/deployment-teardown): a new
   * deployment goes live only after its healthcheck answers 200, the previous one keeps serving
   * for overlapSeconds, then gets SIGTERM and drainingSeconds to finish in-flight requests before
   * SIGKILL. Written to config-as-code as deploy.overlapSeconds / deploy.drainingSeconds (numbers:
   * a string fails Railway's parser, railwayapp/docs#1243). Railway documents no upper bound;
   * ten minutes is this program's own limit, so a typo cannot keep old deployments for hours.
   */
  overlapSeconds: z.number().int().min(0).max(600).default(10),
  drainingSeconds: z.number().int().min(0).max(600).default(30),
});

export const NeonSchema = z.strictObject({
  /** The Neon project is shared by all environments; settings below must agree across them. */
  projectName: neonName,
  plan: z.enum(NEON_PLANS),
  /** The Neon project's region for an environment without `cells`; with cells each cell names its own. */
  region: z
    .string()
    .refine((id) => NEON_REGION_IDS.includes(id), {
      message: `must be a Neon region of config/regions.ts: ${NEON_REGION_IDS.join(", ")}`,
    })
    .optional(),
  pgVersion: z.union([z.literal(14), z.literal(15), z.literal(16), z.literal(17)]),
  historyRetentionSeconds: z.number().int().min(0),
  /** The branch this environment runs on; the production environment owns the default branch. */
  branchName: neonName,
  isDefaultBranch: z.boolean(),
  databaseName: postgresIdentifier,
  /** The owner role the project creates is this name with "_owner" appended: room for it. */
  roleName: postgresIdentifier.max(57, { message: "at most 57 characters (the owner role appends _owner)" }),
  compute: z.strictObject({
    minCu: z.number().min(0.25).max(56),
    maxCu: z.number().min(0.25).max(56),
    /** Seconds idle before suspending; -1 never suspends, 0 takes Neon's default (300 s). */
    suspendTimeoutSeconds: z.number().int().min(-1).max(604_800),
  }),
  readReplicas: z.number().int().min(0).max(5),
});

export const GrafanaSchema = z.strictObject({
  url: httpsUrl("https://neuropilot.grafana.net"),
  prometheusUrl: httpsUrl("https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom"),
  prometheusUser: z.string().min(1),
  alerts: z.strictObject({
    latencyP95Ms: milliseconds,
    errorRateWarningPct: z.number().positive().max(100),
    errorRateCriticalPct: z.number().positive().max(100),
    dbQueryP95Ms: milliseconds,
    dbPoolSaturationPct: z.number().positive().max(100),
    /**
     * Replaces the seeds' "CPU target 70%" autoscaling, which no provider can express:
     * a warning when a region's average CPU stays above this at its fixed replica count.
     */
    cpuScaleUpPct: z.number().positive().max(100).default(70),
  }),
  emailDigestTo: z.array(z.email()).min(1),
  /**
   * Service level objectives as Grafana SLOs (grafana_slo) on the metric contract, with
   * Grafana's generated multi-window burn-rate alerts; null declares none. Seeds: 99.95 % and
   * p95 < 120 ms (v17.2), 99.99 % and p95 < 100 ms (v18).
   */
  slo: z
    .strictObject({
      /** Share of requests answered without a 5xx, in percent. */
      availabilityPct: objectivePct(90),
      /** Latency threshold; a bucket bound of the request-duration histogram (policy/slo-guardrails.ts). */
      latencyMs: z.number().int().positive(),
      /**
       * Seeds' "error rate < 0.5 %": the largest share of requests answered with a 5xx, in
       * percent, as its own SLO (a looser, separately reported objective than availabilityPct).
       */
      errorRatePct: z.number().gt(0).lt(10).default(0.5),
      /** Share of requests faster than latencyMs, in percent: 95 for "p95 < latencyMs". */
      latencyTargetPct: objectivePct(50).default(95),
      /**
       * Rolling window of both objectives (Prometheus duration, whole days). "The minimum SLO
       * time window is 7 days" (grafana.com/docs/grafana-cloud/alerting-and-irm/slo/create/,
       * "Set the time window", read 2026-12-07); the provider checks only the duration's form.
       */
      window: z
        .string()
        .regex(/^\d{1,2}d$/, { message: "must be whole days such as 28d" })
        .refine((window) => Number.parseInt(window, 10) >= 7, {
          message: "must be at least 7d (Grafana's shortest SLO window), such as 28d",
        })
        .default("28d"),
    })
    .nullable()
    .default(null),
  /**
   * The seeds' operational objectives (v17.2/v18), each a panel on the environment dashboard
   * and an alert rule (dashboards/alert-rules.ts; docs/objectives.md). Defaults are the seeds'.
   */
  objectives: z
    .strictObject({
      /** Auto-heal redeploys the Worker made over those it attempted, in percent: "> 90 %". */
      autohealSuccessPct: z.number().gt(0).lt(100).default(90),
      /** Failover drills that succeeded over all failover drills, in percent: "> 95 %". */
      failoverSuccessPct: z.number().gt(0).lt(100).default(95),
      /** Recovery time the failover drill measures (MTTR), in seconds: "< 5 min". */
      mttrSeconds: z.number().int().min(1).max(3600).default(300),
      /** Window the success rates are counted over (Prometheus duration, whole days). */
      window: z
        .string()
        .regex(/^\d{1,2}d$/, { message: "must be whole days such as 30d" })
        .refine((window) => Number.parseInt(window, 10) >= 1, { message: "must be at least 1d, such as 30d" })
        .default("30d"),
    })
    .default({ autohealSuccessPct: 90, failoverSuccessPct: 95, mttrSeconds: 300, window: "30d" }),
  /** Page the alert annotations link to; each rule appends its own #anchor. */
  runbookUrl: httpsUrl("https://github.com/neuropilot/neuropilot-infra/blob/main/docs/observability.md").default(
    "https://github.com/neuropilot/neuropilot-infra/blob/main/docs/observability.md",
  ),
});

export const SentrySchema = z.strictObject({
  organization: sentrySlug,
  team: sentrySlug,
  backendProject: sentrySlug,
  frontendProject: sentrySlug,
  /** Name of the organization's existing GitHub integration, to link the repository; null = none. */
  githubIntegration: z.string().nullable(),
  /** Name of the organization's Slack integration (workspace) for alerts; null sends e-mail to issue owners. */
  slackWorkspace: z.string().min(1).nullable().default(null),
  alertChannel: slackChannel.default("#neuropilot-alerts"),
  /** Thresholds of Sentry's own metric monitors (production tier). */
  alerts: z
    .strictObject({
      /** Errors within the window that count as a spike. */
      errorSpikeCount: z.number().int().positive(),
      /** Sentry accepts only these windows (1 minute to 1 day). */
      errorSpikeWindowSeconds: z.literal([60, 300, 600, 900, 1800, 3600, 7200, 14400, 86400]),
      transactionP95Ms: milliseconds,
    })
    .default({ errorSpikeCount: 50, errorSpikeWindowSeconds: 300, transactionP95Ms: 1000 }),
  /**
   * Share (0-1) of errors the backend's Sentry SDK sends (its `sampleRate` option; Sentry's
   * default is 1). Nothing here sets it in the app: it states the rate the app is configured
   * with, so the error quota (policy/quotas/sentry.ts) is checked against it.
   */
  errorSampleRate: z.number().min(0).max(1).default(1),
  /**
   * Where the organization stores its data: us (Iowa) or de (Frankfurt, EU), fixed when the
   * organization is created (config/observability-regions.ts). de points the provider at
   * de.sentry.io; a strict cell outside this jurisdiction sends its backends no SENTRY_DSN.
   */
  dataRegion: z.enum(SENTRY_DATA_REGION_IDS).default("us"),
});

/**
 * Where the infra repository stands: every environment that holds a production-capable key is
 * gated by required reviewers, which GitHub offers in public repositories on every plan but in
 * private or internal ones only on GitHub Enterprise ("Managing environments for deployment":
 * on Free, Pro and Team, "other deployment protection rules, such as wait timers or required
 * reviewers, are only available for public repositories"; on Free, a private repository has no
 * environments and no rulesets at all; internal visibility exists only on Enterprise).
 */
/** A DNS label's longest (RFC 1035 §2.3.4). */
const DNS_LABEL_MAX = 63;

export const GITHUB_VISIBILITIES = ["public", "private", "internal"] as const;
export const GITHUB_PLANS = ["free", "pro", "team", "enterprise"] as const;

export const GitHubSchema = z
  .strictObject({
    owner: githubLogin,
    repo: githubRepoName,
    /** The infra repository's visibility (Settings → General → Danger Zone). */
    visibility: z.enum(GITHUB_VISIBILITIES, {
      error: (issue) =>
        issue.input === undefined
          ? `required since required reviewers depend on it: the infra repository's visibility, one of ${GITHUB_VISIBILITIES.join(", ")} (docs/pipeline.md, Bootstrapping)`
          : `must be one of ${GITHUB_VISIBILITIES.join(", ")}`,
    }),
    /** The GitHub plan of the account that owns it (Free, Pro, Team or Enterprise Cloud). */
    plan: z.enum(GITHUB_PLANS, {
      error: (issue) =>
        issue.input === undefined
          ? `required since required reviewers depend on it: the GitHub plan of the repository's owner, one of ${GITHUB_PLANS.join(", ")} (docs/pipeline.md, Bootstrapping)`
          : `must be one of ${GITHUB_PLANS.join(", ")}`,
    }),
    productionReviewers: z.array(githubLogin).default([]),
    /**
     * Numeric id of a GitHub App (repository permission "Commit statuses: write" only, installed
     * on the repository) that sets the trusted-plan status: the ruleset then requires the check
     * from that app, so a status posted by a pull request's own workflow (GitHub Actions) cannot
     * pass. Without it the check is required from GitHub Actions (docs/pipeline.md).
     */
    trustedPlanAppId: z
      .number()
      .int()
      .positive()
      // GitHub Actions' own id (constructs/github/workflow-contract.ts GITHUB_ACTIONS_APP_ID) would
      // let any workflow's status pass again.
      .refine((id) => id !== 15368, {
        message: "15368 is GitHub Actions itself: name the GitHub App you created for the trusted-plan status",
      })
      .optional(),
  })
  .superRefine((github, ctx) => {
    const problem = githubPlanProblem(github.visibility, github.plan);
    if (problem) ctx.addIssue({ code: "custom", path: ["visibility"], message: problem });
  });

/** Why the pipeline cannot run in this repository, or nothing (see GITHUB_VISIBILITIES). */
export function githubPlanProblem(
  visibility: (typeof GITHUB_VISIBILITIES)[number],
  plan: (typeof GITHUB_PLANS)[number],
): string | undefined {
  if (visibility === "public" || plan === "enterprise") return undefined;
  if (visibility === "internal")
    return 'internal repositories exist only on GitHub Enterprise: set plan: "enterprise" or the visibility the repository has';
  const lacks =
    plan === "free"
      ? "a private repository on GitHub Free has no environments, environment secrets or rulesets"
      : `a private repository on GitHub ${plan === "pro" ? "Pro" : "Team"} has environments but no required reviewers`;
  return `${lacks}, and every environment that holds a production-capable key needs the production reviewers: make the infra repository public (no secret lives in it) or move its organization to GitHub Enterprise Cloud`;
}

export const BudgetSchema = z.strictObject({
  warningUsd: positiveUsd,
  criticalUsd: positiveUsd,
  /** Required to set criticalUsd above the seeds' $40/month: why this environment may cost more. */
  reason: z.string().min(20, { message: "say in a sentence why the budget is raised" }).optional(),
});

/**
 * The auto-healing edge Worker (docs/operations.md): every run it probes each region's
 * Railway origin and redeploys a region that stays down, slow or erroring, within a
 * cooldown and an hourly cap. Every field but `enabled` has the seeds' value as default.
 */
export const AutohealSchema = z
  .strictObject({
    enabled: z.boolean(),
    /** Report only: probe, keep state and post to Slack, but never redeploy, purge or page. */
    dryRun: z.boolean().default(false),
    /** Seeds' ENABLE_AUTO_RESTART: false still probes, purges and pages, but never redeploys. */
    enableAutoRestart: z.boolean().default(true),
    /** Seeds' CHECK_INTERVAL: minutes between runs (the Worker's cron schedule). */
    checkIntervalMinutes: z.number().int().min(1).max(30).default(1),
    /** Health probes per region and run, sent at once. */
    probesPerRun: z.number().int().min(1).max(10).default(5),
    /** Runs whose probes form the latency and error-rate window; only a full window can trigger. */
    windowRuns: z.number().int().min(1).max(30).default(10),
    /**
     * The seeds' LATENCY_THRESHOLD_MS, for probes: the window's median probe latency above this
     * triggers a redeploy. Probes run from whichever Cloudflare location runs the cron, so this
     * must allow a cross-continent round trip; the app's own p95 is Grafana's latency alert.
     */
    latencyThresholdMs: z.number().int().positive().default(1000),
    /** Seeds' ERROR_RATE_THRESHOLD_PCT: failed probes in the window above this share purge the cache and redeploy. */
    errorRateThresholdPct: z.number().positive().max(100).default(5),
    /** Runs in a row in which every probe failed before a region counts as down and is redeployed. */
    consecutiveFailures: z.number().int().min(1).max(10).default(3),
    /** No second redeploy of a region, and no second purge, within this many minutes. */
    cooldownMinutes: z.number().int().min(1).max(1440).default(15),
    /** Redeploys per region in any rolling hour; at the cap the Worker pages instead. */
    maxRestartsPerHour: z.number().int().min(1).max(10).default(3),
    /** Cache purge on an error spike: the environment's own hosts (all plans), the whole zone, or none. */
    purgeOnErrorSpike: z.enum(["off", "hosts", "everything"]).default("hosts"),
    /** Railway token kind: a project token (Project-Access-Token header) or an account/workspace token (Bearer). */
    railwayTokenKind: z.enum(["project", "account"]).default("project"),
    /**
     * Telemetry pushed to Grafana Cloud on every run (availability, actions, live cost). The
     * push token and the Neon API key are sensitive variables, never config.
     */
    telemetry: z
      .strictObject({
        /** Grafana Cloud Influx write endpoint: https://influx-….grafana.net/api/v1/push/influx/write */
        pushUrl: httpsUrl("https://influx-prod-13-prod-us-east-0.grafana.net/api/v1/push/influx/write").refine(
          (u) => u.endsWith("/api/v1/push/influx/write"),
          {
            message: "must be the Influx write endpoint, ending in /api/v1/push/influx/write",
          },
        ),
        /** Grafana Cloud metrics instance id (the push's Basic-auth user; not a secret). */
        pushUser: z.string().regex(/^\d+$/, { message: "must be the numeric metrics instance id" }),
        /** Neon organization whose consumption API the Worker reads (org-…). */
        neonOrgId: z
          .string()
          .regex(/^org-[a-z0-9-]+$/, { message: "must be a Neon organization id such as org-quiet-snow-12345678" }),
        /** Deadline of each upstream call. */
        timeoutSeconds: z.number().int().min(1).max(25).default(10),
        /**
         * The seeds' daily cost digest, posted to the Worker's Slack channel on the first run at
         * or after this UTC hour, against `budget`; null turns it off.
         */
        dailySummaryHourUtc: z.number().int().min(0).max(23).nullable().default(8),
      })
      .optional(),
  })
  .superRefine((autoheal, ctx) => {
    if (autoheal.cooldownMinutes < autoheal.checkIntervalMinutes) {
      ctx.addIssue({
        code: "custom",
        path: ["cooldownMinutes"],
        message: `must be at least checkIntervalMinutes (${autoheal.checkIntervalMinutes}); a shorter cooldown never applies`,
      });
    }
  });

/** Policy rules (policy/) this environment does without, each with its reason; production may waive none. */
export const PolicySchema = z.strictObject({
  waive: z
    // Who may waive what is checked by policy/config-guardrails.ts.
    .array(z.strictObject({ rule: z.enum(POLICY_RULE_IDS), reason: z.string().min(20, { message: "say why" }) }))
    .default([]),
});

export const EnvironmentSchema = z
  .strictObject({
    name: z
      .string()
      .max(20, { message: "at most 20 characters (it is part of stack, script and service names)" })
      .regex(/^[a-z][a-z0-9-]*$/, { message: "must be kebab-case such as staging" }),
    tier: z.enum(["production", "staging"]),
    terraformCloudOrganization: terraformOrganization,
    healthCheck: HealthCheckSchema,
    /** Primary first; traffic fails over in this order. One cell; use `cells` for several. */
    regions: z
      .array(RegionSchema)
      .min(1, { message: "needs at least one region (the primary comes first)" })
      .max(RAILWAY_REGIONS.length, {
        message: `at most ${RAILWAY_REGIONS.length} regions: Railway has ${RAILWAY_REGIONS.length} (${RAILWAY_REGIONS.join(", ")}) and each may appear once`,
      })
      .optional(),
    /** Regional cells (config/cells.ts), primary cell first; instead of `regions`. */
    cells: z
      .array(
        CellSchema.extend({
          regions: z
            .array(RegionSchema)
            .min(1, { message: "a cell needs at least one region" })
            .max(RAILWAY_REGIONS.length, {
              message: `at most ${RAILWAY_REGIONS.length} regions: Railway has ${RAILWAY_REGIONS.length} (${RAILWAY_REGIONS.join(", ")}) and each may appear once`,
            }),
        }),
      )
      .min(1, { message: "needs at least one cell" })
      .optional(),
    cloudflare: CloudflareSchema,
    railway: RailwaySchema,
    neon: NeonSchema,
    grafana: GrafanaSchema,
    sentry: SentrySchema,
    github: GitHubSchema,
    /** Which platform choices the spend rests on (config/cost-profiles.ts); default resilient. */
    costProfile: z.enum(COST_PROFILES).default("resilient"),
    budget: BudgetSchema,
    policy: PolicySchema.prefault({}),
    autoheal: AutohealSchema.prefault({ enabled: false }),
  })
  .superRefine(checkCrossFieldRules)
  // Both views downstream: `cells` (a config without cells is one cell) and `regions`, every
  // cell's regions in order, so region-wise code (dashboards, auto-heal) is unchanged.
  .transform((env) => {
    const cells = resolveCells(env);
    return {
      ...env,
      cloudflare: { ...env.cloudflare, loadBalancer: resolveMonitorTiming(env.cloudflare) },
      cells,
      regions: cells.flatMap((c) => c.regions),
      neon: { ...env.neon, region: cells[0].neonRegion },
    };
  });

export type EnvironmentInput = z.input<typeof EnvironmentSchema>;
/** An environment written without cells: its `regions` are its one cell. */
export type SingleCellEnvironmentInput = EnvironmentInput & { regions: NonNullable<EnvironmentInput["regions"]> };
export type EnvironmentConfig = z.output<typeof EnvironmentSchema>;
export type RegionConfig = z.output<typeof RegionSchema>;
export type { CellConfig };

/**
 * Worst case before Cloudflare marks a dead origin down: it dies just after a healthy
 * probe, so the next probe comes one interval later, and that probe and each of its
 * retries (sent immediately, per Cloudflare's monitor docs) time out.
 */
/**
 * The load-balancer pools' health-check regions: config's, or the Cloudflare area of the
 * primary region (its first `cloudflareRegions` entry in config/regions.ts): one region is
 * what the base Load Balancing subscription includes; each further one is priced
 * (config/prices.ts extraCheckRegionMonthlyUsd).
 */
export function loadBalancerCheckRegions(env: {
  cloudflare: { loadBalancer: { checkRegions?: readonly string[] } };
  regions: ReadonlyArray<{ railwayRegion: string }>;
}): string[] {
  if (env.cloudflare.loadBalancer.checkRegions) return [...env.cloudflare.loadBalancer.checkRegions];
  const primary = env.regions[0] ? regionFacts(env.regions[0].railwayRegion) : undefined;
  return primary ? primary.cloudflareRegions.slice(0, 1) : [];
}

/** Config's monitor timing, each unset field taken from the plan's fastest monitor. */
export function resolveMonitorTiming<L extends MonitorTimingInput>(cf: {
  plan: CloudflarePlan;
  loadBalancer: L;
}): L & MonitorTiming {
  const fastest = CLOUDFLARE_PLAN_LIMITS[cf.plan].fastestMonitor;
  const lb = cf.loadBalancer;
  return {
    ...lb,
    monitorIntervalSeconds: lb.monitorIntervalSeconds ?? fastest.intervalSeconds,
    monitorRetries: lb.monitorRetries ?? fastest.retries,
    monitorTimeoutSeconds: lb.monitorTimeoutSeconds ?? fastest.timeoutSeconds,
  };
}

interface MonitorTiming {
  monitorIntervalSeconds: number;
  monitorRetries: number;
  monitorTimeoutSeconds: number;
}
type MonitorTimingInput = Partial<MonitorTiming>;

export function failoverDetectionSeconds(lb: MonitorTiming): number {
  return lb.monitorIntervalSeconds + (lb.monitorRetries + 1) * lb.monitorTimeoutSeconds;
}

function checkCrossFieldRules(env: EnvironmentShape, ctx: z.RefinementCtx): void {
  for (const issue of costProfileIssues(env)) ctx.addIssue({ code: "custom", ...issue });
  const zone = env.cloudflare.zoneName;
  if (env.cloudflare.hosts.api === env.cloudflare.hosts.frontend) {
    // One name cannot be both the load balancer (or the API record) and the frontend's CNAME.
    ctx.addIssue({
      code: "custom",
      path: ["cloudflare", "hosts", "frontend"],
      message: `is the same host as hosts.api (${env.cloudflare.hosts.api}); give the frontend its own name such as app.${zone}`,
    });
  }
  for (const [key, host] of Object.entries(env.cloudflare.hosts)) {
    if (host !== zone && !host.endsWith(`.${zone}`)) {
      ctx.addIssue({
        code: "custom",
        path: ["cloudflare", "hosts", key],
        message: `host ${host} is outside the zone ${zone}; use a name ending in .${zone}`,
      });
    }
  }

  if ((env.regions === undefined) === (env.cells === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: env.cells ? ["cells"] : ["regions"],
      message: "list either regions (one cell) or cells, not both and not neither",
    });
    return;
  }
  if (env.cells && env.neon.region !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["neon", "region"],
      message: "with cells, each cell names its Neon region (cells[].neonRegion); remove neon.region",
    });
  }
  if (env.regions && env.neon.region === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["neon", "region"],
      message: "needs the Neon project's region (or use cells)",
    });
  }
  const cells = resolveCells(env);
  for (const issue of cellIssues(cells, env.cells !== undefined)) ctx.addIssue({ code: "custom", ...issue });
  const regions = cells.flatMap((c) => c.regions);
  if (env.cells) checkCellRegionNames(env.cells, ctx);
  // Each region's Railway domain is <serviceName>-<region>-<environmentName>.up.railway.app
  // (constructs/railway/backend-service.ts): one DNS label, at most 63 characters.
  for (const region of regions) {
    const subdomain = `${env.railway.backend.serviceName}-${region.name}-${env.railway.environmentName}`;
    if (subdomain.length > DNS_LABEL_MAX) {
      ctx.addIssue({
        code: "custom",
        path: ["railway", "backend", "serviceName"],
        message: `region ${region.name}'s Railway domain ${subdomain} (<serviceName>-<region>-<environmentName>) has ${subdomain.length} characters, over a DNS label's ${DNS_LABEL_MAX}: shorten serviceName, the region's name or railway.environmentName`,
      });
    }
  }
  if (cells.length > 1 && !env.cloudflare.loadBalancer.trafficSteering) {
    ctx.addIssue({
      code: "custom",
      path: ["cloudflare", "loadBalancer", "trafficSteering"],
      message: `${cells.length} cells are steered by geography (steering_policy "geo"), a paid Load Balancing traffic-steering add-on (developers.cloudflare.com/load-balancing/understand-basics/traffic-steering/steering-policies/); subscribe and set trafficSteering: true, or use one cell`,
    });
  }
  const strictJurisdictions = [...new Set(cells.filter((c) => c.residency === "strict").map((c) => c.jurisdiction))];
  // Two strict jurisdictions imply two cells.
  if (strictJurisdictions.length > 1 && !env.cloudflare.loadBalancer.holdingOrigin) {
    ctx.addIssue({
      code: "custom",
      path: ["cloudflare", "loadBalancer", "holdingOrigin"],
      message: `strict cells in ${strictJurisdictions.join(", ")} cannot share one fallback_pool inside all their jurisdictions; set holdingOrigin to a host serving a static unavailable page that keeps no data, or make all but one jurisdiction residency none`,
    });
  }
  if (strictJurisdictions.length > 0 && !grafanaJurisdiction(grafanaRegionOf(env.grafana.prometheusUrl))) {
    ctx.addIssue({
      code: "custom",
      path: ["grafana", "prometheusUrl"],
      message: `strict cells need the Grafana Cloud stack's region, read from this URL's host (<service>-prod-<us|eu|ap>-<area>-<n>.grafana.net); copy the stack's Prometheus URL from the Grafana Cloud portal (config/observability-regions.ts)`,
    });
  }
  // Stryker disable next-line ArrayDeclaration: pops defaults to [] and a pops that is not a list stops the refinement, so the fallback is never read
  if (env.cells && env.cells.some((c) => (c.pops ?? []).length > 0) && env.cloudflare.plan !== "enterprise") {
    ctx.addIssue({
      code: "custom",
      path: ["cells"],
      message: `pops (pop_pools) need Cloudflare Enterprise (developers.cloudflare.com/load-balancing/understand-basics/traffic-steering/steering-policies/geo-steering/); the plan is ${env.cloudflare.plan}; remove pops`,
    });
  }

  // One problem per repeated value, at the field of its first repeat, listing the others.
  for (const key of ["name", "railwayRegion"] as const) {
    if (!env.regions) break;
    const indices = new Map<string, number[]>();
    env.regions.forEach((region, index) => indices.set(region[key], [...(indices.get(region[key]) ?? []), index]));
    for (const [value, at] of indices) {
      if (at.length < 2) continue;
      const others = at.slice(2).map((i) => `regions[${i}]`);
      ctx.addIssue({
        code: "custom",
        path: ["regions", at[1], key],
        message:
          `${key} ${value} is already regions[${at[0]}].${key}` +
          (others.length > 0 ? ` (and repeated in ${others.join(", ")})` : "") +
          "; each region may appear once",
      });
    }
  }

  if (env.railway.customApiDomain && regions.length > 1) {
    ctx.addIssue({
      code: "custom",
      path: ["railway", "customApiDomain"],
      message: `needs exactly one region (found ${regions.length}): with several, the load balancer serves ${env.cloudflare.hosts.api}; set it to false`,
    });
  }

  if (env.budget.warningUsd >= env.budget.criticalUsd) {
    ctx.addIssue({
      code: "custom",
      path: ["budget", "warningUsd"],
      message: `warning budget ($${env.budget.warningUsd}) must be below the critical budget ($${env.budget.criticalUsd})`,
    });
  }

  for (const issue of neonComputeIssues(env.neon.plan, env.neon.compute)) {
    ctx.addIssue({ code: "custom", path: ["neon", "compute", issue.key], message: issue.message });
  }
  const suspendIssue = neonSuspendIssue(env.neon.plan, env.neon.compute.suspendTimeoutSeconds);
  if (suspendIssue)
    ctx.addIssue({ code: "custom", path: ["neon", "compute", "suspendTimeoutSeconds"], message: suspendIssue });

  for (const [key, value] of Object.entries(env.railway.variables)) {
    const secret = SECRET_PATTERNS.find(({ pattern }) => new RegExp(pattern.source).test(value));
    if (secret) {
      ctx.addIssue({
        code: "custom",
        path: ["railway", "variables", key],
        message: `looks like a ${secret.kind} credential; secrets never live in config: pass it as a sensitive variable (secrets/README.md), keep only plain values such as LOG_LEVEL: "info"`,
      });
    }
    if ((RESERVED_RAILWAY_VARIABLES as readonly string[]).includes(key)) {
      ctx.addIssue({
        code: "custom",
        path: ["railway", "variables", key],
        message: `${key} is set by the stack itself (${RESERVED_RAILWAY_VARIABLES.join(", ")}); rename or remove it`,
      });
    }
  }
  const retentionLimit = NEON_RETENTION_LIMIT_SECONDS[env.neon.plan];
  if (env.neon.historyRetentionSeconds > retentionLimit) {
    ctx.addIssue({
      code: "custom",
      path: ["neon", "historyRetentionSeconds"],
      message: `${env.neon.historyRetentionSeconds}s exceeds the Neon ${env.neon.plan} plan limit of ${retentionLimit}s`,
    });
  }

  if (env.grafana.alerts.errorRateWarningPct >= env.grafana.alerts.errorRateCriticalPct) {
    ctx.addIssue({
      code: "custom",
      path: ["grafana", "alerts", "errorRateWarningPct"],
      message: "the warning error rate must be below the critical error rate",
    });
  }

  checkEdgeAgainstPlan({ ...env, regions }, ctx);
}

/** Region names are unique across all cells (they name services, pools and config files). */
function checkCellRegionNames(cells: ReadonlyArray<{ regions: RegionConfig[] }>, ctx: z.RefinementCtx): void {
  const seen = new Map<string, string>();
  cells.forEach((cell, ci) =>
    cell.regions.forEach((region, ri) => {
      const first = seen.get(region.name);
      if (first) {
        ctx.addIssue({
          code: "custom",
          path: ["cells", ci, "regions", ri, "name"],
          message: `name ${region.name} is already ${first}; each region may appear once`,
        });
      } else seen.set(region.name, `cells[${ci}].regions[${ri}].name`);
    }),
  );
}

type EnvironmentShape = {
  costProfile: (typeof COST_PROFILES)[number];
  regions?: RegionConfig[];
  cells?: Array<z.output<typeof CellSchema>>;
  railway: z.output<typeof RailwaySchema>;
  cloudflare: z.output<typeof CloudflareSchema>;
  neon: z.output<typeof NeonSchema>;
  grafana: z.output<typeof GrafanaSchema>;
  budget: z.output<typeof BudgetSchema>;
};

function checkEdgeAgainstPlan(env: EnvironmentShape & { regions: RegionConfig[] }, ctx: z.RefinementCtx): void {
  const cf = env.cloudflare;
  const limits = CLOUDFLARE_PLAN_LIMITS[cf.plan];
  if (cf.rateLimit.enabled) {
    const rules: Array<["login" | "api", z.output<typeof RateLimitRuleSchema>]> = [["login", cf.rateLimit.login]];
    if (cf.rateLimit.api) rules.push(["api", cf.rateLimit.api]);
    if (rules.length > limits.rateLimitRules) {
      ctx.addIssue({
        code: "custom",
        path: ["cloudflare", "rateLimit", "api"],
        message: `the ${cf.plan} plan allows ${limits.rateLimitRules} rate-limiting rule(s); set api to null or raise the plan`,
      });
    }
    for (const [name, rule] of rules) {
      if (!limits.rateLimitPeriods.includes(rule.periodSeconds)) {
        ctx.addIssue({
          code: "custom",
          path: ["cloudflare", "rateLimit", name, "periodSeconds"],
          message: `the ${cf.plan} plan allows periods of ${limits.rateLimitPeriods.join(", ")} seconds`,
        });
      }
      if (!limits.mitigationTimeouts.includes(rule.mitigationTimeoutSeconds)) {
        ctx.addIssue({
          code: "custom",
          path: ["cloudflare", "rateLimit", name, "mitigationTimeoutSeconds"],
          message: `the ${cf.plan} plan allows mitigation timeouts of ${limits.mitigationTimeouts.join(", ")} seconds`,
        });
      }
    }
  }

  if (cf.cache.edgeTtlSeconds < limits.minEdgeTtlSeconds) {
    ctx.addIssue({
      code: "custom",
      path: ["cloudflare", "cache", "edgeTtlSeconds"],
      message: `the ${cf.plan} plan's minimum edge cache TTL is ${limits.minEdgeTtlSeconds}s`,
    });
  }

  const allowedChecks: readonly string[] = limits.loadBalancerCheckRegions;
  (cf.loadBalancer.checkRegions ?? []).forEach((region, index, all) => {
    if (!allowedChecks.includes(region)) {
      ctx.addIssue({
        code: "custom",
        path: ["cloudflare", "loadBalancer", "checkRegions", index],
        message: `${region} is not a health-check region the ${cf.plan} plan allows; one of ${allowedChecks.join(", ")}`,
      });
    } else if (all.indexOf(region) !== index) {
      ctx.addIssue({
        code: "custom",
        path: ["cloudflare", "loadBalancer", "checkRegions", index],
        message: `${region} is listed twice; list each region once`,
      });
    }
  });

  if (cf.argoSmartRouting) {
    if (!limits.argoSmartRouting) {
      ctx.addIssue({
        code: "custom",
        path: ["cloudflare", "argoSmartRouting"],
        message: `the ${cf.plan} plan cannot enable Argo Smart Routing; set it to null or raise the plan`,
      });
    } else if (!cf.managesZone) {
      ctx.addIssue({
        code: "custom",
        path: ["cloudflare", "argoSmartRouting"],
        message: `Argo Smart Routing is a setting of the whole ${cf.plan}-plan zone ${cf.zoneName}; set it on the environment with managesZone: true, or null here`,
      });
    }
  }

  if (env.regions.length > 1) {
    const lb = resolveMonitorTiming(cf);
    if (loadBalancerCheckRegions(env).length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["cloudflare", "loadBalancer", "checkRegions"],
        message: `the primary region has no Cloudflare area in config/regions.ts; list the health-check regions, one of ${allowedChecks.join(", ")}`,
      });
    }
    if (lb.monitorIntervalSeconds < limits.minMonitorIntervalSeconds) {
      ctx.addIssue({
        code: "custom",
        path: ["cloudflare", "loadBalancer", "monitorIntervalSeconds"],
        message: `the ${cf.plan} plan's load-balancing monitors run at most every ${limits.minMonitorIntervalSeconds}s`,
      });
    }
    const detection = failoverDetectionSeconds(lb);
    if (detection > lb.failoverTargetSeconds) {
      ctx.addIssue({
        code: "custom",
        path: ["cloudflare", "loadBalancer"],
        message:
          `worst-case failover detection is ${detection}s (interval ${lb.monitorIntervalSeconds}s + ` +
          `${lb.monitorRetries + 1} probes × ${lb.monitorTimeoutSeconds}s timeout), above the ` +
          `${lb.failoverTargetSeconds}s target; lower monitorIntervalSeconds or monitorRetries`,
      });
    }
  }
}
