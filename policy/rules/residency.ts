// Data residency (issue 17): a cell with residency "strict" keeps its visitors' traffic and
// data inside its jurisdiction. Checked on the synthesised resources, so an override or a
// construct change cannot route around config: the database and replica a strict cell's
// backends connect to, the pools its visitors are steered and failed over to, and which cell
// each Railway region belongs to. Jurisdictions come from the region table (config/regions.ts).
import { HOLDING_REGION } from "../../config/cells";
import { grafanaJurisdiction, grafanaRegionOf, SENTRY_DATA_REGIONS } from "../../config/observability-regions";
import { neonJurisdiction, regionFacts } from "../../config/regions";
import {
  arrayAt,
  constructPath,
  isJsonObject,
  type Json,
  objectAt,
  referencedIds,
  stringAt,
} from "../../terraform-json/tf-json";
import type { Inventory } from "../inventory";
import { type PolicyRule, type RuleContext, type Violation, violations } from "../rule";
import type { PolicyCell } from "../subject";

/** Neon project logical ids an expression reaches: directly, through a cross-stack output, or via a role/endpoint. */
function projectsReached(inventory: Inventory, value: Json | undefined): string[] {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
  const direct = [
    ...referencedIds(text, "neon_project"),
    // cdktf names cross-stack outputs cross-stack-output-<type><logical id><attribute>.
    ...[...text.matchAll(/cross-stack-output-neon_project([\w-]+?_[0-9A-F]{8})/g)].map((m) => m[1]),
  ];
  const via = (type: string) =>
    referencedIds(text, type).flatMap((id) => {
      const resource = inventory.resources.find((r) => r.type === type && r.logicalId === id);
      return resource ? projectsReached(inventory, resource.attrs.project_id) : [];
    });
  return [...new Set([...direct, ...via("neon_endpoint"), ...via("neon_role")])];
}

function strictCells(ctx: RuleContext): PolicyCell[] {
  return ctx.subject.cells.filter((c) => c.residency === "strict");
}

/** The rule for one connection variable of every strict cell's backends. */
function databaseRule(variable: "DATABASE_URL" | "DATABASE_READ_URL", ctx: RuleContext): Violation[] {
  const projects = new Map(ctx.inventory.ofType("neon_project").map((p) => [p.logicalId, p]));
  const variables = ctx.inventory.ofType("railway_variable", ctx.stack);
  const found: Violation[] = [];
  for (const cell of strictCells(ctx)) {
    for (const region of cell.regions) {
      const suffix = `/api-backend/${region.name}/variable-${variable}`;
      for (const resource of variables.filter((v) => constructPath(v).endsWith(suffix))) {
        const reached = projectsReached(ctx.inventory, resource.attrs.value);
        if (reached.length === 0) {
          found.push({
            path: constructPath(resource),
            message: `${variable} of ${region.name} reaches no Neon project this program declares; strict cell ${cell.id} cannot show its data stays in ${cell.jurisdiction}`,
          });
        }
        for (const id of reached) {
          const project = projects.get(id);
          const regionId = project ? stringAt(project.attrs, "region_id") : undefined;
          const jurisdiction = regionId ? neonJurisdiction(regionId) : undefined;
          if (jurisdiction === cell.jurisdiction) continue;
          found.push({
            path: constructPath(resource),
            message: `${variable} of ${region.name} (strict cell ${cell.id}, ${cell.jurisdiction}) points at Neon project ${(project && stringAt(project.attrs, "name")) ?? id} in ${regionId ?? "an unknown region"} (${jurisdiction ?? "unknown jurisdiction"}), outside ${cell.jurisdiction}`,
          });
        }
      }
    }
  }
  return found;
}

export const residencyDatabase: PolicyRule = {
  id: "residency-database",
  requirement: "the backends of a strict cell connect (DATABASE_URL) only to a Neon project in the cell's jurisdiction",
  fix: "give the cell a neonRegion of its jurisdiction (config/regions.ts) and wire its backends to their own cell's database",
  check: (ctx) => violations(databaseRule("DATABASE_URL", ctx)),
};

