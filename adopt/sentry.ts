// Sentry discovery: the team, projects, client keys, alerts, metric monitors and linked
// repositories a stack declares, read-only, with the token a deploy uses (SENTRY_AUTH_TOKEN,
// bearer) against SENTRY_BASE_URL (the provider's base URL, default https://sentry.io/api/).
// Sentry API 0 (https://docs.sentry.io/api/), cursor pagination through the `Link` header
// (`<…&cursor=0:100:0>; rel="next"; results="true"`, https://docs.sentry.io/api/pagination/):
//   organization  GET 0/organizations/{org}/                                  (404: an error)
//   team          GET 0/teams/{org}/{team_slug}/                              (404: none)
//   project       GET 0/projects/{org}/{project_slug}/                        → { id, slug }
//   client keys   GET 0/projects/{org}/{project_slug}/keys/                   → [{ id, name, dsn }]
//   alerts        GET 0/organizations/{org}/workflows/                        → [{ id, name }]
//   monitors      GET 0/organizations/{org}/detectors/?project={project_id}   → [{ id, name }]
//   integrations  GET 0/organizations/{org}/integrations/?providerKey={type}  → [{ id }]
//   repositories  GET 0/organizations/{org}/repos/                            → [{ id, name, integrationId }]
//   A repository belongs to an integration of the declared type when its integrationId is one of
//   that type's integrations: `provider` is an open map the description never names fields of
//   (getsentry/sentry-api-schema a589a26, openapi-derefed.json; contracts/descriptions/sentry.json).
// (the last three as jianyuan/terraform-provider-sentry v0.15.4 internal/apiclient/api.yaml
// declares them). Keys carry the DSN and secret: only `id` and `name` are read.
// Import ids (v0.15.4 docs/resources/*.md Import; config/import-ids.ts): team and project
// `<org>/<slug>`, key `<org>/<project>/<key_id>`, alert `<org>/<id>`, metric monitor
// `<org>/<project>/<id>`, repository `<org>/<integration_type>/<integration_id>/<id>`.
import { absent, found, literal, memo, unmatched } from "./match";
import type { DeclaredResource, Finding } from "./types";
import { anchorNotFound } from "../vendors/http";
import type { SentryClient } from "../vendors/sentry";

const SERVICE = "Sentry";
type Item = Record<string, unknown>;

const seg = encodeURIComponent;

/** Finds the live object of each declared Sentry resource. */
export async function discoverSentry(resources: readonly DeclaredResource[], client: SentryClient): Promise<Finding[]> {
  const lists = memo<Item[]>();
  const projects = memo<Item | undefined>();
  const project = (org: string, slug: string) =>
    projects(`${org}/${slug}`, () => client.getOne(`0/projects/${seg(org)}/${seg(slug)}/`));
  const findings: Finding[] = [];
  const orgs = memo<Item | undefined>();
  for (const resource of resources.filter((r) => r.type.startsWith("sentry_"))) {
    const a = resource.attributes;
    const org = literal(a.organization);
    if (!org) {
      findings.push(unmatched(resource, "organization must be literal"));
      continue;
    }
    if (!(await orgs(org, () => client.getOne(`0/organizations/${seg(org)}/`))))
      throw anchorNotFound(
        SERVICE,
        `organization ${org}`,
        "check sentry.organization in config, SENTRY_BASE_URL and the token's organization",
      );
    const byName = async (items: Item[], what: string, id: (item: Item) => string) => {
      const name = literal(a.name);
      const matches = items.filter((i) => i.name === name);
      if (!name) return unmatched(resource, "the name is not literal");
      if (matches.length > 1)
        return unmatched(resource, `${matches.length} ${what}s named "${name}": pick one by hand`);
      return matches.length === 1
        ? found(resource, id(matches[0]), `${what} "${name}"`)
        : absent(resource, `${what} "${name}"`);
    };
    switch (resource.type) {
      case "sentry_team":
      case "sentry_project": {
        const slug = literal(a.slug) ?? literal(a.name);
        const kind = resource.type === "sentry_team" ? "teams" : "projects";
        if (!slug) findings.push(unmatched(resource, "slug must be literal"));
        else if (
          kind === "projects" ? await project(org, slug) : await client.getOne(`0/teams/${seg(org)}/${seg(slug)}/`)
        )
          findings.push(found(resource, `${org}/${slug}`, `${kind.slice(0, -1)} ${slug}`));
        else findings.push(absent(resource, `${kind.slice(0, -1)} ${slug}`));
        break;
      }
      case "sentry_key":
      case "sentry_metric_monitor": {
        const slug = literal(a.project);
        const live = slug ? await project(org, slug) : undefined;
        if (!slug) findings.push(unmatched(resource, "project must be a literal slug"));
        else if (!live) findings.push(absent(resource, `project ${slug} does not exist`));
        else if (resource.type === "sentry_key") {
          const keys = await lists(`keys ${org}/${slug}`, () =>
            client.list(`0/projects/${seg(org)}/${seg(slug)}/keys/`),
          );
          findings.push(await byName(keys, "key", (k) => `${org}/${slug}/${String(k.id)}`));
        } else {
          const monitors = await lists(`detectors ${org}/${slug}`, () =>
            client.list(`0/organizations/${seg(org)}/detectors/`, { project: String(live.id) }),
          );
          findings.push(await byName(monitors, "monitor", (m) => `${org}/${slug}/${String(m.id)}`));
        }
        break;
      }
      case "sentry_alert": {
        const workflows = await lists(`workflows ${org}`, () => client.list(`0/organizations/${seg(org)}/workflows/`));
        findings.push(await byName(workflows, "alert", (w) => `${org}/${String(w.id)}`));
        break;
      }
      case "sentry_organization_repository": {
        const identifier = literal(a.identifier);
        const type = literal(a.integration_type);
        if (!identifier || !type) {
          findings.push(unmatched(resource, "identifier and integration_type must be literal"));
          break;
        }
        const repos = await lists(`repos ${org}`, () => client.list(`0/organizations/${seg(org)}/repos/`));
        const integrations = await lists(`integrations ${org} ${type}`, () =>
          client.list(`0/organizations/${seg(org)}/integrations/`, { providerKey: type }),
        );
        const ofType = new Set(integrations.map((i) => String(i.id)));
        const matches = repos.filter(
          (r) => r.name === identifier && r.integrationId != null && ofType.has(String(r.integrationId)),
        );
        if (matches.length === 1 && matches[0].integrationId != null)
          findings.push(
            found(
              resource,
              `${org}/${type}/${String(matches[0].integrationId)}/${String(matches[0].id)}`,
              `repository ${identifier}`,
            ),
          );
        else if (matches.length > 1) findings.push(unmatched(resource, `${matches.length} repositories ${identifier}`));
        else findings.push(absent(resource, `repository ${identifier}`));
        break;
      }
      default:
        findings.push(unmatched(resource, `${resource.type} is not discovered; add its id by hand (docs/adoption.md)`));
    }
  }
  return findings;
}
