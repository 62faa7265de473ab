// Settings the plan tier does not allow fail config validation, naming the file, the
// field and what is allowed (config/schema.ts checkEdgeAgainstPlan).
import { describe, expect, it } from "vitest";
import {
  CLOUDFLARE_PLAN_LIMITS,
  LOAD_BALANCER_CHECK_REGIONS,
  RATE_LIMIT_SUPPORTED_SECONDS,
} from "../../../config/cloudflare-plans";
import { CLOUDFLARE_LB_REGIONS } from "../../../config/regions";
import { problemsAfter } from "../../support/configs";
import { loadConfig, synthEdge } from "./support";

describe("plan limits from Cloudflare's availability tables", () => {
  it("match the documented rate-limiting periods, timeouts and rule counts", () => {
    const { free, pro, business, enterprise } = CLOUDFLARE_PLAN_LIMITS;
    expect(free).toMatchObject({ rateLimitRules: 1, rateLimitPeriods: [10], mitigationTimeouts: [10] });
    expect(pro.rateLimitPeriods).toEqual([10, 15, 20, 30, 40, 45, 60]);
    expect(Math.max(...pro.mitigationTimeouts)).toBe(3600);
    expect(Math.max(...business.rateLimitPeriods)).toBe(600);
    expect(Math.max(...business.mitigationTimeouts)).toBe(86400);
    expect(Math.max(...enterprise.rateLimitPeriods)).toBe(65535);
    expect([free, pro, business, enterprise].map((l) => l.rateLimitRules)).toEqual([1, 2, 5, 100]);
    for (const limits of [pro, business, enterprise]) {
      for (const s of [...limits.rateLimitPeriods, ...limits.mitigationTimeouts]) {
        expect(RATE_LIMIT_SUPPORTED_SECONDS).toContain(s);
      }
    }
  });

  it("match the documented monitor intervals and the method-field rule", () => {
    const l = CLOUDFLARE_PLAN_LIMITS;
    expect([l.free, l.pro, l.business, l.enterprise].map((p) => p.minMonitorIntervalSeconds)).toEqual([60, 60, 15, 10]);
    expect([l.free, l.pro, l.business, l.enterprise].map((p) => p.rateLimitMethodField)).toEqual([
      false,
      false,
      true,
      true,
    ]);
    expect([l.free, l.pro, l.business, l.enterprise].map((p) => p.managedWafRulesets)).toEqual([
      false,
      true,
      true,
      true,
    ]);
  });
});

describe("config validation against the plan tier", () => {
  it("rejects a rate-limit period the plan does not offer", () => {
    const message = problemsAfter((c) => {
      c.production.cloudflare.rateLimit.login.periodSeconds = 600;
    });
    expect(message).toContain(
      "config/production.ts: production.cloudflare.rateLimit.login.periodSeconds: the pro plan allows periods of 10, 15, 20, 30, 40, 45, 60 seconds",
    );
  });

  it("rejects a period the API does not support at all", () => {
    const message = problemsAfter((c) => {
      c.production.cloudflare.rateLimit.api = {
        requestsPerPeriod: 100,
        periodSeconds: 25,
        mitigationTimeoutSeconds: 60,
      };
    });
    expect(message).toContain("config/production.ts: production.cloudflare.rateLimit.api.periodSeconds:");
  });

  it("rejects a mitigation timeout above the plan's maximum", () => {
    const message = problemsAfter((c) => {
      c.production.cloudflare.rateLimit.login.mitigationTimeoutSeconds = 86400;
    });
    expect(message).toContain(
      "config/production.ts: production.cloudflare.rateLimit.login.mitigationTimeoutSeconds: the pro plan allows mitigation timeouts of",
    );
  });

  it("rejects a second rate-limiting rule on the free plan", () => {
    const message = problemsAfter((c) => {
      c.production.cloudflare.plan = "free";
      c.production.cloudflare.rateLimit.login = {
        requestsPerPeriod: 5,
        periodSeconds: 10,
        mitigationTimeoutSeconds: 10,
      };
      c.production.cloudflare.cache.edgeTtlSeconds = 7200;
    });
    expect(message).toContain(
      "config/production.ts: production.cloudflare.rateLimit.api: the free plan allows 1 rate-limiting rule(s); set api to null or raise the plan",
    );
  });

  it("rejects a monitor interval below the plan's minimum", () => {
    const message = problemsAfter((c) => {
      c.production.cloudflare.loadBalancer.monitorIntervalSeconds = 15;
    });
    expect(message).toContain(
      "config/production.ts: production.cloudflare.loadBalancer.monitorIntervalSeconds: the pro plan's load-balancing monitors run at most every 60s",
    );
  });

  it("accepts a 15-second monitor interval on the business plan", () => {
    expect(
      problemsAfter((c) => {
        c.production.cloudflare.plan = "business";
        c.production.cloudflare.loadBalancer.monitorIntervalSeconds = 15;
        c.production.budget = { warningUsd: 400, criticalUsd: 500, reason: "test: the business plan costs $250" };
      }),
    ).toBe("");
  });

  it("defaults the monitor to the plan's floor interval, one retry and a 5 s timeout", () => {
    const monitorOn = (plan: "pro" | "business" | "enterprise") => {
      const config = loadConfig("production", (c) => void (c.production.cloudflare.plan = plan));
      expect(config.cloudflare.loadBalancer).toMatchObject({ monitorRetries: 1, monitorTimeoutSeconds: 5 });
      const [monitor] = synthEdge(config).resources("cloudflare_load_balancer_monitor");
      return { interval: monitor.interval, detection: synthEdge(config).edge.failoverDetectionSeconds };
    };
    expect(monitorOn("pro")).toEqual({ interval: 60, detection: 70 });
    expect(monitorOn("business")).toEqual({ interval: 15, detection: 25 });
    expect(monitorOn("enterprise")).toEqual({ interval: 10, detection: 20 });
  });

  it("keeps an explicit monitor timing over the plan's default", () => {
    const config = loadConfig("production", (c) => {
      c.production.cloudflare.plan = "enterprise";
      c.production.cloudflare.loadBalancer = {
        ...c.production.cloudflare.loadBalancer,
        monitorIntervalSeconds: 30,
        monitorRetries: 0,
        monitorTimeoutSeconds: 2,
      };
    });
    expect(synthEdge(config).resources("cloudflare_load_balancer_monitor")[0]).toMatchObject({
      interval: 30,
      retries: 0,
      timeout: 2,
    });
  });

  it("refuses a business-plan monitor one second under its 15 s floor, naming the plan", () => {
    const at = (interval: number) =>
      problemsAfter((c) => {
        c.production.cloudflare.plan = "business";
        c.production.cloudflare.loadBalancer.monitorIntervalSeconds = interval;
        c.production.budget = { warningUsd: 400, criticalUsd: 500, reason: "test: the business plan costs $250" };
      });
    expect(at(14)).toContain("the business plan's load-balancing monitors run at most every 15s");
    expect(at(15)).toBe("");
  });

  it("does not check monitor settings for a single-region environment (no load balancer)", () => {
    expect(problemsAfter((c) => void (c.staging.cloudflare.loadBalancer.monitorIntervalSeconds = 10))).toBe("");
  });

  it("rejects an edge cache TTL below the plan's minimum", () => {
    const message = problemsAfter((c) => {
      c.production.cloudflare.cache.edgeTtlSeconds = 600;
    });
    expect(message).toContain(
      "config/production.ts: production.cloudflare.cache.edgeTtlSeconds: the pro plan's minimum edge cache TTL is 3600s",
    );
  });

  it("rejects a login path that could not be written into an expression safely", () => {
    const message = problemsAfter((c) => {
      c.production.cloudflare.rateLimit.loginPath = '/login" or true or "';
    });
    expect(message).toContain(
      "config/production.ts: production.cloudflare.rateLimit.loginPath: must be an absolute URL path",
    );
  });
});

