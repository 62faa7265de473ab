// The CDKTF Aspect that gathers a stack's resources for the policy rules. Registered on
// every stack in app.ts; synthesize.ts runs the aspects and the rules before anything is
// written (policy/check.ts). Visiting is idempotent, so cdktf's own aspect pass at synth
// changes nothing.
import { type IAspect, TerraformResource } from "cdktf";
import type { IConstruct } from "constructs";
import type { EnvironmentPolicySubject } from "./subject";

export class PolicyAspect implements IAspect {
  private readonly resources = new Map<string, TerraformResource>();

  /** `subject`: the environment a stack deploys; shared stacks (platform, GitHub) have none. */
  constructor(readonly subject?: EnvironmentPolicySubject) {}

  visit(node: IConstruct): void {
    if (TerraformResource.isTerraformResource(node)) this.resources.set(node.node.path, node);
  }

  collected(): TerraformResource[] {
    return [...this.resources.values()];
  }
}
