// Notifications: a Slack incoming webhook ({"text": ...}) for everything the Worker does,
// and PagerDuty Events API v2 (trigger/resolve, one dedup key per region) for what it
// cannot fix on its own.
import type { Fetch } from "./runtime";

export const PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

export async function postSlack(webhookUrl: string, text: string, fetcher: Fetch): Promise<void> {
  const response = await fetcher(webhookUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ text }),
  });
  if (!response.ok) throw new Error(`Slack webhook: HTTP ${response.status}`);
}

export interface PagerDutyEvent {
  action: "trigger" | "resolve";
  /** Same key for the trigger and its resolve, so PagerDuty pairs them into one incident. */
  dedupKey: string;
  summary: string;
  source: string;
  component: string;
  details?: Record<string, unknown>;
}

export async function sendPagerDuty(
  eventsUrl: string,
  routingKey: string,
  event: PagerDutyEvent,
  fetcher: Fetch,
): Promise<void> {
  const body = {
    routing_key: routingKey,
    event_action: event.action,
    dedup_key: event.dedupKey,
    ...(event.action === "trigger"
      ? {
          payload: {
            summary: event.summary.slice(0, 1024),
            source: event.source,
            severity: "critical",
            component: event.component,
            group: "neuropilot-backend",
            class: "autoheal",
            custom_details: event.details ?? {},
          },
        }
      : {}),
  };
  const response = await fetcher(eventsUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`PagerDuty: HTTP ${response.status}`);
}
