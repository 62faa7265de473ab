// The residency rules on hand-built resources: a US cell (residency none) and a strict EU
// cell, each with its Railway region, Neon project, pools and load balancer lists. Every
// finding is checked word for word; the synth tests (test/policy/residency.test.ts) check the
// real app. Issue 30: a mutation dropping the check of a strict cell's PoPs survived the
// suite; "pop_pools" below fails on it.
import { describe, expect, it } from "vitest";
import {
  residencyDatabase,
  residencyFallback,
  residencyObservability,
  residencyRegionUnique,
  residencyReplica,
} from "../../../policy/rules/residency";
import type { Json, JsonObject } from "../../../terraform-json/tf-json";
import { context, EU_CELL, lines, PLATFORM, ref, resource, STACK, US_CELL } from "./fixtures";

const US_PROJECT = "dbus_1111AAAA";
const EU_PROJECT = "dbeu_2222BBBB";
const PROJECTS = [
  resource("neon_project", US_PROJECT, { name: "np-us", region_id: "aws-us-east-1" }, undefined, PLATFORM),
  resource("neon_project", EU_PROJECT, { name: "np-eu", region_id: "aws-eu-central-1" }, undefined, PLATFORM),
  resource("neon_endpoint", "replica_us", { project_id: ref("neon_project", US_PROJECT) }, undefined, PLATFORM),
  resource("neon_endpoint", "replica_eu", { project_id: ref("neon_project", EU_PROJECT) }, undefined, PLATFORM),
  resource("neon_role", "role_us", { project_id: ref("neon_project", US_PROJECT) }),
];

const variable = (region: string, name: string, value: Json) =>
  resource("railway_variable", `${region}_${name}`, { name, value }, `${STACK}/api-backend/${region}/variable-${name}`);
const url = (host: string) => `postgresql://app:\${var.password}@${host}/neuropilot`;
const VAR_PATH = (region: string, name: string) => `${STACK}/api-backend/${region}/variable-${name}`;

