import { describe, expect, it } from "vitest";
import { loadEnvironments } from "../../config/load";
import { failoverDetectionSeconds } from "../../config/schema";
import { bundledInputs, problemsAfter, sourcesOf } from "../support/configs";

describe("bundled configuration", () => {
  it("is valid and keeps deploy order", () => {
    const envs = loadEnvironments(sourcesOf(bundledInputs()));
    expect(envs.map((e) => e.name)).toEqual(["staging", "production"]);
    const production = envs[1];
    expect(production.regions.map((r) => r.name)).toEqual(["us-east", "us-west"]);
    // Staging keeps the seeds' $20/$40; production raises its budget with a written reason.
    expect(envs[0].budget).toMatchObject({ warningUsd: 20, criticalUsd: 40 });
    expect(production.budget).toMatchObject({ warningUsd: 90, criticalUsd: 120 });
    expect(production.budget.reason).toMatch(/Cloudflare Pro/);
    expect(envs[0].regions).toHaveLength(1);
  });

  it("meets the production failover target (under 3 minutes)", () => {
    const [, production] = loadEnvironments(sourcesOf(bundledInputs()));
    expect(failoverDetectionSeconds(production.cloudflare.loadBalancer)).toBeLessThan(180);
  });
});

describe("validation rules name the file, the path and what is allowed", () => {
  it("rejects unknown keys", () => {
    const message = problemsAfter((c) => {
      Object.assign(c.production.regions[0], { replica: 3 });
    });
    expect(message).toContain('config/production.ts: production.regions[0]: unknown key "replica"');
  });

  it("rejects wrong types", () => {
    const message = problemsAfter((c) => {
      (c.production.regions[1] as unknown as Record<string, unknown>).replicas = "two";
    });
    expect(message).toContain("config/production.ts: production.regions[1].replicas:");
    expect(message).toMatch(/expected number/);
  });

  it("rejects hosts outside the zone", () => {
    const message = problemsAfter((c) => {
      c.staging.cloudflare.hosts.api = "api.neuropilot.io";
    });
    expect(message).toContain(
      "config/staging.ts: staging.cloudflare.hosts.api: host api.neuropilot.io is outside the zone neuropilot.ai",
    );
  });

  it("rejects a host that merely ends with the zone's letters", () => {
    const message = problemsAfter((c) => {
      c.staging.cloudflare.hosts.frontend = "evilneuropilot.ai";
    });
    expect(message).toContain("staging.cloudflare.hosts.frontend: host evilneuropilot.ai is outside the zone");
  });

  it("rejects duplicate regions", () => {
    const message = problemsAfter((c) => {
      c.production.regions[1] = { ...c.production.regions[0] };
    });
    expect(message).toContain(
      "config/production.ts: production.regions[1].name: name us-east is already regions[0].name; each region may appear once",
    );
    expect(message).toContain(
      "production.regions[1].railwayRegion: railwayRegion us-east4-eqdc4a is already regions[0]",
    );
    // One line per repeated value, not two per entry.
    expect(message.split("\n").filter((l) => l.includes("is already"))).toHaveLength(2);
  });

  it("points a third repeat at the entries that repeat it, once", () => {
    const message = problemsAfter((c) => {
      c.production.regions = [0, 1, 2].map((i) => ({ name: `r${i}`, railwayRegion: "us-west2", replicas: 1 }));
    });
    expect(message).toContain(
      "production.regions[1].railwayRegion: railwayRegion us-west2 is already regions[0].railwayRegion (and repeated in regions[2]); each region may appear once",
    );
    expect(message.split("\n").filter((l) => l.includes("is already"))).toHaveLength(1);
  });

  it("caps regions at Railway's count with one line, however many are listed", () => {
    const message = problemsAfter((c) => {
      c.production.regions = Array.from({ length: 62 }, (_, i) => ({
        name: `r${i}`,
        railwayRegion: "us-west2",
        replicas: 1,
      }));
    });
    expect(message).toContain("production.regions: at most 4 regions: Railway has 4");
    expect(message.split("\n").length).toBeLessThan(4);
  });

  it("refuses customApiDomain with several regions instead of ignoring it", () => {
    expect(problemsAfter((c) => (c.production.railway.customApiDomain = true))).toContain(
      "production.railway.customApiDomain: needs exactly one region (found 2)",
    );
    expect(problemsAfter((c) => (c.staging.railway.customApiDomain = true))).toBe("");
  });

  it("rejects an environment with no primary region", () => {
    const message = problemsAfter((c) => {
      c.staging.regions = [];
    });
    expect(message).toContain("config/staging.ts: staging.regions: needs at least one region");
  });

  it.each([0, 11, 1.5])("rejects %s replicas", (replicas) => {
    const message = problemsAfter((c) => {
      c.production.regions[0].replicas = replicas;
    });
    expect(message).toContain("config/production.ts: production.regions[0].replicas:");
  });

  it("rejects unknown Railway regions and lists the allowed ones", () => {
    const message = problemsAfter((c) => {
      (c.production.regions[1] as unknown as Record<string, unknown>).railwayRegion = "mars-1";
    });
    expect(message).toContain("production.regions[1].railwayRegion:");
    expect(message).toContain("us-east4-eqdc4a");
  });

  it("rejects unknown Neon regions and lists the allowed ones", () => {
    const message = problemsAfter((c) => {
      (c.staging.neon as unknown as Record<string, unknown>).region = "aws-mars-1";
    });
    expect(message).toContain("config/staging.ts: staging.neon.region:");
    expect(message).toContain("aws-us-east-2");
  });

  it.each([0, -5])("rejects a budget of %s", (amount) => {
    const message = problemsAfter((c) => {
      c.production.budget.criticalUsd = amount;
    });
    expect(message).toContain("config/production.ts: production.budget.criticalUsd: must be a positive amount in USD");
  });

  it("rejects a warning budget above the critical one", () => {
    const message = problemsAfter((c) => {
      c.staging.budget = { warningUsd: 50, criticalUsd: 40 };
    });
    expect(message).toContain(
      "staging.budget.warningUsd: warning budget ($50) must be below the critical budget ($40)",
    );
  });

  it("rejects Neon compute min above max", () => {
    const message = problemsAfter((c) => {
      c.production.neon.compute = { minCu: 4, maxCu: 2, suspendTimeoutSeconds: 0 };
    });
    expect(message).toContain("production.neon.compute.minCu: minCu (4) must not exceed maxCu (2)");
  });

  it("bounds Railway's deployment overlap and draining at 0..600 seconds, whole numbers", () => {
    const at = (overlap: number, draining: number) =>
      problemsAfter((c) => {
        Object.assign(c.production.railway, { overlapSeconds: overlap, drainingSeconds: draining });
      });
    expect(at(0, 600)).toBe("");
    expect(at(601, 0)).toContain("production.railway.overlapSeconds:");
    expect(at(0, 601)).toContain("production.railway.drainingSeconds:");
    expect(at(-1, 0)).toContain("production.railway.overlapSeconds:");
    expect(at(1.5, 0)).toContain("production.railway.overlapSeconds:");
  });

  it("rejects negative read replicas", () => {
    const message = problemsAfter((c) => {
      c.production.neon.readReplicas = -1;
    });
    expect(message).toContain("production.neon.readReplicas:");
  });

  it("rejects retention beyond the Neon plan's limit", () => {
    const message = problemsAfter((c) => {
      c.production.neon.historyRetentionSeconds = 30 * 86_400;
      c.staging.neon.historyRetentionSeconds = 30 * 86_400;
    });
    expect(message).toContain("production.neon.historyRetentionSeconds: 2592000s exceeds the Neon launch plan limit");
  });

  it("rejects a failover target the monitor settings cannot meet", () => {
    const message = problemsAfter((c) => {
      c.production.cloudflare.loadBalancer.monitorIntervalSeconds = 300;
    });
    expect(message).toContain(
      "production.cloudflare.loadBalancer: worst-case failover detection is 310s (interval 300s + 2 probes × 5s timeout), above the 180s target",
    );
  });

  it("reports every problem in one pass, across files", () => {
    const message = problemsAfter((c) => {
      c.staging.regions = [];
      c.production.budget.warningUsd = -1;
    });
    expect(message).toMatch(/Invalid configuration \(2 problems\)/);
    expect(message).toContain("config/staging.ts");
    expect(message).toContain("config/production.ts");
  });

  it("requires exactly one environment to manage a shared zone", () => {
    const message = problemsAfter((c) => {
      c.staging.cloudflare.managesZone = true;
      // Lean staging may not manage a Pro zone (its own rule); this case is about the second manager.
      c.staging.costProfile = "resilient";
    });
    expect(message).toContain(
      ".cloudflare.managesZone: exactly one environment sharing zone neuropilot.ai must set managesZone: true (found 2)",
    );
  });

  it("requires all environments to agree on the shared Neon project", () => {
    const message = problemsAfter((c) => {
      c.staging.neon.pgVersion = 17;
    });
    expect(message).toContain("config/staging.ts: staging.neon.pgVersion: must equal 16 as in config/production.ts");
  });

  it("requires all environments to share the Sentry organization's data region (residency guard)", () => {
    // Failing fixture: staging in de while production (the default branch's environment) is us.
    const message = problemsAfter((c) => {
      c.staging.sentry.dataRegion = "de";
    });
    expect(message).toContain(
      "config/staging.ts: staging.sentry.dataRegion: must equal us as in config/production.ts: all environments report to one Sentry organization",
    );
    expect(message).toContain("(1 problem)");
    // The same region everywhere, us or de, passes.
    expect(problemsAfter(() => {})).toBe("");
    expect(
      problemsAfter((c) => {
        c.staging.sentry.dataRegion = "de";
        c.production.sentry.dataRegion = "de";
      }),
    ).toBe("");
  });
});
