// An issue/PR label the pipeline's workflows rely on: the drift issues' label (drift.yml,
// pipeline/drift/drift-sync.ts) and the data-loss approval label (pr.yml's data-loss gate).
import { IssueLabel } from "@cdktf/provider-github/lib/issue-label";
import { Construct } from "constructs";

export interface PipelineLabelProps {
  repository: string;
  name: string;
  /** Six hex digits, no `#`. */
  color: string;
  description: string;
}

export class PipelineLabel extends Construct {
  constructor(scope: Construct, id: string, props: PipelineLabelProps) {
    super(scope, id);
    new IssueLabel(this, "label", { ...props });
  }
}