export const residencyReplica: PolicyRule = {
  id: "residency-replica",
  requirement: "the backends of a strict cell read (DATABASE_READ_URL) only from a replica in the cell's jurisdiction",
  fix: "read from the cell's own read replica (neon_endpoint on its project), never another cell's",
  check: (ctx) => violations(databaseRule("DATABASE_READ_URL", ctx)),
};

/** The pool's logical id when `value` is exactly `${cloudflare_load_balancer_pool.<id>.id}`, the way constructs write it. */
function poolReference(value: Json | undefined): string | undefined {
  return typeof value === "string" ? /^\$\{cloudflare_load_balancer_pool\.([\w-]+)\.id\}$/.exec(value)?.[1] : undefined;
}

/** The entries of a pool list: each item of an array, or the one expression that stands for it. */
function listEntries(list: Json | undefined): Json[] {
  if (Array.isArray(list)) return list;
  return list === undefined || list === null ? [] : [list];
}

/** Region name of each pool (its one origin's name) by logical id. */
function poolRegions(ctx: RuleContext): Map<string, string> {
  const out = new Map<string, string>();
  for (const pool of ctx.inventory.ofType("cloudflare_load_balancer_pool", ctx.stack)) {
    const origin = arrayAt(pool.attrs, "origins")[0];
    const name = isJsonObject(origin) ? stringAt(origin, "name") : undefined;
    if (name) out.set(pool.logicalId, name);
  }
  return out;
}

export const residencyFallback: PolicyRule = {
  id: "residency-fallback",
  requirement:
    "a strict cell's visitors are steered and failed over only to its own regions: its region_pools, country_pools and pop_pools entries stay inside the cell, and the load balancer's fallback pool is in its jurisdiction or the data-less holding pool",
  fix: "keep strict cells out of other cells' failover lists and theirs out of it (constructs/cloudflare/geo-steering.ts); with strict cells in different jurisdictions, one load balancer cannot give all a fallback pool inside them: set cloudflare.loadBalancer.holdingOrigin",
  check(ctx) {
    const strict = strictCells(ctx);
    const regionOf = poolRegions(ctx);
    const cellOf = (region: string | undefined) =>
      ctx.subject.cells.find((c) => c.regions.some((r) => r.name === region));
    const found: Violation[] = [];
    for (const lb of ctx.inventory.ofType("cloudflare_load_balancer", ctx.stack)) {
      const outside = (cell: PolicyCell, attr: string, key: string) => {
        const list = objectAt(lb.attrs, attr)?.[key];
        // Only a plain reference to a pool of this stack shows where visitors go: a literal id,
        // another stack's output or any expression (concat, coalesce, a conditional) could be
        // any pool of the account, so the cell cannot show it stays inside, and it fails.
        const ids: string[] = [];
        for (const entry of listEntries(list)) {
          const id = poolReference(entry);
          if (id !== undefined) ids.push(id);
          else
            found.push({
              path: constructPath(lb),
              message: `${attr}.${key} (strict cell ${cell.id}) lists ${JSON.stringify(entry)}, which is no plain reference to a pool of this stack: strict cell ${cell.id} cannot show its visitors stay in ${cell.jurisdiction}`,
            });
        }
        for (const id of ids) {
          const owner = cellOf(regionOf.get(id));
          if (owner?.id === cell.id) continue;
          found.push({
            path: constructPath(lb),
            message: `${attr}.${key} (strict cell ${cell.id}) lists the pool of ${regionOf.get(id) ?? id}, in ${owner ? `cell ${owner.id} (${owner.jurisdiction})` : "no cell"}`,
          });
        }
      };
      for (const cell of strict) {
        const codes = new Set(cell.regions.flatMap((r) => regionFacts(r.railwayRegion)?.cloudflareRegions ?? []));
        for (const code of codes) outside(cell, "region_pools", code);
        for (const country of cell.countries) outside(cell, "country_pools", country);
        for (const pop of cell.pops) outside(cell, "pop_pools", pop);
        const fallback = poolReference(lb.attrs.fallback_pool ?? null);
        const fallbackRegion = fallback === undefined ? undefined : regionOf.get(fallback);
        const owner = cellOf(fallbackRegion);
        // The holding pool (config holdingOrigin) serves a static page and keeps no data; region
        // names may not be "holding" (config/cells.ts), so no cell's backend can pose as it.
        const holding = !owner && fallbackRegion === HOLDING_REGION;
        if (!holding && owner?.jurisdiction !== cell.jurisdiction) {
          found.push({
            path: constructPath(lb),
            message: `fallback_pool is ${fallbackRegion ?? "unknown"} in ${owner ? `cell ${owner.id} (${owner.jurisdiction})` : "no cell"}: when strict cell ${cell.id}'s pools are down its visitors would leave ${cell.jurisdiction}`,
          });
        }
      }
    }
    return violations(found);
  },
};