describe("residency-database and residency-replica", () => {
  it("pass when the strict cell writes and reads its own project, whatever the other cell does", () => {
    const resources = [
      ...PROJECTS,
      variable("eu-west", "DATABASE_URL", url(ref("neon_project", EU_PROJECT, "database_host_pooler"))),
      variable("eu-west", "DATABASE_READ_URL", url(ref("neon_endpoint", "replica_eu", "host"))),
      // The US cell is not strict: reaching the EU project (or nothing) is not checked.
      variable("us-east", "DATABASE_URL", url(ref("neon_project", EU_PROJECT, "database_host_pooler"))),
      variable("us-east", "DATABASE_READ_URL", "postgresql://somewhere/else"),
    ];
    expect(lines(residencyDatabase.check(context(resources)))).toBe("pass");
    expect(lines(residencyReplica.check(context(resources)))).toBe("pass");
  });

  it("fail when the strict cell writes to a project outside its jurisdiction, directly", () => {
    const resources = [
      ...PROJECTS,
      variable("eu-west", "DATABASE_URL", url(ref("neon_project", US_PROJECT, "database_host_pooler"))),
    ];
    expect(lines(residencyDatabase.check(context(resources)))).toEqual([
      `${VAR_PATH("eu-west", "DATABASE_URL")}: DATABASE_URL of eu-west (strict cell eu, eu) points at Neon project np-us in aws-us-east-1 (us), outside eu`,
    ]);
    // The replica rule reads DATABASE_READ_URL only.
    expect(lines(residencyReplica.check(context(resources)))).toBe("pass");
  });

  it("follow a cross-stack output, a replica endpoint and a role to their project", () => {
    const crossStack = `\${data.terraform_remote_state.platform.outputs.cross-stack-output-neon_project${US_PROJECT}database_host_pooler}`;
    expect(
      lines(residencyDatabase.check(context([...PROJECTS, variable("eu-west", "DATABASE_URL", url(crossStack))]))),
    ).toEqual([
      `${VAR_PATH("eu-west", "DATABASE_URL")}: DATABASE_URL of eu-west (strict cell eu, eu) points at Neon project np-us in aws-us-east-1 (us), outside eu`,
    ]);
    const viaReplica = variable("eu-west", "DATABASE_READ_URL", url(ref("neon_endpoint", "replica_us", "host")));
    expect(lines(residencyReplica.check(context([...PROJECTS, viaReplica])))).toEqual([
      `${VAR_PATH("eu-west", "DATABASE_READ_URL")}: DATABASE_READ_URL of eu-west (strict cell eu, eu) points at Neon project np-us in aws-us-east-1 (us), outside eu`,
    ]);
    // Only a resource of the referenced type: a role sharing the endpoint's logical id is not it.
    const shared = [
      resource("neon_role", "shared", { project_id: ref("neon_project", EU_PROJECT) }),
      resource("neon_endpoint", "shared", { project_id: ref("neon_project", US_PROJECT) }),
    ];
    const viaShared = variable("eu-west", "DATABASE_READ_URL", url(ref("neon_endpoint", "shared", "host")));
    expect(lines(residencyReplica.check(context([...PROJECTS, ...shared, viaShared])))).toEqual([
      `${VAR_PATH("eu-west", "DATABASE_READ_URL")}: DATABASE_READ_URL of eu-west (strict cell eu, eu) points at Neon project np-us in aws-us-east-1 (us), outside eu`,
    ]);
    const viaRole = variable("eu-west", "DATABASE_URL", { user: ref("neon_role", "role_us", "name") });
    expect(lines(residencyDatabase.check(context([...PROJECTS, viaRole])))).toEqual([
      `${VAR_PATH("eu-west", "DATABASE_URL")}: DATABASE_URL of eu-west (strict cell eu, eu) points at Neon project np-us in aws-us-east-1 (us), outside eu`,
    ]);
  });

  it("fail when the variable reaches no declared project, or a project of unknown region", () => {
    const literal = variable("eu-west", "DATABASE_URL", "postgresql://db.example.com/neuropilot");
    expect(lines(residencyDatabase.check(context([...PROJECTS, literal])))).toEqual([
      `${VAR_PATH("eu-west", "DATABASE_URL")}: DATABASE_URL of eu-west reaches no Neon project this program declares; strict cell eu cannot show its data stays in eu`,
    ]);
    // A reference to an undeclared endpoint reaches nothing either.
    const ghostEndpoint = variable("eu-west", "DATABASE_READ_URL", url(ref("neon_endpoint", "ghost", "host")));
    expect(lines(residencyReplica.check(context([...PROJECTS, ghostEndpoint])))).toEqual([
      `${VAR_PATH("eu-west", "DATABASE_READ_URL")}: DATABASE_READ_URL of eu-west reaches no Neon project this program declares; strict cell eu cannot show its data stays in eu`,
    ]);
    const ghost = variable("eu-west", "DATABASE_URL", url(ref("neon_project", "ghost", "database_host")));
    expect(lines(residencyDatabase.check(context([...PROJECTS, ghost])))).toEqual([
      `${VAR_PATH("eu-west", "DATABASE_URL")}: DATABASE_URL of eu-west (strict cell eu, eu) points at Neon project ghost in an unknown region (unknown jurisdiction), outside eu`,
    ]);
    const mars = resource("neon_project", "mars", { name: "np-mars", region_id: "aws-mars-1" });
    const onMars = variable("eu-west", "DATABASE_URL", url(ref("neon_project", "mars", "database_host")));
    expect(lines(residencyDatabase.check(context([mars, onMars])))).toEqual([
      `${VAR_PATH("eu-west", "DATABASE_URL")}: DATABASE_URL of eu-west (strict cell eu, eu) points at Neon project np-mars in aws-mars-1 (unknown jurisdiction), outside eu`,
    ]);
    const noRegion = resource("neon_project", "bare", {});
    const onBare = variable("eu-west", "DATABASE_URL", url(ref("neon_project", "bare", "database_host")));
    expect(lines(residencyDatabase.check(context([noRegion, onBare])))).toEqual([
      `${VAR_PATH("eu-west", "DATABASE_URL")}: DATABASE_URL of eu-west (strict cell eu, eu) points at Neon project bare in an unknown region (unknown jurisdiction), outside eu`,
    ]);
  });

  it("read only the cell's own backend variable, by its construct path", () => {
    const elsewhere = resource(
      "railway_variable",
      "x",
      { name: "DATABASE_URL", value: "postgresql://db.example.com/x" },
      `${STACK}/api-backend/eu-west/variable-DATABASE_URL/extra`,
    );
    expect(lines(residencyDatabase.check(context([...PROJECTS, elsewhere])))).toBe("pass");
  });
});

// Pools: one origin each, named after its region.
const pool = (id: string, origin: string) =>
  resource("cloudflare_load_balancer_pool", id, { origins: [{ name: origin, address: `${origin}.example.com` }] });
const POOLS = [pool("pool_us", "us-east"), pool("pool_eu", "eu-west"), pool("pool_hold", "holding")];
const P = (id: string) => ref("cloudflare_load_balancer_pool", id);
const LB_PATH = `${STACK}/edge/load-balancer/load-balancer`;

