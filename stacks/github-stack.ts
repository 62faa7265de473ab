// Repository bootstrap for the GitOps pipeline: deployment environments, Actions secrets,
// the main-branch ruleset and the drift label. Applied once from a laptop
// (`cdktf deploy neuropilot-github`, see docs/pipeline.md); the pipeline never applies it.
import { TerraformStack, TerraformVariable } from "cdktf";
import { GithubProvider } from "@cdktf/provider-github/lib/provider";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/schema";
import { autohealSecretName, autohealSecretsFor } from "../constructs/cloudflare/autoheal-secrets";
import {
  APPLY_CREDENTIAL_SECRETS,
  DATA_LOSS_LABEL,
  DEPLOY_BRANCH,
  DeploymentEnvironment,
  DRIFT_LABEL,
  PipelineLabel,
  MainBranchRuleset,
  PipelineSecrets,
  PLAN_CREDENTIAL_SECRETS,
  PLATFORM_ENVIRONMENT,
  REQUIRED_PR_CHECKS,
  ReviewerDirectory,
  type SecretSpec,
  terraformVariableSecretName,
} from "../constructs/github";
import { type BackendMode, configureBackend } from "./backend";
import { pinProvider } from "./providers";
import { runValidationsExceptTerraformVersion } from "./validation";

export interface GitHubStackProps {
  environments: EnvironmentConfig[];
  backend: BackendMode;
}

/** Approvals a pull request into main needs. */
const REQUIRED_APPROVALS = 1;

export class GitHubStack extends TerraformStack {
  /** Every validation except the `terraform version` check (see ./validation). */
  override runAllValidations(): void {
    runValidationsExceptTerraformVersion(this);
  }

  constructor(scope: Construct, id: string, props: GitHubStackProps) {
    super(scope, id);
    const github = repositoryOf(props.environments);
    configureBackend(this, id, props.environments[0].terraformCloudOrganization, props.backend);
    // GITHUB_TOKEN supplies the credential (a token with repo admin rights).
    new GithubProvider(this, "github", { owner: github.owner });
    pinProvider(this, "github");

    const directory = new ReviewerDirectory(this, "reviewers");
    const productionReviewers = [
      ...new Set(
        props.environments.filter((e) => e.tier === "production").flatMap((e) => e.github.productionReviewers),
      ),
    ];
    // The platform stack holds production's database project, so it gets production's gate.
    const environments = [
      { name: PLATFORM_ENVIRONMENT, reviewers: productionReviewers },
      ...props.environments.map((e) => ({
        name: e.name,
        reviewers: e.tier === "production" ? e.github.productionReviewers : [],
      })),
    ];
    // By position: deployment[i] is environments[i]'s GitHub environment.
    const deployment = environments.map(
      (environment) =>
        new DeploymentEnvironment(this, `environment-${environment.name}`, {
          repository: github.repo,
          name: environment.name,
          reviewers: environment.reviewers,
          directory,
          deploymentBranches: [DEPLOY_BRANCH],
        }).environment,
    );

    // Pull requests read repository secrets, so those can only plan; apply credentials are
    // environment secrets, released to main's apply jobs after the environment's reviewers.
    // The auto-heal Worker's secrets exist only in its environment: its apply job sets them.
    new PipelineSecrets(this, "actions-secrets", {
      repository: github.repo,
      repositorySecrets: [...PLAN_CREDENTIAL_SECRETS, ...pipelineVariableSecrets(scope, this)],
      environmentSecrets: APPLY_CREDENTIAL_SECRETS,
      environments: deployment,
      // props.environments[i] is environments[i + 1] (the platform environment comes first).
      scopedSecrets: props.environments.flatMap((e, i) =>
        e.autoheal.enabled ? [{ environment: deployment[i + 1], secrets: workerSecrets(e) }] : [],
      ),
    });
    new MainBranchRuleset(this, "main-branch", {
      repository: github.repo,
      branch: DEPLOY_BRANCH,
      requiredChecks: REQUIRED_PR_CHECKS,
      requiredApprovals: REQUIRED_APPROVALS,
    });
    new PipelineLabel(this, "drift-label", {
      repository: github.repo,
      name: DRIFT_LABEL,
      color: "d93f0b",
      description: "Infrastructure differs from main (opened and closed by drift.yml)",
    });
    new PipelineLabel(this, "data-loss-label", {
      repository: github.repo,
      name: DATA_LOSS_LABEL,
      color: "b60205",
      description: "Approves destroying or replacing a Neon project, branch, database or role (pr.yml plan check)",
    });
  }
}

function repositoryOf(environments: EnvironmentConfig[]): EnvironmentConfig["github"] {
  const [first, ...rest] = environments;
  if (first === undefined) throw new Error("GitHubStack needs at least one environment");
  const other = rest.find((e) => e.github.owner !== first.github.owner || e.github.repo !== first.github.repo);
  if (other !== undefined) {
    throw new Error(
      `all environments must share one GitHub repository: ${first.name} uses ${first.github.owner}/${first.github.repo}, ` +
        `${other.name} uses ${other.github.owner}/${other.github.repo}`,
    );
  }
  return first.github;
}

/**
 * AUTOHEAL_<BINDING> environment secrets of an environment with the auto-heal Worker, each
 * from a sensitive variable `<environment>_autoheal_<binding>` of this stack.
 */
function workerSecrets(environment: EnvironmentConfig): SecretSpec[] {
  return autohealSecretsFor(environment.autoheal.telemetry !== undefined).map((spec) => ({
    name: autohealSecretName(spec),
    // Hyphens would make TF_VAR_<name> unusable from a shell.
    variable: `${environment.name.replace(/-/g, "_")}_${autohealSecretName(spec).toLowerCase()}`,
    description: `${spec.description} (${environment.name})`,
  }));
}

/**
 * One TF_VAR_<NAME> secret per sensitive variable the sibling (pipeline) stacks declare.
 * They are found in the App's construct tree, so this stack must be built after them
 * (app.ts builds it last).
 */
function pipelineVariableSecrets(scope: Construct, self: TerraformStack): SecretSpec[] {
  const byName = new Map<string, SecretSpec>();
  for (const stack of scope.node.children) {
    if (stack === self || !TerraformStack.isStack(stack)) continue;
    for (const node of stack.node.findAll()) {
      if (!(node instanceof TerraformVariable) || node.sensitive !== true) continue;
      const variable = node.friendlyUniqueId;
      byName.set(variable, {
        name: terraformVariableSecretName(variable),
        variable,
        description: node.description ?? `Sensitive input variable ${variable} of the pipeline stacks`,
      });
    }
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}
