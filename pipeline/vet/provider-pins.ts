// The providers a synthesised stack may use, each at exactly one version: the pins of
// stacks/providers.ts (PROVIDER_VERSIONS) with the registry source each binding was built
// from (providers/*.json provenance; the prebuilt bindings' own metadata).
// test/pipeline/vet.test.ts keeps these equal to PROVIDER_VERSIONS and to the bundled synth
// output. Kept here rather than imported: stacks/providers.ts loads every generated binding,
// and the trusted plan needs only the names.
export interface ProviderPin {
  /** Registry source, without the default `registry.terraform.io/` host. */
  source: string;
  version: string;
}

export const PROVIDER_PINS: Readonly<Record<string, ProviderPin>> = {
  cloudflare: { source: "cloudflare/cloudflare", version: "5.14.0" },
  github: { source: "integrations/github", version: "6.9.0" },
  grafana: { source: "grafana/grafana", version: "4.45.1" },
  sentry: { source: "jianyuan/sentry", version: "0.15.4" },
  railway: { source: "terraform-community-providers/railway", version: "0.6.2" },
  neon: { source: "kislerdm/neon", version: "0.15.0" },
};

/** `registry.terraform.io/kislerdm/neon` and `kislerdm/neon` name the same provider. */
export function normaliseSource(source: string): string {
  return source.toLowerCase().replace(/^registry\.terraform\.io\//, "");
}