/** The load balancer of a well-steered pair: EU visitors stay in the EU, fallback the EU pool. */
function lb(overrides: JsonObject = {}) {
  const attrs: JsonObject = {
    region_pools: {
      WEU: [P("pool_eu")],
      EEU: [P("pool_eu")],
      ME: [P("pool_eu")],
      NAF: [P("pool_eu")],
      SAF: [P("pool_eu")],
      ENAM: [P("pool_us"), P("pool_eu")],
    },
    country_pools: { DE: [P("pool_eu")], US: [P("pool_us"), P("pool_eu")] },
    pop_pools: { FRA: [P("pool_eu")], IAD: [P("pool_us"), P("pool_eu")] },
    fallback_pool: P("pool_eu"),
    ...overrides,
  };
  return resource("cloudflare_load_balancer", "lb", attrs, LB_PATH);
}

describe("residency-fallback", () => {
  const check = (overrides: JsonObject, extra = POOLS) =>
    lines(residencyFallback.check(context([...extra, lb(overrides)])));

  it("passes when the strict cell's lists stay inside it (other cells may fail over to it)", () => {
    expect(check({})).toBe("pass");
  });

  it("passes with no strict cell, whatever the lists say", () => {
    const outcome = residencyFallback.check(
      context([...POOLS, lb({ fallback_pool: P("pool_us"), pop_pools: { FRA: [P("pool_us")] } })], {
        cells: [US_CELL, { ...EU_CELL, residency: "none" }],
      }),
    );
    expect(lines(outcome)).toBe("pass");
  });

  it("fails on a region_pools entry of the strict cell's areas listing another cell's pool", () => {
    expect(check({ region_pools: { WEU: [P("pool_eu")], SAF: [P("pool_eu"), P("pool_us")] } })).toEqual([
      `${LB_PATH}: region_pools.SAF (strict cell eu) lists the pool of us-east, in cell us (us)`,
    ]);
  });

  it("fails on a country_pools entry of the strict cell listing another cell's pool", () => {
    expect(check({ country_pools: { DE: [P("pool_us")] } })).toEqual([
      `${LB_PATH}: country_pools.DE (strict cell eu) lists the pool of us-east, in cell us (us)`,
    ]);
  });

  it("fails on a pop_pools entry of the strict cell listing another cell's pool (issue 30 survivor)", () => {
    expect(check({ pop_pools: { FRA: [P("pool_eu"), P("pool_us")] } })).toEqual([
      `${LB_PATH}: pop_pools.FRA (strict cell eu) lists the pool of us-east, in cell us (us)`,
    ]);
  });

  it("names a pool of no cell by its region, or by its id when it is not declared", () => {
    expect(check({ pop_pools: { FRA: [P("pool_x"), P("pool_gone")] } }, [...POOLS, pool("pool_x", "nowhere")])).toEqual(
      [
        `${LB_PATH}: pop_pools.FRA (strict cell eu) lists the pool of nowhere, in no cell`,
        `${LB_PATH}: pop_pools.FRA (strict cell eu) lists the pool of pool_gone, in no cell`,
      ],
    );
    // A pool whose origin is not an object has no region either.
    const odd = resource("cloudflare_load_balancer_pool", "pool_odd", { origins: ["eu-west"] });
    expect(check({ country_pools: { DE: [P("pool_odd")] } }, [...POOLS, odd])).toEqual([
      `${LB_PATH}: country_pools.DE (strict cell eu) lists the pool of pool_odd, in no cell`,
    ]);
  });

  it("fails on an entry that is no plain reference to a pool of this stack: a literal id, another resource, any expression", () => {
    const refused = (attr: string, key: string, entry: string) =>
      `${LB_PATH}: ${attr}.${key} (strict cell eu) lists ${JSON.stringify(entry)}, which is no plain reference to a pool of this stack: strict cell eu cannot show its visitors stay in eu`;
    const literal = "0123456789abcdef0123456789abcdef";
    expect(check({ country_pools: { DE: [P("pool_eu"), literal] } })).toEqual([
      refused("country_pools", "DE", literal),
    ]);
    const monitor = ref("cloudflare_load_balancer_monitor", "pool_eu");
    expect(check({ pop_pools: { FRA: [monitor] } })).toEqual([refused("pop_pools", "FRA", monitor)]);
    // An expression that names an EU pool can still evaluate to anything: each one fails.
    const poolId = P("pool_eu").slice(2, -1);
    for (const expression of [
      `\${concat([${poolId}], ["${literal}"])}`,
      `\${coalesce("${literal}", ${poolId})}`,
      `\${var.flip ? "${literal}" : ${poolId}}`,
    ]) {
      expect(check({ country_pools: { DE: [expression] } }), expression).toEqual([
        refused("country_pools", "DE", expression),
      ]);
    }
    // A whole-list expression counts as one entry, and fails the same way.
    const remote = "${data.terraform_remote_state.platform.outputs.pools}";
    expect(check({ region_pools: { WEU: remote } })).toEqual([refused("region_pools", "WEU", remote)]);
    // A key the cell does not cover, or an empty or missing list, is not checked.
    expect(check({ country_pools: { US: ["literal"], DE: [] } })).toBe("pass");
    expect(check({ country_pools: { DE: null } })).toBe("pass");
  });

  it("takes only a plain pool reference as the fallback pool", () => {
    const unknown = `${LB_PATH}: fallback_pool is unknown in no cell: when strict cell eu's pools are down its visitors would leave eu`;
    expect(check({ fallback_pool: `\${coalesce("x", ${P("pool_eu").slice(2, -1)})}` })).toEqual([unknown]);
    expect(check({ fallback_pool: ` ${P("pool_eu")}` })).toEqual([unknown]);
    expect(check({ fallback_pool: `${P("pool_eu")}-elsewhere` })).toEqual([unknown]);
    expect(check({ fallback_pool: P("pool_eu") })).toBe("pass");
  });

  it("fails on a fallback pool outside the jurisdiction, unknown or missing; passes on the holding pool", () => {
    expect(check({ fallback_pool: P("pool_hold") })).toBe("pass");
    expect(check({ fallback_pool: P("pool_us") })).toEqual([
      `${LB_PATH}: fallback_pool is us-east in cell us (us): when strict cell eu's pools are down its visitors would leave eu`,
    ]);
    const unknown = `${LB_PATH}: fallback_pool is unknown in no cell: when strict cell eu's pools are down its visitors would leave eu`;
    expect(check({ fallback_pool: P("pool_gone") })).toEqual([unknown]);
    expect(check({ fallback_pool: null })).toEqual([unknown]);
    // Only a pool reference counts: another resource named like the EU pool is not a pool.
    expect(check({ fallback_pool: ref("cloudflare_load_balancer_monitor", "pool_eu") })).toEqual([unknown]);
    expect(check({ fallback_pool: P("pool_x") }, [...POOLS, pool("pool_x", "nowhere")])).toEqual([
      `${LB_PATH}: fallback_pool is nowhere in no cell: when strict cell eu's pools are down its visitors would leave eu`,
    ]);
  });

  it("places a pool in a cell of several regions by any one of them", () => {
    const twoRegions = { ...EU_CELL, regions: [...EU_CELL.regions, { name: "eu-2", railwayRegion: "x" }] };
    const outcome = residencyFallback.check(
      context([...POOLS, pool("pool_eu2", "eu-2"), lb({ country_pools: { DE: [P("pool_eu"), P("pool_eu2")] } })], {
        cells: [US_CELL, twoRegions],
      }),
    );
    expect(lines(outcome)).toBe("pass");
  });

  it("passes on a fallback pool of another strict cell in the same jurisdiction", () => {
    const second = { ...EU_CELL, id: "eu2", countries: [], pops: [], regions: [{ name: "eu-2", railwayRegion: "x" }] };
    const outcome = residencyFallback.check(
      context([...POOLS, pool("pool_eu2", "eu-2"), lb({ fallback_pool: P("pool_eu2") })], {
        cells: [US_CELL, EU_CELL, second],
      }),
    );
    expect(lines(outcome)).toBe("pass");
  });
});

