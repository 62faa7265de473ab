// Protects the deploy branch: changes arrive through reviewed pull requests whose PR
// workflow checks passed on an up-to-date branch; no force pushes, no deletion.
import { RepositoryRuleset } from "@cdktf/provider-github/lib/repository-ruleset";
import { Construct } from "constructs";

/** A required check and the app it must come from (a check name alone proves nothing). */
export interface RequiredCheck {
  context: string;
  integrationId: number;
}

export interface MainBranchRulesetProps {
  repository: string;
  branch: string;
  requiredChecks: readonly RequiredCheck[];
  requiredApprovals: number;
}

export class MainBranchRuleset extends Construct {
  readonly ruleset: RepositoryRuleset;

  constructor(scope: Construct, id: string, props: MainBranchRulesetProps) {
    super(scope, id);
    this.ruleset = new RepositoryRuleset(this, "ruleset", {
      name: `protect-${props.branch}`,
      repository: props.repository,
      target: "branch",
      enforcement: "active",
      conditions: { refName: { include: [`refs/heads/${props.branch}`], exclude: [] } },
      rules: {
        deletion: true,
        nonFastForward: true,
        pullRequest: {
          requiredApprovingReviewCount: props.requiredApprovals,
          dismissStaleReviewsOnPush: true,
          requireLastPushApproval: true,
          requiredReviewThreadResolution: true,
        },
        requiredStatusChecks: {
          // Up to date with main, so the plan that was reviewed is the plan main will apply.
          strictRequiredStatusChecksPolicy: true,
          requiredCheck: props.requiredChecks.map(({ context, integrationId }) => ({ context, integrationId })),
        },
      },
    });
  }
}
