// Cloudflare constraints the API enforces at apply time.
import { constructPath, stringAt } from "../../terraform-json/tf-json";
import type { ApiRule } from "./rule";

export const CLOUDFLARE_PROVIDER = "cloudflare/terraform-provider-cloudflare v5.14.0";

export const rulesetEntryPointPerPhase: ApiRule = {
  id: "cloudflare-ruleset-entrypoint",
  resourceTypes: ["cloudflare_ruleset"],
  requirement: "at most one zone entry-point ruleset per (zone, phase), across every stack",
  fix:
    "collect the phase's rules in one ruleset (constructs/cloudflare/phase-ruleset.ts); if the zone already has an " +
    "entry point for the phase, import it (terraform import cloudflare_ruleset.<name> zones/<zone_id>/<ruleset_id>) instead of creating one",
  source: {
    ref: "https://developers.cloudflare.com/ruleset-engine/about/phases/ (one entry point ruleset per phase); provider docs/resources/ruleset.md; issues #5599, #3219",
    version: CLOUDFLARE_PROVIDER,
  },
  check(ctx) {
    const seen = new Map<string, string>();
    return ctx.inventory.ofType("cloudflare_ruleset").flatMap((ruleset) => {
      const zone = stringAt(ruleset.attrs, "zone_id");
      const phase = stringAt(ruleset.attrs, "phase");
      if (!zone || !phase || stringAt(ruleset.attrs, "kind") !== "zone") return [];
      const key = `${zone}/${phase}`;
      const first = seen.get(key);
      const path = constructPath(ruleset);
      if (!first) {
        seen.set(key, path);
        return [];
      }
      return [{ path, message: `second entry-point ruleset for phase ${phase} on zone ${zone} (first: ${first})` }];
    });
  },
};