const service = (region: string, railwayRegions: Json[]) =>
  resource(
    "railway_service",
    `svc_${region}`,
    { regions: railwayRegions.map((r) => (typeof r === "string" ? { region: r, num_replicas: 1 } : r)) },
    `${STACK}/api-backend/${region}/service`,
  );

describe("residency-region-unique", () => {
  const US2 = { ...US_CELL, regions: [...US_CELL.regions, { name: "us-2", railwayRegion: "us-west2" }] };

  it("passes when each Railway region serves one cell (two services of one cell may share it)", () => {
    const resources = [
      service("us-east", ["us-east4-eqdc4a"]),
      service("us-2", ["us-east4-eqdc4a"]),
      service("eu-west", ["europe-west4-drams3a"]),
    ];
    expect(lines(residencyRegionUnique.check(context(resources, { cells: [US2, EU_CELL] })))).toBe("pass");
  });

  it("fails on every service of another cell deployed to a region already serving one", () => {
    const resources = [
      service("us-east", ["us-east4-eqdc4a", "europe-west4-drams3a"]),
      service("eu-west", ["europe-west4-drams3a"]),
      service("us-2", ["europe-west4-drams3a"]),
    ];
    const eu2 = { ...EU_CELL, regions: [...EU_CELL.regions, { name: "us-2", railwayRegion: "us-west2" }] };
    expect(lines(residencyRegionUnique.check(context(resources, { cells: [US_CELL, eu2] })))).toEqual([
      `${STACK}/api-backend/eu-west/service: Railway region europe-west4-drams3a serves cell eu here and cell us at ${STACK}/api-backend/us-east/service`,
      `${STACK}/api-backend/us-2/service: Railway region europe-west4-drams3a serves cell eu here and cell us at ${STACK}/api-backend/us-east/service`,
    ]);
  });

  it("ignores services of no cell and region entries without a region", () => {
    const resources = [
      service("us-east", [{ num_replicas: 1 }, "x-region"]),
      service("unknown", ["x-region"]),
      resource("railway_service", "loose", { regions: [{ region: "x-region" }] }, `${STACK}/worker/service`),
      // Only a backend's own service: a path that merely contains one is not it.
      resource(
        "railway_service",
        "deeper",
        { regions: [{ region: "x-region" }] },
        `${STACK}/api-backend/eu-west/service/sidecar`,
      ),
      service("eu-west", ["x-region"]),
    ];
    expect(lines(residencyRegionUnique.check(context(resources)))).toEqual([
      `${STACK}/api-backend/eu-west/service: Railway region x-region serves cell eu here and cell us at ${STACK}/api-backend/us-east/service`,
    ]);
  });
});

