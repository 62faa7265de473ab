// The Neon calls of the restore drill (ops/drills/restore.ts; NEON_API_KEY). Neon API v2,
// @neondatabase/api-client 2.7.3 description (contracts/descriptions/neon.json):
//   project   GET    /projects?search=                      → { projects: [{ id, name }] }
//   parent    GET    /projects/{project_id}/branches?search= → { branches: [{ id, name }] }
//   create    POST   /projects/{project_id}/branches
//             { branch: { name, parent_id, parent_timestamp }, endpoints: [{ type: "read_write" }] }
//             → { branch: { id }, endpoints: [{ id }] } (createProjectBranch: parent_timestamp is
//             ISO 8601, "the branch will be created with data starting from this point in time";
//             https://neon.com/docs/reference/api/branches/create-project-branch)
//   endpoint  GET    /projects/{project_id}/endpoints/{endpoint_id} → { endpoint: { host, current_state } }
//             (EndpointState: init | active | idle)
//   delete    DELETE /projects/{project_id}/branches/{branch_id}
import type { RestCall } from "../../contracts/call";
import { isObject, requestJson, text, type VendorApiProps, VendorApiError } from "../http";
import { type NeonApiOptions, neonApi } from "./api";

export const NEON_DRILL_CALLS: readonly RestCall[] = [
  {
    id: "find the project by name",
    method: "GET",
    path: "/projects",
    query: ["search"],
    reads: ["projects[].id", "projects[].name"],
  },
  {
    id: "find the parent branch by name",
    method: "GET",
    path: "/projects/{project_id}/branches",
    query: ["search"],
    reads: ["branches[].id", "branches[].name"],
  },
  {
    id: "create the point-in-time branch with an endpoint",
    method: "POST",
    path: "/projects/{project_id}/branches",
    body: ["branch.name", "branch.parent_id", "branch.parent_timestamp", "endpoints[].type"],
    reads: ["branch.id", "endpoints[].id"],
  },
  {
    id: "read the branch's endpoint",
    method: "GET",
    path: "/projects/{project_id}/endpoints/{endpoint_id}",
    reads: ["endpoint.host", "endpoint.current_state"],
  },
  { id: "delete the branch", method: "DELETE", path: "/projects/{project_id}/branches/{branch_id}" },
];

export interface Endpoint {
  host: string;
  state: string;
}

const byName = (items: unknown, key: string, name: string, where: string): string => {
  const list = isObject(items) ? items[key] : undefined;
  if (!Array.isArray(list)) throw new VendorApiError(`${where} returned no "${key}" list; report it`);
  // search matches substrings: keep the exact name only.
  const matches = list.filter((item) => isObject(item) && item.name === name);
  if (matches.length !== 1)
    throw new VendorApiError(
      `${where}: ${matches.length === 0 ? "no" : matches.length} ${key.replace(/s$/, "")} named "${name}"; check the config's Neon names`,
    );
  return text(matches[0], "id", where);
};

export interface NeonBranchesOptions extends NeonApiOptions {
  timeoutMs: number;
}

export class NeonBranches {
  private readonly api: VendorApiProps;

  constructor(options: NeonBranchesOptions) {
    this.api = neonApi({ ...options, access: "access to the project (use the organization API key)" });
  }

  async projectId(name: string): Promise<string> {
    const path = `/projects?search=${encodeURIComponent(name)}`;
    const { body } = await requestJson(this.api, { method: "GET", path });
    return byName(body, "projects", name, "Neon: GET /projects");
  }

  async branchId(projectId: string, name: string): Promise<string> {
    const path = `/projects/${encodeURIComponent(projectId)}/branches?search=${encodeURIComponent(name)}`;
    const { status, body } = await requestJson(this.api, { method: "GET", path });
    if (status === 404) throw new VendorApiError(`Neon: project ${projectId} not found`);
    return byName(body, "branches", name, `Neon: GET /projects/${projectId}/branches`);
  }

  async createBranch(
    projectId: string,
    request: { name: string; parentId: string; parentTimestamp: string },
  ): Promise<{ branchId: string; endpointId: string }> {
    const path = `/projects/${encodeURIComponent(projectId)}/branches`;
    const where = `Neon: POST ${path}`;
    const { status, body } = await requestJson(this.api, {
      method: "POST",
      path,
      body: {
        branch: { name: request.name, parent_id: request.parentId, parent_timestamp: request.parentTimestamp },
        endpoints: [{ type: "read_write" }],
      },
    });
    if (status === 404) throw new VendorApiError(`${where}: project ${projectId} not found`);
    const branchId = text(isObject(body) ? body.branch : undefined, "id", where);
    const endpoints = isObject(body) ? body.endpoints : undefined;
    const endpointId = text(Array.isArray(endpoints) ? endpoints[0] : undefined, "id", where);
    return { branchId, endpointId };
  }

  async endpoint(projectId: string, endpointId: string): Promise<Endpoint> {
    const path = `/projects/${encodeURIComponent(projectId)}/endpoints/${encodeURIComponent(endpointId)}`;
    const where = `Neon: GET ${path}`;
    const { status, body } = await requestJson(this.api, { method: "GET", path });
    if (status === 404) throw new VendorApiError(`${where}: endpoint ${endpointId} not found`);
    const endpoint = isObject(body) ? body.endpoint : undefined;
    return { host: text(endpoint, "host", where), state: text(endpoint, "current_state", where) };
  }

  async deleteBranch(projectId: string, branchId: string): Promise<boolean> {
    const path = `/projects/${encodeURIComponent(projectId)}/branches/${encodeURIComponent(branchId)}`;
    const { status } = await requestJson(this.api, { method: "DELETE", path, allowEmpty: true });
    return status !== 404;
  }
}
