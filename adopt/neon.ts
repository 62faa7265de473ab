// Neon discovery: the project, branches, roles, databases and endpoints a stack declares,
// read-only, with the API key a deploy uses (NEON_API_KEY). Neon API v2
// (https://api-docs.neon.tech/reference/getting-started-with-neon-api), bearer auth:
//   projects    GET /projects?limit=&cursor=   → { projects: [{ id, name }], pagination: { cursor } }
//               (cursor pagination: pass pagination.cursor back until a page comes back empty)
//   branches    GET /projects/{project_id}/branches → { branches: [{ id, name, default }] }
//   endpoints   GET /projects/{project_id}/endpoints → { endpoints: [{ id, branch_id, type, created_at }] }
//   roles       GET /projects/{project_id}/branches/{branch_id}/roles → { roles: [{ name }] }
//   databases   GET /projects/{project_id}/branches/{branch_id}/databases
//               → { databases: [{ name, owner_name, created_at }] }
// A project's live values that force its replacement when they differ (region_id,
// pg_version, the default branch's name, its oldest database and that database's owner, the
// way the provider reads them back: config/replace-attributes.ts) are recorded as `live`.
// Import ids (kislerdm/terraform-provider-neon v0.15.0, docs/resources/*.md Import and
// config/import-ids.ts): project `<project_id>`, branch `<project_id>/<branch_id>`, endpoint
// `<project_id>/<endpoint_id>`, role and database `<project_id>/<branch_id>/<name>`.
import { absent, found, literal, memo, referenceTo, unmatched } from "./match";
import type { DeclaredResource, Finding, Reference } from "./types";
import type { NeonClient } from "../vendors/neon/discovery";

type Item = Record<string, unknown>;

