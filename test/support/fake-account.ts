// The adoption tests' fake account: the seed platform served by loopback fakes of the six
// APIs. It lives in offline-provider/simulator/seed-platform.ts, the one description of "the
// platform as it runs" that the rehearsal's adoption step seeds the simulated account from too.
export * from "../../offline-provider/simulator/seed-platform";

/**
 * Construct paths (stack/path) the bundled config declares that the seed platform does not
 * hold, in synth order: after adoption, the only creates besides the types no provider can
 * import (test/adopt/discovery.test.ts, test/offline-provider/adoption-offline.test.ts).
 */
export const MISSING_FROM_SEED: readonly string[] = [
  // Staging's Railway custom domain ownership record: nothing created it before issue 26.
  "neuropilot-staging/edge/dns/api-domain-verification",
  "neuropilot-production/edge/cache/rules/ruleset",
  // v18's SLOs are new: the seed platform has none.
  "neuropilot-production/slo/availability",
  "neuropilot-production/slo/error-rate",
  "neuropilot-production/slo/latency",
  // Issue 28: the release-regression alert is new.
  "neuropilot-production/sentry/release-regression-alert",
  "neuropilot-production/sentry/p95-neuropilot-backend",
  // Issue 25: the trusted-plan, drift and re-approval environments are new.
  "neuropilot-github/environment-drift/environment",
  "neuropilot-github/environment-plan/environment",
  "neuropilot-github/environment-reapprove/environment",
  // The trusted-plan status environment (plan-pr.yml's status job) is new.
  "neuropilot-github/environment-trusted-plan-status/environment",
  "neuropilot-github/environment-drift/branch-main",
  "neuropilot-github/environment-plan/branch-main",
  "neuropilot-github/environment-reapprove/branch-main",
  "neuropilot-github/environment-trusted-plan-status/branch-main",
];
