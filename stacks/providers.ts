// Provider blocks and their version pins. Credentials are never configured here: each
// provider reads its own standard environment variable (CLOUDFLARE_API_TOKEN, RAILWAY_TOKEN,
// NEON_API_KEY, GRAFANA_AUTH, SENTRY_AUTH_TOKEN, GITHUB_TOKEN) locally or from the pipeline's
// secrets.
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { GrafanaProvider } from "../.gen/providers/grafana/provider";
import { NeonProvider } from "../.gen/providers/neon/provider";
import { RailwayProvider } from "../.gen/providers/railway/provider";
import { SentryProvider } from "../.gen/providers/sentry/provider";
import { SENTRY_DATA_REGIONS, type SentryDataRegion } from "../config/observability-regions";

/**
 * The exact provider versions every stack's `required_providers` pins: the versions whose
 * schemas the code was checked against (providers/*.json provenance and the prebuilt
 * bindings' own metadata; test/stacks/provider-pins.test.ts keeps them equal). Bindings
 * generated offline carry no version, so without this pin `terraform init` would install
 * whatever is newest.
 */
export const PROVIDER_VERSIONS = {
  cloudflare: "5.14.0",
  github: "6.9.0",
  grafana: "4.45.1",
  sentry: "0.15.4",
  railway: "0.6.2",
  neon: "0.15.0",
} as const;

export type ProviderName = keyof typeof PROVIDER_VERSIONS;

/** Exactly this version (a bare version is an exact constraint in Terraform). */
export function pinProvider(scope: Construct, name: ProviderName): void {
  TerraformStack.of(scope).addOverride(`terraform.required_providers.${name}.version`, PROVIDER_VERSIONS[name]);
}

export function cloudflareProvider(scope: Construct): void {
  new CloudflareProvider(scope, "cloudflare-provider", {});
  pinProvider(scope, "cloudflare");
}

export function railwayProvider(scope: Construct): void {
  new RailwayProvider(scope, "railway-provider", {});
  pinProvider(scope, "railway");
}

export function neonProvider(scope: Construct): void {
  new NeonProvider(scope, "neon-provider", {});
  pinProvider(scope, "neon");
}

export function grafanaProvider(scope: Construct, url: string): void {
  new GrafanaProvider(scope, "grafana-provider", { url });
  pinProvider(scope, "grafana");
}

/** `dataRegion` us keeps the provider's default API (https://sentry.io/api/, the US region). */
export function sentryProvider(scope: Construct, dataRegion: SentryDataRegion = "us"): void {
  new SentryProvider(scope, "sentry-provider", {
    baseUrl: dataRegion === "us" ? undefined : SENTRY_DATA_REGIONS[dataRegion].apiBase,
  });
  pinProvider(scope, "sentry");
}
