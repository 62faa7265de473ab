// Neon's reads for adoption's discovery (NEON_API_KEY). Neon API v2
// (https://api-docs.neon.tech/reference/getting-started-with-neon-api), bearer auth:
//   projects    GET /projects?limit=&cursor=   → { projects: [{ id, name }], pagination: { cursor } }
//               (cursor pagination: pass pagination.cursor back until a page comes back empty)
//   branches    GET /projects/{project_id}/branches → { branches: [{ id, name, default }] }
//   endpoints   GET /projects/{project_id}/endpoints → { endpoints: [{ id, branch_id, type, created_at }] }
//   roles       GET /projects/{project_id}/branches/{branch_id}/roles → { roles: [{ name }] }
//   databases   GET /projects/{project_id}/branches/{branch_id}/databases
//               → { databases: [{ name, owner_name, created_at }] }
import type { RestCall } from "../../contracts/call";
import {
  anchorNotFound,
  DISCOVERY_TIMEOUT_MS,
  READ_ACCESS,
  requestJson,
  type VendorApiProps,
  VendorApiError,
} from "../http";
import { type NeonApiOptions, NEON_SERVICE as SERVICE, neonApi } from "./api";

type Item = Record<string, unknown>;

export type NeonClientOptions = NeonApiOptions;

export class NeonClient {
  private readonly api: VendorApiProps;

  constructor(options: NeonClientOptions) {
    this.api = neonApi({ ...options, access: READ_ACCESS, timeoutMs: options.timeoutMs ?? DISCOVERY_TIMEOUT_MS });
  }

  /** The array under `key` of every page; an empty list on 404 (the parent is gone). */
  async list(path: string, key: string, paginated = false): Promise<Item[]> {
    const out: Item[] = [];
    const limit = 100;
    for (let cursor: string | undefined; ;) {
      const query: Record<string, string> = {
        ...(paginated ? { limit: String(limit) } : {}),
        ...(cursor === undefined ? {} : { cursor }),
      };
      const response = await requestJson(this.api, { method: "GET", path, query });
      if (response.status === 404) {
        if (path === "/projects")
          throw anchorNotFound(SERVICE, "GET /projects", "check NEON_API_BASE_URL (unset: the public API)");
        return out;
      }
      const body = response.body as Record<string, unknown> | null;
      const items = typeof body === "object" && body !== null ? body[key] : undefined;
      if (!Array.isArray(items) || items.some((i) => typeof i !== "object" || i === null))
        throw new VendorApiError(
          `${SERVICE}: GET ${path} returned an unexpected shape (no "${key}" list); retry, or report it with the endpoint`,
        );
      out.push(...(items as Item[]));
      const next = (body?.pagination as { cursor?: unknown } | undefined)?.cursor;
      // The API may cap the page below `limit`: stop on an empty page or a cursor that does not move.
      if (!paginated || items.length === 0 || typeof next !== "string" || next === cursor) return out;
      cursor = next;
    }
  }
}

/** Every call discovery makes (test/contracts/neon.test.ts checks them against Neon's description). */
export const NEON_DISCOVERY_CALLS: readonly RestCall[] = [
  {
    id: "projects",
    method: "GET",
    path: "/projects",
    query: ["limit", "cursor"],
    reads: ["projects[].id", "projects[].name", "pagination.cursor"],
  },
  {
    id: "branches",
    method: "GET",
    path: "/projects/{project_id}/branches",
    reads: ["branches[].id", "branches[].name", "branches[].default", "branches[].primary"],
  },
  {
    id: "endpoints",
    method: "GET",
    path: "/projects/{project_id}/endpoints",
    reads: ["endpoints[].id", "endpoints[].branch_id", "endpoints[].type", "endpoints[].created_at"],
  },
  { id: "roles", method: "GET", path: "/projects/{project_id}/branches/{branch_id}/roles", reads: ["roles[].name"] },
  {
    id: "databases",
    method: "GET",
    path: "/projects/{project_id}/branches/{branch_id}/databases",
    reads: ["databases[].name"],
  },
];
