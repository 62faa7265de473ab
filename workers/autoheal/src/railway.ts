// Railway's public GraphQL API (backboard.railway.com/graphql/v2). Operations as in
// Railway's schema (railwayapp/cli src/gql/schema.json):
//   serviceInstanceRedeploy(environmentId: String!, serviceId: String!): Boolean!
//   deployments(first: Int, input: DeploymentListInput!) — newest first.
// Project tokens go in a Project-Access-Token header, account/workspace tokens as Bearer.
import type { GraphQlCall } from "../../../contracts/call";
import type { Fetch } from "./runtime";

export const RAILWAY_API_URL = "https://backboard.railway.com/graphql/v2";

const LATEST_DEPLOYMENT = `query LatestDeployment($serviceId: String!, $environmentId: String!) {
  deployments(first: 1, input: { serviceId: $serviceId, environmentId: $environmentId }) {
    edges { node { id status } }
  }
}`;

const REDEPLOY = `mutation Redeploy($serviceId: String!, $environmentId: String!) {
  serviceInstanceRedeploy(serviceId: $serviceId, environmentId: $environmentId)
}`;

/** The heal action's operations (test/contracts/railway.test.ts validates them against Railway's schema). */
export const RAILWAY_HEAL_CALLS: readonly GraphQlCall[] = [
  { id: "latest deployment", document: LATEST_DEPLOYMENT },
  { id: "redeploy", document: REDEPLOY },
];

/** Deployment statuses during which another redeploy would only queue up behind the first. */
const IN_PROGRESS = new Set(["QUEUED", "WAITING", "INITIALIZING", "BUILDING", "DEPLOYING"]);

export interface RailwayTarget {
  serviceId: string;
  environmentId: string;
}

export interface RailwayClient {
  /** True while the service's newest deployment is still queued, building or deploying. */
  deploymentInProgress(target: RailwayTarget): Promise<boolean>;
  redeploy(target: RailwayTarget): Promise<void>;
}

interface GraphQlResponse {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message?: string }>;
}

export function railwayClient(
  apiUrl: string,
  token: string,
  tokenKind: "project" | "account",
  fetcher: Fetch,
): RailwayClient {
  const auth: Record<string, string> =
    tokenKind === "project" ? { "project-access-token": token } : { authorization: `Bearer ${token}` };

  async function call(query: string, target: RailwayTarget): Promise<Record<string, unknown>> {
    const variables = { serviceId: target.serviceId, environmentId: target.environmentId };
    const response = await fetcher(apiUrl, {
      method: "POST",
      headers: { "content-type": "application/json", ...auth },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json().catch(() => ({}))) as GraphQlResponse;
    if (!response.ok || body.errors?.length || !body.data) {
      const message = body.errors?.map((e) => e.message).join("; ") || `HTTP ${response.status}`;
      throw new Error(`Railway API: ${message}`);
    }
    return body.data;
  }

  return {
    async deploymentInProgress(target) {
      const data = await call(LATEST_DEPLOYMENT, target);
      const connection = data.deployments as { edges?: Array<{ node?: { status?: string } }> } | undefined;
      const status = connection?.edges?.[0]?.node?.status;
      return status !== undefined && IN_PROGRESS.has(status);
    },
    async redeploy(target) {
      const data = await call(REDEPLOY, target);
      if (data.serviceInstanceRedeploy !== true) throw new Error("Railway API: serviceInstanceRedeploy returned false");
    },
  };
}
