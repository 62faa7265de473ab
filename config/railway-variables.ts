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
] as const;
