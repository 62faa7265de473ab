// Cells (issue 17): a cell is a self-contained slice of the platform in one jurisdiction:
// its own Neon project (Neon projects are single-region), its Railway regions, and its own
// database wiring. An environment lists its cells, or — as before cells existed — its
// `regions`, which form one cell. Shared pieces (zone, Sentry, Grafana folder) stay shared.
import { z } from "zod";
import { CLOUDFLARE_POPS, CLOUDFLARE_POPS_SOURCE } from "./cloudflare-pops";
import { ISO_COUNTRY_CODES } from "./countries";
import { NEON_REGION_IDS, NEON_REGION_TABLE, neonJurisdiction, regionFacts } from "./regions";

/** Jurisdictions a cell may name: those of the Neon regions (a cell's data lives in one). */
export const JURISDICTIONS: readonly string[] = [...new Set(NEON_REGION_TABLE.map((r) => r.jurisdiction))];

/** Pool/origin name of the data-less holding fallback (cloudflare.loadBalancer.holdingOrigin). */
export const HOLDING_REGION = "holding";

export const RESIDENCY_MODES = ["strict", "none"] as const;
export type Residency = (typeof RESIDENCY_MODES)[number];

const kebab = z.string().regex(/^[a-z][a-z0-9-]{0,14}$/, { message: "must be a short kebab-case id such as eu" });

/** A region as config lists it; the Railway id must be a row of config/regions.ts. */
export const RegionSchema = z.strictObject({
  /** Our name for the region, used in resource names and dashboards (e.g. us-east). */
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,30}$/, { message: "must be a short kebab-case name such as us-east" })
    .refine((name) => name !== HOLDING_REGION, {
      message: `${HOLDING_REGION} names the load balancer's holding pool; pick another region name`,
    }),
  railwayRegion: z.string(),
  replicas: z.number().int().min(1),
});
export type RegionConfig = z.output<typeof RegionSchema>;

export const CellSchema = z.strictObject({
  /** Short id used in resource names (Neon project `<project>-<id>`, construct `database-<id>`). */
  id: kebab,
  /** Where the cell's data must stay, in the region table's vocabulary (us, eu, ap, …). */
  jurisdiction: kebab,
  /** strict: the cell's traffic, data and failover never leave its jurisdiction (policy/rules/residency.ts). */
  residency: z.enum(RESIDENCY_MODES),
  /** The cell's Neon project region; null takes the primary region's nearest Neon region. */
  neonRegion: z.string().nullable().default(null),
  /** Primary first; traffic fails over in this order inside the cell. */
  regions: z.array(RegionSchema).min(1, { message: "a cell needs at least one region" }),
  /** ISO 3166-1 alpha-2 countries steered to this cell (country_pools), beyond its regions' Cloudflare regions. */
  countries: z
    .array(z.string().regex(/^[A-Z]{2}$/, { message: "must be an ISO 3166-1 alpha-2 code such as DE" }))
    .default([]),
  /** Read replicas of this cell's database; default neon.readReplicas. */
  readReplicas: z.number().int().min(0).max(5).optional(),
  /** Cloudflare data centres (IATA codes) steered to this cell (pop_pools, Enterprise only). */
  pops: z.array(z.string().regex(/^[A-Z]{3}$/, { message: "must be a Cloudflare PoP code such as FRA" })).default([]),
});
export type CellInput = z.input<typeof CellSchema>;

/** A cell after validation: Neon region resolved. */
export interface CellConfig {
  id: string;
  jurisdiction: string;
  residency: Residency;
  neonRegion: string;
  regions: RegionConfig[];
  countries: string[];
  pops: string[];
  readReplicas: number;
}

/** Construct id of a cell's database pieces: the first cell keeps the id it had before cells existed. */
export function cellDatabaseId(cells: readonly Pick<CellConfig, "id">[], cellId: string): string {
  return cells[0]?.id === cellId ? "database" : `database-${cellId}`;
}

/** The cell holding `regionName`, if any. */
export function cellOfRegion<C extends Pick<CellConfig, "regions">>(
  cells: readonly C[],
  regionName: string,
): C | undefined {
  return cells.find((c) => c.regions.some((r) => r.name === regionName));
}

type Issue = { path: PropertyKey[]; message: string };

/**
 * One environment's cells: the listed ones, or its `regions` as one cell (jurisdiction of
 * its primary region, residency none, Neon region `neon.region`) so a config without cells
 * builds exactly what it built before.
 */
export function resolveCells(env: {
  regions?: RegionConfig[];
  cells?: Array<z.output<typeof CellSchema>>;
  neon: { region?: string; readReplicas: number };
}): CellConfig[] {
  if (env.cells) {
    return env.cells.map((cell) => ({
      ...cell,
      readReplicas: cell.readReplicas ?? env.neon.readReplicas,
      neonRegion: cell.neonRegion ?? regionFacts(cell.regions[0].railwayRegion)?.nearestNeonRegion ?? "",
    }));
  }
  const regions = env.regions ?? [];
  const primary = regions[0] ? regionFacts(regions[0].railwayRegion) : undefined;
  const jurisdiction = primary?.jurisdiction ?? "us";
  return [
    {
      id: jurisdiction,
      jurisdiction,
      residency: "none",
      neonRegion: env.neon.region ?? primary?.nearestNeonRegion ?? "",
      regions,
      countries: [],
      pops: [],
      readReplicas: env.neon.readReplicas,
    },
  ];
}

