// Resources every environment shares, applied before the environments: the Neon
// project (its default branch is production's), and (as the observability module
// lands) Sentry projects and Grafana's org-wide setup. Environment stacks read these
// through CDKTF cross-stack references (Terraform Cloud remote state).
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/schema";
import { NeonProject } from "../constructs/neon/project";
import { type BackendMode, configureBackend } from "./backend";
import { neonProvider } from "./providers";

export interface PlatformStackProps {
  /** All environments; exactly one runs on the Neon project's default branch (validated). */
  environments: EnvironmentConfig[];
  backend: BackendMode;
}

export class PlatformStack extends TerraformStack {
  readonly neon: NeonProject;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    const owner = defaultBranchEnvironment(props.environments);
    configureBackend(this, id, owner.terraformCloudOrganization, props.backend);
    neonProvider(this);

    const neon = owner.neon;
    this.neon = new NeonProject(this, "database", {
      name: neon.projectName,
      regionId: neon.region,
      pgVersion: neon.pgVersion,
      historyRetentionSeconds: neon.historyRetentionSeconds,
      defaultBranchName: neon.branchName,
      ownerRoleName: `${neon.roleName}_owner`,
      databaseName: neon.databaseName,
      defaultCompute: neon.compute,
    });
  }
}

export function defaultBranchEnvironment(environments: EnvironmentConfig[]): EnvironmentConfig {
  const owner = environments.find((e) => e.neon.isDefaultBranch);
  if (!owner) throw new Error("no environment runs on the Neon default branch (config validation should catch this)");
  return owner;
}
