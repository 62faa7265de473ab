// The label drift.yml puts on its issues (pipeline/drift-sync.ts DRIFT_LABEL).
import { IssueLabel } from "@cdktf/provider-github/lib/issue-label";
import { Construct } from "constructs";

export interface DriftLabelProps {
  repository: string;
  name: string;
}

export class DriftLabel extends Construct {
  constructor(scope: Construct, id: string, props: DriftLabelProps) {
    super(scope, id);
    new IssueLabel(this, "label", {
      repository: props.repository,
      name: props.name,
      color: "d93f0b",
      description: "Infrastructure differs from main (opened and closed by drift.yml)",
    });
  }
}