describe("load-balancer health-check regions (check_regions)", () => {
  it("are the provider 5.14.0 enum; ALL_REGIONS is Enterprise's only", () => {
    // cloudflare/terraform-provider-cloudflare v5.14.0 internal/services/load_balancer_pool/schema.go:116-139.
    expect([...LOAD_BALANCER_CHECK_REGIONS].sort()).toEqual([...CLOUDFLARE_LB_REGIONS, "ALL_REGIONS"].sort());
    const { free, pro, business, enterprise } = CLOUDFLARE_PLAN_LIMITS;
    for (const limits of [free, pro, business]) expect(limits.loadBalancerCheckRegions).toEqual(CLOUDFLARE_LB_REGIONS);
    expect(enterprise.loadBalancerCheckRegions).toContain("ALL_REGIONS");
  });

  it("are set on every pool: the primary region's area by default (one region: no surcharge)", () => {
    const synth = synthEdge(loadConfig("production"));
    const pools = synth.resources("cloudflare_load_balancer_pool");
    expect(pools).toHaveLength(2);
    // The primary us-east4 → ENAM (config/regions.ts).
    for (const pool of pools) expect(pool.check_regions).toEqual(["ENAM"]);
  });

  it("come from config when it lists them", () => {
    const config = loadConfig("production", (c) => {
      c.production.cloudflare.loadBalancer.checkRegions = ["WEU"];
    });
    for (const pool of synthEdge(config).resources("cloudflare_load_balancer_pool"))
      expect(pool.check_regions).toEqual(["WEU"]);
  });

  it("refuses a region the provider does not know", () => {
    expect(
      problemsAfter((c) => {
        c.production.cloudflare.loadBalancer.checkRegions = ["ENAM", "EU"];
      }),
    ).toContain(
      "config/production.ts: production.cloudflare.loadBalancer.checkRegions[1]: EU is not a health-check region the pro plan allows; one of WNAM, ENAM, WEU, EEU, NSAM, SSAM, OC, ME, NAF, SAF, SAS, SEAS, NEAS",
    );
  });

  it("refuses ALL_REGIONS below Enterprise, and accepts it on Enterprise", () => {
    expect(
      problemsAfter((c) => {
        c.production.cloudflare.loadBalancer.checkRegions = ["ALL_REGIONS"];
      }),
    ).toContain("checkRegions[0]: ALL_REGIONS is not a health-check region the pro plan allows");
    expect(
      problemsAfter((c) => {
        c.production.cloudflare.plan = "enterprise";
        c.production.budget = { warningUsd: 9000, criticalUsd: 10000, reason: "plan tier test" };
        c.production.cloudflare.loadBalancer.checkRegions = ["ALL_REGIONS"];
      }),
    ).not.toContain("checkRegions");
  });

  it("refuses a region listed twice", () => {
    expect(
      problemsAfter((c) => {
        c.production.cloudflare.loadBalancer.checkRegions = ["ENAM", "ENAM"];
      }),
    ).toContain("checkRegions[1]: ENAM is listed twice; list each region once");
  });
});
