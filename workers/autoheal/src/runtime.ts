// The few Workers runtime types this Worker uses, declared by hand so the code compiles
// under the repository's Node types as well as on its own (@cloudflare/workers-types is
// not a dependency). Shapes follow the Workers runtime API.

export interface KVNamespace {
  get(key: string): Promise<string | null>;
  put(key: string, value: string): Promise<void>;
}

export interface ScheduledController {
  /** Epoch milliseconds the run was scheduled for; the Worker's "now". */
  readonly scheduledTime: number;
  readonly cron: string;
}

export interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

/** The Worker's bindings (constructs/cloudflare/autoheal-worker.ts declares them). */
export interface Env {
  /** KV namespace holding per-region state between runs. */
  STATE: KVNamespace;
  /** Plain-text JSON: the AutohealConfig (thresholds, regions, hosts). */
  CONFIG: string;
  /** Secrets; an empty or missing one disables what it is for. */
  RAILWAY_TOKEN?: string;
  SLACK_WEBHOOK_URL?: string;
  PAGERDUTY_ROUTING_KEY?: string;
  CLOUDFLARE_API_TOKEN?: string;
  /** Telemetry: Neon API key (consumption reads) and Grafana Cloud Access Policy token (metrics:write). */
  NEON_API_KEY?: string;
  GRAFANA_PUSH_TOKEN?: string;
  /** API base overrides, for tests only; the defaults are the real APIs. */
  RAILWAY_API_URL?: string;
  CLOUDFLARE_API_URL?: string;
  PAGERDUTY_EVENTS_URL?: string;
  NEON_API_URL?: string;
}

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;
