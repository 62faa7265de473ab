// The repository's GitHub Actions settings: the GITHUB_TOKEN is read-only unless a workflow
// asks for more, and no workflow may approve a pull request (an approval by
// github-actions[bot] would otherwise count towards main's required review).
// Resource: integrations/github v6.9.0 github/resource_github_workflow_repository_permissions.go
// (`default_workflow_permissions` "read"|"write"; `can_approve_pull_request_reviews`, default false).
import { WorkflowRepositoryPermissions } from "@cdktf/provider-github/lib/workflow-repository-permissions";
import { Construct } from "constructs";

export interface ActionsPermissionsProps {
  repository: string;
}

export class ActionsPermissions extends Construct {
  constructor(scope: Construct, id: string, props: ActionsPermissionsProps) {
    super(scope, id);
    new WorkflowRepositoryPermissions(this, "workflow-permissions", {
      repository: props.repository,
      defaultWorkflowPermissions: "read",
      canApprovePullRequestReviews: false,
    });
  }
}
