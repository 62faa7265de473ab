import { describe, expect, it } from "vitest";
import { failoverDetectionSeconds } from "../../../config/schema";
import { MANAGED_RULESETS } from "../../../constructs/cloudflare/waf";
import { loadConfig, originFor, rulesetFor, synthEdge } from "./support";

const production = synthEdge(loadConfig("production"));
const staging = synthEdge(loadConfig("staging"));

function byName(records: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  return [...records].sort((a, b) => String(a.name).localeCompare(String(b.name)));
}

function settingValue(synth: ReturnType<typeof synthEdge>, id: string): unknown {
  const settings = synth.resources("cloudflare_zone_setting").filter((s) => s.setting_id === id);
  expect(settings).toHaveLength(1);
  expect(settings[0].zone_id).toBe(synth.config.cloudflare.zoneId);
  return settings[0].value;
}

describe("TLS zone settings (zone owner)", () => {
  it("sets Full (strict), HTTPS only, TLS 1.3 and the configured minimum TLS version", () => {
    expect(settingValue(production, "ssl")).toBe("strict");
    expect(settingValue(production, "always_use_https")).toBe("on");
    expect(settingValue(production, "min_tls_version")).toBe("1.2");
    expect(settingValue(production, "tls_1_3")).toBe("on");
    expect(production.resources("cloudflare_zone_setting")).toHaveLength(5);
  });

  it("writes HSTS in the API's security_header shape", () => {
    expect(settingValue(production, "security_header")).toEqual({
      strict_transport_security: {
        enabled: true,
        max_age: 31_536_000,
        include_subdomains: true,
        nosniff: true,
        preload: false,
      },
    });
  });

  it("follows the config's minimum TLS version and HSTS policy", () => {
    const synth = synthEdge(
      loadConfig("production", (c) => {
        c.production.cloudflare.tls = {
          minVersion: "1.3",
          hsts: { maxAgeSeconds: 63_072_000, includeSubdomains: false, preload: true },
        };
      }),
    );
    expect(settingValue(synth, "min_tls_version")).toBe("1.3");
    expect(settingValue(synth, "security_header")).toMatchObject({
      strict_transport_security: { max_age: 63_072_000, include_subdomains: false, preload: true },
    });
  });
});

