// The label a maintainer adds to a PR to approve destroying or replacing database
// resources (pr.yml's data-loss gate, pipeline/data-loss-gate.ts).
import { IssueLabel } from "@cdktf/provider-github/lib/issue-label";
import { Construct } from "constructs";

export interface ApprovalLabelProps {
  repository: string;
  name: string;
}

export class ApprovalLabel extends Construct {
  constructor(scope: Construct, id: string, props: ApprovalLabelProps) {
    super(scope, id);
    new IssueLabel(this, "label", {
      repository: props.repository,
      name: props.name,
      color: "b60205",
      description: "Approves destroying or replacing a Neon project, branch, database or role (pr.yml plan check)",
    });
  }
}
