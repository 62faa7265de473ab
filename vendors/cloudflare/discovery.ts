// Cloudflare's reads for adoption's discovery (CLOUDFLARE_API_TOKEN, read scope suffices).
// Two lists page (the SDK's V4PagePaginationArray: `page`/`per_page` in,
// `result_info: { page, per_page }` out, no page count: read until a page comes back short);
// the others answer in one page (SinglePage) and take no paging parameters (npm
// cloudflare@7.3.0, core/pagination.d.ts; contracts/descriptions/cloudflare.json).
//   entry-point ruleset of a phase  GET /zones/{zone_id}/rulesets/phases/{phase}/entrypoint (404: none)
//   DNS records                      GET /zones/{zone_id}/dns_records?name.exact=&type=&page=&per_page=
//   load balancers                   GET /zones/{zone_id}/load_balancers
//   pools, monitors                  GET /accounts/{account_id}/load_balancers/pools | /monitors
//   Workers scripts                  GET /accounts/{account_id}/workers/scripts (result[].id is the name)
//   KV namespaces                    GET /accounts/{account_id}/storage/kv/namespaces?page=&per_page=
//   anchors                          GET /zones/{zone_id}, GET /accounts/{account_id}
import type { RestCall } from "../../contracts/call";
import {
  type BearerClientOptions,
  DISCOVERY_TIMEOUT_MS,
  READ_ACCESS,
  requestJson,
  type VendorApiProps,
  VendorApiError,
} from "../http";
import { CLOUDFLARE_SERVICE, cloudflareApi } from "./api";

const SERVICE = CLOUDFLARE_SERVICE;

interface Envelope {
  success?: boolean;
  result?: unknown;
}

/** Items per page of the paged lists; a shorter page is the last. */
export const PER_PAGE = 50;
const PAGED = ["page", "per_page"];
const LISTED = ["result[].id"];

/** Every call discovery makes (test/contracts/cloudflare.test.ts checks them against Cloudflare's description). */
export const CLOUDFLARE_DISCOVERY_CALLS: readonly RestCall[] = [
  { id: "zone", method: "GET", path: "/zones/{zone_id}", reads: ["success", "result"] },
  { id: "account", method: "GET", path: "/accounts/{account_id}", reads: ["success", "result"] },
  {
    id: "entry-point ruleset",
    method: "GET",
    path: "/zones/{zone_id}/rulesets/phases/{ruleset_phase}/entrypoint",
    reads: ["success", "result.id"],
  },
  {
    id: "DNS records",
    method: "GET",
    path: "/zones/{zone_id}/dns_records",
    query: ["name.exact", "type", ...PAGED],
    reads: ["success", ...LISTED, "result[].name", "result[].type"],
  },
  {
    id: "load balancers",
    method: "GET",
    path: "/zones/{zone_id}/load_balancers",
    reads: ["success", ...LISTED, "result[].name"],
  },
  {
    id: "pools",
    method: "GET",
    path: "/accounts/{account_id}/load_balancers/pools",
    reads: ["success", ...LISTED, "result[].name"],
  },
  {
    id: "monitors",
    method: "GET",
    path: "/accounts/{account_id}/load_balancers/monitors",
    reads: ["success", ...LISTED, "result[].description"],
  },
  {
    id: "Workers scripts",
    method: "GET",
    path: "/accounts/{account_id}/workers/scripts",
    reads: ["success", ...LISTED],
  },
  {
    id: "KV namespaces",
    method: "GET",
    path: "/accounts/{account_id}/storage/kv/namespaces",
    query: PAGED,
    reads: ["success", ...LISTED, "result[].title"],
  },
];

/** The lists that page; every other list answers in one page. */
const PAGED_LISTS = [/\/dns_records$/, /\/storage\/kv\/namespaces$/];

export type CloudflareClientOptions = BearerClientOptions;

export class CloudflareClient {
  private readonly api: VendorApiProps;

  constructor(options: CloudflareClientOptions) {
    this.api = cloudflareApi({
      ...options,
      access: READ_ACCESS,
      timeoutMs: options.timeoutMs ?? DISCOVERY_TIMEOUT_MS,
    });
  }

  /** The `result` object, or undefined on 404. */
  async getOne(path: string): Promise<Record<string, unknown> | undefined> {
    const response = await requestJson(this.api, { method: "GET", path });
    if (response.status === 404) return undefined;
    const result = envelope(response.body, path).result;
    if (typeof result !== "object" || result === null || Array.isArray(result)) throw malformed(path);
    return result as Record<string, unknown>;
  }

  /** Every item of a list endpoint: page by page until a short page for the paged lists, else one request. */
  async list(path: string, query: Record<string, string> = {}): Promise<Array<Record<string, unknown>>> {
    const out: Array<Record<string, unknown>> = [];
    const paged = PAGED_LISTS.some((p) => p.test(path));
    for (let page = 1; page <= 1000; page++) {
      const paging: Record<string, string> = paged ? { page: String(page), per_page: String(PER_PAGE) } : {};
      const response = await requestJson(this.api, { method: "GET", path, query: { ...query, ...paging } });
      if (response.status === 404) return out;
      const body = envelope(response.body, path);
      if (!Array.isArray(body.result)) throw malformed(path);
      out.push(...(body.result as Array<Record<string, unknown>>));
      if (!paged || body.result.length < PER_PAGE) return out;
    }
    throw new VendorApiError(`${SERVICE}: GET ${path} still had results after 1000 pages; report it with the endpoint`);
  }
}

function envelope(body: unknown, path: string): Envelope {
  if (typeof body !== "object" || body === null) throw malformed(path);
  const env = body as Envelope;
  if (env.success === false)
    throw new VendorApiError(`${SERVICE}: GET ${path} reported success: false; check the ids in config`);
  return env;
}

function malformed(path: string): VendorApiError {
  return new VendorApiError(
    `${SERVICE}: GET ${path} returned an unexpected shape; retry, or report it with the endpoint`,
  );
}
