// The API-constraint rule pack: every rule a service enforces at apply time that we know of,
// checked at synth (on the synthesised resources) or, where only config knows the limit (a
// plan tier), by config validation. README "Apply-time rules" is this list.
import { rulesetEntryPointPerPhase } from "./cloudflare";
import { neonBranchObjectsUnique, neonComputeSize } from "./neon";
import { serviceNames } from "./names";
import type { ApiRule, ConfigEnforcedRule } from "./rule";
import { noTemplateSequences, providersPinned } from "./terraform";

export const API_RULES: readonly ApiRule[] = [
  providersPinned,
  noTemplateSequences,
  serviceNames,
  rulesetEntryPointPerPhase,
  neonComputeSize,
  neonBranchObjectsUnique,
];

const CF_RL = "https://developers.cloudflare.com/waf/rate-limiting-rules/#availability";

/** Limits only config knows (plan tiers, reserved names): enforced by config validation, listed here. */
export const CONFIG_ENFORCED_RULES: readonly ConfigEnforcedRule[] = [
  {
    id: "cloudflare-rate-limit-plan",
    resourceTypes: ["cloudflare_ruleset"],
    requirement: "rate-limiting rule count, counting periods and mitigation timeouts within the zone's plan",
    fix: "lower the count or pick an allowed period/timeout (config/cloudflare-plans.ts), or raise cloudflare.plan",
    source: { ref: CF_RL, version: "read 2026-11" },
    checkedAt: "<env>.cloudflare.rateLimit (config/schema.ts checkEdgeAgainstPlan)",
  },
  {
    id: "cloudflare-cache-ttl-plan",
    resourceTypes: ["cloudflare_ruleset"],
    requirement: "a cache rule's edge TTL is at least the plan's minimum (2 h Free, 1 h Pro, 1 s Business+)",
    fix: "raise cloudflare.cache.edgeTtlSeconds or the plan",
    source: { ref: "https://developers.cloudflare.com/cache/how-to/edge-browser-cache-ttl/", version: "read 2026-11" },
    checkedAt: "<env>.cloudflare.cache.edgeTtlSeconds",
  },
  {
    id: "cloudflare-monitor-interval-plan",
    resourceTypes: ["cloudflare_load_balancer_monitor"],
    requirement:
      "a load-balancer monitor's interval is at least the plan's minimum (60 s Pro, 15 s Business, 10 s Enterprise)",
    fix: "raise cloudflare.loadBalancer.monitorIntervalSeconds or the plan",
    source: {
      ref: "https://developers.cloudflare.com/load-balancing/monitors/create-monitor/",
      version: "read 2026-11",
    },
    checkedAt: "<env>.cloudflare.loadBalancer.monitorIntervalSeconds",
  },
  {
    id: "neon-compute-plan",
    resourceTypes: ["neon_endpoint", "neon_project"],
    requirement: "compute at most the Neon plan's maximum (Free 2 CU, Launch 16 CU, Scale 56 CU fixed)",
    fix: "lower neon.compute.maxCu or change neon.plan",
    source: { ref: "https://neon.com/docs/introduction/plans", version: "read 2026-12" },
    checkedAt: "<env>.neon.compute (config/neon-limits.ts neonComputeIssues)",
  },
  {
    id: "github-reviewers-plan",
    resourceTypes: ["github_repository_environment", "github_repository_ruleset"],
    requirement:
      "required reviewers on environments exist: a public repository (any plan) or GitHub Enterprise; a private repository on Free has no environments or rulesets, on Pro or Team no required reviewers",
    fix: "make the infra repository public or move its organization to GitHub Enterprise Cloud, and state github.visibility and github.plan",
    source: {
      ref: "https://docs.github.com/en/actions/how-tos/deploy/configure-and-manage-deployments/manage-environments",
      version: "read 2026-12-07",
    },
    checkedAt: "<env>.github.visibility, .plan (config/schema.ts githubPlanProblem)",
  },
  {
    id: "neon-suspend-plan",
    resourceTypes: ["neon_endpoint", "neon_project"],
    requirement:
      "a suspend timeout the Neon plan offers: Free 5 minutes only, Launch 5 minutes or never, Scale 1 minute to never (0 is Neon's default on every plan)",
    fix: "set neon.compute.suspendTimeoutSeconds to a value of the plan, or change neon.plan",
    source: {
      ref: "neondatabase/website content/docs/introduction/plans.md, Scale to zero",
      version: "0020a39 (updated 2026-03-20)",
    },
    checkedAt: "<env>.neon.compute.suspendTimeoutSeconds (config/neon-limits.ts neonSuspendIssue)",
  },
  {
    id: "railway-reserved-variables",
    resourceTypes: ["railway_variable"],
    requirement: "no user variable shares a name with one the stack sets (DATABASE_URL, SENTRY_DSN, …)",
    fix: "rename or remove the variable in railway.variables",
    source: {
      ref: "config/railway-variables.ts (the names stacks/environment-stack.ts sets)",
      version: "this repository",
    },
    checkedAt: "<env>.railway.variables.<KEY>",
  },
  {
    id: "config-literals",
    resourceTypes: ["*"],
    requirement: 'no config string carries "${", "%{", control or bidirectional-override characters',
    fix: 'remove them, or write "$${" / "%%{" for a literal',
    source: {
      ref: "https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences; Unicode TR9 (bidi controls)",
      version: "Terraform 1.x",
    },
    checkedAt: "every string of an environment file (config/literals.ts)",
  },
];
