// Which pools serve whom under geo steering (issue 17), by region name; the load balancer
// turns names into pool ids. Each cell's Cloudflare regions (config/regions.ts) and listed
// countries/PoPs go to that cell's regions first, the region itself leading for its own
// Cloudflare regions. A cell with residency "none" then fails over to the other non-strict
// cells; a strict cell never leaves its jurisdiction, and no other cell fails over into it.
// The one fallback_pool sits in the (single) strict jurisdiction; with strict cells in two or
// more jurisdictions no pool is inside all of them, so the fallback is the holding pool: a
// host serving a static "unavailable" page that keeps no data (config holdingOrigin).
import { type CellConfig, HOLDING_REGION } from "../../config/cells";
import { regionFacts } from "../../config/regions";

export interface GeoSteeringPlan {
  /** Cloudflare LB region code → region names in failover order (`region_pools`). */
  regionPools: Record<string, string[]>;
  /** ISO country → region names (`country_pools`). */
  countryPools: Record<string, string[]>;
  /** Cloudflare PoP → region names (`pop_pools`, Enterprise only). */
  popPools: Record<string, string[]>;
  /** Everyone not mapped above: the non-strict cells in order (all cells when every cell is strict). */
  defaultRegions: string[];
  /**
   * Used when every pool of a list is down. One per load balancer, so it must sit inside a
   * strict cell (the first one) when there is one, the holding pool (HOLDING_REGION) when
   * strict cells span several jurisdictions; otherwise the last default region.
   */
  fallbackRegion: string;
}

type Cell = Pick<CellConfig, "id" | "jurisdiction" | "residency" | "regions" | "countries" | "pops">;

/** `holding`: a holding pool exists (cloudflare.loadBalancer.holdingOrigin). */
export function geoSteeringPlan(cells: readonly Cell[], holding = false): GeoSteeringPlan {
  const names = (cell: Cell) => cell.regions.map((r) => r.name);
  const open = cells.filter((c) => c.residency !== "strict");
  const failoverFor = (cell: Cell, lead?: string): string[] => {
    const own = names(cell);
    const ordered = lead ? [lead, ...own.filter((n) => n !== lead)] : own;
    if (cell.residency === "strict") return ordered;
    return [...ordered, ...open.filter((c) => c !== cell).flatMap(names)];
  };
  const plan: GeoSteeringPlan = {
    regionPools: {},
    countryPools: {},
    popPools: {},
    defaultRegions: [],
    fallbackRegion: "",
  };
  for (const cell of cells) {
    for (const region of cell.regions) {
      for (const code of regionFacts(region.railwayRegion)?.cloudflareRegions ?? []) {
        plan.regionPools[code] ??= failoverFor(cell, region.name);
      }
    }
    for (const country of cell.countries) plan.countryPools[country] = failoverFor(cell);
    for (const pop of cell.pops) plan.popPools[pop] = failoverFor(cell);
  }
  plan.defaultRegions = (open.length > 0 ? open : cells).flatMap(names);
  const strict = cells.find((c) => c.residency === "strict");
  const strictJurisdictions = new Set(cells.filter((c) => c.residency === "strict").map((c) => c.jurisdiction));
  plan.fallbackRegion =
    holding && strictJurisdictions.size > 1
      ? HOLDING_REGION
      : strict
        ? names(strict)[names(strict).length - 1]
        : plan.defaultRegions[plan.defaultRegions.length - 1];
  return plan;
}
