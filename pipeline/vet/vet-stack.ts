// Vets one synthesised stack against every rule of rules.ts, with the policy main's own
// configuration gives (organization, platform workspace, pinned providers, the provider
// attributes main sets). Pure: reads nothing, runs nothing.
import { ENVIRONMENT_SOURCES } from "../../config";
import { SENTRY_DATA_REGIONS } from "../../config/observability-regions";
import type { EnvironmentInput } from "../../config/schema";
import { PLATFORM_STACK_NAME } from "../../stacks/catalog";
import type { JsonObject } from "../synth/json";
import { PROVIDER_PINS } from "./provider-pins";
import { VET_RULES, type Finding, type VetPolicy } from "./rules";

export type { Finding, VetPolicy };

/** The policy for `stack` from the bundled configuration (main's, in the trusted plan). */
export function bundledVetPolicy(stack: string, offline = false): VetPolicy {
  return vetPolicyFor(
    stack,
    ENVIRONMENT_SOURCES.map((source) => source.value),
    offline,
  );
}

/** The policy for `stack` from the given environments' configuration. */
export function vetPolicyFor(stack: string, environments: readonly EnvironmentInput[], offline = false): VetPolicy {
  const unique = (values: string[]): string[] => [...new Set(values)].sort();
  const organizations = unique(environments.map((env) => env.terraformCloudOrganization));
  if (organizations.length !== 1)
    throw new Error(
      `config: every environment must name one terraformCloudOrganization, got ${organizations.join(", ")}`,
    );
  // Sentry's API host of a data region other than the provider's default (us), as
  // stacks/providers.ts sets it; with every environment in us, no base_url at all.
  const sentryBaseUrls = unique(
    environments.flatMap((env) => {
      const region = env.sentry.dataRegion ?? "us";
      return region === "us" ? [] : [SENTRY_DATA_REGIONS[region].apiBase];
    }),
  );
  return {
    stack,
    organization: organizations[0],
    remoteStateWorkspace: PLATFORM_STACK_NAME,
    providers: PROVIDER_PINS,
    // What stacks/providers.ts sets: the Grafana stack URL, the GitHub owner and Sentry's
    // regional API host, nothing else.
    providerAttributes: {
      grafana: { url: unique(environments.map((env) => env.grafana.url)) },
      github: { owner: unique(environments.map((env) => env.github.owner)) },
      ...(sentryBaseUrls.length > 0 ? { sentry: { base_url: sentryBaseUrls } } : {}),
    },
    offline,
  };
}

export function vetStack(json: JsonObject, policy: VetPolicy): Finding[] {
  return VET_RULES.flatMap((rule) => rule.check(json, policy));
}

/** The refusal for the comment: one line per finding, capped. */
export function refusalText(stack: string, findings: Finding[]): string {
  const lines = findings.slice(0, 30).map((f) => `- [${f.rule}] ${f.at}: ${f.message}`);
  if (findings.length > 30) lines.push(`- … and ${findings.length - 30} more`);
  return [
    `Refused before planning: ${stack}'s synthesised configuration contains what the trusted plan never runs (pipeline/vet/rules.ts).`,
    ...lines,
  ].join("\n");
}
