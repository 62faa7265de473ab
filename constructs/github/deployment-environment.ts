// A GitHub environment the workflows' jobs run in: optional required reviewers (who may not
// approve a run they triggered themselves), and deployments only from the listed branches.
import { RepositoryEnvironment } from "@cdktf/provider-github/lib/repository-environment";
import { RepositoryEnvironmentDeploymentPolicy } from "@cdktf/provider-github/lib/repository-environment-deployment-policy";
import { Construct } from "constructs";
import type { ReviewerDirectory } from "./reviewer-directory";
import { MAX_ENVIRONMENT_REVIEWERS } from "./workflow-contract";

export interface DeploymentEnvironmentProps {
  repository: string;
  name: string;
  /** Logins that may approve each deployment (any one of them suffices); empty means no approval step. */
  reviewers: readonly string[];
  directory: ReviewerDirectory;
  /** Branch patterns allowed to deploy here. */
  deploymentBranches: string[];
  /** Let a reviewer approve a run they triggered (default: not when gated). */
  allowSelfReview?: boolean;
}

export class DeploymentEnvironment extends Construct {
  readonly environment: RepositoryEnvironment;
  /** Whether a deployment waits for one of the required reviewers. */
  readonly gated: boolean;

  constructor(scope: Construct, id: string, props: DeploymentEnvironmentProps) {
    super(scope, id);
    // integrations/github v6.9.0 github/resource_github_repository_environment.go:
    // reviewers.users is "Up to 6 IDs for users who may review jobs".
    if (props.reviewers.length > MAX_ENVIRONMENT_REVIEWERS) {
      throw new Error(
        `GitHub environment ${props.name}: ${props.reviewers.length} reviewers (${props.reviewers.join(", ")}), ` +
          `GitHub allows at most ${MAX_ENVIRONMENT_REVIEWERS}: shorten github.productionReviewers in config`,
      );
    }
    this.gated = props.reviewers.length > 0;
    this.environment = new RepositoryEnvironment(this, "environment", {
      repository: props.repository,
      environment: props.name,
      reviewers: this.gated ? [{ users: props.reviewers.map((login) => props.directory.idOf(login)) }] : undefined,
      // An approval gate admins could skip, or the pusher could pass alone, would not be a gate
      // (prevent_self_review: same file, "Prevent users from approving workflows runs that they triggered").
      canAdminsBypass: !this.gated,
      preventSelfReview: this.gated && props.allowSelfReview !== true,
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
