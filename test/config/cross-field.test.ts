// The environment schema's cross-field rules (config/schema.ts checkCrossFieldRules,
// checkCellRegionNames, checkEdgeAgainstPlan), each at its boundary, on the bundled
// production config and the 3-cell example, without a synth: every issue is checked by its
// path and whole message, and a config that breaks one rule gets exactly that one issue.
import { describe, expect, it } from "vitest";
import { CLOUDFLARE_PLAN_LIMITS } from "../../config/cloudflare-plans";
import { globalProduction } from "../../config/examples/global";
import { production } from "../../config/production";
import { EnvironmentSchema, type EnvironmentInput } from "../../config/schema";

type Env = EnvironmentInput & Record<string, unknown>;

/** The schema's issues after `edit`, as "path: message"; [] when valid. */
function issues(edit: (env: Env) => void, base: EnvironmentInput = production): string[] {
  const env = structuredClone(base) as Env;
  edit(env);
  const result = EnvironmentSchema.safeParse(env);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

const cf = (env: Env) => env.cloudflare;

describe("the bundled configs", () => {
  it("pass every cross-field rule", () => {
    expect(issues(() => {})).toEqual([]);
    expect(issues(() => {}, globalProduction)).toEqual([]);
  });
});

describe("hosts", () => {
  it("refuses the API host as the frontend host", () => {
    expect(issues((env) => (cf(env).hosts.frontend = "api.neuropilot.ai"))).toEqual([
      "cloudflare.hosts.frontend: is the same host as hosts.api (api.neuropilot.ai); give the frontend its own name such as app.neuropilot.ai",
    ]);
  });

  it("accepts the zone apex and names below it; refuses a host outside the zone", () => {
    expect(issues((env) => (cf(env).hosts.frontend = "neuropilot.ai"))).toEqual([]);
    expect(issues((env) => (cf(env).hosts.api = "api.neuropilot.io"))).toEqual([
      "cloudflare.hosts.api: host api.neuropilot.io is outside the zone neuropilot.ai; use a name ending in .neuropilot.ai",
    ]);
  });
});

describe("regions and cells", () => {
  it("needs exactly one of regions and cells, and stops there", () => {
    const both = issues((env) => (env.cells = structuredClone(globalProduction.cells)));
    expect(both).toEqual(["cells: list either regions (one cell) or cells, not both and not neither"]);
    expect(issues((env) => delete env.regions)).toEqual([
      "regions: list either regions (one cell) or cells, not both and not neither",
    ]);
  });

  it("takes the Neon region from neon.region with regions, from each cell with cells", () => {
    expect(issues((env) => delete env.neon.region)).toEqual([
      "neon.region: needs the Neon project's region (or use cells)",
    ]);
    expect(issues((env) => (env.neon.region = "aws-us-east-2"), globalProduction)).toEqual([
      "neon.region: with cells, each cell names its Neon region (cells[].neonRegion); remove neon.region",
    ]);
  });

  it("reports a cell's own problems at its place in cells", () => {
    expect(issues((env) => (env.cells![1].id = env.cells![0].id), globalProduction)).toEqual([
      "cells.1.id: cell us is already cells[0]; ids are unique",
    ]);
  });

  it("refuses a region name used in two cells, naming the first", () => {
    const found = issues((env) => {
      env.cells![2].regions[0].name = "us-west";
    }, globalProduction);
    expect(found).toEqual([
      "cells.2.regions.0.name: name us-west is already cells[0].regions[1].name; each region may appear once",
    ]);
  });

  it("needs the traffic-steering add-on for several cells, not for one", () => {
    expect(issues((env) => (cf(env).loadBalancer.trafficSteering = false), globalProduction)).toEqual([
      'cloudflare.loadBalancer.trafficSteering: 3 cells are steered by geography (steering_policy "geo"), a paid Load Balancing traffic-steering add-on (developers.cloudflare.com/load-balancing/understand-basics/traffic-steering/steering-policies/); subscribe and set trafficSteering: true, or use one cell',
    ]);
    expect(
      issues((env) => {
        env.cells = env.cells!.slice(0, 1);
        cf(env).loadBalancer.trafficSteering = false;
      }, globalProduction),
    ).toEqual([]);
  });

  it("needs a holding origin for strict cells in two jurisdictions, not for one", () => {
    const twoStrict = (env: Env) => (env.cells![2].residency = "strict");
    expect(issues(twoStrict, globalProduction)).toContain(
      "cloudflare.loadBalancer.holdingOrigin: strict cells in eu, ap cannot share one fallback_pool inside all their jurisdictions; set holdingOrigin to a host serving a static unavailable page that keeps no data, or make all but one jurisdiction residency none",
    );
    expect(
      issues((env) => {
        twoStrict(env);
        cf(env).loadBalancer.holdingOrigin = "holding.neuropilot.ai";
      }, globalProduction).filter((line) => line.includes("holdingOrigin")),
    ).toEqual([]);
  });

  it("needs the Grafana region readable from the Prometheus URL when a cell is strict", () => {
    const unreadable = (env: Env) => (env.grafana.prometheusUrl = "https://prometheus.example.com/api/prom");
    expect(issues(unreadable, globalProduction)).toEqual([
      "grafana.prometheusUrl: strict cells need the Grafana Cloud stack's region, read from this URL's host (<service>-prod-<us|eu|ap>-<area>-<n>.grafana.net); copy the stack's Prometheus URL from the Grafana Cloud portal (config/observability-regions.ts)",
    ]);
    expect(issues(unreadable)).toEqual([]);
  });

  it("needs Enterprise for pops", () => {
    const withPops = (env: Env) => (env.cells![1].pops = ["FRA"]);
    expect(issues(withPops, globalProduction)).toContain(
      "cells: pops (pop_pools) need Cloudflare Enterprise (developers.cloudflare.com/load-balancing/understand-basics/traffic-steering/steering-policies/geo-steering/); the plan is pro; remove pops",
    );
    expect(issues((env) => (env.cells![1].pops = []), globalProduction)).toEqual([]);
    expect(
      issues((env) => {
        withPops(env);
        cf(env).plan = "enterprise";
      }, globalProduction),
    ).toEqual([]);
  });

  it("refuses a repeated region name or Railway region once per repeat, listing the others", () => {
    const repeated = issues((env) => {
      const [first] = env.regions!;
      env.regions = [first, { ...first, name: "b" }, { ...first, name: "c" }];
    });
    expect(repeated).toContain(
      "regions.1.railwayRegion: railwayRegion us-east4-eqdc4a is already regions[0].railwayRegion (and repeated in regions[2]); each region may appear once",
    );
    const four = issues((env) => {
      const [first] = env.regions!;
      env.regions = ["zone-b", "zone-c", "zone-d"].reduce((all, name) => [...all, { ...first, name }], [first]);
    });
    expect(four).toContain(
      "regions.1.railwayRegion: railwayRegion us-east4-eqdc4a is already regions[0].railwayRegion (and repeated in regions[2], regions[3]); each region may appear once",
    );
    const twice = issues((env) => (env.regions![1] = { ...env.regions![0], railwayRegion: "us-west2" }));
    expect(twice).toContain("regions.1.name: name us-east is already regions[0].name; each region may appear once");
  });
});

describe("single values against each other", () => {
  it("allows customApiDomain with one region only", () => {
    expect(issues((env) => (env.railway.customApiDomain = true))).toEqual([
      "railway.customApiDomain: needs exactly one region (found 2): with several, the load balancer serves api.neuropilot.ai; set it to false",
    ]);
    expect(
      issues((env) => {
        env.railway.customApiDomain = true;
        env.regions = env.regions!.slice(0, 1);
      }),
    ).toEqual([]);
  });

  it("needs the warning budget below the critical one: equal fails, one below passes", () => {
    expect(issues((env) => (env.budget.warningUsd = 120))).toEqual([
      "budget.warningUsd: warning budget ($120) must be below the critical budget ($120)",
    ]);
    expect(issues((env) => (env.budget.warningUsd = 119))).toEqual([]);
  });

  it("needs the warning error rate below the critical one: equal fails", () => {
    expect(issues((env) => (env.grafana.alerts.errorRateWarningPct = 5))).toEqual([
      "grafana.alerts.errorRateWarningPct: the warning error rate must be below the critical error rate",
    ]);
    expect(issues((env) => (env.grafana.alerts.errorRateWarningPct = 4.9))).toEqual([]);
  });

  it("holds retention to the Neon plan's limit: at it passes, one second past fails", () => {
    expect(issues((env) => (env.neon.historyRetentionSeconds = 604_800))).toEqual([]);
    expect(issues((env) => (env.neon.historyRetentionSeconds = 604_801))).toEqual([
      "neon.historyRetentionSeconds: 604801s exceeds the Neon launch plan limit of 604800s",
    ]);
  });

  it("reports Neon compute problems under neon.compute", () => {
    const found = issues((env) => (env.neon.compute = { ...env.neon.compute, minCu: 4, maxCu: 2 }));
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((line) => line.startsWith("neon.compute."))).toBe(true);
  });

  it("refuses a secret-shaped or reserved Railway variable, by its key", () => {
    const token = "gh" + "p_" + "A1b2".repeat(9);
    expect(issues((env) => (env.railway.variables = { LOG_LEVEL: "info", GITHUB: token }))).toEqual([
      expect.stringMatching(
        /^railway\.variables\.GITHUB: looks like a .+ credential; secrets never live in config: pass it as a sensitive variable \(secrets\/README\.md\), keep only plain values such as LOG_LEVEL: "info"$/,
      ),
    ]);
    expect(issues((env) => (env.railway.variables = { NODE_ENV: "production" }))).toEqual([
      "railway.variables.NODE_ENV: NODE_ENV is set by the stack itself (NODE_ENV, APP_ENV, HEALTH_CHECK_PATH, DATABASE_URL, DATABASE_READ_URL, SENTRY_DSN, SENTRY_ENVIRONMENT, SENTRY_RELEASE); rename or remove it",
    ]);
  });
});

