// Cost profiles: which platform choices an environment's spend rests on. Config selects
// one per environment (`costProfile`); the profile's rules are cross-field checks, so a
// config that says `lean` but keeps an always-on database fails validation naming the
// field and the fix. `npm run cost` prints the profile it priced.
//
//   lean       the seeds' progression (v16.6 $10, v17.1 B $18, v17.2+ $44): Cloudflare Free
//              where its features suffice, Neon computes that scale to zero, replicas as
//              the seed has them.
//   resilient  today's production: always-on Neon primary and replica (no cold start),
//              Cloudflare Pro for the managed WAF and a second rate-limiting rule.

export const COST_PROFILES = ["lean", "resilient"] as const;
export type CostProfile = (typeof COST_PROFILES)[number];

export const COST_PROFILE_SUMMARY: Record<CostProfile, string> = {
  lean: "seeds' progression: Cloudflare Free, Neon scales to zero",
  resilient: "always-on Neon computes, any Cloudflare plan",
};

/** The config facts a profile constrains. */
export interface ProfiledConfig {
  costProfile: CostProfile;
  cloudflare: { plan: string; managesZone: boolean };
  neon: { compute: { suspendTimeoutSeconds: number } };
}

export interface ProfileIssue {
  path: string[];
  message: string;
}

export function costProfileIssues(config: ProfiledConfig): ProfileIssue[] {
  if (config.costProfile !== "lean") return [];
  const issues: ProfileIssue[] = [];
  if (config.neon.compute.suspendTimeoutSeconds === -1) {
    issues.push({
      path: ["neon", "compute", "suspendTimeoutSeconds"],
      message:
        "the lean cost profile scales Neon to zero: set a suspend timeout (e.g. 300, 0 for Neon's default) instead of -1 (never suspend), or choose costProfile: resilient",
    });
  }
  if (config.cloudflare.managesZone && config.cloudflare.plan !== "free") {
    issues.push({
      path: ["cloudflare", "plan"],
      message: `the lean cost profile keeps the zone on Cloudflare Free: set plan "free" (and the Free plan's rate limits), or choose costProfile: resilient for "${config.cloudflare.plan}"`,
    });
  }
  return issues;
}

/**
 * Expected traffic of an environment, by tier (estimate: no measured traffic yet; replace it
 * with the real figures once Grafana has a month of neuropilot_http_requests_total). The
 * service-quota rules (policy/quotas/) read it: Sentry's monthly error quota.
 */
export const EXPECTED_TRAFFIC: Record<"production" | "staging", { requestsPerMonth: number; errorSharePct: number }> = {
  // About 1.2 requests a second on average: a small B2B inventory SaaS.
  production: { requestsPerMonth: 3_000_000, errorSharePct: 0.1 },
  // Smoke tests, previews and the team's own use; more of it fails.
  staging: { requestsPerMonth: 100_000, errorSharePct: 1 },
};
