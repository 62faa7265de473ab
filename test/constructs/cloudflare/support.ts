// Synthesises the Edge construct alone, from a validated (optionally modified) bundled
// config, and reads its Cloudflare resources back as parsed JSON.
import { Testing, TerraformStack } from "cdktf";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { loadEnvironments } from "../../../config/load";
import { type EnvironmentConfig, loadBalancerCheckRegions } from "../../../config/schema";
import { Edge } from "../../../constructs/cloudflare/edge";
import { type BundledInputs, bundledInputs, sourcesOf } from "../../support/configs";

export type Resource = Record<string, unknown>;

export interface EdgeSynth {
  edge: Edge;
  config: EnvironmentConfig;
  /** Resources of one type, in declaration order. */
  resources(type: string): Resource[];
  json: string;
}

/** Made-up origin host names; in the real stack they come from the Railway module. */
export function originFor(region: string): string {
  return `backend-${region}.example-origin.test`;
}

export function loadConfig(
  environment: "production" | "staging",
  mutate: (inputs: BundledInputs) => void = () => {},
): EnvironmentConfig {
  const inputs = bundledInputs();
  // Edge tests vary the plan tier, whose price would trip the budget; cost has its own tests.
  inputs.production.budget = {
    warningUsd: 9000,
    criticalUsd: 10000,
    reason: "Edge tests vary the plan tier; cost is tested in test/cost.",
  };
  mutate(inputs);
  const configs = loadEnvironments(sourcesOf(inputs));
  const config = configs.find((c) => c.name === environment);
  if (!config) throw new Error(`no ${environment} config`);
  return config;
}

export function synthEdge(config: EnvironmentConfig): EdgeSynth {
  const stack = new TerraformStack(Testing.app(), "edge-test");
  new CloudflareProvider(stack, "cloudflare", {});
  const edge = new Edge(stack, "edge", {
    cloudflare: config.cloudflare,
    healthCheck: config.healthCheck,
    regions: config.regions.map((r) => ({ name: r.name, origin: originFor(r.name) })),
    checkRegions: loadBalancerCheckRegions(config),
  });
  const json = Testing.synth(stack);
  const parsed = JSON.parse(json) as { resource?: Record<string, Record<string, Resource>> };
  return {
    edge,
    config,
    json,
    resources: (type) => Object.values(parsed.resource?.[type] ?? {}),
  };
}

export interface RulesetRule {
  ref: string;
  description: string;
  expression: string;
  action: string;
  enabled: boolean;
  action_parameters?: Record<string, unknown>;
  ratelimit?: Record<string, unknown>;
}

export function rulesetFor(synth: EdgeSynth, phase: string): { rules: RulesetRule[] } & Resource {
  const matching = synth.resources("cloudflare_ruleset").filter((r) => r.phase === phase);
  if (matching.length !== 1) throw new Error(`expected one ${phase} ruleset, found ${matching.length}`);
  return matching[0] as { rules: RulesetRule[] } & Resource;
}