describe("rulesets: exactly one per (zone, phase), every rule with a stable ref and a description", () => {
  it("declares one ruleset for each of the four phases", () => {
    const phases = production.resources("cloudflare_ruleset").map((r) => r.phase);
    expect(phases.sort()).toEqual([
      "http_ratelimit",
      "http_request_cache_settings",
      "http_request_firewall_custom",
      "http_request_firewall_managed",
    ]);
    for (const ruleset of production.resources("cloudflare_ruleset")) {
      expect(ruleset).toMatchObject({ kind: "zone", zone_id: production.config.cloudflare.zoneId });
      for (const rule of ruleset.rules as Array<Record<string, unknown>>) {
        expect(rule.ref).toMatch(/^[a-z][a-z0-9_]+$/);
        expect(rule.description).toEqual(expect.any(String));
        expect(rule.enabled).toBe(true);
      }
    }
  });

  it("executes Cloudflare Managed and OWASP core on a plan that has them", () => {
    const { rules } = rulesetFor(production, "http_request_firewall_managed");
    expect(rules.map((r) => [r.ref, r.action, r.expression, r.action_parameters])).toEqual([
      ["execute_cloudflare_managed", "execute", "true", { id: MANAGED_RULESETS.cloudflareManaged }],
      ["execute_owasp_core", "execute", "true", { id: MANAGED_RULESETS.owaspCore }],
    ]);
  });

  it("falls back to the Free Managed Ruleset on the free plan", () => {
    const free = synthEdge(
      loadConfig("production", (c) => {
        c.production.cloudflare.plan = "free";
        c.production.cloudflare.rateLimit.login = {
          requestsPerPeriod: 5,
          periodSeconds: 10,
          mitigationTimeoutSeconds: 10,
        };
        c.production.cloudflare.rateLimit.api = null;
        c.production.cloudflare.cache.edgeTtlSeconds = 7200;
      }),
    );
    const { rules } = rulesetFor(free, "http_request_firewall_managed");
    expect(rules.map((r) => r.action_parameters)).toEqual([{ id: MANAGED_RULESETS.freeManaged }]);
  });

  it("blocks SQL-injection and XSS probes and challenges likely bots", () => {
    const { rules } = rulesetFor(production, "http_request_firewall_custom");
    expect(rules.map((r) => [r.ref, r.action])).toEqual([
      ["block_sqli_probes", "block"],
      ["block_xss_probes", "block"],
      ["challenge_likely_bots", "managed_challenge"],
    ]);
    const [sqli, xss, bots] = rules;
    expect(sqli.expression).toContain('lower(url_decode(http.request.uri, "r")) contains "union select"');
    expect(xss.expression).toContain('lower(url_decode(http.request.uri, "r")) contains "<script"');
    expect(bots.expression).toMatch(/^not cf\.client\.bot and http\.request\.uri\.path ne "\/health" and \(/);
    for (const rule of rules) {
      expect(rule.expression).not.toMatch(/cf\.waf\.score|cf\.bot_management|cf\.threat_score/);
    }
  });

  it("rate-limits the login path strictly and /api/* loosely, counting per colo and IP", () => {
    const { rules } = rulesetFor(production, "http_ratelimit");
    const rl = production.config.cloudflare.rateLimit;
    expect(rules).toHaveLength(2);
    expect(rules[0]).toMatchObject({
      ref: "ratelimit_login",
      action: "block",
      expression: `http.request.uri.path eq "${rl.loginPath}"`,
      ratelimit: {
        characteristics: ["cf.colo.id", "ip.src"],
        period: rl.login.periodSeconds,
        requests_per_period: rl.login.requestsPerPeriod,
        mitigation_timeout: rl.login.mitigationTimeoutSeconds,
      },
    });
    expect(rules[1]).toMatchObject({
      ref: "ratelimit_api",
      expression: 'starts_with(http.request.uri.path, "/api/")',
      ratelimit: {
        characteristics: ["cf.colo.id", "ip.src"],
        period: 60,
        requests_per_period: 300,
        mitigation_timeout: 60,
      },
    });
    // Pro may not use the method field in rate-limiting expressions.
    expect(JSON.stringify(rules)).not.toContain("http.request.method");
  });

  it("narrows the login rule to POST where the plan allows the method field", () => {
    const business = synthEdge(loadConfig("production", (c) => void (c.production.cloudflare.plan = "business")));
    const { rules } = rulesetFor(business, "http_ratelimit");
    expect(rules[0].expression).toBe('http.request.uri.path eq "/api/auth/login" and http.request.method eq "POST"');
  });

  it("leaves the /api/* rule out when config sets it to null", () => {
    const synth = synthEdge(loadConfig("production", (c) => void (c.production.cloudflare.rateLimit.api = null)));
    expect(rulesetFor(synth, "http_ratelimit").rules.map((r) => r.ref)).toEqual(["ratelimit_login"]);
  });

  it("caches static assets with edge and browser TTLs from config", () => {
    const { rules } = rulesetFor(production, "http_request_cache_settings");
    const cache = production.config.cloudflare.cache;
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({
      ref: "cache_static_assets",
      action: "set_cache_settings",
      expression: `http.host in {"${production.config.cloudflare.hosts.frontend}"} and http.request.uri.path.extension in {${cache.staticExtensions.map((e) => `"${e}"`).join(" ")}}`,
      action_parameters: {
        cache: true,
        edge_ttl: { mode: "override_origin", default: cache.edgeTtlSeconds },
        browser_ttl: { mode: "override_origin", default: cache.browserTtlSeconds },
      },
    });
  });

  it("drops the WAF rulesets when waf is disabled and the rate-limit ruleset when rateLimit is", () => {
    const noWaf = synthEdge(loadConfig("production", (c) => void (c.production.cloudflare.waf.enabled = false)));
    expect(
      noWaf
        .resources("cloudflare_ruleset")
        .map((r) => r.phase)
        .sort(),
    ).toEqual(["http_ratelimit", "http_request_cache_settings"]);
    expect(noWaf.edge.waf).toBeUndefined();

    const noRateLimit = synthEdge(
      loadConfig("production", (c) => void (c.production.cloudflare.rateLimit.enabled = false)),
    );
    expect(noRateLimit.resources("cloudflare_ruleset").map((r) => r.phase)).not.toContain("http_ratelimit");
    expect(noRateLimit.resources("cloudflare_ruleset")).toHaveLength(3);
  });
});

describe("multi-region failover load balancer", () => {
  const [monitor] = production.resources("cloudflare_load_balancer_monitor");
  const pools = production.resources("cloudflare_load_balancer_pool");
  const [lb] = production.resources("cloudflare_load_balancer");

  it("probes the shared health-check path over HTTPS with the configured timing", () => {
    const { healthCheck, cloudflare } = production.config;
    expect(production.resources("cloudflare_load_balancer_monitor")).toHaveLength(1);
    expect(monitor).toMatchObject({
      account_id: cloudflare.accountId,
      type: "https",
      method: "GET",
      path: healthCheck.path,
      expected_codes: String(healthCheck.expectedStatus),
      interval: cloudflare.loadBalancer.monitorIntervalSeconds,
      retries: cloudflare.loadBalancer.monitorRetries,
      timeout: cloudflare.loadBalancer.monitorTimeoutSeconds,
    });
    // Dead config: every origin sets its own Host, which takes precedence.
    expect(monitor.header).toBeUndefined();
  });

  it("has one account-level pool per region, each with that region's origin and the monitor", () => {
    expect(pools).toHaveLength(2);
    for (const { name: region } of production.config.regions) {
      const pool = pools.find((p) => p.name === `api-neuropilot-ai-${region}`);
      if (!pool) throw new Error(`no pool for ${region}`);
      expect(pool.account_id).toBe(production.config.cloudflare.accountId);
      expect(pool.monitor).toMatch(/^\$\{cloudflare_load_balancer_monitor\..+\.id\}$/);
      expect(pool.origins).toEqual([
        { name: region, address: originFor(region), enabled: true, header: { host: [originFor(region)] } },
      ]);
    }
  });

  it("declares every pool enabled, so a pool a drill left disabled shows as drift", () => {
    expect(pools.length).toBeGreaterThan(1);
    for (const pool of pools) expect(pool).toMatchObject({ enabled: true });
  });

  it("fails over in region order (steering off), primary first, the last pool as fallback", () => {
    const poolRef = (region: string) => {
      const ids = Object.keys(JSON.parse(production.json).resource.cloudflare_load_balancer_pool as object);
      const id = ids.find((k) => k.includes(`pool-${region}`));
      return `\${cloudflare_load_balancer_pool.${id}.id}`;
    };
    expect(lb).toMatchObject({
      zone_id: production.config.cloudflare.zoneId,
      name: "api.neuropilot.ai",
      proxied: true,
      steering_policy: "off",
      default_pools: [poolRef("us-east"), poolRef("us-west")],
      fallback_pool: poolRef("us-west"),
      // A request meeting a dead primary is retried on the next pool without waiting for the monitor.
      adaptive_routing: { failover_across_pools: true },
    });
  });

  it("exposes the worst-case failover detection time and replaces the API DNS record", () => {
    expect(production.edge.failoverDetectionSeconds).toBe(
      failoverDetectionSeconds(production.config.cloudflare.loadBalancer),
    );
    expect(production.edge.failoverDetectionSeconds).toBe(70);
    expect(production.edge.loadBalancerHostname).toBe("api.neuropilot.ai");
    const names = production.resources("cloudflare_dns_record").map((r) => r.name);
    expect(names).toEqual(["inventory.neuropilot.ai"]);
  });
});

describe("single-region environment that does not manage the zone (staging)", () => {
  it("gets proxied CNAMEs for both hosts and no load balancer", () => {
    const records = byName(staging.resources("cloudflare_dns_record"));
    expect(records).toEqual([
      expect.objectContaining({
        name: "api-staging.neuropilot.ai",
        type: "CNAME",
        content: originFor("us-east"),
        proxied: true,
        ttl: 1,
      }),
      expect.objectContaining({
        name: "inventory-staging.neuropilot.ai",
        type: "CNAME",
        content: "cname.vercel-dns.com",
        proxied: true,
        ttl: 1,
      }),
    ]);
    for (const type of [
      "cloudflare_load_balancer",
      "cloudflare_load_balancer_pool",
      "cloudflare_load_balancer_monitor",
    ]) {
      expect(staging.resources(type)).toEqual([]);
    }
    expect(staging.edge.failoverDetectionSeconds).toBeUndefined();
    expect(staging.edge.loadBalancerHostname).toBeUndefined();
  });

  it("leaves the frontend DNS-only when config chooses so (Vercel's advice), the API still proxied", () => {
    const synth = synthEdge(loadConfig("staging", (c) => (c.staging.cloudflare.frontendProxied = false)));
    expect(byName(synth.resources("cloudflare_dns_record")).map((r) => [r.name, r.proxied, r.ttl])).toEqual([
      ["api-staging.neuropilot.ai", true, 1],
      ["inventory-staging.neuropilot.ai", false, 1],
    ]);
  });

  it("declares no zone settings or rulesets (production owns them)", () => {
    expect(staging.resources("cloudflare_zone_setting")).toEqual([]);
    expect(staging.resources("cloudflare_ruleset")).toEqual([]);
  });

  it("a single-region zone owner still gets the zone-wide resources", () => {
    const synth = synthEdge(
      loadConfig("production", (c) => {
        c.production.regions = [c.production.regions[0]];
      }),
    );
    expect(synth.resources("cloudflare_load_balancer")).toEqual([]);
    expect(byName(synth.resources("cloudflare_dns_record")).map((r) => [r.name, r.content, r.proxied])).toEqual([
      ["api.neuropilot.ai", originFor("us-east"), true],
      ["inventory.neuropilot.ai", "cname.vercel-dns.com", true],
    ]);
    expect(synth.resources("cloudflare_ruleset")).toHaveLength(4);
  });
});