describe("the edge against the Cloudflare plan", () => {
  it("counts rate-limiting rules and checks each rule's period and timeout against the plan", () => {
    expect(issues((env) => (cf(env).plan = "free"))).toEqual([
      "cloudflare.rateLimit.api: the free plan allows 1 rate-limiting rule(s); set api to null or raise the plan",
      "cloudflare.rateLimit.login.periodSeconds: the free plan allows periods of 10 seconds",
      "cloudflare.rateLimit.login.mitigationTimeoutSeconds: the free plan allows mitigation timeouts of 10 seconds",
      "cloudflare.rateLimit.api.periodSeconds: the free plan allows periods of 10 seconds",
      "cloudflare.rateLimit.api.mitigationTimeoutSeconds: the free plan allows mitigation timeouts of 10 seconds",
    ]);
    // Within the plan's lists and count: nothing.
    expect(
      issues((env) => {
        cf(env).plan = "free";
        cf(env).rateLimit.api = null;
        cf(env).rateLimit.login = { ...cf(env).rateLimit.login, periodSeconds: 10, mitigationTimeoutSeconds: 10 };
        cf(env).cache.edgeTtlSeconds = 7200;
      }).filter((line) => line.startsWith("cloudflare.")),
    ).toEqual([]);
  });

  it("lists every period and timeout the plan allows", () => {
    expect(
      issues((env) => {
        cf(env).rateLimit.login.periodSeconds = 7;
        cf(env).rateLimit.login.mitigationTimeoutSeconds = 7;
      }),
    ).toEqual([
      "cloudflare.rateLimit.login.periodSeconds: the pro plan allows periods of 10, 15, 20, 30, 40, 45, 60 seconds",
      "cloudflare.rateLimit.login.mitigationTimeoutSeconds: the pro plan allows mitigation timeouts of 10, 15, 20, 30, 40, 45, 60, 90, 120, 180, 240, 300, 480, 600, 900, 1200, 1800, 2400, 3600 seconds",
    ]);
  });

  it("checks nothing of rate limiting when it is off", () => {
    expect(
      issues((env) => {
        cf(env).rateLimit.enabled = false;
        cf(env).rateLimit.login.periodSeconds = 7;
      }),
    ).toEqual([]);
  });

  it("holds the edge cache TTL to the plan's minimum: at it passes, one below fails", () => {
    expect(issues((env) => (cf(env).cache.edgeTtlSeconds = 3600))).toEqual([]);
    expect(issues((env) => (cf(env).cache.edgeTtlSeconds = 3599))).toEqual([
      "cloudflare.cache.edgeTtlSeconds: the pro plan's minimum edge cache TTL is 3600s",
    ]);
  });

  it("refuses a health-check region the plan does not allow, and one listed twice", () => {
    const found = issues((env) => (cf(env).loadBalancer.checkRegions = ["WNAM", "ALL_REGIONS", "WNAM"]));
    expect(found).toEqual([
      expect.stringMatching(
        /^cloudflare\.loadBalancer\.checkRegions\.1: ALL_REGIONS is not a health-check region the pro plan allows; one of WNAM, ENAM, .*SEAS, NEAS$/,
      ),
      "cloudflare.loadBalancer.checkRegions.2: WNAM is listed twice; list each region once",
    ]);
    expect(issues((env) => (cf(env).loadBalancer.checkRegions = ["WNAM", "ENAM"]))).toEqual([]);
  });

  it("allows Argo only on the environment that manages the zone", () => {
    expect(issues((env) => (cf(env).argoSmartRouting = { expectedMonthlyGb: 10 }))).toEqual([]);
    expect(
      issues((env) => {
        cf(env).argoSmartRouting = { expectedMonthlyGb: 10 };
        cf(env).managesZone = false;
      }),
    ).toEqual([
      "cloudflare.argoSmartRouting: Argo Smart Routing is a setting of the whole pro-plan zone neuropilot.ai; set it on the environment with managesZone: true, or null here",
    ]);
  });

  it("refuses Argo on a plan without it (every plan has it today: a plan entry without it, for this test)", () => {
    const argo = (env: Env) => (cf(env).argoSmartRouting = { expectedMonthlyGb: 10 });
    const pro = CLOUDFLARE_PLAN_LIMITS.pro;
    CLOUDFLARE_PLAN_LIMITS.pro = { ...pro, argoSmartRouting: false };
    try {
      expect(issues(argo)).toEqual([
        "cloudflare.argoSmartRouting: the pro plan cannot enable Argo Smart Routing; set it to null or raise the plan",
      ]);
      expect(issues(() => {})).toEqual([]);
    } finally {
      CLOUDFLARE_PLAN_LIMITS.pro = pro;
    }
  });

  it("needs health-check regions when the primary region has no Cloudflare area, with several regions", () => {
    const unknownPrimary = (env: Env) => (env.regions![0].railwayRegion = "mars-1");
    expect(issues(unknownPrimary)).toEqual([
      "regions.0.railwayRegion: must be a Railway region of config/regions.ts: us-west2, us-east4-eqdc4a, europe-west4-drams3a, asia-southeast1-eqsg3a",
      "cloudflare.loadBalancer.checkRegions: the primary region has no Cloudflare area in config/regions.ts; list the health-check regions, one of WNAM, ENAM, WEU, EEU, NSAM, SSAM, OC, ME, NAF, SAF, SAS, SEAS, NEAS",
    ]);
    // Listing them answers it; the region's own error stays.
    expect(
      issues((env) => {
        unknownPrimary(env);
        cf(env).loadBalancer.checkRegions = ["ENAM"];
      }),
    ).toEqual([
      "regions.0.railwayRegion: must be a Railway region of config/regions.ts: us-west2, us-east4-eqdc4a, europe-west4-drams3a, asia-southeast1-eqsg3a",
    ]);
  });

  it("holds the monitor interval to the plan's floor with several regions: at it passes, one below fails", () => {
    expect(issues((env) => (cf(env).loadBalancer.monitorIntervalSeconds = 60))).toEqual([]);
    expect(issues((env) => (cf(env).loadBalancer.monitorIntervalSeconds = 59))).toEqual([
      "cloudflare.loadBalancer.monitorIntervalSeconds: the pro plan's load-balancing monitors run at most every 60s",
    ]);
    // With one region there is no load balancer to monitor.
    expect(
      issues((env) => {
        cf(env).loadBalancer.monitorIntervalSeconds = 59;
        env.regions = env.regions!.slice(0, 1);
      }),
    ).toEqual([]);
  });

  it("holds worst-case failover detection to the target: at it passes, one second over fails", () => {
    // 60 s interval + (1 + 1) × 5 s timeout = 70 s.
    expect(issues((env) => (cf(env).loadBalancer.failoverTargetSeconds = 70))).toEqual([]);
    expect(issues((env) => (cf(env).loadBalancer.failoverTargetSeconds = 69))).toEqual([
      "cloudflare.loadBalancer: worst-case failover detection is 70s (interval 60s + 2 probes × 5s timeout), above the 69s target; lower monitorIntervalSeconds or monitorRetries",
    ]);
  });
});
