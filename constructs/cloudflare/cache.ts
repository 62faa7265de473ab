// Cache rules (they replace legacy page rules): static assets by file extension get a
// fixed edge and browser TTL regardless of the origin's Cache-Control. Scoped to the hosts
// that serve them (the frontend), not the whole zone: the API and any other host in the
// zone keep the origin's caching.
import { Construct } from "constructs";
import type { CloudflarePlan } from "../../config/cloudflare-plans";
import { type PhaseRule, PhaseRuleset } from "./phase-ruleset";
import { stringLiteral } from "./rules-language";

export interface CacheRuleOptions {
  /** Hosts whose static assets are cached; the rule is zone-wide otherwise. */
  hosts: readonly string[];
  /** Extensions without the dot, e.g. ["js", "css"]. */
  staticExtensions: readonly string[];
  edgeTtlSeconds: number;
  browserTtlSeconds: number;
}

export function cacheRules(options: CacheRuleOptions): PhaseRule[] {
  const extensions = options.staticExtensions.map(stringLiteral).join(" ");
  const hosts = options.hosts.map(stringLiteral).join(" ");
  return [
    {
      ref: "cache_static_assets",
      description: "Cache static assets at the edge and in browsers",
      action: "set_cache_settings",
      expression: `http.host in {${hosts}} and http.request.uri.path.extension in {${extensions}}`,
      actionParameters: {
        cache: true,
        edgeTtl: { mode: "override_origin", default: options.edgeTtlSeconds },
        browserTtl: { mode: "override_origin", default: options.browserTtlSeconds },
      },
    },
  ];
}

export interface CacheProps extends CacheRuleOptions {
  zoneId: string;
  plan: CloudflarePlan;
}

export class CacheRules extends Construct {
  readonly rules: PhaseRuleset;

  constructor(scope: Construct, id: string, props: CacheProps) {
    super(scope, id);
    this.rules = new PhaseRuleset(this, "rules", {
      zoneId: props.zoneId,
      plan: props.plan,
      phase: "http_request_cache_settings",
      name: "NeuroPilot cache rules",
      description: "Static asset caching (managed by neuropilot-infra)",
      rules: cacheRules(props),
    });
  }
}
