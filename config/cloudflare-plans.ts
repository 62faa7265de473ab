// What each Cloudflare plan allows for the features we configure, so config validation
// can reject settings the API would refuse at apply time, and the edge constructs only
// write expressions the plan accepts.
//
// Sources (read 2026-11; each number below names its page):
// - [RL] developers.cloudflare.com/waf/rate-limiting-rules/#availability (page last updated
//   2026-08-25): fields allowed in the rule expression, counting periods, mitigation
//   timeouts and rule count per plan. The older table (10 s / 1 min / 10 min only) was
//   replaced by "all supported values up to N", with the supported list in its footnote.
// - [LB] developers.cloudflare.com/load-balancing/monitors/create-monitor/ (advanced
//   settings): "Minimum time in seconds is 60 (Pro), 15 (Business), and 10 (Enterprise)".
//   load-balancing/reference/limitations/ says 15 s for every non-Enterprise plan; we
//   keep the stricter per-plan numbers. Free is not listed; it is treated like Pro.
// - [WAF] developers.cloudflare.com/waf/managed-rules/: Cloudflare Managed and OWASP Core
//   rulesets need Pro or above; the Free Managed Ruleset is available on every plan.
// - [CACHE] developers.cloudflare.com/cache/how-to/edge-browser-cache-ttl/: minimum Edge
//   Cache TTL 2 h (Free), 1 h (Pro), 1 s (Business, Enterprise).
// - [LBR] Health-check regions of a load-balancer pool (`check_regions`): the values
//   cloudflare/terraform-provider-cloudflare v5.14.0 accepts (internal/services/
//   load_balancer_pool/schema.go:116-139, OneOfCaseInsensitive: the 13 regions and
//   ALL_REGIONS); Cloudflare's API description of `check_regions` (load-balancing_check_regions:
//   "ALL_REGIONS: all regions (ENTERPRISE customers only)", "Null means every Cloudflare data
//   center") and developers.cloudflare.com/load-balancing/monitors/ ("All Data Centers
//   (Enterprise only)"). So pools always name their regions; ALL_REGIONS is Enterprise's.
// - [ARGO] Argo Smart Routing is a per-zone paid add-on, not part of a plan tier: "Enabling
//   Argo in the Cloudflare dashboard initiates a USD $5.00 monthly charge" with no plan named
//   (support.cloudflare.com/hc/en-us/articles/115000224192, read 2026-12-07); now sold as
//   "Smart Shield + Argo" (developers.cloudflare.com/smart-shield/configuration/argo/, read
//   2026-12-07). Every plan may buy it; the flag keeps the refusal in one place if that changes.
import { CLOUDFLARE_LB_REGIONS } from "./regions";
export const CLOUDFLARE_PLANS = ["free", "pro", "business", "enterprise"] as const;
export type CloudflarePlan = (typeof CLOUDFLARE_PLANS)[number];

/** [RL] footnote 3: every counting/mitigation period the API accepts, in seconds. */
export const RATE_LIMIT_SUPPORTED_SECONDS = [
  10, 15, 20, 30, 40, 45, 60, 90, 120, 180, 240, 300, 480, 600, 900, 1200, 1800, 2400, 3600, 65535, 86400,
] as const;

function supportedUpTo(maxSeconds: number): readonly number[] {
  return RATE_LIMIT_SUPPORTED_SECONDS.filter((s) => s <= maxSeconds);
}

export interface CloudflarePlanLimits {
  rateLimitRules: number;
  rateLimitPeriods: readonly number[];
  mitigationTimeouts: readonly number[];
  /** Whether `http.request.method` may appear in a rate-limiting expression [RL]. */
  rateLimitMethodField: boolean;
  /** Cloudflare Managed and OWASP core rulesets in http_request_firewall_managed [WAF]. */
  managedWafRulesets: boolean;
  minMonitorIntervalSeconds: number;
  /** The monitor config gets when it sets no timing: the plan's floor interval [LB] [MON]. */
  fastestMonitor: FastestMonitor;
  /** Smallest edge TTL a cache rule may set [CACHE]. */
  minEdgeTtlSeconds: number;
  /** Values a load-balancer pool's `check_regions` may hold on this plan [LBR]. */
  loadBalancerCheckRegions: readonly LoadBalancerCheckRegion[];
  /** Whether the zone may enable Argo Smart Routing (as a paid add-on) [ARGO]. */
  argoSmartRouting: boolean;
}

