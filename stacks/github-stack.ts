// Repository bootstrap for the GitOps pipeline: environments, Actions secrets and
// branch protection. Applied once from a laptop (`cdktf deploy neuropilot-github`).
import { TerraformStack } from "cdktf";
import { GithubProvider } from "@cdktf/provider-github/lib/provider";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/schema";
import { type BackendMode, configureBackend } from "./backend";

export interface GitHubStackProps {
  environments: EnvironmentConfig[];
  backend: BackendMode;
}

export class GitHubStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: GitHubStackProps) {
    super(scope, id);
    const [first] = props.environments;
    configureBackend(this, id, first.terraformCloudOrganization, props.backend);
    // GITHUB_TOKEN supplies the credential.
    new GithubProvider(this, "github", { owner: first.github.owner });
  }
}