export const residencyRegionUnique: PolicyRule = {
  id: "residency-region-unique",
  requirement: "each Railway region serves exactly one cell (its services read and write that cell's database only)",
  fix: "list each region in one cell; a second cell in the same place needs a region of its own",
  check(ctx) {
    const owners = new Map<string, { cell: string; path: string }>();
    const found: Violation[] = [];
    for (const service of ctx.inventory.ofType("railway_service", ctx.stack)) {
      const regionName = /\/api-backend\/([^/]+)\/service$/.exec(constructPath(service))?.[1];
      const cell = ctx.subject.cells.find((c) => c.regions.some((r) => r.name === regionName));
      if (!cell) continue;
      for (const entry of arrayAt(service.attrs, "regions")) {
        const railwayRegion = isJsonObject(entry) ? stringAt(entry, "region") : undefined;
        if (!railwayRegion) continue;
        const owner = owners.get(railwayRegion);
        if (owner && owner.cell !== cell.id) {
          found.push({
            path: constructPath(service),
            message: `Railway region ${railwayRegion} serves cell ${cell.id} here and cell ${owner.cell} at ${owner.path}`,
          });
        }
        if (!owner) owners.set(railwayRegion, { cell: cell.id, path: constructPath(service) });
      }
    }
    return violations(found);
  },
};

/** Grafana Cloud region slugs (prod-eu-west-2) an expression names in a *.grafana.net host. */
function grafanaRegionsIn(value: Json | undefined): string[] {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
  return [...text.matchAll(/[\w.-]*\.grafana\.net/g)].flatMap((m) => grafanaRegionOf(`https://${m[0]}`) ?? []);
}

export const residencyObservability: PolicyRule = {
  id: "residency-observability",
  requirement:
    "a strict cell's backends send errors (SENTRY_DSN) only to a Sentry organization storing data in the cell's jurisdiction, and no telemetry to a Grafana Cloud region outside it",
  fix: "set sentry.dataRegion to the cell's jurisdiction (us or de; Sentry has no other), or leave SENTRY_DSN off the cell's backends (stacks/environment-stack.ts does so); point telemetry at a Grafana stack in the cell's region",
  check(ctx) {
    const sentryRegion = ctx.subject.observability.sentryDataRegion;
    const sentryJurisdiction = SENTRY_DATA_REGIONS[sentryRegion].jurisdiction;
    const variables = ctx.inventory.ofType("railway_variable", ctx.stack);
    const found: Violation[] = [];
    for (const cell of strictCells(ctx)) {
      for (const region of cell.regions) {
        const prefix = `/api-backend/${region.name}/variable-`;
        for (const variable of variables.filter((v) => constructPath(v).includes(prefix))) {
          const name = stringAt(variable.attrs, "name");
          if (name === "SENTRY_DSN" && sentryJurisdiction !== cell.jurisdiction) {
            found.push({
              path: constructPath(variable),
              message: `SENTRY_DSN of ${region.name} (strict cell ${cell.id}, ${cell.jurisdiction}) sends errors to a Sentry organization storing data in ${sentryRegion} (${sentryJurisdiction})`,
            });
          }
          for (const grafana of grafanaRegionsIn(variable.attrs.value)) {
            const jurisdiction = grafanaJurisdiction(grafana);
            if (jurisdiction === cell.jurisdiction) continue;
            found.push({
              path: constructPath(variable),
              message: `${name} of ${region.name} (strict cell ${cell.id}, ${cell.jurisdiction}) sends telemetry to Grafana Cloud ${grafana} (${jurisdiction ?? "unknown jurisdiction"})`,
            });
          }
        }
      }
    }
    return violations(found);
  },
};