/** Every `check_regions` value provider 5.14.0 accepts (schema.go:116-139) [LBR]. */
// The same regions `region_pools` takes (config/regions.ts), plus ALL_REGIONS.
export const LOAD_BALANCER_CHECK_REGIONS = [...CLOUDFLARE_LB_REGIONS, "ALL_REGIONS"] as const;
export type LoadBalancerCheckRegion = (typeof LOAD_BALANCER_CHECK_REGIONS)[number];
const REGIONAL_CHECKS = LOAD_BALANCER_CHECK_REGIONS.filter((r) => r !== "ALL_REGIONS");

/**
 * [MON] Cloudflare API, load-balancing monitors (developers.cloudflare.com/api/resources/
 * load_balancers/subresources/monitors/methods/create/, read 2026-12-07): `interval` default 60,
 * `retries` default 2 ("Retries are attempted immediately"), `timeout` default 5. Every plan
 * gets its floor interval; one retry (not the API's two) and the 5 s timeout: a single lost
 * probe must not fail a region over, and the origin's own health check answers well inside 5 s.
 */
export interface FastestMonitor {
  intervalSeconds: number;
  retries: number;
  timeoutSeconds: number;
}
const fastestMonitor = (intervalSeconds: number): FastestMonitor => ({
  intervalSeconds,
  retries: 1,
  timeoutSeconds: 5,
});

export const CLOUDFLARE_PLAN_LIMITS: Record<CloudflarePlan, CloudflarePlanLimits> = {
  free: {
    rateLimitRules: 1,
    rateLimitPeriods: [10],
    mitigationTimeouts: [10],
    rateLimitMethodField: false,
    managedWafRulesets: false,
    minMonitorIntervalSeconds: 60,
    fastestMonitor: fastestMonitor(60),
    minEdgeTtlSeconds: 7200,
    loadBalancerCheckRegions: REGIONAL_CHECKS,
    argoSmartRouting: true,
  },
  pro: {
    rateLimitRules: 2,
    rateLimitPeriods: supportedUpTo(60),
    mitigationTimeouts: supportedUpTo(3600),
    rateLimitMethodField: false,
    managedWafRulesets: true,
    minMonitorIntervalSeconds: 60,
    fastestMonitor: fastestMonitor(60),
    minEdgeTtlSeconds: 3600,
    loadBalancerCheckRegions: REGIONAL_CHECKS,
    argoSmartRouting: true,
  },
  business: {
    rateLimitRules: 5,
    rateLimitPeriods: supportedUpTo(600),
    mitigationTimeouts: supportedUpTo(86400),
    rateLimitMethodField: true,
    managedWafRulesets: true,
    minMonitorIntervalSeconds: 15,
    fastestMonitor: fastestMonitor(15),
    minEdgeTtlSeconds: 1,
    loadBalancerCheckRegions: REGIONAL_CHECKS,
    argoSmartRouting: true,
  },
  enterprise: {
    // "Enterprise with app security": 100, subject to contract terms [RL].
    rateLimitRules: 100,
    rateLimitPeriods: supportedUpTo(65535),
    // Enterprise may also set a custom timeout through the API; we stay on the list.
    mitigationTimeouts: supportedUpTo(86400),
    rateLimitMethodField: true,
    managedWafRulesets: true,
    minMonitorIntervalSeconds: 10,
    fastestMonitor: fastestMonitor(10),
    minEdgeTtlSeconds: 1,
    loadBalancerCheckRegions: LOAD_BALANCER_CHECK_REGIONS,
    argoSmartRouting: true,
  },
};
