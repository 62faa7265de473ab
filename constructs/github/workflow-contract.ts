// What the workflows in .github/workflows expect from the repository: check names,
// secret names, environments. The GitHub stack creates exactly these, and
// test/pipeline/workflows.test.ts checks the workflow files agree.

/**
 * Commit status the trusted plan (plan-pr.yml, on workflow_run, main's definition) sets on
 * the PR's head commit: the PR's plan, vetted, planned and checked by main's code.
 */
export const TRUSTED_PLAN_CHECK = "trusted-plan";

/**
 * Checks that must pass before anything merges into main: pr.yml's `verify` job and the
 * trusted plan's commit status. A check name alone cannot prove who set it (a same-repo PR
 * can edit pr.yml); what main applies is decided by the authenticated record instead.
 */
export const REQUIRED_PR_CHECKS: readonly string[] = ["verify", TRUSTED_PLAN_CHECK];

/** GitHub Actions' app id: required checks must come from Actions, not any app posting a status. */
export const GITHUB_ACTIONS_APP_ID = 15368;

/**
 * GitHub environment of plan-pr.yml's status job, which sets TRUSTED_PLAN_CHECK: main only, no
 * reviewer. With `github.trustedPlanAppId` in config it holds the private key of that GitHub
 * App (TRUSTED_PLAN_APP_KEY_SECRET), the job sets the status with the app's token, and the
 * ruleset requires the check from that app: a status that a same-repository pull request's
 * own workflow posts comes from GitHub Actions and does not count.
 */
export const STATUS_ENVIRONMENT = "trusted-plan-status";
export const TRUSTED_PLAN_APP_KEY_SECRET = "TRUSTED_PLAN_APP_PRIVATE_KEY";

/** The only branch that deploys. */
export const DEPLOY_BRANCH = "main";

/** GitHub environment of the shared-resources stack (neuropilot-platform); deploy.yml's platform job uses it. */
export const PLATFORM_ENVIRONMENT = "platform";

/**
 * GitHub environment of the trusted plan (issue 25): the `workflow_run` plan job (main's
 * workflow definition, never PR code), deploy.yml's record lookup and its plan jobs run in it.
 * Only the default branch may deploy to it; it holds the read-only plan credentials (no key
 * that can write: Neon and Railway get PLACEHOLDER_CREDENTIAL), the Terraform inputs plans need
 * and the reviewed-plan record key. No pull_request-triggered job can reach it.
 */
export const PLAN_ENVIRONMENT = "plan";

/**
 * GitHub environment of the scheduled drift job (drift.yml: main's code, main's synthesized
 * stacks, never a pull request's). Only the default branch may deploy to it, and each run waits
 * for one of the production reviewers: it holds DRIFT_REFRESH_SECRETS, keys that can write,
 * because every pipeline stack configures Neon (and two Railway), drift must refresh them, and
 * neither service has read-only keys. So no unreviewed environment holds a key that can change
 * production. It holds no record key and no apply key.
 */
export const DRIFT_ENVIRONMENT = "drift";

/**
 * Whether a reviewer may approve a drift run they triggered: only when there is a single
 * reviewer. A scheduled or dispatched run is attributed to a person (github.triggering_actor),
 * and with self-review prevented a sole reviewer who is that person can never approve it (seen
 * in practice: eugenelim/agent-ready-repo#931, "current_user_can_approve: False"). The approval
 * releases refresh keys to main's own, already reviewed code and approves no change; with two
 * or more reviewers someone else can always approve, so self-review stays prevented, as in
 * every environment that applies.
 */
export function driftSelfReview(reviewers: readonly string[]): boolean {
  return reviewers.length < 2;
}

