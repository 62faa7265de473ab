// Service variables the environment stack sets itself (stacks/environment-stack.ts; a test
// checks the two lists agree). A user variable with one of these names would be overridden
// without a word, so config validation refuses it.
export const RESERVED_RAILWAY_VARIABLES = [
  "NODE_ENV",
  "APP_ENV",
  "HEALTH_CHECK_PATH",
  "DATABASE_URL",
  "DATABASE_READ_URL",
  "SENTRY_DSN",
  "SENTRY_ENVIRONMENT",
  "SENTRY_RELEASE",
] as const;

/**
 * SENTRY_RELEASE's value: a Railway reference to the commit Railway deployed. Railway sets
 * RAILWAY_GIT_COMMIT_SHA on every deployment built from GitHub ("Railway-provided variables",
 * docs.railway.com/reference/variables, read 2026-12-07) and resolves `${{VAR}}` references,
 * same-service ones included, when it deploys. So the release follows each deploy while the
 * declared value never changes: no Terraform variable per commit, no plan or digest churn.
 * `$${` is Terraform's escape for a literal `${` (Terraform JSON strings are templates).
 */
export const SENTRY_RELEASE_REFERENCE = "$${{RAILWAY_GIT_COMMIT_SHA}}";
