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
import { unmanaged as unmanagedObject } from "./match";
import type { DeclaredResource, Finding } from "./types";
import type { CloudflareClient } from "../vendors/cloudflare/discovery";
import { anchorNotFound } from "../vendors/http";

const SERVICE = "Cloudflare";

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
