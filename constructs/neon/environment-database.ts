// One environment's slice of the Neon project: its branch (the default branch for
// production, a child branch otherwise), read-write endpoint with pooling, the
// application role, and read-only replica endpoints.
//
// The database itself is never declared here: kislerdm/neon 0.15.0 creates it (with its
// owner role) on the default branch when the project is created (`neon_project.branch
// { database_name, role_name }`, provider/resource_project.go), and a child branch starts
// as a copy of its parent with every role and database the parent has at that moment.
// Declaring it again fails at apply with "already exists" (rule neon-branch-objects-unique).
import { Fn, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { Branch } from "../../.gen/providers/neon/branch";
import { Endpoint } from "../../.gen/providers/neon/endpoint";
import { Role } from "../../.gen/providers/neon/role";

/** Logical id of the neon_database this construct used to declare, as cdktf derived it from its path. */
export const LEGACY_DATABASE_LOGICAL_ID = "database_7CF902CB";

export interface ComputeLimits {
  minCu: number;
  maxCu: number;
  suspendTimeoutSeconds: number;
}

/** Where the environment's data lives: the project's default branch, or a new child of it. */
export type BranchPlacement =
  | { kind: "default"; branchId: string; endpointHost: string; poolerHost: string }
  | { kind: "child"; name: string; parentBranchId: string; compute: ComputeLimits };

export interface EnvironmentDatabaseProps {
  projectId: string;
  branch: BranchPlacement;
  /** The application role; must not exist on the branch yet (nor on its parent, for a child branch). */
  roleName: string;
  /** The database the project created on the default branch, which every child branch inherits. */
  databaseName: string;
  readReplicas: number;
  replicaCompute: ComputeLimits;
  /** Protect the role (and a child branch, holding the environment's data) from destroy. */
  protectData: boolean;
}

export class EnvironmentDatabase extends Construct {
  /** postgresql:// URIs carrying the role's password: sensitive, never print them. */
  readonly pooledUri: string;
  readonly directUri: string;
  /** First read replica's pooled URI, or undefined when the environment has none. */
  readonly replicaUri: string | undefined;
  readonly host: string;
  readonly replicaHosts: string[];

  constructor(scope: Construct, id: string, props: EnvironmentDatabaseProps) {
    super(scope, id);
    const { branchId, host, poolerHost } = this.placeBranch(props);
    const lifecycle = props.protectData ? { preventDestroy: true } : undefined;

    const role = new Role(this, "app-role", { projectId: props.projectId, branchId, name: props.roleName, lifecycle });

    // Earlier versions declared the database here (construct path database/database). Should
    // that address be in a workspace's state (an import to get past "already exists"), dropping
    // the block must not destroy the project's database: forget it instead (Terraform ≥ 1.7).
    TerraformStack.of(this).addOverride("removed", [
      { from: `neon_database.${LEGACY_DATABASE_LOGICAL_ID}`, lifecycle: { destroy: false } },
    ]);

    const replicas = Array.from({ length: props.readReplicas }, (_, index) => {
      return new Endpoint(this, `read-replica-${index + 1}`, {
        projectId: props.projectId,
        branchId,
        type: "read_only",
        // Reads go through the pooler too (DATABASE_READ_URL), as the primary's do.
        poolerEnabled: true,
        poolerMode: "transaction",
        autoscalingLimitMinCu: props.replicaCompute.minCu,
        autoscalingLimitMaxCu: props.replicaCompute.maxCu,
        suspendTimeoutSeconds: props.replicaCompute.suspendTimeoutSeconds,
      });
    });

    const uriFor = (endpointHost: string) =>
      `postgresql://${role.name}:${role.password}@${endpointHost}/${props.databaseName}?sslmode=require`;
    this.host = host;
    this.pooledUri = uriFor(poolerHost);
    this.directUri = uriFor(host);
    const replicaHosts = replicas.map(endpointHosts);
    this.replicaHosts = replicaHosts.map((hosts) => hosts.direct);
    this.replicaUri = replicas.length > 0 ? uriFor(replicaHosts[0].pooled) : undefined;
  }

  private placeBranch(props: EnvironmentDatabaseProps): { branchId: string; host: string; poolerHost: string } {
    const placement = props.branch;
    if (placement.kind === "default") {
      return { branchId: placement.branchId, host: placement.endpointHost, poolerHost: placement.poolerHost };
    }
    const branch = new Branch(this, "branch", {
      projectId: props.projectId,
      parentId: placement.parentBranchId,
      name: placement.name,
      lifecycle: props.protectData ? { preventDestroy: true } : undefined,
    });
    const endpoint = new Endpoint(this, "primary-endpoint", {
      projectId: props.projectId,
      branchId: branch.id,
      type: "read_write",
      poolerEnabled: true,
      poolerMode: "transaction",
      autoscalingLimitMinCu: placement.compute.minCu,
      autoscalingLimitMaxCu: placement.compute.maxCu,
      suspendTimeoutSeconds: placement.compute.suspendTimeoutSeconds,
    });
    const hosts = endpointHosts(endpoint);
    return { branchId: branch.id, host: hosts.direct, poolerHost: hosts.pooled };
  }
}

/**
 * An endpoint's direct and pooled host. Neon's hosts are <endpoint id>.<region domain>
 * (direct) and <endpoint id>-pooler.<region domain> (pooled: "add -pooler to your endpoint
 * hostname", neon.com/docs/connect/connection-pooling, read 2026-12). kislerdm/neon 0.15.0
 * derives the pooled host only for the project's default endpoint (resource_project.go:459-467
 * newPooledHost); a branch or replica endpoint's `host` is the pooled name only when the API
 * reports pooler_enabled (resource_endpoint.go, updateStateEndpoint), so both names are built
 * from the endpoint id instead.
 */
function endpointHosts(endpoint: Endpoint): { direct: string; pooled: string } {
  const domain = Fn.replace(endpoint.host, "/^[^.]+[.]/", "");
  return { direct: `${endpoint.id}.${domain}`, pooled: `${endpoint.id}-pooler.${domain}` };
}
