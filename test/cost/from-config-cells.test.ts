// usageFromConfig with cells (issue 17): one read-write compute and the replicas per cell,
// named and tagged per cell only when there is more than one, and each Railway region
// attributed to the cell that holds it.
import { describe, expect, it } from "vitest";
import { type CostedConfig, usageFromConfig } from "../../cost/from-config";

const base: CostedConfig = {
  name: "production",
  regions: [
    { railwayRegion: "us-east4", replicas: 2 },
    { railwayRegion: "europe-west4", replicas: 1 },
    { railwayRegion: "asia-southeast1", replicas: 1 },
  ],
  cloudflare: { plan: "pro", managesZone: true, loadBalancer: { monitorIntervalSeconds: 60 } },
  neon: {
    plan: "launch",
    isDefaultBranch: false,
    compute: { minCu: 0.25, maxCu: 1, suspendTimeoutSeconds: 300 },
    readReplicas: 3,
  },
};
const us = { id: "us", readReplicas: 1, regions: [{ railwayRegion: "us-east4" }] };
const eu = { id: "eu", readReplicas: 2, regions: [{ railwayRegion: "europe-west4" }] };

const names = (config: CostedConfig) => usageFromConfig(config).neonComputes.map((c) => c.name);
const cellsOf = (config: CostedConfig) => usageFromConfig(config).neonComputes.map((c) => c.cell);

describe("usageFromConfig: cells", () => {
  it("without cells: the environment's replicas, no cell anywhere, no geo steering", () => {
    const usage = usageFromConfig(base);
    expect(names(base)).toEqual([
      "production read-write compute",
      "production read replica 1",
      "production read replica 2",
      "production read replica 3",
    ]);
    expect(cellsOf(base)).toEqual([undefined, undefined, undefined, undefined]);
    expect(usage.railwayRegions.every((r) => r.cell === undefined)).toBe(true);
    expect(usage.loadBalancer?.geoSteering).toBe(false);
  });

  it("exactly one cell: its replica count, but names and tags as before cells existed", () => {
    const config = { ...base, cells: [{ ...us, regions: base.regions }] };
    const usage = usageFromConfig(config);
    expect(names(config)).toEqual(["production read-write compute", "production read replica 1"]);
    expect(cellsOf(config)).toEqual([undefined, undefined]);
    expect(usage.railwayRegions.map((r) => r.cell)).toEqual([undefined, undefined, undefined]);
    expect(usage.loadBalancer?.geoSteering).toBe(false);
  });

  it("two cells: a compute and replicas per cell, named and tagged by cell; regions attributed", () => {
    const config = { ...base, cells: [us, eu] };
    const usage = usageFromConfig(config);
    expect(usage.neonComputes.map((c) => [c.name, c.cell])).toEqual([
      ["production read-write compute", "us"],
      ["production read replica 1", "us"],
      ["production eu read-write compute", "eu"],
      ["production eu read replica 1", "eu"],
      ["production eu read replica 2", "eu"],
    ]);
    // asia-southeast1 is in no cell: no tag rather than a wrong one.
    expect(usage.railwayRegions).toEqual([
      { region: "us-east4", replicas: 2, cell: "us" },
      { region: "europe-west4", replicas: 1, cell: "eu" },
      { region: "asia-southeast1", replicas: 1 },
    ]);
    expect(usage.loadBalancer).toMatchObject({ origins: 3, geoSteering: true });
  });

  it("a cell with no replicas has none, whatever the environment's count", () => {
    const config = { ...base, cells: [us, { ...eu, readReplicas: 0 }] };
    expect(names(config)).toEqual([
      "production read-write compute",
      "production read replica 1",
      "production eu read-write compute",
    ]);
  });

  it("a region listed in a cell among others is still that cell's", () => {
    const both = { id: "eu", readReplicas: 0, regions: [{ railwayRegion: "x" }, { railwayRegion: "europe-west4" }] };
    const usage = usageFromConfig({ ...base, cells: [us, both] });
    expect(usage.railwayRegions.find((r) => r.region === "europe-west4")?.cell).toBe("eu");
  });
});
