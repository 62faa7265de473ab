// Railway discovery: the project, services, service and custom domains and variables a stack
// declares, read-only, with the token a deploy uses (RAILWAY_TOKEN, sent as
// `Authorization: Bearer`, as the provider does: internal/provider/client.go, v0.6.2).
// Railway's public GraphQL API (https://docs.railway.com/reference/public-api), queries only:
//   projects(first, after) { edges { node { id name environments services } } pageInfo }  (cursor pagination)
//   domains(projectId, environmentId, serviceId) { serviceDomains { domain suffix } customDomains { domain } }
//   variables(projectId, environmentId, serviceId): a JSON object name → value; only the
//     names are kept, the values are dropped on receipt (they are secrets).
// GraphQL reports errors in a 200 body (`errors: [{ message }]`): "Not Authorized" is the token.
// Import ids (terraform-community-providers/terraform-provider-railway v0.6.2,
// internal/provider/resource_*.go ImportState; config/import-ids.ts): project and service
// `<uuid>`, service domain, custom domain and variable `<service_id>:<environment_name>:<domain|name>`.
import { absent, found, literal, memo, referenceTo, unmanaged, unmatched } from "./match";
import type { DeclaredResource, Finding, Reference } from "./types";
import type { LiveProject, RailwayClient } from "../vendors/railway";

/** Finds the live object of each declared Railway resource. */
export async function discoverRailway(
  resources: readonly DeclaredResource[],
  client: RailwayClient,
): Promise<Finding[]> {
  let projects: Promise<LiveProject[]> | undefined;
  const domains = memo<{ service: string[]; custom: string[] }>();
  const variables = memo<string[]>();

  const projectOf = async (attributes: Record<string, unknown>): Promise<{ project?: LiveProject; why: string }> => {
    const name = literal(attributes.name);
    if (!name) return { why: "the project's name is not literal" };
    // Every project of a stack is in the same workspace (one config), so one listing serves all.
    const workspaceId = literal(attributes.workspace_id);
    const matches = (await (projects ??= client.projects(workspaceId))).filter((p) => p.name === name);
    if (matches.length > 1) return { why: `${matches.length} projects named "${name}": pick one by hand` };
    return matches.length === 1 ? { project: matches[0], why: "" } : { why: `no project named "${name}"` };
  };
  /** The live service behind a reference to a railway_service, with its project. */
  const serviceOf = async (ref: Reference | undefined) => {
    const projectRef = ref && referenceTo(ref, "project_id", "railway_project");
    if (!ref || !projectRef) return { why: "service_id is not a railway_service of a railway_project" };
    const { project, why } = await projectOf(projectRef.attributes);
    if (!project) return { why };
    const name = literal(ref.attributes.name);
    const matches = project.services.filter((s) => s.name === name);
    if (matches.length > 1) return { why: `${matches.length} services named "${name}": pick one by hand` };
    if (matches.length === 0) return { why: `no service "${name}" in ${project.name}` };
    // The environment a domain or variable lives in: the project's default environment by name.
    const envName =
      literal((projectRef.attributes.default_environment as { name?: unknown } | undefined)?.name) ?? "production";
    const environment = project.environments.find((e) => e.name === envName);
    if (!environment) return { why: `no environment "${envName}" in ${project.name}` };
    return {
      ids: { projectId: project.id, environmentId: environment.id, serviceId: matches[0].id },
      envName,
      why: "",
    };
  };

  const findings: Finding[] = [];
  for (const resource of resources.filter((r) => r.type.startsWith("railway_"))) {
    const a = resource.attributes;
    const miss = (why: string) => (why.startsWith("no ") ? absent(resource, why) : unmatched(resource, why));
    if (resource.type === "railway_project") {
      const { project, why } = await projectOf(a);
      findings.push(project ? found(resource, project.id, `project "${project.name}"`) : miss(why));
      continue;
    }
    if (resource.type === "railway_service") {
      const ref = referenceTo(resource, "project_id", "railway_project");
      const { project, why } = ref ? await projectOf(ref.attributes) : { why: "project_id is not a railway_project" };
      const name = literal(a.name);
      const matches = project?.services.filter((s) => s.name === name) ?? [];
      if (!project) findings.push(miss(why));
      else if (matches.length > 1) findings.push(unmatched(resource, `${matches.length} services named "${name}"`));
      else if (matches.length === 1) findings.push(found(resource, matches[0].id, `service "${name}"`));
      else findings.push(absent(resource, `no service "${name}" in ${project.name}`));
      continue;
    }
    if (!["railway_service_domain", "railway_custom_domain", "railway_variable"].includes(resource.type)) {
      findings.push(unmatched(resource, `${resource.type} is not discovered; add its id by hand (docs/adoption.md)`));
      continue;
    }
    const service = await serviceOf(referenceTo(resource, "service_id", "railway_service"));
    if (!service.ids) {
      findings.push(miss(service.why));
      continue;
    }
    const { ids, envName } = service;
    const key = `${ids.serviceId} ${ids.environmentId}`;
    const prefix = `${ids.serviceId}:${envName}`;
    if (resource.type === "railway_variable") {
      const name = literal(a.name);
      const names = await variables(key, () => client.variableNames(ids));
      if (!name) findings.push(unmatched(resource, "the variable name is not literal"));
      else if (names.includes(name)) findings.push(found(resource, `${prefix}:${name}`, `variable ${name}`));
      else findings.push(absent(resource, `variable ${name}`));
      continue;
    }
    const live = await domains(key, () => client.domains(ids));
    if (resource.type === "railway_custom_domain") {
      const domain = literal(a.domain);
      if (domain && live.custom.includes(domain)) findings.push(found(resource, `${prefix}:${domain}`, domain));
      else
        findings.push(domain ? absent(resource, `custom domain ${domain}`) : unmatched(resource, "domain not literal"));
      continue;
    }
    // A service domain is `<subdomain>.<suffix>` (resource_service_domain.go getAndBuildServiceDomain).
    const subdomain = literal(a.subdomain);
    const domain = live.service.find((d) => subdomain !== undefined && d.startsWith(`${subdomain}.`));
    if (domain) findings.push(found(resource, `${prefix}:${domain}`, domain));
    else
      findings.push(
        subdomain ? absent(resource, `service domain ${subdomain}.*`) : unmatched(resource, "subdomain not literal"),
      );
  }
  // Services of the stack's projects that no railway_service here matched.
  const imported = new Set(findings.flatMap((f) => (f.status === "import" ? [f.id] : [])));
  for (const project of (await projects) ?? [])
    if (imported.has(project.id))
      for (const service of project.services.filter((s) => !imported.has(s.id)))
        findings.push(
          unmanaged(
            "railway_service",
            `${project.name}/${service.name}`,
            "exists in the project, no construct declares it",
          ),
        );
  return findings;
}
