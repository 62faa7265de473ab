// The edge inside the real environment stacks: origins come from the Railway module's
// outputs, never from repeated strings, and failover detection becomes a stack output.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { resourcesOf, type SynthOutput, bundledSynth } from "../../support/synth";

let out: SynthOutput;
beforeAll(() => {
  out = bundledSynth();
});
afterAll(() => out.cleanup());

describe("edge wiring in the environment stacks", () => {
  it("points each production pool at its region's Railway service domain", () => {
    const pools = Object.values(resourcesOf(out.stack("neuropilot-production"), "cloudflare_load_balancer_pool"));
    const addresses = pools.map((p) => (p.origins as Array<{ address: string }>)[0].address).sort();
    expect(addresses).toEqual([
      expect.stringMatching(/^\$\{railway_service_domain\.api-backend_us-east_domain_\w+\.domain\}$/),
      expect.stringMatching(/^\$\{railway_service_domain\.api-backend_us-west_domain_\w+\.domain\}$/),
    ]);
  });

  it("outputs the worst-case failover detection time for production only", () => {
    expect(out.stack("neuropilot-production").output?.failover_detection_seconds).toMatchObject({ value: 70 });
    expect(out.stack("neuropilot-staging").output?.failover_detection_seconds).toBeUndefined();
  });

  it("points staging's API record at the Railway custom domain's DNS target", () => {
    const records = Object.values(resourcesOf(out.stack("neuropilot-staging"), "cloudflare_dns_record"));
    const api = records.find((r) => r.name === "api-staging.neuropilot.ai");
    expect(api).toMatchObject({ type: "CNAME", proxied: true, ttl: 1 });
    expect(api?.content).toMatch(/^\$\{railway_custom_domain\..+\.dns_record_value\}$/);
  });

  it("keeps zone-wide resources in the zone owner's stack only", () => {
    for (const type of ["cloudflare_zone_setting", "cloudflare_ruleset"]) {
      expect(Object.keys(resourcesOf(out.stack("neuropilot-staging"), type))).toHaveLength(0);
      expect(Object.keys(resourcesOf(out.stack("neuropilot-production"), type)).length).toBeGreaterThan(0);
    }
  });
});