/** Cross-field rules of cells; `base` is where the cells sit in the environment (["cells"] or []). */
export function cellIssues(cells: readonly CellConfig[], listed: boolean): Issue[] {
  const issues: Issue[] = [];
  const at = (ci: number, ...rest: PropertyKey[]): PropertyKey[] => (listed ? ["cells", ci, ...rest] : rest);
  const cellIds = new Map<string, number>();
  const regionOwner = new Map<string, { cell: string; index: number }>();
  const codeOwner = new Map<string, string>();
  cells.forEach((cell, ci) => {
    if (cellIds.has(cell.id)) {
      issues.push({
        path: at(ci, "id"),
        message: `cell ${cell.id} is already cells[${cellIds.get(cell.id)}]; ids are unique`,
      });
    }
    cellIds.set(cell.id, ci);
    const neonJ = neonJurisdiction(cell.neonRegion);
    if (listed && !JURISDICTIONS.includes(cell.jurisdiction)) {
      issues.push({
        path: at(ci, "jurisdiction"),
        message: `unknown jurisdiction ${cell.jurisdiction}; one of ${JURISDICTIONS.join(", ")} (the Neon regions of config/regions.ts), such as eu`,
      });
    } else if (listed && !NEON_REGION_IDS.includes(cell.neonRegion)) {
      issues.push({
        path: at(ci, "neonRegion"),
        message: `unknown Neon region ${cell.neonRegion}; one of ${NEON_REGION_IDS.join(", ")} (config/regions.ts)`,
      });
    } else if (listed && neonJ !== cell.jurisdiction) {
      issues.push({
        path: at(ci, "neonRegion"),
        message: `${cell.neonRegion} is in jurisdiction ${neonJ}, not the cell's ${cell.jurisdiction}; pick a Neon region of ${cell.jurisdiction} (config/regions.ts)`,
      });
    }
    cell.regions.forEach((region, ri) => {
      const regionPath = listed ? at(ci, "regions", ri) : ["regions", ri];
      const facts = regionFacts(region.railwayRegion);
      if (!facts) return; // reported by the region's own check
      if (listed && facts.jurisdiction !== cell.jurisdiction) {
        issues.push({
          path: [...regionPath, "railwayRegion"],
          message: `${region.railwayRegion} (${facts.location}) is in jurisdiction ${facts.jurisdiction}, not the cell's ${cell.jurisdiction}; move it to a ${facts.jurisdiction} cell`,
        });
      }
      const owner = regionOwner.get(region.railwayRegion);
      if (listed && owner && owner.cell !== cell.id) {
        issues.push({
          path: [...regionPath, "railwayRegion"],
          message: `${region.railwayRegion} is already in cell ${owner.cell}; a region belongs to exactly one cell`,
        });
      }
      if (listed && owner && owner.cell === cell.id) {
        issues.push({
          path: [...regionPath, "railwayRegion"],
          message: `${region.railwayRegion} is already regions[${owner.index}] of cell ${cell.id}; list each region once`,
        });
      }
      if (!owner) regionOwner.set(region.railwayRegion, { cell: cell.id, index: ri });
      for (const code of facts.cloudflareRegions) {
        const claimed = codeOwner.get(code);
        if (listed && claimed && claimed !== cell.id) {
          issues.push({
            path: [...regionPath, "railwayRegion"],
            message: `Cloudflare region ${code} is already steered to cell ${claimed} (config/regions.ts); two cells cannot serve one region`,
          });
        }
        if (!claimed) codeOwner.set(code, cell.id);
      }
    });
    cell.countries.forEach((country, i) => {
      const claimed = codeOwner.get(`country:${country}`);
      if (!ISO_COUNTRY_CODES.has(country)) {
        issues.push({
          path: at(ci, "countries", i),
          message: `${country} is not an ISO 3166-1 alpha-2 country code (config/countries.ts); use one such as DE`,
        });
      } else if (cell.countries.indexOf(country) !== i) {
        issues.push({
          path: at(ci, "countries", i),
          message: `${country} is already countries[${cell.countries.indexOf(country)}] of cell ${cell.id}; list each country once`,
        });
      } else if (claimed && claimed !== cell.id) {
        issues.push({
          path: at(ci, "countries", i),
          message: `${country} is already steered to cell ${claimed}; a country belongs to one cell`,
        });
      }
      if (!claimed) codeOwner.set(`country:${country}`, cell.id);
    });
    cell.pops.forEach((pop, i) => {
      const claimed = codeOwner.get(`pop:${pop}`);
      if (!CLOUDFLARE_POPS.has(pop)) {
        issues.push({
          path: at(ci, "pops", i),
          message: `${pop} is not a Cloudflare PoP in config/cloudflare-pops.ts (${CLOUDFLARE_POPS_SOURCE}); use one such as FRA, or add a PoP Cloudflare opened since`,
        });
      } else if (cell.pops.indexOf(pop) !== i) {
        issues.push({
          path: at(ci, "pops", i),
          message: `${pop} is already pops[${cell.pops.indexOf(pop)}] of cell ${cell.id}; list each PoP once`,
        });
      } else if (claimed && claimed !== cell.id) {
        // pop_pools maps a PoP to one pool list: the later cell would silently win.
        issues.push({
          path: at(ci, "pops", i),
          message: `PoP ${pop} is already steered to cell ${claimed}; a PoP belongs to one cell`,
        });
      }
      if (!claimed) codeOwner.set(`pop:${pop}`, cell.id);
    });
  });
  return issues;
}
