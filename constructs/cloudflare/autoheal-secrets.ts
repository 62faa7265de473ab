// The auto-heal Worker's secrets: what each is, and the name it goes by everywhere outside
// the Worker (GitHub environment secret, environment variable of `npm run worker-secrets`).
// They are deliberately not Terraform inputs: every plan job (pull requests run the PR's own
// code) would have to hold them, and the Railway token and Neon API key can change
// production. The Worker script keeps secret bindings across uploads (`keep_bindings`), and
// pipeline/worker-secrets.ts sets them through Cloudflare's secrets API after an apply.
// Type imports only: the apply job runs the script without generated bindings.
import type { Env } from "../../workers/autoheal/src/runtime";

export interface AutohealSecretSpec {
  /** Binding name inside the Worker (its `env.<binding>`). */
  binding: keyof Env;
  /** Outside the Worker, when the binding's own name would be ambiguous there. */
  alias?: string;
  description: string;
  /** Only needed with `autoheal.telemetry`. */
  telemetryOnly: boolean;
}

export const AUTOHEAL_SECRETS: readonly AutohealSecretSpec[] = [
  {
    binding: "RAILWAY_TOKEN",
    description:
      "Railway token the auto-heal Worker redeploys with (project token of the environment's project, or an account token with railwayTokenKind: account)",
    telemetryOnly: false,
  },
  { binding: "SLACK_WEBHOOK_URL", description: "Slack incoming webhook for auto-heal reports", telemetryOnly: false },
  {
    binding: "PAGERDUTY_ROUTING_KEY",
    description: "PagerDuty Events API v2 routing key for what auto-healing cannot fix",
    telemetryOnly: false,
  },
  {
    binding: "CLOUDFLARE_API_TOKEN",
    // The deploy's own Cloudflare token is CLOUDFLARE_API_TOKEN; this one may only purge.
    alias: "CLOUDFLARE_PURGE_TOKEN",
    description: "Cloudflare API token with Zone → Cache Purge on the zone, for purges on error spikes",
    telemetryOnly: false,
  },
  {
    binding: "NEON_API_KEY",
    description: "Neon API key the auto-heal Worker reads the organization's consumption with",
    telemetryOnly: true,
  },
  {
    binding: "GRAFANA_PUSH_TOKEN",
    description: "Grafana Cloud Access Policy token (metrics:write) the auto-heal Worker pushes telemetry with",
    telemetryOnly: true,
  },
];

/** The secrets a Worker with (or without) telemetry needs. */
export function autohealSecretsFor(telemetry: boolean): AutohealSecretSpec[] {
  return AUTOHEAL_SECRETS.filter((secret) => telemetry || !secret.telemetryOnly);
}

/** AUTOHEAL_<BINDING or alias>: the GitHub environment secret and the environment variable. */
export function autohealSecretName(spec: AutohealSecretSpec): string {
  return `AUTOHEAL_${spec.alias ?? spec.binding}`;
}
