// Railway's public GraphQL API (https://docs.railway.com/reference/public-api), queries only, for
// adoption's discovery (RAILWAY_TOKEN, sent as `Authorization: Bearer`, as the provider does).
// GraphQL reports errors in a 200 body (`errors: [{ message }]`): "Not Authorized" is the token.
// The variables' values are dropped on receipt (they are secrets): only the names are kept.
import type { GraphQlCall } from "../contracts/call";
import {
  type BearerClientOptions,
  anchorNotFound,
  DISCOVERY_TIMEOUT_MS,
  READ_ACCESS,
  requestJson,
  type VendorApiProps,
  VendorApiError,
} from "./http";

export const RAILWAY_SERVICE = "Railway";
const SERVICE = RAILWAY_SERVICE;

export interface Named {
  id: string;
  name: string;
}
export interface LiveProject extends Named {
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

export type RailwayClientOptions = BearerClientOptions;

export class RailwayClient {
  private readonly url: URL;
  private readonly api: VendorApiProps;

  constructor(options: RailwayClientOptions) {
    this.url = new URL(options.baseUrl ?? "https://backboard.railway.com/graphql/v2");
    this.api = {
      service: SERVICE,
      baseUrl: this.url.href,
      credentialVar: "RAILWAY_TOKEN",
      access: READ_ACCESS,
      headers: { authorization: `Bearer ${options.token}` },
      timeoutMs: options.timeoutMs ?? DISCOVERY_TIMEOUT_MS,
      sleep: options.sleep,
    };
  }

  async query(name: string, query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
    const response = await requestJson(this.api, { method: "POST", path: this.url, body: { query, variables } });
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
      throw new VendorApiError(
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

export type Ids = {
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

function malformed(query: string): VendorApiError {
  return new VendorApiError(
    `${SERVICE}: query ${query} returned an unexpected shape; retry, or report it with the query name`,
  );
}
