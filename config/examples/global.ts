// The v18 shape (issue 17): three cells — us, eu (strict residency), ap — in production, and
// staging in the us cell only. An example, not deployed: tests synthesise it and plan it
// offline (test/stacks/global-cells.test.ts), and `npm run cost` can price it.
import type { EnvironmentSource } from "../load";
import { production } from "../production";
import type { EnvironmentInput } from "../schema";
import { staging } from "../staging";

/** A bundled environment with its single-cell fields (regions, neon.region) removed. */
function withoutRegions<T extends { regions?: unknown; neon: { region?: unknown } }>(env: T): T {
  const copy = structuredClone(env);
  delete copy.regions;
  delete copy.neon.region;
  return copy;
}

const usCell = {
  id: "us",
  jurisdiction: "us",
  residency: "none",
  // The project every environment has used so far (Ohio).
  neonRegion: "aws-us-east-2",
  regions: [
    // One replica per region: with three cells, the second us-east replica would cross $5/day.
    { name: "us-east", railwayRegion: "us-east4-eqdc4a", replicas: 1 },
    { name: "us-west", railwayRegion: "us-west2", replicas: 1 },
  ],
} as const;

export const globalProduction: EnvironmentInput = {
  ...withoutRegions(production),
  cells: [
    { ...usCell, regions: [...usCell.regions] },
    {
      id: "eu",
      jurisdiction: "eu",
      // EU visitors' data stays in the EU: no failover out, no database outside it.
      residency: "strict",
      neonRegion: "aws-eu-central-1",
      // One region and no replica: the v18 $5/day ceiling leaves room for one replica (us).
      readReplicas: 0,
      regions: [{ name: "eu-west", railwayRegion: "europe-west4-drams3a", replicas: 1 }],
      // Countries whose Cloudflare region (by the data centre that answers) may not be WEU/EEU.
      countries: ["IE", "PT", "FI", "GR", "CY", "MT"],
    },
    {
      id: "ap",
      jurisdiction: "ap",
      residency: "none",
      neonRegion: "aws-ap-southeast-1",
      readReplicas: 0,
      regions: [{ name: "ap-southeast", railwayRegion: "asia-southeast1-eqsg3a", replicas: 1 }],
    },
  ],
  // v18: 99.99 % availability, p95 < 100 ms.
  grafana: {
    ...production.grafana,
    slo: { availabilityPct: 99.99, latencyMs: 100, latencyTargetPct: 95, window: "28d" },
  },
  cloudflare: {
    ...production.cloudflare,
    loadBalancer: { ...production.cloudflare.loadBalancer, trafficSteering: true },
  },
  budget: {
    warningUsd: 145,
    criticalUsd: 150,
    reason:
      "Three cells: a Neon project with always-on compute and a replica per cell, four Railway regions and the Load Balancing traffic-steering add-on; the v18 ceiling is $5/day ($150/month).",
  },
};

export const globalStaging: EnvironmentInput = {
  ...withoutRegions(staging),
  cells: [{ ...usCell, regions: [{ name: "us-east", railwayRegion: "us-east4-eqdc4a", replicas: 1 }] }],
};

export const GLOBAL_SOURCES: EnvironmentSource[] = [
  { file: "config/examples/global.ts", value: globalStaging },
  { file: "config/examples/global.ts", value: globalProduction },
];