/**
 * Providers the plan environment holds no key for (Neon and Railway have no read-only keys).
 * Their providers only build a client in Configure and need a non-empty key, nothing more
 * (kislerdm/terraform-provider-neon v0.15.0, 71d0000, provider/provider.go:59-71 calls
 * neon.NewClient, which in kislerdm/neon-sdk-go v0.16.0, 0afc13e, sdk.go:16-33 only rejects an
 * empty key; terraform-community-providers/terraform-provider-railway v0.6.2, b1cd755,
 * internal/provider/provider.go:56-94 only rejects an empty token and builds a GraphQL client,
 * and it has no data sources, :110-111). So plans in the plan environment give them
 * PLACEHOLDER_CREDENTIAL and plan the stacks that configure them with -refresh=false against
 * the recorded state (pipeline/plan/placeholder-credentials.ts).
 */
export const PLACEHOLDER_PROVIDERS: readonly { provider: string; env: string }[] = [
  { provider: "neon", env: "NEON_API_KEY" },
  { provider: "railway", env: "RAILWAY_TOKEN" },
];

/** The non-secret credential PLACEHOLDER_PROVIDERS get in the plan environment: any request with it fails. */
export const PLACEHOLDER_CREDENTIAL = "placeholder-plan-environment-holds-no-key";

/**
 * GitHub environment a re-approval by dispatch (deploy.yml input `approve`) must pass:
 * required reviewers, self-review prevented.
 */
export const REAPPROVE_ENVIRONMENT = "reapprove";

/**
 * Key of the keyed hashes in the reviewed-plan record (HMAC-SHA256): an environment secret of
 * PLAN_ENVIRONMENT and of every deployment environment, so only the trusted plan can write a
 * record that deploy.yml accepts, and only those jobs can verify one.
 */
export const RECORD_KEY_SECRET = "REVIEWED_PLAN_HMAC_KEY";

/** Label on the issues drift.yml opens, one per drifted stack. */
export const DRIFT_LABEL = "drift";

/**
 * Label a maintainer puts on a PR whose plan destroys or replaces a stateful resource
 * (pipeline/data-loss-gate.ts); until then the required TRUSTED_PLAN_CHECK fails, and main
 * refuses to apply such a change.
 */
export const DATA_LOSS_LABEL = "approve-data-loss";

export interface SecretSpec {
  name: string;
  description: string;
  /** The Terraform variable supplying the value; defaults to the lower-cased secret name. */
  variable?: string;
}

export interface CredentialSpec extends SecretSpec {
  /** The environment variable the provider (or Terraform) reads it from. */
  env: string;
  /** What the token may do: least privilege for this set (docs/pipeline.md has the table). */
  scope: string;
  /**
   * Whether the credential can change a production resource. Staging shares production's
   * Cloudflare zone and account, Neon project (staging is a branch), Grafana stack and Sentry
   * organization, so every apply credential can; of the plan credentials, those of services
   * without read-only keys (Neon, Railway) can too.
   */
  changesProduction: boolean;
}

/**
 * Plan credentials, all read-only: environment secrets of PLAN_ENVIRONMENT, read by the trusted
 * plan (plan-pr.yml) and main's plan jobs, and (from their own variables) of DRIFT_ENVIRONMENT,
 * all main's code (never repository secrets, which a same-repository pull request can read by
 * editing its workflow). Neon and Railway have no read-only keys, so none is here
 * (PLACEHOLDER_PROVIDERS; drift's keys are DRIFT_REFRESH_SECRETS). Names are PLAN_<apply
 * secret name>; each value comes from the bootstrap stack's sensitive variable plan_<name>
 * (drift_plan_<name> in the drift environment).
 */
