// The credential values a job holds, for the known-value scrub (secrets/redact.ts). The
// step that holds them scrubs Terraform's output itself before it is logged or saved, so
// later steps (render) never need the secrets, only the plan's own sensitive markers. Every
// Redactor of the pipeline that prints (terraform-runner.ts, render-plan.ts, reviewed-plan.ts)
// is built from this one list; attribute-diff.ts takes the caller's, never a blank one.
import { RECORD_KEY_SECRET, TRUSTED_PLAN_APP_KEY_SECRET } from "../../constructs/github/workflow-contract";

/** Environment variables the workflows put credentials in (plan or apply set alike). */
export const CREDENTIAL_ENV: readonly string[] = [
  "TF_TOKEN_app_terraform_io",
  "CLOUDFLARE_API_TOKEN",
  "RAILWAY_TOKEN",
  "NEON_API_KEY",
  "GRAFANA_AUTH",
  "SENTRY_AUTH_TOKEN",
  "GITHUB_TOKEN",
  // The record key: the render and verify steps hold it, so they scrub it like a credential.
  RECORD_KEY_SECRET,
  // The trusted-plan app's private key (PEM): the status job's check step holds it.
  TRUSTED_PLAN_APP_KEY_SECRET,
];

/** Values of the credential variables and of every TF_VAR_* input in `env`. */
export function knownSecrets(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter(([name]) => CREDENTIAL_ENV.includes(name) || name.startsWith("TF_VAR_"))
    .map(([, value]) => value ?? "")
    .filter((value) => value !== "");
}
