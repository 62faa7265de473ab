// The platform's one Neon project. Its default branch is the production branch, and
// its default endpoint is that branch's read-write compute (Neon allows one per branch).
import { Construct } from "constructs";
import { Project } from "../../.gen/providers/neon/project";

export interface NeonProjectProps {
  name: string;
  /** Neon region id, e.g. aws-us-east-2. A project lives in exactly one region. */
  regionId: string;
  pgVersion: number;
  /** Point-in-time-restore window in seconds. */
  historyRetentionSeconds: number;
  defaultBranchName: string;
  /** Owner role and database created with the project (used for migrations, not by the app). */
  ownerRoleName: string;
  databaseName: string;
  defaultCompute: { minCu: number; maxCu: number; suspendTimeoutSeconds: number };
  /** Protect the default branch (config/neon-limits.ts NEON_PROTECTED_BRANCHES: not on Free, whose API refuses it). */
  protectDefaultBranch: boolean;
}

export class NeonProject extends Construct {
  readonly projectId: string;
  readonly defaultBranchId: string;
  /** Host of the default branch's read-write endpoint, direct and through the pooler. */
  readonly defaultEndpointHost: string;
  readonly defaultEndpointPoolerHost: string;
  /** The database created with the project, which every branch inherits. */
  readonly databaseName: string;

  constructor(scope: Construct, id: string, props: NeonProjectProps) {
    super(scope, id);
    const project = new Project(this, "project", {
      name: props.name,
      regionId: props.regionId,
      pgVersion: props.pgVersion,
      historyRetentionSeconds: props.historyRetentionSeconds,
      branch: { name: props.defaultBranchName, roleName: props.ownerRoleName, databaseName: props.databaseName },
      defaultEndpointSettings: {
        autoscalingLimitMinCu: props.defaultCompute.minCu,
        autoscalingLimitMaxCu: props.defaultCompute.maxCu,
        suspendTimeoutSeconds: props.defaultCompute.suspendTimeoutSeconds,
      },
      defaultBranchProtected: props.protectDefaultBranch,
      // Deleting the project deletes every branch and its data: never by accident.
      lifecycle: { preventDestroy: true },
    });
    this.projectId = project.id;
    this.defaultBranchId = project.defaultBranchId;
    this.defaultEndpointHost = project.databaseHost;
    this.defaultEndpointPoolerHost = project.databaseHostPooler;
    this.databaseName = props.databaseName;
  }
}
