// Cloudflare discovery: finds the live object behind each Cloudflare resource a stack
// declares, read-only, with the API token a deploy uses (CLOUDFLARE_API_TOKEN, read scope
// suffices). API v4 (https://developers.cloudflare.com/api/): every response is the envelope
// `{ success, errors, messages, result }`. Two lists page (the SDK's V4PagePaginationArray:
// `page`/`per_page` in, `result_info: { page, per_page }` out, no page count: read until a
// page comes back short); the others answer in one page (SinglePage) and take no paging
// parameters (npm cloudflare@7.3.0, core/pagination.d.ts; contracts/descriptions/cloudflare.json).
//   entry-point ruleset of a phase  GET /zones/{zone_id}/rulesets/phases/{phase}/entrypoint (404: none)
//                                    → result { id, name, kind, phase, rules } (name and kind kept as `live`)
//   DNS records                      GET /zones/{zone_id}/dns_records?name.exact=&type=&page=&per_page=
//   load balancers                   GET /zones/{zone_id}/load_balancers
//   pools, monitors                  GET /accounts/{account_id}/load_balancers/pools | /monitors
//   Workers scripts                  GET /accounts/{account_id}/workers/scripts (result[].id is the name)
//   KV namespaces                    GET /accounts/{account_id}/storage/kv/namespaces?page=&per_page=
//   anchors                          GET /zones/{zone_id}, GET /accounts/{account_id} (404: an error)
// Zone settings always exist: their id is `<zone_id>/<setting_id>`, no call needed.
import { anchorNotFound, DiscoveryError, getJson, type HttpOptions } from "./http";
import { unmanaged as unmanagedObject } from "./match";
import type { DeclaredResource, Finding } from "./types";
import type { RestCall } from "../contracts/call";

const SERVICE = "Cloudflare";

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

export interface CloudflareClientOptions {
  token: string;
  baseUrl?: string;
  sleep?: HttpOptions["sleep"];
}

export class CloudflareClient {
  private readonly base: string;
  private readonly http: HttpOptions;

  constructor(options: CloudflareClientOptions) {
    this.base = (options.baseUrl ?? "https://api.cloudflare.com/client/v4").replace(/\/$/, "");
    this.http = {
      service: SERVICE,
      credentialVar: "CLOUDFLARE_API_TOKEN",
      headers: { authorization: `Bearer ${options.token}`, accept: "application/json" },
      sleep: options.sleep,
    };
  }

  /** The `result` object, or undefined on 404. */
  async getOne(path: string): Promise<Record<string, unknown> | undefined> {
    const response = await getJson(new URL(`${this.base}${path}`), this.http);
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
      const url = new URL(`${this.base}${path}`);
      const paging = paged ? { page: String(page), per_page: String(PER_PAGE) } : {};
      for (const [k, v] of Object.entries({ ...query, ...paging })) url.searchParams.set(k, v);
      const response = await getJson(url, this.http);
      if (response.status === 404) return out;
      const body = envelope(response.body, path);
      if (!Array.isArray(body.result)) throw malformed(path);
      out.push(...(body.result as Array<Record<string, unknown>>));
      if (!paged || body.result.length < PER_PAGE) return out;
    }
    throw new DiscoveryError(`${SERVICE}: GET ${path} still had results after 1000 pages; report it with the endpoint`);
  }
}

function envelope(body: unknown, path: string): Envelope {
  if (typeof body !== "object" || body === null) throw malformed(path);
  const env = body as Envelope;
  if (env.success === false)
    throw new DiscoveryError(`${SERVICE}: GET ${path} reported success: false; check the ids in config`);
  return env;
}

function malformed(path: string): DiscoveryError {
  return new DiscoveryError(
    `${SERVICE}: GET ${path} returned an unexpected shape; retry, or report it with the endpoint`,
  );
}

const literal = (value: unknown): string | undefined =>
  typeof value === "string" && !value.includes("${") ? value : undefined;