describe("residency-observability", () => {
  const US_GRAFANA = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom";
  const EU_GRAFANA = "https://prometheus-prod-24-prod-eu-west-2.grafana.net/api/prom";

  it("passes with Sentry and Grafana in the strict cell's jurisdiction; the other cell is not checked", () => {
    const resources = [
      variable("eu-west", "SENTRY_DSN", ref("sentry_key", "k", "dsn_public")),
      variable("eu-west", "OTEL_EXPORTER_OTLP_ENDPOINT", EU_GRAFANA),
      variable("us-east", "OTEL_EXPORTER_OTLP_ENDPOINT", US_GRAFANA),
    ];
    expect(lines(residencyObservability.check(context(resources)))).toBe("pass");
    // A Grafana stack's own host names no region: nothing to place.
    const stackHost = variable("eu-west", "GRAFANA_URL", "https://neuropilot.grafana.net");
    expect(lines(residencyObservability.check(context([stackHost])))).toBe("pass");
    expect(
      lines(
        residencyObservability.check(
          context(resources.slice(2), { observability: { sentryDataRegion: "us", grafanaPrometheusUrl: US_GRAFANA } }),
        ),
      ),
    ).toBe("pass");
  });

  it("fails on SENTRY_DSN of a strict cell when the organization stores data elsewhere", () => {
    const resources = [
      variable("eu-west", "SENTRY_DSN", ref("sentry_key", "k", "dsn_public")),
      // Only SENTRY_DSN sends errors to Sentry.
      variable("eu-west", "OTEL_EXPORTER_OTLP_ENDPOINT", EU_GRAFANA),
    ];
    const outcome = residencyObservability.check(
      context(resources, { observability: { sentryDataRegion: "us", grafanaPrometheusUrl: EU_GRAFANA } }),
    );
    expect(lines(outcome)).toEqual([
      `${VAR_PATH("eu-west", "SENTRY_DSN")}: SENTRY_DSN of eu-west (strict cell eu, eu) sends errors to a Sentry organization storing data in us (us)`,
    ]);
  });

  it("fails on telemetry to a Grafana Cloud region outside the jurisdiction, in a string or an object", () => {
    const resources = [
      variable("eu-west", "OTEL_EXPORTER_OTLP_ENDPOINT", US_GRAFANA),
      variable("eu-west", "GRAFANA", { url: "https://logs-prod-6-prod-sa-east-1.grafana.net" }),
      variable("eu-west", "LOG_LEVEL", "info"),
    ];
    expect(lines(residencyObservability.check(context(resources)))).toEqual([
      `${VAR_PATH("eu-west", "OTEL_EXPORTER_OTLP_ENDPOINT")}: OTEL_EXPORTER_OTLP_ENDPOINT of eu-west (strict cell eu, eu) sends telemetry to Grafana Cloud prod-us-east-0 (us)`,
      `${VAR_PATH("eu-west", "GRAFANA")}: GRAFANA of eu-west (strict cell eu, eu) sends telemetry to Grafana Cloud prod-sa-east-1 (unknown jurisdiction)`,
    ]);
  });
});
