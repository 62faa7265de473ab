// The seed platform, as it runs before adoption: one source of truth for the adoption tests
// (test/support/fake-account.ts re-exports this) and the rehearsal's adoption step, which
// seeds the simulated account from what adoption finds here (offline-provider/simulator/seed.ts). Loopback fakes of the six
// services' APIs holding a live account that already runs the seed platform: the zone with its records, entry-point rulesets, load balancer and Worker; the
// Railway projects with services, domains and variables; the Neon project with its branches,
// roles and replicas; Grafana's folder, data source, dashboards, contact points, rule groups
// and policy; Sentry's team, projects, keys, alerts, monitors and repositories; the GitHub
// repository's environments, policies, ruleset, labels and secrets. Response shapes follow
// each API's documentation (cited in adopt/<service>.ts); lists are split over pages the way
// each API paginates. Secret-shaped values (DSNs, connection strings, webhook URLs, keys) are
// planted where the real APIs return them, for the planted-secret tests.
//
// `fail(service, failure)` makes one service answer every request with a failure mode.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type ServiceName = "cloudflare" | "neon" | "railway" | "grafana" | "sentry" | "github";
export type Failure = "401" | "403" | "404" | "429-once" | "429-always" | "malformed" | "500" | "graphql-denied";

export const ZONE = "8a1b2c3d4e5f60718293a4b5c6d7e8f9";
export const ACCOUNT = "5f0c6a7d2e8b4c1a9d3e7f6a1b2c3d4e";
/** The Railway workspace holding every fake project. */
export const RAILWAY_WORKSPACE = "9e1d2c3b-4a59-4687-9a1b-2c3d4e5f6a7b";

// Built at run time, so that no literal in the repository looks like a credential to a
// secret scanner (the same reason test/secrets/ builds its samples).
const run = (chars: string, n: number): string => chars.repeat(Math.ceil(n / chars.length)).slice(0, n);
const join = (...parts: string[]): string => parts.join("");

/** Credentials handed to adopt, each itself a planted secret in its real format. */
export const TOKENS: Record<ServiceName, string> = {
  cloudflare: join("cfut", "_", run("Pl4ntedCf", 40)),
  neon: join("napi", "_", run("pl4ntedneon", 48)),
  railway: join("rw-pl4nted-", run("0b1c2d3e", 32)),
  grafana: join("glsa", "_", run("Pl4ntedGr", 32), "_", run("a1b2c3d4", 8)),
  sentry: join("sntrys", "_", run("Pl4ntedSntry", 48)),
  github: join("ghp", "_", run("Pl4ntedGh", 36)),
};

/** Secret values the fake account returns in its responses; none may leave adopt. */
export const PLANTED = {
  databaseUrl: join(
    "postgresql://neuropilot_app:",
    "npg",
    "_",
    run("Pl4ntedPw", 24),
    "@ep-cool-darkness-123456.us-east-2.aws.neon.tech/neuropilot?sslmode=require",
  ),
  rolePassword: join("npg", "_", run("Pl4ntedRole", 20)),
  sentryDsn: join("https://", run("0123456789abcdef", 32), "@o123456.ingest.us.sentry.io/4501234567890123"),
  sentrySecret: run("fedcba9876543210", 32),
  slackWebhook: join("https://hooks.slack.com/", "services/T0PL4NTED/B0PL4NTED/", run("pl4ntedHook", 24)),
  pagerdutyKey: run("R0PL4NTEDPD", 32),
  prometheusPassword: join("glc", "_", run("Pl4ntedProm", 40)),
};

