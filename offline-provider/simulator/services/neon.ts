// Neon API v2: project ids are `<word>-<word>-<8 digits>`, branches `br-…`, endpoints
// `ep-…`; an endpoint's host is `<endpoint id>.<region>.aws.neon.tech` and its pooled host
// adds `-pooler` to the endpoint id; a project's connection URI is
// postgresql://<role>:<password>@<host>/<database>?sslmode=require (kislerdm/neon v0.15.0,
// provider/resource_project.go: connection_uri, database_host, database_host_pooler;
// the provider marks the URIs and the password sensitive). A console-made project's
// owner role is neondb_owner and its database neondb (DESIGN.md, Apply-time truth).
import type { CtyValue } from "../../cty";
import { type Creation, type ServiceModel, digest, digits, str } from "./model";

const WORDS = ["shiny", "quiet", "wispy", "cool", "bold", "calm", "late", "still"];
const NOUNS = ["cell", "field", "meadow", "darkness", "sound", "river", "stone", "leaf"];
const words = (seed: string): string => {
  const h = digest(seed);
  return `${WORDS[parseInt(h.slice(0, 2), 16) % WORDS.length]}-${NOUNS[parseInt(h.slice(2, 4), 16) % NOUNS.length]}`;
};
const endpointId = (seed: string): string => `ep-${words(`${seed} ep`)}-${digits(`${seed} ep`, 8)}`;
const regionHost = (region: string | undefined): string =>
  `${(region ?? "aws-us-east-2").replace(/^aws-/, "")}.aws.neon.tech`;

function firstBranch(known: Creation["known"]): Record<string, CtyValue> {
  const branch = known.branch;
  const first = Array.isArray(branch) ? branch[0] : undefined;
  return typeof first === "object" && first !== null && !Array.isArray(first)
    ? (first as Record<string, CtyValue>)
    : {};
}

function project(c: Creation, attribute: string): CtyValue | undefined {
  const region = str(c.known.region_id) ?? "aws-us-east-2";
  const endpoint = endpointId(c.seed);
  const branch = firstBranch(c.known);
  const user = str(branch.role_name) ?? "neondb_owner";
  const database = str(branch.database_name) ?? "neondb";
  const password = `npg${digest(`${c.seed} password`).slice(0, 12)}`;
  const host = `${endpoint}.${regionHost(region)}`;
  const pooler = `${endpoint}-pooler.${regionHost(region)}`;
  const uri = (h: string) => `postgresql://${user}:${password}@${h}/${database}?sslmode=require`;
  const values: Record<string, CtyValue> = {
    region_id: region,
    pg_version: 17,
    default_endpoint_id: endpoint,
    default_branch_id: `br-${words(`${c.seed} br`)}-${digits(`${c.seed} br`, 8)}`,
    database_host: host,
    database_host_pooler: pooler,
    database_user: user,
    database_name: database,
    database_password: password,
    connection_uri: uri(host),
    connection_uri_pooler: uri(pooler),
    compute_provisioner: "k8s-neonvm",
  };
  return values[attribute];
}

export const neon: ServiceModel = {
  prefix: "neon_",
  id: (c) => {
    if (c.type === "neon_project") return `${words(c.seed)}-${digits(c.seed, 8)}`;
    if (c.type === "neon_branch") return `br-${words(c.seed)}-${digits(c.seed, 8)}`;
    if (c.type === "neon_endpoint") return endpointId(c.seed);
    // Roles and databases are named objects on a branch: their id is
    // <project_id>/<branch_id>/<name> (provider/helper.go complexID, the import id format).
    const name = str(c.known.name);
    const project = str(c.known.project_id);
    const branch = str(c.known.branch_id);
    return name && project && branch ? `${project}/${branch}/${name}` : digits(c.seed, 8);
  },
  computed: (c, attribute, id) => {
    if (c.type === "neon_project") return project(c, attribute);
    if (c.type === "neon_endpoint") {
      const region = str(c.known.region_id);
      if (attribute === "host") return `${id}.${regionHost(region)}`;
      if (attribute === "proxy_host") return regionHost(region);
      if (attribute === "region_id") return "aws-us-east-2";
    }
    if (c.type === "neon_role" && attribute === "password") return `npg${digest(`${c.seed} password`).slice(0, 12)}`;
    if (c.type === "neon_role" && attribute === "protected") return false;
    if (c.type === "neon_branch" && attribute === "logical_size") return 0;
    return undefined;
  },
};