export const PLAN_CREDENTIAL_SECRETS: readonly CredentialSpec[] = [
  {
    name: "PLAN_TF_API_TOKEN",
    env: "TF_TOKEN_app_terraform_io",
    description: "Terraform Cloud team token for plans only",
    scope:
      "team token of a team with the workspaces' Read permission plus read state versions; no apply, no state write, no lock",
    changesProduction: false,
  },
  {
    name: "PLAN_CLOUDFLARE_API_TOKEN",
    env: "CLOUDFLARE_API_TOKEN",
    description: "Cloudflare API token with read permissions only",
    scope:
      "Zone Read, DNS Read, Zone Settings Read, Zone WAF/Rulesets Read, Load Balancers Read, Account Load Balancing Read, Workers Scripts Read, Workers KV Storage Read",
    changesProduction: false,
  },
  {
    name: "PLAN_GRAFANA_AUTH",
    env: "GRAFANA_AUTH",
    description: "Grafana service-account token with the Viewer role",
    scope: "service account with the Viewer role (reads folders, dashboards, alert rules, contact points)",
    changesProduction: false,
  },
  {
    name: "PLAN_SENTRY_AUTH_TOKEN",
    env: "SENTRY_AUTH_TOKEN",
    description: "Sentry auth token with read scopes",
    scope: "org:read, project:read, team:read, alerts:read",
    changesProduction: false,
  },
];

/**
 * The keys only drift needs: it refreshes every stack against the live services, and Neon and
 * Railway have no read-only keys. Environment secrets of DRIFT_ENVIRONMENT only (required
 * reviewers), each from its own variable (drift_<name>); never the apply keys.
 */
export const DRIFT_REFRESH_SECRETS: readonly CredentialSpec[] = [
  {
    name: "DRIFT_RAILWAY_TOKEN",
    env: "RAILWAY_TOKEN",
    description: "Railway token the drift job refreshes with",
    scope:
      "Railway has no read-only token: a separate workspace token (rotated, never the apply token), held only by the reviewed drift environment",
    changesProduction: true,
  },
  {
    name: "DRIFT_NEON_API_KEY",
    env: "NEON_API_KEY",
    description: "Neon API key the drift job refreshes with",
    scope:
      "Neon API keys are not read-only: a separate key reaching production's project (never the apply key), held only by the reviewed drift environment",
    changesProduction: true,
  },
];

/**
 * Apply credentials: environment secrets of each deployment environment (platform, staging,
 * production), released only to jobs of that environment, i.e. from main and after its
 * required reviewers. Never repository secrets. The secret names are the same in every
 * environment (the workflows read `secrets.TF_API_TOKEN` whichever environment they run
 * in), but each environment's value comes from its own sensitive variable
 * (applyCredentialVariable): never one value shared between environments.
 */
export const APPLY_CREDENTIAL_SECRETS: readonly CredentialSpec[] = [
  {
    name: "TF_API_TOKEN",
    env: "TF_TOKEN_app_terraform_io",
    description: "Terraform Cloud team token that can apply",
    scope: "team token with Write on the environment's own workspace only (lock, apply, write state)",
    changesProduction: true,
  },
  {
    name: "CLOUDFLARE_API_TOKEN",
    env: "CLOUDFLARE_API_TOKEN",
    description: "Cloudflare API token for the cloudflare provider",
    scope: "the Edit counterparts of the plan token's permissions, limited to the zone and account",
    changesProduction: true,
  },
  {
    name: "RAILWAY_TOKEN",
    env: "RAILWAY_TOKEN",
    description: "Railway API token for the railway provider",
    scope: "team token of the team owning the projects",
    changesProduction: true,
  },
  {
    name: "NEON_API_KEY",
    env: "NEON_API_KEY",
    description: "Neon API key for the neon provider",
    scope: "organization API key",
    changesProduction: true,
  },
  {
    name: "GRAFANA_AUTH",
    env: "GRAFANA_AUTH",
    description: "Grafana service-account token for the grafana provider",
    scope:
      "service account with the Admin role on the platform (creates the data source); Editor plus the SLO plugin's role on staging and production",
    changesProduction: true,
  },
  {
    name: "SENTRY_AUTH_TOKEN",
    env: "SENTRY_AUTH_TOKEN",
    description: "Sentry auth token for the sentry provider",
    scope: "org:read, project:write, team:write, alerts:write",
    changesProduction: true,
  },
];

