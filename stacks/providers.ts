// Provider blocks. Credentials are never configured here: each provider reads its own
// standard environment variable (CLOUDFLARE_API_TOKEN, RAILWAY_TOKEN, NEON_API_KEY,
// GRAFANA_AUTH, SENTRY_AUTH_TOKEN, GITHUB_TOKEN) locally or from the pipeline's secrets.
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import type { Construct } from "constructs";
import { GrafanaProvider } from "../.gen/providers/grafana/provider";
import { NeonProvider } from "../.gen/providers/neon/provider";
import { RailwayProvider } from "../.gen/providers/railway/provider";
import { SentryProvider } from "../.gen/providers/sentry/provider";

export function cloudflareProvider(scope: Construct): void {
  new CloudflareProvider(scope, "cloudflare-provider", {});
}

export function railwayProvider(scope: Construct): void {
  new RailwayProvider(scope, "railway-provider", {});
}

export function neonProvider(scope: Construct): void {
  new NeonProvider(scope, "neon-provider", {});
}

export function grafanaProvider(scope: Construct, url: string): void {
  new GrafanaProvider(scope, "grafana-provider", { url });
}

export function sentryProvider(scope: Construct): void {
  new SentryProvider(scope, "sentry-provider", {});
}
