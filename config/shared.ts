// Values every environment shares. Environment files spread these and override
// what differs; each environment file is validated as a whole.
import type { EnvironmentInput } from "./schema";

export const ZONE = "neuropilot.ai";

export const sharedCloudflare = {
  // Ids are not secrets: they name the account and the existing zone.
  accountId: "5f0c6a7d2e8b4c1a9d3e7f6a1b2c3d4e",
  zoneId: "8a1b2c3d4e5f60718293a4b5c6d7e8f9",
  zoneName: ZONE,
  plan: "pro",
  frontendTarget: "cname.vercel-dns.com",
  // Proxied against Vercel's advice, on purpose: the zone's WAF, rate limiting, HSTS and the
  // static-asset cache rule then cover the frontend too (README "Edge: Cloudflare").
  frontendProxied: true,
  tls: {
    minVersion: "1.2",
    hsts: { maxAgeSeconds: 31_536_000, includeSubdomains: true, preload: false },
  },
  waf: { enabled: true },
  // Zone-wide: written by the environment that manages the zone, covering every host in it.
  rateLimit: {
    enabled: true,
    loginPath: "/api/auth/login",
    login: { requestsPerPeriod: 5, periodSeconds: 60, mitigationTimeoutSeconds: 3600 },
    api: { requestsPerPeriod: 300, periodSeconds: 60, mitigationTimeoutSeconds: 60 },
  },
  cache: {
    staticExtensions: ["js", "css", "png", "jpg", "jpeg", "svg", "webp", "ico", "woff2"],
    edgeTtlSeconds: 86_400,
    browserTtlSeconds: 14_400,
  },
} satisfies Partial<EnvironmentInput["cloudflare"]>;

export const sharedNeon = {
  projectName: "neuropilot",
  plan: "launch",
  region: "aws-us-east-2",
  pgVersion: 16,
  // Point-in-time restore window: the seeds' "backup configuration" (7 days).
  historyRetentionSeconds: 604_800,
  databaseName: "neuropilot",
  roleName: "neuropilot_app",
} satisfies Partial<EnvironmentInput["neon"]>;

export const sharedPlatform = {
  terraformCloudOrganization: "neuropilot",
  healthCheck: { path: "/health", timeoutSeconds: 10, expectedStatus: 200 },
  sentry: {
    organization: "neuropilot",
    team: "platform",
    backendProject: "neuropilot-backend",
    frontendProject: "neuropilot-frontend",
    githubIntegration: "neuropilot",
    slackWorkspace: "NeuroPilot",
    alertChannel: "#neuropilot-alerts",
    alerts: { errorSpikeCount: 50, errorSpikeWindowSeconds: 300, transactionP95Ms: 1000 },
  },
  // A public repository: required reviewers gate production on the Team plan (config/schema.ts
  // GitHubSchema); nothing secret is committed here. A private one needs GitHub Enterprise.
  github: {
    owner: "neuropilot",
    repo: "neuropilot-infra",
    visibility: "public",
    plan: "team",
    productionReviewers: ["neuropilot-lead"],
  },
  // Seeds v17.2: warn at $20/month, critical at $40/month.
  budget: { warningUsd: 20, criticalUsd: 40 },
} satisfies Partial<EnvironmentInput>;

export const backendSource = {
  serviceName: "neuropilot-backend",
  repo: "neuropilot/neuropilot-backend",
  configDir: "railway",
};

/** Health-monitor retries and timeout; the interval is the plan's floor (config/cloudflare-plans.ts fastestMonitor). */
export const monitorTiming = { monitorRetries: 1, monitorTimeoutSeconds: 5 };

/** The Grafana Cloud stack every environment reports to. */
export const sharedGrafanaStack = {
  url: "https://neuropilot.grafana.net",
  prometheusUrl: "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom",
  prometheusUser: "1234567",
  emailDigestTo: ["ops@neuropilot.ai"],
};