/**
 * Release credentials: environment secrets of each application environment (staging,
 * production; not platform, which deploys no application), read by release.yml's job in that
 * environment. Not a Terraform provider credential: pipeline/sentry-release.ts calls Sentry's
 * release and deploy endpoints with it. Each environment's value comes from its own variable
 * (applyCredentialVariable), like the apply credentials.
 */
export const RELEASE_CREDENTIAL_SECRETS: readonly CredentialSpec[] = [
  {
    name: "SENTRY_RELEASE_TOKEN",
    env: "SENTRY_AUTH_TOKEN",
    description: "Sentry auth token that records releases and deploys (pipeline/sentry-release.ts)",
    scope: "project:releases only (an internal integration's token or an org auth token with that scope)",
    // The Sentry organization is shared by both environments: its releases are production's too.
    changesProduction: true,
  },
];

/**
 * The Terraform variable of the bootstrap stack supplying `secret` in `environment`:
 * `<environment>_<secret>` (hyphens become underscores, so TF_VAR_<name> works in a shell).
 */
export function applyCredentialVariable(environment: string, secret: SecretSpec): string {
  return `${environment.replace(/-/g, "_")}_${secret.name.toLowerCase()}`;
}

/**
 * The reviewed-plan record key: one value in PLAN_ENVIRONMENT (which signs) and in every
 * deployment environment (which verifies). It can change nothing by itself.
 */
export const RECORD_KEY_SPEC: SecretSpec = {
  name: RECORD_KEY_SECRET,
  variable: RECORD_KEY_SECRET.toLowerCase(),
  description: "HMAC-SHA256 key of the reviewed-plan record (32 random bytes, hex)",
};

/** The trusted-plan app's private key (PEM): STATUS_ENVIRONMENT only, from trusted_plan_app_private_key. */
export const TRUSTED_PLAN_APP_KEY_SPEC: SecretSpec = {
  name: TRUSTED_PLAN_APP_KEY_SECRET,
  variable: TRUSTED_PLAN_APP_KEY_SECRET.toLowerCase(),
  description: "Private key of the GitHub App that sets the trusted-plan status (Commit statuses: write only)",
};

/**
 * The CI metrics push token: a Grafana Cloud Access Policy token with the `metrics:write` scope
 * only (the access-policy successor of the old MetricsPublisher API-key role: it can write series
 * to the stack's Mimir and read nothing; grafana.com/docs/grafana-cloud/security-and-account-management/
 * authentication-and-permissions/access-policies/). Every job that pushes metrics from CI uses
 * it: load-test.yml (each run's summary, for the load-test history) and drill.yml (the
 * neuropilot_drill_* series). An environment secret of each application environment, from
 * the variable `<environment>_ci_metrics_push_token`, so staging pushes too. Not the Worker's
 * AUTOHEAL_GRAFANA_PUSH_TOKEN, which exists only where the Worker has telemetry and stays with
 * the apply and rotation jobs. (It was LOADTEST_GRAFANA_PUSH_TOKEN before the drills used it.)
 */
export const CI_METRICS_PUSH_SECRET = "CI_METRICS_PUSH_TOKEN";

export function ciMetricsPushSpec(environment: string): SecretSpec {
  return {
    name: CI_METRICS_PUSH_SECRET,
    // Hyphens would make TF_VAR_<name> unusable from a shell.
    variable: `${environment.replace(/-/g, "_")}_${CI_METRICS_PUSH_SECRET.toLowerCase()}`,
    description: `Grafana Cloud token with metrics:write only for CI's metric pushes: load test and drills (${environment})`,
  };
}

/** GitHub accepts at most six reviewers per environment (github_repository_environment `reviewers`). */
export const MAX_ENVIRONMENT_REVIEWERS = 6;

/**
 * GitHub stores secret names upper-case; pipeline/plan/stack-variables.ts maps
 * `TF_VAR_<NAME>` back to the case-sensitive Terraform variable `<name>`.
 */
export function terraformVariableSecretName(variable: string): string {
  return `TF_VAR_${variable.toUpperCase()}`;
}
