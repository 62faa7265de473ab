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

  it("creates staging's Railway custom domain ownership record from the domain's attributes", () => {
    // Railway serves a custom domain only once its verification TXT record exists
    // (constructs/railway/backend-service.ts cites the provider and Railway's schema).
    const domains = resourcesOf(out.stack("neuropilot-staging"), "railway_custom_domain");
    expect(Object.keys(domains)).toHaveLength(1);
    const domain = Object.keys(domains)[0];
    const records = Object.values(resourcesOf(out.stack("neuropilot-staging"), "cloudflare_dns_record"));
    const txt = records.filter((r) => r.type === "TXT");
    expect(txt).toEqual([
      expect.objectContaining({
        name: `\${replace(railway_custom_domain.${domain}.verification_host_label, "/([.]neuropilot[.]ai)?[.]?$/", "")}.neuropilot.ai`,
        content: `\${railway_custom_domain.${domain}.verification_record_value}`,
        proxied: false,
        ttl: 1,
      }),
    ]);
  });

  it("has a verification record in every environment with a Railway custom domain, and none elsewhere", () => {
    for (const stack of ["neuropilot-staging", "neuropilot-production"]) {
      const domains = Object.keys(resourcesOf(out.stack(stack), "railway_custom_domain")).length;
      const txt = Object.values(resourcesOf(out.stack(stack), "cloudflare_dns_record")).filter(
        (r) => r.type === "TXT" && String(r.content).includes("verification_record_value"),
      );
      expect([stack, txt.length]).toEqual([stack, domains]);
    }
  });

  it("keeps zone-wide resources in the zone owner's stack only", () => {
    for (const type of ["cloudflare_zone_setting", "cloudflare_ruleset"]) {
      expect(Object.keys(resourcesOf(out.stack("neuropilot-staging"), type))).toHaveLength(0);
      expect(Object.keys(resourcesOf(out.stack("neuropilot-production"), type)).length).toBeGreaterThan(0);
    }
  });
});
