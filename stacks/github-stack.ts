// Repository bootstrap for the GitOps pipeline: the trusted-plan, re-approval and deployment
// environments, their Actions secrets, the repository's Actions permissions, the main-branch
// ruleset and the pipeline's labels. Applied once from a laptop
// (`cdktf deploy neuropilot-github`, see docs/pipeline.md); the pipeline never applies it.
import { TerraformStack, TerraformVariable } from "cdktf";
import { GithubProvider } from "@cdktf/provider-github/lib/provider";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/schema";
import { autohealSecretName, autohealSecretsFor } from "../constructs/cloudflare/autoheal-secrets";
import {
  ActionsPermissions,
  APPLY_CREDENTIAL_SECRETS,
  RELEASE_CREDENTIAL_SECRETS,
  applyCredentialVariable,
  DATA_LOSS_LABEL,
  DEPLOY_BRANCH,
  DeploymentEnvironment,
  DRIFT_ENVIRONMENT,
  DRIFT_LABEL,
  DRIFT_REFRESH_SECRETS,
  driftSelfReview,
  GITHUB_ACTIONS_APP_ID,
  PipelineLabel,
  MainBranchRuleset,
  PipelineSecrets,
  PLAN_CREDENTIAL_SECRETS,
  PLAN_ENVIRONMENT,
  PLATFORM_ENVIRONMENT,
  REAPPROVE_ENVIRONMENT,
  STATUS_ENVIRONMENT,
  ciMetricsPushSpec,
  RECORD_KEY_SPEC,
  REQUIRED_PR_CHECKS,
  ReviewerDirectory,
  type SecretSpec,
  terraformVariableSecretName,
  TRUSTED_PLAN_APP_KEY_SPEC,
  TRUSTED_PLAN_CHECK,
} from "../constructs/github";
import { repositoryOf } from "../config/repository";
import { type BackendMode, configureBackend } from "./backend";
import { PLATFORM_STACK_NAME, stackNameFor } from "./catalog";
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
    const reviewers = productionReviewersOf(props.environments);
    const environment = (name: string, gate: readonly string[], allowSelfReview = false) =>
      new DeploymentEnvironment(this, `environment-${name}`, {
        repository: github.repo,
        name,
        reviewers: gate,
        directory,
        deploymentBranches: [DEPLOY_BRANCH],
        allowSelfReview,
      }).environment;
    const inputs = pipelineVariableSecrets(scope, this);
    const recordKey = [RECORD_KEY_SPEC];

    // The trusted plan: main's workflow definitions only (branch policy), no reviewer per run.
    // It holds the read-only plan credentials, every stack's inputs and the record key that
    // signs; no Neon or Railway key (those plans use a placeholder and do not refresh).
    const plan = {
      environment: environment(PLAN_ENVIRONMENT, []),
      secrets: [...PLAN_CREDENTIAL_SECRETS, ...[...inputs.values()].flat(), ...recordKey],
    };
    // Drift: main's scheduled job only (branch policy), after a production reviewer: its own
    // read-only tokens and the Neon and Railway keys its refresh needs, which can write (neither
    // service has read-only keys); no record key, no apply key.
    const drift = {
      environment: environment(DRIFT_ENVIRONMENT, reviewers, driftSelfReview(reviewers)),
      secrets: [
        ...PLAN_CREDENTIAL_SECRETS.map((spec) => ({
          ...spec,
          variable: applyCredentialVariable(DRIFT_ENVIRONMENT, spec),
        })),
        ...DRIFT_REFRESH_SECRETS,
        ...[...inputs.values()].flat(),
      ],
    };
    // plan-pr.yml's status job (main only, no reviewer) sets the trusted-plan status; with a
    // trusted-plan app configured, with that app's key, and the ruleset requires it from that app.
    const statusApp = github.trustedPlanAppId;
    const status = {
      environment: environment(STATUS_ENVIRONMENT, []),
      secrets: statusApp === undefined ? [] : [TRUSTED_PLAN_APP_KEY_SPEC],
    };
    // Re-approval by dispatch: the production reviewers, no secret.
    environment(REAPPROVE_ENVIRONMENT, reviewers);
    // Every deployment environment gets the production reviewers: staging shares production's
    // Cloudflare zone and account, Neon project (a branch of it), Grafana stack and Sentry
    // organization, so no credential that can apply staging is unable to change production
    // (docs/pipeline.md#credentials-per-environment). Each holds its own apply credentials,
    // each from its own variable, the inputs of its own stack and the record key that verifies.
    const deployments = [
      {
        name: PLATFORM_ENVIRONMENT,
        stack: PLATFORM_STACK_NAME,
        worker: [] as SecretSpec[],
        release: [] as SecretSpec[],
      },
      ...props.environments.map((e) => ({
        name: e.name,
        stack: stackNameFor(e.name),
        // The Worker's secrets where it runs; the CI metrics push token (load test, drills) in
        // every application environment, so staging's drills push too.
        worker: [...(e.autoheal.enabled ? workerSecrets(e) : []), ciMetricsPushSpec(e.name)],
        // release.yml records the backend's releases in Sentry from the application environments only.
        release: RELEASE_CREDENTIAL_SECRETS.map((spec) => ({
          ...spec,
          variable: applyCredentialVariable(e.name, spec),
        })),
      })),
    ].map((d) => ({
      environment: environment(d.name, reviewers),
      secrets: [
        ...APPLY_CREDENTIAL_SECRETS.map((spec) => ({ ...spec, variable: applyCredentialVariable(d.name, spec) })),
        ...(inputs.get(d.stack) ?? []),
        ...recordKey,
        ...d.worker,
        ...d.release,
      ],
    }));
    new PipelineSecrets(this, "actions-secrets", {
      repository: github.repo,
      environments: [plan, drift, status, ...deployments],
    });
    new ActionsPermissions(this, "actions-permissions", { repository: github.repo });

    new MainBranchRuleset(this, "main-branch", {
      repository: github.repo,
      branch: DEPLOY_BRANCH,
      requiredChecks: REQUIRED_PR_CHECKS.map((context) => ({
        context,
        integrationId: context === TRUSTED_PLAN_CHECK && statusApp !== undefined ? statusApp : GITHUB_ACTIONS_APP_ID,
      })),
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

/**
 * The logins that approve every environment holding a production-capable credential: the
 * union of the environments' `github.productionReviewers`. None would leave those
 * environments ungated, so that is refused.
 */
function productionReviewersOf(environments: EnvironmentConfig[]): string[] {
  const reviewers = [...new Set(environments.flatMap((e) => e.github.productionReviewers))];
  if (reviewers.length === 0) {
    throw new Error(
      "config: github.productionReviewers is empty; the platform, staging, production, reapprove and drift environments " +
        "hold or release production-capable credentials and need at least one reviewer: add a GitHub login",
    );
  }
  return reviewers;
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
 * One TF_VAR_<NAME> secret per sensitive variable the sibling (pipeline) stacks declare,
 * grouped by the stack declaring it. They are found in the App's construct tree, so this
 * stack must be built after them (app.ts builds it last).
 */
function pipelineVariableSecrets(scope: Construct, self: TerraformStack): Map<string, SecretSpec[]> {
  const byStack = new Map<string, SecretSpec[]>();
  for (const stack of scope.node.children) {
    if (stack === self || !TerraformStack.isStack(stack)) continue;
    const specs: SecretSpec[] = [];
    for (const node of stack.node.findAll()) {
      if (!(node instanceof TerraformVariable) || node.sensitive !== true) continue;
      const variable = node.friendlyUniqueId;
      specs.push({
        name: terraformVariableSecretName(variable),
        variable,
        description: node.description ?? `Sensitive input variable ${variable} of the pipeline stacks`,
      });
    }
    byStack.set(
      stack.node.id,
      specs.sort((a, b) => a.name.localeCompare(b.name)),
    );
  }
  return byStack;
}