const hex = (seed: string): string => {
  let h = 0;
  for (const c of seed) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return (h.toString(16).padStart(8, "0") + "0".repeat(24)).slice(0, 32);
};
const uuid = (seed: string): string => {
  const h = hex(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

type Reply = { status: number; body: unknown; headers?: Record<string, string> };
type Handler = (url: URL, body: unknown) => Reply;
const json = (body: unknown, headers?: Record<string, string>): Reply => ({ status: 200, body, headers });
const missing = (body: unknown = { detail: "Not found" }): Reply => ({ status: 404, body });

/** Splits a list into pages of `size`: the page at `index`, and whether more follow. */
function pageOf<T>(items: T[], index: number, size: number): { items: T[]; more: boolean } {
  return { items: items.slice(index * size, (index + 1) * size), more: (index + 1) * size < items.length };
}

// ---- Cloudflare API v4: envelopes with result_info pages --------------------------------
const PHASES: Record<string, string> = {
  http_request_firewall_custom: hex("waf-custom"),
  http_ratelimit: hex("ratelimit"),
  http_request_firewall_managed: hex("waf-managed"),
  // No cache rules yet: the seed's hand-made scripts never set them (http_request_cache_settings).
};
const DNS = [
  { name: "neuropilot.ai", type: "A" },
  { name: "www.neuropilot.ai", type: "CNAME" },
  { name: "api-staging.neuropilot.ai", type: "CNAME" },
  { name: "inventory-staging.neuropilot.ai", type: "CNAME" },
  { name: "inventory.neuropilot.ai", type: "CNAME" },
  { name: "inventory.neuropilot.ai", type: "TXT" },
].map((r) => ({ ...r, id: hex(`dns ${r.type} ${r.name}`), proxied: true, ttl: 1 }));

function cloudflare(url: URL): Reply {
  const path = url.pathname.replace(/^\/client\/v4/, "");
  const page = Number(url.searchParams.get("page") ?? "1");
  // The documented envelopes (npm cloudflare 7.3.0 core/pagination.d.ts): a paged list
  // (V4PagePaginationArray) answers result_info { page, per_page } and no page count; a
  // single-page list (SinglePage) answers everything at once.
  const ok = (result: unknown) => json({ success: true, errors: [], messages: [], result });
  const paged = (items: unknown[]) => {
    const perPage = Number(url.searchParams.get("per_page") ?? "20");
    const { items: slice } = pageOf(items, page - 1, perPage);
    return json({ success: true, errors: [], messages: [], result: slice, result_info: { page, per_page: perPage } });
  };
  const list = (items: unknown[]) => ok(items);
  const none = missing({ success: false, errors: [{ code: 7003, message: "Could not route" }] });
  if (path === `/zones/${ZONE}`) return ok({ id: ZONE, name: "neuropilot.ai", status: "active" });
  if (path === `/accounts/${ACCOUNT}`) return ok({ id: ACCOUNT, name: "NeuroPilot" });
  const entry = new RegExp(`^/zones/${ZONE}/rulesets/phases/([a-z_]+)/entrypoint$`).exec(path);
  // Entry points made in the dashboard are named "default" (the stacks name theirs otherwise).
  if (entry)
    return PHASES[entry[1]]
      ? ok({ id: PHASES[entry[1]], name: "default", kind: "zone", phase: entry[1], rules: [] })
      : none;
  if (path === `/zones/${ZONE}/dns_records`) {
    const name = url.searchParams.get("name.exact");
    const type = url.searchParams.get("type");
    return paged(DNS.filter((r) => (!name || r.name === name) && (!type || r.type === type)));
  }
  if (path === `/zones/${ZONE}/load_balancers`) return list([{ id: hex("lb"), name: "api.neuropilot.ai" }]);
  if (path === `/accounts/${ACCOUNT}/load_balancers/pools`)
    return list([
      { id: hex("pool east"), name: "api-neuropilot-ai-us-east" },
      { id: hex("pool west"), name: "api-neuropilot-ai-us-west" },
      { id: hex("pool old"), name: "api-neuropilot-ai-legacy" },
    ]);
  if (path === `/accounts/${ACCOUNT}/load_balancers/monitors`)
    return list([{ id: hex("monitor"), description: "api.neuropilot.ai /health", type: "https" }]);
  if (path === `/accounts/${ACCOUNT}/workers/scripts`) return list([{ id: "neuropilot-production-autoheal" }]);
  if (path === `/accounts/${ACCOUNT}/storage/kv/namespaces`)
    return paged([{ id: hex("kv"), title: "neuropilot-production-autoheal-state" }]);
  return none;
}

// ---- Neon API v2: { projects, pagination: { cursor } } ------------------------------------
const NEON_PROJECT = "shiny-cell-31746257";
const NEON_MAIN = "br-wispy-meadow-a5kz0b1c";
const NEON_STAGING = "br-staging-a5q8r2d4";
const NEON_PROJECTS = [
  { id: "old-sound-10101010", name: "neuropilot-experiments" },
  { id: NEON_PROJECT, name: "neuropilot", region_id: "aws-us-east-2", pg_version: 15 },
  { id: "quiet-field-20202020", name: "scratch" },
];

/**
 * The fake project's values kislerdm/neon 0.15.0 reads back into neon_project's
 * replace-forcing attributes: the project's region and version, the default branch's name,
 * its oldest database and that database's owner (resource_project.go:1008-1052, 469-491).
 */
export const LIVE_NEON_PROJECT = {
  region_id: "aws-us-east-2",
  pg_version: 15,
  "branch.name": "main",
  "branch.database_name": "neuropilot",
  "branch.role_name": "neondb_owner",
} as const;
/**
 * What the seed platform's objects hold beyond their import ids and the values discovery
 * records, where a stack refers to it: the Neon project's default branch is the console's
 * `main` (the stacks' roles and replicas point at `default_branch_id`).
 */
export function seedPlatformFacts(type: string, id: string): Record<string, unknown> {
  if (type === "neon_project" && id === NEON_PROJECT) return { default_branch_id: NEON_MAIN };
  // A Railway project's default environment is the one it was made with.
  const project = RAILWAY_PROJECTS.find((p) => p.id === id);
  if (type === "railway_project" && project) return { default_environment: project.environments[0] };
  // `service_id:environment_name:…`: the importer resolves the environment's id by its name.
  const [serviceId, environmentName] = id.split(":");
  const owner = RAILWAY_PROJECTS.find((p) => p.services.some((s) => s.id === serviceId));
  const environment = owner?.environments.find((e) => e.name === environmentName);
  if (type.startsWith("railway_") && environment) return { environment_id: environment.id };
  return {};
}

/** The Sentry organization's integrations (GET /organizations/neuropilot/integrations/). */
const SENTRY_INTEGRATIONS = [
  { id: "77", name: "neuropilot", provider: { key: "github", name: "GitHub" }, status: "active" },
  { id: "78", name: "neuropilot", provider: { key: "slack", name: "Slack" }, status: "active" },
];

/**
 * What the stacks' data sources find in the seed platform, in the data sources' attributes
 * (type → objects): the Sentry integrations the repositories and alert actions refer to.
 */
export function seedPlatformData(): Record<string, Record<string, unknown>[]> {
  return {
    sentry_organization_integration: SENTRY_INTEGRATIONS.map((i) => ({
      id: i.id,
      internal_id: i.id,
      name: i.name,
      organization: "neuropilot",
      provider_key: i.provider.key,
    })),
  };
}

/** The name of every entry-point ruleset of the fake zone (made in the dashboard). */
export const LIVE_RULESET_NAME = "default";

function neon(url: URL): Reply {
  const path = url.pathname.replace(/^\/api\/v2/, "");
  if (path === "/projects") {
    // Cursor pagination: the cursor is the last project's id; limit defaults to 10.
    const limit = Math.min(Number(url.searchParams.get("limit") ?? "10"), 1);
    const cursor = url.searchParams.get("cursor");
    const start = cursor ? NEON_PROJECTS.findIndex((p) => p.id === cursor) + 1 : 0;
    const items = NEON_PROJECTS.slice(start, start + limit);
    return json({ projects: items, pagination: { cursor: items.at(-1)?.id ?? cursor } });
  }
  const base = `/projects/${NEON_PROJECT}`;
  if (!path.startsWith(base)) return missing({ code: "", message: "project not found" });
  if (path === `${base}/branches`)
    return json({
      branches: [
        { id: NEON_MAIN, project_id: NEON_PROJECT, name: "main", default: true, primary: true },
        { id: NEON_STAGING, project_id: NEON_PROJECT, name: "staging", default: false, parent_id: NEON_MAIN },
        { id: "br-preview-a5zz9y8x", project_id: NEON_PROJECT, name: "preview-42", default: false },
      ],
    });
  if (path === `${base}/endpoints`)
    return json({
      endpoints: [
        { id: "ep-main-rw-123456", branch_id: NEON_MAIN, type: "read_write", created_at: "2025-01-01T00:00:00Z" },
        { id: "ep-main-ro-234567", branch_id: NEON_MAIN, type: "read_only", created_at: "2025-02-01T00:00:00Z" },
        { id: "ep-staging-rw-345678", branch_id: NEON_STAGING, type: "read_write", created_at: "2025-03-01T00:00:00Z" },
      ],
    });
  const roles: Record<string, string[]> = {
    [NEON_MAIN]: ["neondb_owner", "neuropilot_app"],
    [NEON_STAGING]: ["neondb_owner", "neuropilot_app_staging"],
  };
  const role = new RegExp(`^${base}/branches/([a-z0-9-]+)/(roles|databases)$`).exec(path);
  if (role?.[2] === "roles" && roles[role[1]])
    return json({
      roles: roles[role[1]].map((name) => ({ branch_id: role[1], name, password: PLANTED.rolePassword })),
    });
  if (role?.[2] === "databases" && roles[role[1]])
    // The console's project: the oldest database's owner is neondb_owner (what kislerdm/neon
    // reads back as branch.role_name), not the <roleName>_owner the config would create.
    return json({
      databases: [
        {
          id: 2,
          branch_id: role[1],
          name: "analytics",
          owner_name: "neuropilot_app",
          created_at: "2025-06-01T00:00:00Z",
        },
        {
          id: 1,
          branch_id: role[1],
          name: "neuropilot",
          owner_name: "neondb_owner",
          created_at: "2025-01-01T00:00:00Z",
        },
      ],
    });
  return missing({ code: "", message: "not found" });
}

// ---- Railway public GraphQL API ------------------------------------------------------------
const VARIABLES = [
  "APP_ENV",
  "DATABASE_READ_URL",
  "DATABASE_URL",
  "HEALTH_CHECK_PATH",
  "LOG_LEVEL",
  "NODE_ENV",
  "SENTRY_DSN",
  "SENTRY_ENVIRONMENT",
  "SENTRY_RELEASE",
];
const RAILWAY_PROJECTS = [
  { name: "neuropilot-staging", env: "staging", services: ["neuropilot-backend-us-east"] },
  {
    name: "neuropilot-production",
    env: "production",
    // The hand-made scripts' old worker, retired from the seed: exists, declared nowhere.
    services: ["neuropilot-backend-us-east", "neuropilot-backend-us-west", "neuropilot-worker-legacy"],
  },
  { name: "neuropilot-sandbox", env: "production", services: ["playground"] },
].map((p) => ({
  id: uuid(`project ${p.name}`),
  name: p.name,
  environments: [
    { id: uuid(`env ${p.name} ${p.env}`), name: p.env },
    { id: uuid(`env ${p.name} pr-7`), name: "pr-7" },
  ],
  services: p.services.map((s) => ({ id: uuid(`service ${p.name} ${s}`), name: s })),
}));

function railway(_url: URL, body: unknown): Reply {
  const { query, variables } = (body ?? {}) as { query?: string; variables?: Record<string, unknown> };
  const edges = <T>(items: T[]) => ({ edges: items.map((node) => ({ node })) });
  if (query?.includes("projects(")) {
    // Every project is in RAILWAY_WORKSPACE: another workspaceId lists none.
    const workspace = variables?.workspaceId;
    const all = typeof workspace === "string" && workspace !== RAILWAY_WORKSPACE ? [] : RAILWAY_PROJECTS;
    // Relay pagination, one project per page.
    const after = typeof variables?.after === "string" ? Number(variables.after) : -1;
    const { items, more } = pageOf(all, after + 1, 1);
    return json({
      data: {
        projects: {
          edges: items.map((p) => ({
            node: { ...p, environments: edges(p.environments), services: edges(p.services) },
          })),
          pageInfo: { hasNextPage: more, endCursor: String(after + 1) },
        },
      },
    });
  }
  const project = RAILWAY_PROJECTS.find((p) => p.id === variables?.projectId);
  const service = project?.services.find((s) => s.id === variables?.serviceId);
  const environment = project?.environments.find((e) => e.id === variables?.environmentId);
  if (!project || !service || !environment)
    return json({ data: null, errors: [{ message: "Project not found", path: ["domains"] }] });
  const region = service.name.replace("neuropilot-backend-", "");
  if (query?.includes("domains(")) {
    const suffix = "up.railway.app";
    const sub = `neuropilot-backend-${region}-${environment.name}`;
    return json({
      data: {
        domains: {
          serviceDomains: [{ id: uuid(`sd ${service.id}`), domain: `${sub}.${suffix}`, suffix }],
          customDomains:
            project.name === "neuropilot-staging" ? [{ id: uuid("cd"), domain: "api-staging.neuropilot.ai" }] : [],
        },
      },
    });
  }
  if (query?.includes("variables(")) {
    const values: Record<string, string> = Object.fromEntries(VARIABLES.map((name) => [name, "x"]));
    values.DATABASE_URL = PLANTED.databaseUrl;
    values.DATABASE_READ_URL = PLANTED.databaseUrl;
    values.SENTRY_DSN = PLANTED.sentryDsn;
    values.RAILWAY_PRIVATE_DOMAIN = `${service.name}.railway.internal`;
    return json({ data: { variables: values } });
  }
  return json({ data: null, errors: [{ message: "Cannot query field" }] });
}

// ---- Grafana HTTP API ----------------------------------------------------------------------
const RULE_GROUPS = ["staging-capacity", "staging-service", "production-capacity", "production-service"].map(
  (g) => `neuropilot-${g}`,
);

function grafana(url: URL): Reply {
  const path = decodeURIComponent(url.pathname);
  const notFound = missing({ message: "not found" });
  if (path === "/api/org") return json({ id: 1, name: "NeuroPilot" });
  if (path === "/api/folders/neuropilot") return json({ id: 7, uid: "neuropilot", title: "NeuroPilot" });
  if (path === "/api/datasources/uid/neuropilot-prometheus")
    return json({
      id: 3,
      uid: "neuropilot-prometheus",
      name: "NeuroPilot Prometheus",
      type: "prometheus",
      basicAuth: true,
      // Grafana never returns the password itself: only that one is set (models/data_source.go).
      secureJsonFields: { basicAuthPassword: true },
    });
  if (path === "/api/datasources")
    return json([{ id: 3, uid: "neuropilot-prometheus", name: "NeuroPilot Prometheus", type: "prometheus" }]);
  const dashboard = /^\/api\/dashboards\/uid\/(neuropilot-(staging|production))$/.exec(path);
  if (dashboard)
    return json({ dashboard: { uid: dashboard[1], title: "NeuroPilot" }, meta: { folderUid: "neuropilot" } });
  if (path === "/api/v1/provisioning/contact-points") {
    const all = [
      { uid: "cp1", name: "neuropilot-slack", type: "slack", settings: { url: PLANTED.slackWebhook } },
      {
        uid: "cp2",
        name: "neuropilot-pagerduty",
        type: "pagerduty",
        settings: { integrationKey: PLANTED.pagerdutyKey },
      },
      { uid: "cp3", name: "neuropilot-email-digest", type: "email", settings: { addresses: "ops@neuropilot.ai" } },
    ];
    const name = url.searchParams.get("name");
    return json(all.filter((c) => !name || c.name === name));
  }
  const group = /^\/api\/v1\/provisioning\/folder\/neuropilot\/rule-groups\/(.+)$/.exec(path);
  if (group)
    return RULE_GROUPS.includes(group[1]) ? json({ title: group[1], folderUid: "neuropilot", rules: [] }) : notFound;
  if (path === "/api/v1/provisioning/policies") return json({ receiver: "neuropilot-slack", routes: [] });
  // The seed platform has no SLOs yet (v18 adds them): the list holds someone else's only.
  if (path === "/api/plugins/grafana-slo-app/resources/v1/slo")
    return json({ slos: [{ uuid: "abc123def", name: "checkout availability", description: "" }] });
  return notFound;
}

// ---- Sentry API 0: Link-header cursor pagination -------------------------------------------
const SENTRY_PROJECTS = [
  { id: "4501000000000001", slug: "neuropilot-backend" },
  { id: "4501000000000002", slug: "neuropilot-frontend" },
];
const ENVIRONMENTS = ["staging", "production"];

function sentry(url: URL): Reply {
  const path = url.pathname.replace(/^\/api\/0/, "");
  const notFound = missing({ detail: "The requested resource does not exist" });
  const cursor = Number((url.searchParams.get("cursor") ?? "0:0:0").split(":")[1]);
  const list = (items: unknown[]) => {
    const { items: slice, more } = pageOf(items, cursor, 2);
    const link = (n: number, rel: string, results: boolean) => {
      const target = new URL(url);
      target.searchParams.set("cursor", `0:${n}:0`);
      return `<${target.href}>; rel="${rel}"; results="${results}"; cursor="0:${n}:0"`;
    };
    return json(slice, {
      link: [link(Math.max(cursor - 1, 0), "previous", cursor > 0), link(cursor + 1, "next", more)].join(", "),
    });
  };
  if (path === "/organizations/neuropilot/") return json({ id: "1", slug: "neuropilot", name: "NeuroPilot" });
  if (path === "/teams/neuropilot/platform/") return json({ id: "11", slug: "platform", name: "platform" });
  const project = /^\/projects\/neuropilot\/([a-z-]+)\/(keys\/)?$/.exec(path);
  const live = SENTRY_PROJECTS.find((p) => p.slug === project?.[1]);
  if (project && live && !project[2]) return json({ ...live, name: live.slug, organization: { slug: "neuropilot" } });
  if (project && live && project[2])
    return list(
      ["Default", ...ENVIRONMENTS.map((e) => `${live.slug}-${e}`)].map((name, i) => ({
        id: hex(`${live.slug} key ${i}`),
        name,
        label: name,
        public: hex(`${live.slug} public ${i}`),
        secret: PLANTED.sentrySecret,
        dsn: { secret: PLANTED.sentryDsn.replace("@", `:${PLANTED.sentrySecret}@`), public: PLANTED.sentryDsn },
        isActive: true,
      })),
    );
  if (path === "/organizations/neuropilot/workflows/")
    return list([
      { id: "301", name: "[production] New issue or regression" },
      { id: "302", name: "[production] Error spike or slow transactions" },
      { id: "303", name: "[staging] New issue or regression" },
    ]);
  if (path === "/organizations/neuropilot/detectors/") {
    const names: Record<string, string[]> = {
      "4501000000000001": ["[production] neuropilot-backend: more than 50 errors in 5 min"],
      "4501000000000002": ["[production] neuropilot-frontend: more than 50 errors in 5 min"],
    };
    return list(
      (names[url.searchParams.get("project") ?? ""] ?? []).map((name, i) => ({ id: `40${i}${name.length}`, name })),
    );
  }
  if (path === "/organizations/neuropilot/integrations/") {
    const all = SENTRY_INTEGRATIONS;
    const key = url.searchParams.get("providerKey");
    return list(all.filter((i) => !key || i.provider.key === key));
  }
  if (path === "/organizations/neuropilot/repos/")
    return list(
      ["neuropilot/neuropilot-backend", "neuropilot/neuropilot-infra", "neuropilot/website"].map((name, i) => ({
        id: String(900 + i),
        name,
        // `provider` is an open string map in the description: nothing to match on.
        provider: { name: "GitHub" },
        integrationId: "77",
        status: "active",
      })),
    );
  return notFound;
}

// ---- GitHub REST API: Link-header page pagination ------------------------------------------
const GITHUB_ENVIRONMENTS = ["platform", "staging", "production"];
const GITHUB_SECRETS = [
  "PLAN_CLOUDFLARE_API_TOKEN",
  "PLAN_GRAFANA_AUTH",
  "PLAN_NEON_API_KEY",
  "PLAN_RAILWAY_TOKEN",
  "PLAN_SENTRY_AUTH_TOKEN",
  "PLAN_TF_API_TOKEN",
  "TF_VAR_GRAFANA_PROMETHEUS_PASSWORD",
  "TF_VAR_PAGERDUTY_INTEGRATION_KEY",
  "TF_VAR_SLACK_WEBHOOK_URL",
];

/** An organization-level ruleset named like the repository's own. */
export const ORG_RULESETS = [
  {
    id: 7,
    name: "protect-main",
    target: "branch",
    source_type: "Organization",
    source: "neuropilot",
    enforcement: "active",
  },
];

function github(url: URL): Reply {
  const path = decodeURIComponent(url.pathname);
  const notFound = missing({ message: "Not Found", documentation_url: "https://docs.github.com/rest" });
  const page = Number(url.searchParams.get("page") ?? "1");
  const list = (items: unknown[], wrap?: string) => {
    const { items: slice, more } = pageOf(items, page - 1, 1);
    // The next link keeps the request's query (includes_parents, per_page), as GitHub's does.
    const next = new URL(url);
    next.searchParams.set("page", String(page + 1));
    const headers = more ? { link: `<${next.href}>; rel="next"` } : undefined;
    return json(wrap ? { total_count: items.length, [wrap]: slice } : slice, headers);
  };
  const repo = "/repos/neuropilot/neuropilot-infra";
  if (path === repo) return json({ id: 1, name: "neuropilot-infra", full_name: "neuropilot/neuropilot-infra" });
  const env = new RegExp(`^${repo}/environments/([a-z]+)(/deployment-branch-policies)?$`).exec(path);
  if (env && GITHUB_ENVIRONMENTS.includes(env[1]))
    return env[2]
      ? list([{ id: 1000 + GITHUB_ENVIRONMENTS.indexOf(env[1]), name: "main", type: "branch" }], "branch_policies")
      : json({ id: 50 + GITHUB_ENVIRONMENTS.indexOf(env[1]), name: env[1] });
  if (path === `${repo}/rulesets`) {
    // The organization's ruleset applies here too, and is listed unless includes_parents=false
    // (@octokit/openapi 23.0.2, repos/get-repo-rulesets: includes_parents defaults to true).
    const parents = url.searchParams.get("includes_parents") === "false" ? [] : ORG_RULESETS;
    return list([
      { id: 43, name: "protect-tags", target: "tag", source_type: "Repository", enforcement: "active" },
      { id: 42, name: "protect-main", target: "branch", source_type: "Repository", enforcement: "active" },
      ...parents,
    ]);
  }
  const label = new RegExp(`^${repo}/labels/(.+)$`).exec(path);
  if (label)
    return ["drift", "approve-data-loss", "bug"].includes(label[1]) ? json({ id: 5, name: label[1] }) : notFound;
  const secret = new RegExp(`^${repo}/actions/secrets/([A-Z_]+)$`).exec(path);
  if (secret && GITHUB_SECRETS.includes(secret[1]))
    return json({ name: secret[1], created_at: "2025-01-01T00:00:00Z", updated_at: "2025-01-01T00:00:00Z" });
  return notFound;
}

/** A merged pull request the fake repository holds, with its comments (reviewed-plan lookup). */
export interface FakePullRequest {
  number: number;
  headSha: string;
  mergeCommitSha: string;
  labels: string[];
  comments: Array<{ id: number; body: string; login: string; type: string }>;
}

/** GitHub's pulls-of-a-commit and issue-comments lists for `pulls`; undefined for any other path. */
function githubPulls(url: URL, pulls: FakePullRequest[]): Reply | undefined {
  const path = decodeURIComponent(url.pathname);
  const repo = "/repos/neuropilot/neuropilot-infra";
  const of = new RegExp(`^${repo}/commits/([0-9a-f]{40})/pulls$`).exec(path);
  if (of)
    return json(
      pulls
        .filter((pr) => pr.mergeCommitSha === of[1])
        .map((pr) => ({
          number: pr.number,
          merged_at: "2026-12-01T00:00:00Z",
          merge_commit_sha: pr.mergeCommitSha,
          head: { sha: pr.headSha },
          labels: pr.labels.map((name) => ({ name })),
        })),
    );
  const comments = new RegExp(`^${repo}/issues/(\\d+)/comments$`).exec(path);
  const pr = comments ? pulls.find((p) => p.number === Number(comments[1])) : undefined;
  if (pr === undefined) return undefined;
  // Pages of at most per_page (GitHub's default 30), the next one linked like GitHub's.
  const page = Number(url.searchParams.get("page") ?? "1");
  const size = Number(url.searchParams.get("per_page") ?? "30");
  const { items, more } = pageOf(pr.comments, page - 1, size);
  const next = new URL(url);
  next.searchParams.set("page", String(page + 1));
  return json(
    items.map((c) => ({ id: c.id, body: c.body, user: { login: c.login, type: c.type } })),
    more ? { link: `<${next.href}>; rel="next"` } : undefined,
  );
}

// ---- the servers ---------------------------------------------------------------------------
const HANDLERS: Record<ServiceName, { handler: Handler; auth: (req: IncomingMessage) => boolean; prefix: string }> = {
  cloudflare: { handler: cloudflare, auth: bearer("cloudflare"), prefix: "/client/v4" },
  neon: { handler: neon, auth: bearer("neon"), prefix: "/api/v2" },
  railway: { handler: railway, auth: bearer("railway"), prefix: "/graphql/v2" },
  grafana: { handler: grafana, auth: bearer("grafana"), prefix: "" },
  sentry: { handler: sentry, auth: bearer("sentry"), prefix: "/api/" },
  github: { handler: github, auth: bearer("github"), prefix: "" },
};

function bearer(service: ServiceName): (req: IncomingMessage) => boolean {
  return (req) => req.headers.authorization === `Bearer ${TOKENS[service]}`;
}

export interface FakeAccount {
  /** The environment adopt runs with: every credential and every base URL pointing at a fake. */
  env: Record<string, string>;
  fail(service: ServiceName | undefined, failure?: Failure): void;
  /** Requests per service: method, path, query names, JSON body, and the reply. */
  requests: Array<{
    service: ServiceName;
    method: string;
    path: string;
    query: string[];
    body?: unknown;
    status: number;
    reply: unknown;
  }>;
  /** Merged pull requests of the GitHub fake; a test adds its own. */
  pullRequests: FakePullRequest[];
  close(): Promise<void>;
}

export async function startFakeAccount(): Promise<FakeAccount> {
  let failing: { service: ServiceName; failure: Failure; count: number } | undefined;
  const requests: FakeAccount["requests"] = [];
  const pullRequests: FakePullRequest[] = [];
  const servers: Server[] = [];
  const bases = {} as Record<ServiceName, string>;
  for (const service of Object.keys(HANDLERS) as ServiceName[]) {
    const { handler, auth, prefix } = HANDLERS[service];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`);
        const text = Buffer.concat(chunks).toString("utf8");
        const reply = answer(service, req, url, text);
        requests.push({
          service,
          method: req.method ?? "",
          path: url.pathname,
          query: [...new Set(url.searchParams.keys())],
          body: text ? (JSON.parse(text) as unknown) : undefined,
          status: reply.status,
          reply: reply.body,
        });
        send(res, reply);
      });
    });
    const answer = (name: ServiceName, req: IncomingMessage, url: URL, text: string): Reply => {
      if (!auth(req)) return { status: 401, body: { message: "Bad credentials" } };
      if (failing?.service === name) {
        const f = failing;
        f.count++;
        if (f.failure === "401" || f.failure === "403")
          return { status: Number(f.failure), body: { message: "denied" } };
        if (f.failure === "404") return missing();
        if (f.failure === "500") return { status: 500, body: { message: "internal error" } };
        if (f.failure === "malformed") return { status: 200, body: '{"truncated": [' };
        // GraphQL APIs (Railway) deny in a 200 body.
        if (f.failure === "graphql-denied") return json({ data: null, errors: [{ message: "Not Authorized" }] });
        if (f.failure === "429-always" || f.count === 1)
          return { status: 429, body: { message: "rate limited" }, headers: { "retry-after": "0" } };
      }
      const pulls = name === "github" ? githubPulls(url, pullRequests) : undefined;
      return pulls ?? handler(url, text ? (JSON.parse(text) as unknown) : undefined);
    };
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    servers.push(server);
    bases[service] = `http://127.0.0.1:${(server.address() as AddressInfo).port}${prefix}`;
  }
  return {
    env: {
      CLOUDFLARE_API_TOKEN: TOKENS.cloudflare,
      CLOUDFLARE_API_BASE_URL: bases.cloudflare,
      NEON_API_KEY: TOKENS.neon,
      NEON_API_BASE_URL: bases.neon,
      RAILWAY_TOKEN: TOKENS.railway,
      RAILWAY_API_URL: bases.railway,
      GRAFANA_AUTH: TOKENS.grafana,
      GRAFANA_URL: bases.grafana,
      SENTRY_AUTH_TOKEN: TOKENS.sentry,
      SENTRY_BASE_URL: bases.sentry,
      GITHUB_TOKEN: TOKENS.github,
      GITHUB_BASE_URL: bases.github,
    },
    fail: (service, failure) => {
      failing = service && failure ? { service, failure, count: 0 } : undefined;
    },
    requests,
    pullRequests,
    close: () =>
      Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())))).then(() => undefined),
  };
}

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
  res.end(typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body));
}
