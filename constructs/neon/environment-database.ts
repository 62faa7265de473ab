// One environment's slice of the Neon project: its branch (the default branch for
// production, a child branch otherwise), read-write endpoint with pooling, the
// application role and database, and read-only replica endpoints.
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { Branch } from "../../.gen/providers/neon/branch";
import { Database } from "../../.gen/providers/neon/database";
import { Endpoint } from "../../.gen/providers/neon/endpoint";
import { Role } from "../../.gen/providers/neon/role";

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
  roleName: string;
  databaseName: string;
  readReplicas: number;
  replicaCompute: ComputeLimits;
  /** Protect the role and database from destroy (the environment's data). */
  protectData: boolean;
}

export class EnvironmentDatabase extends Construct {
  /** postgresql:// URIs carrying the role's password: sensitive, never print them. */
  readonly pooledUri: string;
  readonly directUri: string;
  /** First read replica's URI, or undefined when the environment has none. */
  readonly replicaUri: string | undefined;
  readonly host: string;
  readonly replicaHosts: string[];

  constructor(scope: Construct, id: string, props: EnvironmentDatabaseProps) {
    super(scope, id);
    const { branchId, host, poolerHost } = this.placeBranch(props);
    const lifecycle = props.protectData ? { preventDestroy: true } : undefined;

    const role = new Role(this, "app-role", { projectId: props.projectId, branchId, name: props.roleName, lifecycle });
    const database = new Database(this, "database", {
      projectId: props.projectId,
      branchId,
      name: props.databaseName,
      ownerName: role.name,
      lifecycle,
    });

    const replicas = Array.from({ length: props.readReplicas }, (_, index) => {
      return new Endpoint(this, `read-replica-${index + 1}`, {
        projectId: props.projectId,
        branchId,
        type: "read_only",
        autoscalingLimitMinCu: props.replicaCompute.minCu,
        autoscalingLimitMaxCu: props.replicaCompute.maxCu,
        suspendTimeoutSeconds: props.replicaCompute.suspendTimeoutSeconds,
      });
    });

    const uriFor = (endpointHost: string) =>
      `postgresql://${role.name}:${role.password}@${endpointHost}/${database.name}?sslmode=require`;
    this.host = host;
    this.pooledUri = uriFor(poolerHost);
    this.directUri = uriFor(host);
    this.replicaHosts = replicas.map((replica) => replica.host);
    this.replicaUri = replicas.length > 0 ? uriFor(replicas[0].host) : undefined;
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
    // With pooling on, kislerdm/neon 0.15.0 reports `host` as the pooler host
    // (provider/resource_endpoint.go, updateStateEndpoint → newPooledHost); the direct
    // host is the same name without the "-pooler" suffix on its first label.
    const directHost = Fn.replace(endpoint.host, "-pooler.", ".");
    return { branchId: branch.id, host: directHost, poolerHost: endpoint.host };
  }
}
