// Cloudflare cache purge: POST /client/v4/zones/{zone_id}/purge_cache with either
// {"hosts": [...]} (the environment's own hosts; every plan, per Cloudflare's purge docs)
// or {"purge_everything": true} (the whole zone, which other environments share).
import type { RestCall } from "../../../contracts/call";
import type { Fetch } from "./runtime";

export const CLOUDFLARE_API_URL = "https://api.cloudflare.com/client/v4";

/** The heal action's call (test/contracts/cloudflare.test.ts checks it against Cloudflare's description). */
export const CLOUDFLARE_PURGE_CALLS: readonly RestCall[] = [
  {
    id: "purge cache",
    method: "POST",
    path: "/zones/{zone_id}/purge_cache",
    body: ["hosts", "purge_everything"],
    reads: ["success", "errors[].message"],
  },
];

export interface PurgeRequest {
  zoneId: string;
  mode: "hosts" | "everything";
  hosts: string[];
}

export async function purgeCache(apiUrl: string, token: string, request: PurgeRequest, fetcher: Fetch): Promise<void> {
  const body = request.mode === "hosts" ? { hosts: request.hosts } : { purge_everything: true };
  const response = await fetcher(`${apiUrl}/zones/${request.zoneId}/purge_cache`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const result = (await response.json().catch(() => ({}))) as {
    success?: boolean;
    errors?: Array<{ message?: string }>;
  };
  if (!response.ok || result.success !== true) {
    const message = result.errors?.map((e) => e.message).join("; ") || `HTTP ${response.status}`;
    throw new Error(`Cloudflare purge: ${message}`);
  }
}