/** Finds the live object of each declared Neon resource. */
export async function discoverNeon(resources: readonly DeclaredResource[], client: NeonClient): Promise<Finding[]> {
  const lists = memo<Item[]>();
  const projects = () => lists("projects", () => client.list("/projects", "projects", true));
  const branches = (project: string) =>
    lists(`branches ${project}`, () => client.list(`/projects/${project}/branches`, "branches"));

  /** The live project id behind a `neon_project` (by name), or why not. */
  const projectOf = async (attributes: Record<string, unknown>): Promise<{ id?: string; why: string }> => {
    const name = literal(attributes.name);
    if (!name) return { why: "the project's name is not literal" };
    const matches = (await projects()).filter((p) => p.name === name);
    if (matches.length > 1) return { why: `${matches.length} projects named "${name}": pick one by hand` };
    return matches.length === 1 ? { id: String(matches[0].id), why: "" } : { why: `no project named "${name}"` };
  };
  const projectId = async (resource: DeclaredResource) => {
    const ref = referenceTo(resource, "project_id", "neon_project");
    if (ref) return projectOf(ref.attributes);
    const id = literal(resource.attributes.project_id);
    return id ? { id, why: "" } : { why: "project_id is neither literal nor a neon_project" };
  };
  /** The live branch id of `branch_id`: a project's default branch or a neon_branch by name. */
  const branchId = async (project: string, ref: Reference | undefined, raw: unknown) => {
    const live = await branches(project);
    if (ref?.type === "neon_project" && ref.attribute === "default_branch_id") {
      const main = live.find((b) => b.default === true || b.primary === true);
      return main ? { id: String(main.id), why: "" } : { why: "the project has no default branch" };
    }
    if (ref?.type === "neon_branch") {
      const name = literal(ref.attributes.name);
      const matches = live.filter((b) => b.name === name);
      if (matches.length > 1) return { why: `${matches.length} branches named "${name}": pick one by hand` };
      return matches.length === 1 ? { id: String(matches[0].id), why: "" } : { why: `no branch named "${name}"` };
    }
    const id = literal(raw);
    return id ? { id, why: "" } : { why: "branch_id is neither literal nor a neon_branch/default branch" };
  };

  /**
   * What kislerdm/neon 0.15.0 reads back into the project's replace-forcing attributes:
   * region and Postgres version from the project, `branch` from the default branch and its
   * oldest database and that database's owner (resource_project.go:1008-1052, 469-491).
   */
  const projectLive = async (id: string): Promise<Record<string, string | number>> => {
    const live: Record<string, string | number> = {};
    const item = (await projects()).find((p) => p.id === id) ?? {};
    if (typeof item.region_id === "string") live.region_id = item.region_id;
    if (typeof item.pg_version === "number") live.pg_version = item.pg_version;
    const main = (await branches(id)).find((b) => b.default === true || b.primary === true);
    if (!main) return live;
    live["branch.name"] = String(main.name);
    const databases = (await client.list(`/projects/${id}/branches/${String(main.id)}/databases`, "databases")).sort(
      (x, y) => String(x.created_at ?? "").localeCompare(String(y.created_at ?? "")),
    );
    const oldest = databases[0];
    if (oldest && typeof oldest.name === "string") live["branch.database_name"] = oldest.name;
    if (oldest && typeof oldest.owner_name === "string") live["branch.role_name"] = oldest.owner_name;
    return live;
  };

  const findings: Finding[] = [];
  // Endpoints already matched, so two declared replicas take two different live ones.
  const taken = new Set<string>();
  for (const resource of resources.filter((r) => r.type.startsWith("neon_"))) {
    const a = resource.attributes;
    if (resource.type === "neon_project") {
      const project = await projectOf(a);
      findings.push(
        project.id
          ? found(resource, project.id, `project "${String(a.name)}"`, await projectLive(project.id))
          : project.why.startsWith("no project")
            ? absent(resource, project.why)
            : unmatched(resource, project.why),
      );
      continue;
    }
    const project = await projectId(resource);
    if (!project.id) {
      findings.push(project.why.startsWith("no ") ? absent(resource, project.why) : unmatched(resource, project.why));
      continue;
    }
    if (resource.type === "neon_branch") {
      const name = literal(a.name);
      const matches = (await branches(project.id)).filter((b) => b.name === name);
      if (!name) findings.push(unmatched(resource, "the branch name is not literal"));
      else if (matches.length > 1) findings.push(unmatched(resource, `${matches.length} branches named "${name}"`));
      else if (matches.length === 1)
        findings.push(found(resource, `${project.id}/${String(matches[0].id)}`, `branch "${name}"`));
      else findings.push(absent(resource, `branch "${name}"`));
      continue;
    }
    const branch = await branchId(project.id, resource.references?.branch_id, a.branch_id);
    if (!branch.id) {
      findings.push(branch.why.startsWith("no ") ? absent(resource, branch.why) : unmatched(resource, branch.why));
      continue;
    }
    if (resource.type === "neon_role" || resource.type === "neon_database") {
      const kind = resource.type === "neon_role" ? "roles" : "databases";
      const name = literal(a.name);
      const live = await lists(`${kind} ${branch.id}`, () =>
        client.list(`/projects/${project.id}/branches/${branch.id}/${kind}`, kind),
      );
      if (!name) findings.push(unmatched(resource, "the name is not literal"));
      else if (live.some((x) => x.name === name))
        findings.push(found(resource, `${project.id}/${branch.id}/${name}`, `${kind.slice(0, -1)} "${name}"`));
      else findings.push(absent(resource, `${kind.slice(0, -1)} "${name}" on ${branch.id}`));
      continue;
    }
    if (resource.type === "neon_endpoint") {
      // Endpoints have no name: match by branch and type. Read replicas are interchangeable,
      // so declared ones take the live ones of their branch oldest first.
      const type = literal(a.type) ?? "read_write";
      const live = (
        await lists(`endpoints ${project.id}`, () => client.list(`/projects/${project.id}/endpoints`, "endpoints"))
      )
        .filter((e) => e.branch_id === branch.id && e.type === type && !taken.has(String(e.id)))
        .sort((x, y) => String(x.created_at ?? "").localeCompare(String(y.created_at ?? "")));
      if (live.length === 0) findings.push(absent(resource, `${type} endpoint on ${branch.id}`));
      else {
        taken.add(String(live[0].id));
        findings.push(found(resource, `${project.id}/${String(live[0].id)}`, `${type} endpoint on ${branch.id}`));
      }
      continue;
    }
    findings.push(unmatched(resource, `${resource.type} is not discovered; add its id by hand (docs/adoption.md)`));
  }
  return findings;
}
