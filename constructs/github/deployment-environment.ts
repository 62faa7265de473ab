// A GitHub deployment environment the deploy workflow's apply jobs run in: optional
// required reviewers, and deployments only from the listed branches.
import { RepositoryEnvironment } from "@cdktf/provider-github/lib/repository-environment";
import { RepositoryEnvironmentDeploymentPolicy } from "@cdktf/provider-github/lib/repository-environment-deployment-policy";
import { Construct } from "constructs";
import type { ReviewerDirectory } from "./reviewer-directory";

export interface DeploymentEnvironmentProps {
  repository: string;
  name: string;
  /** Logins that must approve each deployment; empty means no approval step. */
  reviewers: string[];
  directory: ReviewerDirectory;
  /** Branch patterns allowed to deploy here. */
  deploymentBranches: string[];
}

export class DeploymentEnvironment extends Construct {
  readonly environment: RepositoryEnvironment;

  constructor(scope: Construct, id: string, props: DeploymentEnvironmentProps) {
    super(scope, id);
    const gated = props.reviewers.length > 0;
    this.environment = new RepositoryEnvironment(this, "environment", {
      repository: props.repository,
      environment: props.name,
      reviewers: gated ? [{ users: props.reviewers.map((login) => props.directory.idOf(login)) }] : undefined,
      // An approval gate admins could skip would not be a gate.
      canAdminsBypass: !gated,
      deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
    });
    for (const branch of props.deploymentBranches) {
      new RepositoryEnvironmentDeploymentPolicy(this, `branch-${branch}`, {
        repository: props.repository,
        environment: this.environment.environment,
        branchPattern: branch,
      });
    }
  }
}
