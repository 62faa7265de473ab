// Sentry's monthly error quota against the errors the app is expected to send: each
// environment's expected requests (config/cost-profiles.ts EXPECTED_TRAFFIC, by tier) ×
// the share that fails with a reported error × the SDK's error sample rate
// (sentry.errorSampleRate). The quota is per organization: every environment counts.
import { EXPECTED_TRAFFIC } from "../../config/cost-profiles";
import { type SENTRY_TIERS, SUBSCRIPTION_SOURCES } from "../../config/prices";
import type { EnvironmentConfig } from "../../config/schema";
import type { QuotaRule } from "./rule";

/** Errors a month included per tier (sentry.io/pricing, read 2026-11-23). */
export const SENTRY_ERRORS_PER_MONTH: Record<keyof typeof SENTRY_TIERS, number> = {
  developer: 5_000,
  team: 50_000,
  business: 50_000,
};

export function sentryErrorsPerMonth(env: EnvironmentConfig): number {
  const traffic = EXPECTED_TRAFFIC[env.tier];
  return Math.round(traffic.requestsPerMonth * (traffic.errorSharePct / 100) * env.sentry.errorSampleRate);
}

export const sentryErrorQuota: QuotaRule = {
  id: "sentry-error-quota",
  what: "errors sent to Sentry a month (all environments, one organization)",
  limits: "5,000 (Developer), 50,000 (Team, Business)",
  source: { ref: SUBSCRIPTION_SOURCES.sentry.url, read: SUBSCRIPTION_SOURCES.sentry.read },
  fix: "lower sentry.errorSampleRate (and set the backend's Sentry SDK sampleRate to it), or raise the Sentry tier (config/prices.ts SUBSCRIPTIONS)",
  check(environments, subscriptions) {
    const parts = environments.map((e) => ({ env: e, errors: sentryErrorsPerMonth(e) }));
    const used = parts.reduce((sum, p) => sum + p.errors, 0);
    const limit = SENTRY_ERRORS_PER_MONTH[subscriptions.sentry];
    const last = environments[environments.length - 1];
    if (!last || used <= limit) return [];
    return [
      {
        environment: last.name,
        path: ["sentry", "errorSampleRate"],
        used,
        limit,
        plan: `the Sentry ${subscriptions.sentry} tier`,
        detail: `requests × error share × sample rate: ${parts.map((p) => `${p.env.name} ${p.errors}`).join(" + ")}`,
      },
    ];
  },
};
