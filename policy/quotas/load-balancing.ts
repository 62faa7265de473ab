// Cloudflare Load Balancing: a monitor may probe no more often than the zone's plan allows.
// config/schema.ts refuses such a config first (cloudflare-monitor-interval-plan); the rule
// is listed here too so the quota pack holds every limit of the chosen plans in one table.
import { CLOUDFLARE_PLAN_LIMITS } from "../../config/cloudflare-plans";
import type { QuotaRule } from "./rule";

export const loadBalancerMonitorInterval: QuotaRule = {
  id: "cloudflare-lb-monitor-interval",
  what: "load-balancer health checks per minute (the monitor interval's floor)",
  limits: "every 60 s at most (Free, Pro), 15 s (Business), 10 s (Enterprise)",
  source: { ref: "https://developers.cloudflare.com/load-balancing/monitors/create-monitor/", read: "2026-11" },
  fix: "raise cloudflare.loadBalancer.monitorIntervalSeconds, or the zone's plan",
  check: (environments) =>
    environments
      .filter((e) => e.regions.length > 1)
      .flatMap((env) => {
        const interval = env.cloudflare.loadBalancer.monitorIntervalSeconds;
        const floor = CLOUDFLARE_PLAN_LIMITS[env.cloudflare.plan].minMonitorIntervalSeconds;
        if (interval >= floor) return [];
        return [
          {
            environment: env.name,
            path: ["cloudflare", "loadBalancer", "monitorIntervalSeconds"],
            used: 60 / interval,
            limit: 60 / floor,
            plan: `the Cloudflare ${env.cloudflare.plan} plan`,
            detail: `a check every ${interval} s; the plan's floor is ${floor} s`,
          },
        ];
      }),
};
