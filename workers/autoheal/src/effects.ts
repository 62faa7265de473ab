// Everything the Worker does to the outside world, behind one interface: API base URLs
// default to the real services (bindings override them in tests), and a missing secret
// turns its action into a clear error instead of a silent no-op.
import type { AutohealConfig, RegionTarget } from "./config";
import { CLOUDFLARE_API_URL, purgeCache } from "./cloudflare";
import { PAGERDUTY_EVENTS_URL, type PagerDutyEvent, postSlack, sendPagerDuty } from "./notify";
import { RAILWAY_API_URL, railwayClient } from "./railway";
import type { Env, Fetch } from "./runtime";

export interface Effects {
  deploymentInProgress(region: RegionTarget): Promise<boolean>;
  redeploy(region: RegionTarget): Promise<void>;
  purge(): Promise<void>;
  /** False when no webhook is configured. */
  slack(text: string): Promise<boolean>;
  /** False when no routing key is configured. */
  page(event: PagerDutyEvent): Promise<boolean>;
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`the ${name} secret is not set`);
  return value;
}

export function liveEffects(env: Env, config: AutohealConfig, fetcher: Fetch): Effects {
  const railway = () =>
    railwayClient(
      env.RAILWAY_API_URL || RAILWAY_API_URL,
      required(env.RAILWAY_TOKEN, "RAILWAY_TOKEN"),
      config.railwayTokenKind,
      fetcher,
    );
  return {
    deploymentInProgress: (region) => railway().deploymentInProgress(region),
    redeploy: (region) => railway().redeploy(region),
    async purge() {
      if (config.purge.mode === "off") return;
      const token = required(env.CLOUDFLARE_API_TOKEN, "CLOUDFLARE_API_TOKEN");
      const request = { zoneId: config.purge.zoneId, mode: config.purge.mode, hosts: config.purge.hosts };
      await purgeCache(env.CLOUDFLARE_API_URL || CLOUDFLARE_API_URL, token, request, fetcher);
    },
    async slack(text) {
      if (!env.SLACK_WEBHOOK_URL) return false;
      await postSlack(env.SLACK_WEBHOOK_URL, text, fetcher);
      return true;
    },
    async page(event) {
      if (!env.PAGERDUTY_ROUTING_KEY) return false;
      await sendPagerDuty(env.PAGERDUTY_EVENTS_URL || PAGERDUTY_EVENTS_URL, env.PAGERDUTY_ROUTING_KEY, event, fetcher);
      return true;
    },
  };
}
