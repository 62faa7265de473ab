// Grafana discovery: the folder, data source, dashboards, contact points, alert rule groups
// and notification policy a stack declares, read-only, with the credential a deploy uses
// (GRAFANA_AUTH: a service account token, or `user:password` for basic auth, as the
// provider reads it) against the stack's Grafana URL (the provider's `url`, or GRAFANA_URL).
// Grafana HTTP API (https://grafana.com/docs/grafana/latest/developers/http_api/):
//   organization     GET /api/org                                             (404: wrong URL, an error)
//   folder           GET /api/folders/{uid}                                   (404: none)
//   data source      GET /api/datasources/uid/{uid}; without a literal uid, GET /api/datasources
//                    (the list, matched by name: /api/datasources/name/{name} is deprecated,
//                    "will be removed in the future", contracts/descriptions/grafana.json)
//   dashboard        GET /api/dashboards/uid/{uid}                            (uid from config_json)
//   contact points   GET /api/v1/provisioning/contact-points?name={name}      → [{ uid, name }]
//   rule group       GET /api/v1/provisioning/folder/{folderUid}/rule-groups/{group}
//   policy tree      GET /api/v1/provisioning/policies                        (always one)
//   SLOs             GET /api/plugins/grafana-slo-app/resources/v1/slo        → { slos: [{ uuid, name }] }
//                    (Grafana Cloud SLO HTTP API, the endpoint the provider's grafana_slo uses)
// Import ids (grafana/terraform-provider-grafana v4.45.1 docs/resources/*.md Import;
// config/import-ids.ts): folder, data source, dashboard `<uid>`, contact point `<name>`,
// rule group `<folderUID>:<title>`, notification policy any string, SLO `<uuid>`.
import { absent, found, literal, unmatched } from "./match";
import type { DeclaredResource, Finding } from "./types";
import type { GrafanaClient } from "../vendors/grafana";
import { anchorNotFound } from "../vendors/http";

const SERVICE = "Grafana";

const seg = encodeURIComponent;

/** Finds the live object of each declared Grafana resource. */
export async function discoverGrafana(
  resources: readonly DeclaredResource[],
  client: GrafanaClient,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  if ((await client.get("/api/org")) === undefined)
    throw anchorNotFound(
      SERVICE,
      "GET /api/org",
      "check the stack's Grafana URL (grafana.url in config, or GRAFANA_URL)",
    );
  for (const resource of resources.filter((r) => r.type.startsWith("grafana_"))) {
    const a = resource.attributes;
    switch (resource.type) {
      case "grafana_folder": {
        const uid = literal(a.uid);
        if (!uid) findings.push(unmatched(resource, "only folders with a literal uid are discovered"));
        else if (await client.get(`/api/folders/${seg(uid)}`)) findings.push(found(resource, uid, `folder ${uid}`));
        else findings.push(absent(resource, `folder ${uid}`));
        break;
      }
      case "grafana_data_source": {
        const uid = literal(a.uid);
        const name = literal(a.name);
        const live = (
          uid
            ? await client.get(`/api/datasources/uid/${seg(uid)}`)
            : name
              ? await dataSourceNamed(client, name)
              : undefined
        ) as { uid?: unknown } | undefined;
        if (!uid && !name) findings.push(unmatched(resource, "uid or name must be literal"));
        else if (typeof live?.uid === "string") findings.push(found(resource, live.uid, `data source ${uid ?? name}`));
        else findings.push(absent(resource, `data source ${uid ?? name}`));
        break;
      }
      case "grafana_dashboard": {
        const uid = dashboardUid(a.config_json);
        if (!uid) findings.push(unmatched(resource, "the dashboard's config_json has no literal uid"));
        else if (await client.get(`/api/dashboards/uid/${seg(uid)}`))
          findings.push(found(resource, uid, `dashboard ${uid}`));
        else findings.push(absent(resource, `dashboard ${uid}`));
        break;
      }
      case "grafana_contact_point": {
        const name = literal(a.name);
        const live = name ? await client.get("/api/v1/provisioning/contact-points", { name }) : undefined;
        if (!name) findings.push(unmatched(resource, "the name is not literal"));
        else if (Array.isArray(live) && live.some((c: { name?: unknown }) => c?.name === name))
          findings.push(found(resource, name, `contact point "${name}"`));
        else findings.push(absent(resource, `contact point "${name}"`));
        break;
      }
      case "grafana_rule_group": {
        const folder = literal(a.folder_uid);
        const name = literal(a.name);
        if (!folder || !name) findings.push(unmatched(resource, "folder_uid and name must be literal"));
        else if (await client.get(`/api/v1/provisioning/folder/${seg(folder)}/rule-groups/${seg(name)}`))
          findings.push(found(resource, `${folder}:${name}`, `rule group ${name} in ${folder}`));
        else findings.push(absent(resource, `rule group ${name} in ${folder}`));
        break;
      }
      case "grafana_notification_policy":
        // Every organization has exactly one policy tree: it always exists (the read checks access).
        if (await client.get("/api/v1/provisioning/policies"))
          findings.push(found(resource, "policy", "the organization's policy tree"));
        else findings.push(unmatched(resource, "GET /api/v1/provisioning/policies answered 404"));
        break;
      case "grafana_slo": {
        const name = literal(a.name);
        const live = name ? await liveSlos(client) : [];
        const slo = live.find((s) => s.name === name);
        if (!name) findings.push(unmatched(resource, "the name is not literal"));
        else if (slo) findings.push(found(resource, slo.uuid, `SLO "${name}"`));
        else findings.push(absent(resource, `SLO "${name}"`));
        break;
      }
      default:
        findings.push(unmatched(resource, `${resource.type} is not discovered; add its id by hand (docs/adoption.md)`));
    }
  }
  return findings;
}

/** The data source named `name`, from the list (the by-name endpoint is deprecated); undefined when none. */
async function dataSourceNamed(client: GrafanaClient, name: string): Promise<unknown> {
  const all = await client.get("/api/datasources");
  return Array.isArray(all) ? all.find((d: { name?: unknown }) => d?.name === name) : undefined;
}

/** The organization's SLOs (the plugin's list is unpaged); none when the SLO app is not installed (404). */
async function liveSlos(client: GrafanaClient): Promise<Array<{ uuid: string; name: string }>> {
  const body = (await client.get("/api/plugins/grafana-slo-app/resources/v1/slo")) as { slos?: unknown } | undefined;
  const slos = Array.isArray(body?.slos) ? (body.slos as Array<{ uuid?: unknown; name?: unknown }>) : [];
  return slos.flatMap((s) =>
    typeof s.uuid === "string" && typeof s.name === "string" ? [{ uuid: s.uuid, name: s.name }] : [],
  );
}

function dashboardUid(configJson: unknown): string | undefined {
  if (typeof configJson !== "string") return undefined;
  try {
    return literal((JSON.parse(configJson) as { uid?: unknown }).uid);
  } catch {
    return undefined;
  }
}