/** Finds the live object of each declared Cloudflare resource. */
export async function discoverCloudflare(
  resources: readonly DeclaredResource[],
  client: CloudflareClient,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const lists = new Map<string, Promise<Array<Record<string, unknown>>>>();
  const cachedList = (path: string): Promise<Array<Record<string, unknown>>> => {
    if (!lists.has(path)) lists.set(path, client.list(path));
    return lists.get(path) as Promise<Array<Record<string, unknown>>>;
  };
  const own = resources.filter((r) => r.type.startsWith("cloudflare_"));
  const zones = new Set(own.map((r) => literal(r.attributes.zone_id)).filter((z) => z !== undefined));
  const accounts = new Set(own.map((r) => literal(r.attributes.account_id)).filter((a) => a !== undefined));
  for (const zone of zones)
    if ((await client.getOne(`/zones/${zone}`)) === undefined)
      throw anchorNotFound(SERVICE, `zone ${zone}`, "check cloudflare.zoneId in config and the token's zone access");
  for (const account of accounts)
    if ((await client.getOne(`/accounts/${account}`)) === undefined)
      throw anchorNotFound(
        SERVICE,
        `account ${account}`,
        "check cloudflare.accountId in config and the token's account access",
      );
  for (const resource of own) {
    const a = resource.attributes;
    const zone = literal(a.zone_id);
    const account = literal(a.account_id);
    const found = (id: string, match: string, live?: Record<string, string>): Finding => ({
      ...resource,
      status: "import",
      id,
      match,
      ...(live === undefined || Object.keys(live).length === 0 ? {} : { live }),
    });
    const absent = (match: string): Finding => ({ ...resource, status: "create", match });
    const unmatched = (hint: string): Finding => ({ ...resource, status: "unmatched", hint });
    switch (resource.type) {
      case "cloudflare_zone_setting": {
        const setting = literal(a.setting_id);
        findings.push(
          zone && setting
            ? found(`${zone}/${setting}`, `setting ${setting}`)
            : unmatched("zone_id/setting_id not literal"),
        );
        break;
      }
      case "cloudflare_ruleset": {
        const phase = literal(a.phase);
        if (!zone || !phase) {
          findings.push(unmatched("only zone-level rulesets with a literal phase are discovered"));
          break;
        }
        const entry = await client.getOne(`/zones/${zone}/rulesets/phases/${phase}/entrypoint`);
        const id = typeof entry?.id === "string" ? entry.id : undefined;
        // The entry point's name and kind force a replacement when they differ: keep the live ones.
        const live = Object.fromEntries(
          (["name", "kind"] as const).flatMap((key) => (typeof entry?.[key] === "string" ? [[key, entry[key]]] : [])),
        ) as Record<string, string>;
        findings.push(
          id ? found(`zones/${zone}/${id}`, `entry point of ${phase}`, live) : absent(`no entry point for ${phase}`),
        );
        break;
      }
      case "cloudflare_dns_record": {
        const name = literal(a.name);
        const type = literal(a.type);
        if (zone && type && !name && typeof a.name === "string" && a.name.includes("${")) {
          // A name only the apply knows (a Railway domain's ownership record): nothing to look up.
          findings.push({
            ...resource,
            status: "create",
            match: "",
            reason: "its name is known only at apply; list an existing record by hand",
          });
          break;
        }
        if (!zone || !name || !type) {
          findings.push(unmatched("zone_id, name and type must be literal"));
          break;
        }
        const records = (await client.list(`/zones/${zone}/dns_records`, { "name.exact": name, type })).filter(
          (r) => r.name === name && r.type === type,
        );
        if (records.length > 1)
          findings.push(unmatched(`${records.length} ${type} records named ${name}: pick one by hand`));
        else if (records.length === 1) findings.push(found(`${zone}/${String(records[0].id)}`, `${type} ${name}`));
        else findings.push(absent(`${type} ${name}`));
        break;
      }
      case "cloudflare_load_balancer":
        findings.push(await byField(resource, zone, `/zones/${zone}/load_balancers`, "name", cachedList));
        break;
      case "cloudflare_load_balancer_pool":
        findings.push(
          await byField(resource, account, `/accounts/${account}/load_balancers/pools`, "name", cachedList),
        );
        break;
      case "cloudflare_load_balancer_monitor":
        findings.push(
          await byField(resource, account, `/accounts/${account}/load_balancers/monitors`, "description", cachedList),
        );
        break;
      case "cloudflare_workers_kv_namespace":
        findings.push(
          await byField(resource, account, `/accounts/${account}/storage/kv/namespaces`, "title", cachedList),
        );
        break;
      case "cloudflare_workers_script":
      case "cloudflare_workers_cron_trigger": {
        const script = literal(a.script_name);
        if (!account || !script) {
          findings.push(unmatched("account_id and script_name must be literal"));
          break;
        }
        const scripts = await cachedList(`/accounts/${account}/workers/scripts`);
        findings.push(
          scripts.some((s) => s.id === script)
            ? found(`${account}/${script}`, `Worker ${script}`)
            : absent(`Worker ${script}`),
        );
        break;
      }
      default:
        findings.push(unmatched(`${resource.type} is not discovered yet; add its id by hand (docs/adoption.md)`));
    }
  }
  // Account/zone objects of the lists read that no resource here matched.
  const matched = new Set(findings.flatMap((f) => (f.status === "import" ? [f.id.split("/").at(-1)] : [])));
  for (const [path, listed] of lists) {
    const kind = UNMANAGED_KINDS.find((k) => path.endsWith(k.suffix));
    if (!kind) continue;
    for (const item of await listed)
      if (!matched.has(String(item.id)))
        findings.push(unmanagedObject(kind.type, String(item[kind.field] ?? item.id), UNMANAGED_HINT));
  }
  return findings;
}

const UNMANAGED_HINT = "exists, no construct declares it: it stays as is; declare and adopt it to manage it";
const UNMANAGED_KINDS = [
  { suffix: "/load_balancers", type: "cloudflare_load_balancer", field: "name" },
  { suffix: "/load_balancers/pools", type: "cloudflare_load_balancer_pool", field: "name" },
  { suffix: "/load_balancers/monitors", type: "cloudflare_load_balancer_monitor", field: "description" },
  { suffix: "/storage/kv/namespaces", type: "cloudflare_workers_kv_namespace", field: "title" },
  { suffix: "/workers/scripts", type: "cloudflare_workers_script", field: "id" },
];

async function byField(
  resource: DeclaredResource,
  scope: string | undefined,
  path: string,
  field: string,
  list: (path: string) => Promise<Array<Record<string, unknown>>>,
): Promise<Finding> {
  const want = literal(resource.attributes[field]);
  if (!scope || !want)
    return { ...resource, status: "unmatched", hint: `${field} and its account/zone must be literal` };
  const matches = (await list(path)).filter((item) => item[field] === want);
  if (matches.length > 1)
    return {
      ...resource,
      status: "unmatched",
      hint: `${matches.length} objects with ${field} "${want}": pick one by hand`,
    };
  if (matches.length === 0) return { ...resource, status: "create", match: `${field} "${want}"` };
  return { ...resource, status: "import", id: `${scope}/${String(matches[0].id)}`, match: `${field} "${want}"` };
}
