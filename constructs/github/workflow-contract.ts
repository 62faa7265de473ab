// What the workflows in .github/workflows expect from the repository: check names,
// secret names, environments. The GitHub stack creates exactly these, and
// test/pipeline/workflows.test.ts checks the workflow files agree.

/** Job names in pr.yml that must pass before anything merges into main. */
export const REQUIRED_PR_CHECKS: readonly string[] = ["verify", "plan"];

/** GitHub Actions' app id: required checks must come from Actions, not any app posting a status. */
export const GITHUB_ACTIONS_APP_ID = 15368;

/** The only branch that deploys. */
export const DEPLOY_BRANCH = "main";

/** GitHub environment of the shared-resources stack (neuropilot-platform); deploy.yml's platform job uses it. */
export const PLATFORM_ENVIRONMENT = "platform";

/** Label on the issues drift.yml opens, one per drifted stack. */
export const DRIFT_LABEL = "drift";

export interface SecretSpec {
  name: string;
  description: string;
  /** The Terraform variable supplying the value; defaults to the lower-cased secret name. */
  variable?: string;
}

/** Credentials the workflows read as `secrets.<NAME>`. */
export const CREDENTIAL_SECRETS: readonly SecretSpec[] = [
  { name: "TF_API_TOKEN", description: "Terraform Cloud team token (becomes TF_TOKEN_app_terraform_io)" },
  { name: "CLOUDFLARE_API_TOKEN", description: "Cloudflare API token for the cloudflare provider" },
  { name: "RAILWAY_TOKEN", description: "Railway API token for the railway provider" },
  { name: "NEON_API_KEY", description: "Neon API key for the neon provider" },
  { name: "GRAFANA_AUTH", description: "Grafana service-account token for the grafana provider" },
  { name: "SENTRY_AUTH_TOKEN", description: "Sentry auth token for the sentry provider" },
  {
    name: "PLAN_ENCRYPTION_KEY",
    description: "Passphrase encrypting saved plans between deploy.yml's plan and apply jobs",
  },
];

/**
 * GitHub stores secret names upper-case; pipeline/stack-variables.ts maps
 * `TF_VAR_<NAME>` back to the case-sensitive Terraform variable `<name>`.
 */
export function terraformVariableSecretName(variable: string): string {
  return `TF_VAR_${variable.toUpperCase()}`;
}
