// Railway discovery: the project, services, service and custom domains and variables a stack
// declares, read-only, with the token a deploy uses (RAILWAY_TOKEN, sent as
// `Authorization: Bearer`, as the provider does: internal/provider/client.go, v0.6.2).
// Railway's public GraphQL API (https://docs.railway.com/reference/public-api), queries only:
//   projects(first, after) { edges { node { id name environments services } } pageInfo }  (cursor pagination)
//   domains(projectId, environmentId, serviceId) { serviceDomains { domain suffix } customDomains { domain } }
//   variables(projectId, environmentId, serviceId): a JSON object name → value; only the
//     names are kept, the values are dropped on receipt (they are secrets).
// GraphQL reports errors in a 200 body (`errors: [{ message }]`): "Not Authorized" is the token.
// Import ids (terraform-community-providers/terraform-provider-railway v0.6.2,
// internal/provider/resource_*.go ImportState; config/import-ids.ts): project and service
// `<uuid>`, service domain, custom domain and variable `<service_id>:<environment_name>:<domain|name>`.
import { anchorNotFound, DiscoveryError, requestJson, type HttpOptions } from "./http";
import { absent, found, literal, memo, referenceTo, unmanaged, unmatched } from "./match";
import type { DeclaredResource, Finding, Reference } from "./types";
import type { GraphQlCall } from "../contracts/call";

const SERVICE = "Railway";

interface Named {
  id: string;
  name: string;
}
interface LiveProject extends Named {
  environments: Named[];
  services: Named[];
}

