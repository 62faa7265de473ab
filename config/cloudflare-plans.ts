// What each Cloudflare plan allows for the features we configure, so config validation
// can reject settings the API would refuse at apply time.
// Sources (read 2026-11): developers.cloudflare.com/waf/rate-limiting-rules/#availability
// and developers.cloudflare.com/load-balancing/monitors/ (monitor interval by plan).
export const CLOUDFLARE_PLANS = ["free", "pro", "business", "enterprise"] as const;
export type CloudflarePlan = (typeof CLOUDFLARE_PLANS)[number];

export interface CloudflarePlanLimits {
  rateLimitRules: number;
  rateLimitPeriods: readonly number[];
  mitigationTimeouts: readonly number[];
  /** Whether `http.request.method` may appear in a rate-limiting expression. */
  rateLimitMethodField: boolean;
  /** Cloudflare Managed and OWASP core rulesets in http_request_firewall_managed. */
  managedWafRulesets: boolean;
  minMonitorIntervalSeconds: number;
}

export const CLOUDFLARE_PLAN_LIMITS: Record<CloudflarePlan, CloudflarePlanLimits> = {
  free: {
    rateLimitRules: 1,
    rateLimitPeriods: [10],
    mitigationTimeouts: [10],
    rateLimitMethodField: false,
    managedWafRulesets: false,
    minMonitorIntervalSeconds: 60,
  },
  pro: {
    rateLimitRules: 2,
    rateLimitPeriods: [10, 60],
    mitigationTimeouts: [10, 60, 3600],
    rateLimitMethodField: false,
    managedWafRulesets: true,
    minMonitorIntervalSeconds: 60,
  },
  business: {
    rateLimitRules: 5,
    rateLimitPeriods: [10, 60, 600],
    mitigationTimeouts: [10, 60, 3600, 86400],
    rateLimitMethodField: true,
    managedWafRulesets: true,
    minMonitorIntervalSeconds: 15,
  },
  enterprise: {
    rateLimitRules: 100,
    rateLimitPeriods: [10, 60, 120, 300, 600, 3600],
    mitigationTimeouts: [10, 60, 120, 300, 600, 3600, 86400],
    rateLimitMethodField: true,
    managedWafRulesets: true,
    minMonitorIntervalSeconds: 10,
  },
};