// workspaceId is optional: a workspace token lists its workspace's projects without it, an
// account token its own; with it, exactly that workspace's (the CLI's schema.json, v5.43.1).
const PROJECTS = `query projects($workspaceId: String, $after: String) {
  projects(workspaceId: $workspaceId, first: 50, after: $after) {
    edges { node { id name
      environments { edges { node { id name } } }
      services { edges { node { id name } } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const DOMAINS = `query domains($projectId: String!, $environmentId: String!, $serviceId: String!) {
  domains(projectId: $projectId, environmentId: $environmentId, serviceId: $serviceId) {
    serviceDomains { domain suffix }
    customDomains { domain }
  }
}`;
const VARIABLES = `query variables($projectId: String!, $environmentId: String!, $serviceId: String!) {
  variables(projectId: $projectId, environmentId: $environmentId, serviceId: $serviceId)
}`;

/** Every operation discovery sends (test/contracts/railway.test.ts validates them against Railway's schema). */
export const RAILWAY_CALLS: readonly GraphQlCall[] = [
  { id: "projects", document: PROJECTS },
  { id: "domains", document: DOMAINS },
  { id: "variables", document: VARIABLES },
];

export interface RailwayClientOptions {
  token: string;
  baseUrl?: string;
  sleep?: HttpOptions["sleep"];
}

export class RailwayClient {
  private readonly url: URL;
  private readonly http: HttpOptions;

  constructor(options: RailwayClientOptions) {
    this.url = new URL(options.baseUrl ?? "https://backboard.railway.com/graphql/v2");
    this.http = {
      service: SERVICE,
      credentialVar: "RAILWAY_TOKEN",
      headers: { authorization: `Bearer ${options.token}`, accept: "application/json" },
      sleep: options.sleep,
    };
  }

  async query(name: string, query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
    const response = await requestJson(this.url, this.http, { method: "POST", body: { query, variables } });
    if (response.status === 404)
      throw anchorNotFound(
        SERVICE,
        `the GraphQL endpoint ${this.url.pathname}`,
        "check RAILWAY_API_URL (unset: the public API)",
      );
    const body = response.body as Record<string, unknown> | null;
    if (typeof body !== "object" || body === null) throw malformed(name);
    const errors = body.errors;
    if (Array.isArray(errors) && errors.length > 0) {
      // The messages are Railway's own; only whether one is about authorization is used.
      const auth = errors.some((e) =>
        /not authori[sz]ed|unauthori[sz]ed/i.test(String((e as { message?: unknown }).message)),
      );
      throw new DiscoveryError(
        auth
          ? `${SERVICE}: query ${name} was not authorized: the token in RAILWAY_TOKEN is missing, expired or not a team/account token with access to the project; use one with read access`
          : `${SERVICE}: query ${name} returned ${errors.length} GraphQL error(s); check the project ids and retry`,
      );
    }
    const data = body.data;
    if (typeof data !== "object" || data === null) throw malformed(name);
    return data as Record<string, unknown>;
  }

  async projects(workspaceId?: string): Promise<LiveProject[]> {
    const out: LiveProject[] = [];
    for (let after: string | null = null; ;) {
      const data = await this.query("projects", PROJECTS, { after, workspaceId: workspaceId ?? null });
      const connection = data.projects as {
        edges?: unknown;
        pageInfo?: { hasNextPage?: unknown; endCursor?: unknown };
      };
      if (!Array.isArray(connection?.edges)) throw malformed("projects");
      for (const edge of connection.edges as Array<{ node?: Record<string, unknown> }>) {
        const node = edge?.node;
        if (!node || typeof node.id !== "string") throw malformed("projects");
        out.push({
          id: node.id,
          name: String(node.name),
          environments: nodes(node.environments, "projects"),
          services: nodes(node.services, "projects"),
        });
      }
      const page = connection.pageInfo;
      if (page?.hasNextPage !== true || typeof page.endCursor !== "string" || page.endCursor === after) return out;
      after = page.endCursor;
    }
  }

  async domains(ids: Ids): Promise<{ service: string[]; custom: string[] }> {
    const data = await this.query("domains", DOMAINS, ids);
    const domains = data.domains as { serviceDomains?: unknown; customDomains?: unknown } | undefined;
    if (!Array.isArray(domains?.serviceDomains) || !Array.isArray(domains.customDomains)) throw malformed("domains");
    const names = (list: unknown[]) => list.map((d) => String((d as { domain?: unknown }).domain));
    return { service: names(domains.serviceDomains), custom: names(domains.customDomains) };
  }

  /** The variables' names only. */
  async variableNames(ids: Ids): Promise<string[]> {
    const data = await this.query("variables", VARIABLES, ids);
    const variables = data.variables;
    if (typeof variables !== "object" || variables === null || Array.isArray(variables)) throw malformed("variables");
    return Object.keys(variables);
  }
}

type Ids = {
  projectId: string;
  environmentId: string;
  serviceId: string;
};

function nodes(connection: unknown, query: string): Named[] {
  const edges = (connection as { edges?: unknown } | undefined)?.edges;
  if (!Array.isArray(edges)) throw malformed(query);
  return edges.map((edge: { node?: { id?: unknown; name?: unknown } }) => {
    if (typeof edge?.node?.id !== "string") throw malformed(query);
    return { id: edge.node.id, name: String(edge.node.name) };
  });
}

function malformed(query: string): DiscoveryError {
  return new DiscoveryError(
    `${SERVICE}: query ${query} returned an unexpected shape; retry, or report it with the query name`,
  );
}

/** Finds the live object of each declared Railway resource. */
export async function discoverRailway(
  resources: readonly DeclaredResource[],
  client: RailwayClient,
): Promise<Finding[]> {
  let projects: Promise<LiveProject[]> | undefined;
  const domains = memo<{ service: string[]; custom: string[] }>();
  const variables = memo<string[]>();

  const projectOf = async (attributes: Record<string, unknown>): Promise<{ project?: LiveProject; why: string }> => {
    const name = literal(attributes.name);
    if (!name) return { why: "the project's name is not literal" };
    // Every project of a stack is in the same workspace (one config), so one listing serves all.
    const workspaceId = literal(attributes.workspace_id);
    const matches = (await (projects ??= client.projects(workspaceId))).filter((p) => p.name === name);
    if (matches.length > 1) return { why: `${matches.length} projects named "${name}": pick one by hand` };
    return matches.length === 1 ? { project: matches[0], why: "" } : { why: `no project named "${name}"` };
  };
  /** The live service behind a reference to a railway_service, with its project. */
  const serviceOf = async (ref: Reference | undefined) => {
    const projectRef = ref && referenceTo(ref, "project_id", "railway_project");
    if (!ref || !projectRef) return { why: "service_id is not a railway_service of a railway_project" };
    const { project, why } = await projectOf(projectRef.attributes);
    if (!project) return { why };
    const name = literal(ref.attributes.name);
    const matches = project.services.filter((s) => s.name === name);
    if (matches.length > 1) return { why: `${matches.length} services named "${name}": pick one by hand` };
    if (matches.length === 0) return { why: `no service "${name}" in ${project.name}` };
    // The environment a domain or variable lives in: the project's default environment by name.
    const envName =
      literal((projectRef.attributes.default_environment as { name?: unknown } | undefined)?.name) ?? "production";
    const environment = project.environments.find((e) => e.name === envName);
    if (!environment) return { why: `no environment "${envName}" in ${project.name}` };
    return {
      ids: { projectId: project.id, environmentId: environment.id, serviceId: matches[0].id },
      envName,
      why: "",
    };
  };

  const findings: Finding[] = [];
  for (const resource of resources.filter((r) => r.type.startsWith("railway_"))) {
    const a = resource.attributes;
    const miss = (why: string) => (why.startsWith("no ") ? absent(resource, why) : unmatched(resource, why));
    if (resource.type === "railway_project") {
      const { project, why } = await projectOf(a);
      findings.push(project ? found(resource, project.id, `project "${project.name}"`) : miss(why));
      continue;
    }
    if (resource.type === "railway_service") {
      const ref = referenceTo(resource, "project_id", "railway_project");
      const { project, why } = ref ? await projectOf(ref.attributes) : { why: "project_id is not a railway_project" };
      const name = literal(a.name);
      const matches = project?.services.filter((s) => s.name === name) ?? [];
      if (!project) findings.push(miss(why));
      else if (matches.length > 1) findings.push(unmatched(resource, `${matches.length} services named "${name}"`));
      else if (matches.length === 1) findings.push(found(resource, matches[0].id, `service "${name}"`));
      else findings.push(absent(resource, `no service "${name}" in ${project.name}`));
      continue;
    }
    if (!["railway_service_domain", "railway_custom_domain", "railway_variable"].includes(resource.type)) {
      findings.push(unmatched(resource, `${resource.type} is not discovered; add its id by hand (docs/adoption.md)`));
      continue;
    }
    const service = await serviceOf(referenceTo(resource, "service_id", "railway_service"));
    if (!service.ids) {
      findings.push(miss(service.why));
      continue;
    }
    const { ids, envName } = service;
    const key = `${ids.serviceId} ${ids.environmentId}`;
    const prefix = `${ids.serviceId}:${envName}`;
    if (resource.type === "railway_variable") {
      const name = literal(a.name);
      const names = await variables(key, () => client.variableNames(ids));
      if (!name) findings.push(unmatched(resource, "the variable name is not literal"));
      else if (names.includes(name)) findings.push(found(resource, `${prefix}:${name}`, `variable ${name}`));
      else findings.push(absent(resource, `variable ${name}`));
      continue;
    }
    const live = await domains(key, () => client.domains(ids));
    if (resource.type === "railway_custom_domain") {
      const domain = literal(a.domain);
      if (domain && live.custom.includes(domain)) findings.push(found(resource, `${prefix}:${domain}`, domain));
      else
        findings.push(domain ? absent(resource, `custom domain ${domain}`) : unmatched(resource, "domain not literal"));
      continue;
    }
    // A service domain is `<subdomain>.<suffix>` (resource_service_domain.go getAndBuildServiceDomain).
    const subdomain = literal(a.subdomain);
    const domain = live.service.find((d) => subdomain !== undefined && d.startsWith(`${subdomain}.`));
    if (domain) findings.push(found(resource, `${prefix}:${domain}`, domain));
    else
      findings.push(
        subdomain ? absent(resource, `service domain ${subdomain}.*`) : unmatched(resource, "subdomain not literal"),
      );
  }
  // Services of the stack's projects that no railway_service here matched.
  const imported = new Set(findings.flatMap((f) => (f.status === "import" ? [f.id] : [])));
  for (const project of (await projects) ?? [])
    if (imported.has(project.id))
      for (const service of project.services.filter((s) => !imported.has(s.id)))
        findings.push(
          unmanaged(
            "railway_service",
            `${project.name}/${service.name}`,
            "exists in the project, no construct declares it",
          ),
        );
  return findings;
}
