// tfplugin6.Provider RPC handlers for one schema snapshot. Terraform core itself
// checks configuration against the schema (unsupported/missing arguments, type
// errors), so validation here adds nothing; planning follows planner.ts.
import { type CtyType, type CtyValue } from "./cty";
import { ctyFromJson } from "./cty-json";
import { decodeCty, encodeCty } from "./cty-msgpack";
import { importIdProblem } from "../config/import-ids";
import { IMPORTED_PRIVATE, importedState, planResourceChange, readDataSource, validateResourceConfig } from "./planner";
import { rulesForSource } from "./rules/load";
import type { ProviderRules } from "./rules/types";
import { toProtoSchema } from "./proto-schema";
import { type LoadedSnapshot, type SchemaJson, blockType } from "./schema";
import { applyChange, importLive, readLive, readLiveData } from "./simulator/account";
import { simulatorDir } from "./simulator/store";

interface WireDynamic {
  msgpack?: Buffer;
  json?: Buffer;
}

interface Diagnostic {
  severity: "ERROR" | "WARNING";
  summary: string;
  detail: string;
  attribute?: { steps: unknown[] };
}

type Request = Record<string, unknown>;
type Response = Record<string, unknown>;
export type Handlers = Record<string, (req: Request) => Response>;

function asWire(v: unknown): WireDynamic | undefined {
  return typeof v === "object" && v !== null ? (v as WireDynamic) : undefined;
}

export function decodeDynamic(v: unknown, type: CtyType): CtyValue {
  const wire = asWire(v);
  if (wire?.msgpack && wire.msgpack.length > 0) return decodeCty(wire.msgpack, type);
  if (wire?.json && wire.json.length > 0) return ctyFromJson(JSON.parse(wire.json.toString("utf8")), type);
  return null;
}

const encodeDynamic = (value: CtyValue, type: CtyType): WireDynamic => ({ msgpack: encodeCty(value, type) });

const error = (summary: string, detail: string): Diagnostic => ({ severity: "ERROR", summary, detail });

const isImported = (bytes: unknown): boolean => Buffer.isBuffer(bytes) && bytes.equals(IMPORTED_PRIVATE);

/** `rules`: the provider's plan-time rules; by default the committed ones for its source address. */
export function createHandlers(
  snapshot: LoadedSnapshot,
  rules: ProviderRules | undefined = rulesForSource(snapshot.source),
): Handlers {
  const { schema } = snapshot;
  const resources = schema.resource_schemas ?? {};
  const dataSources = schema.data_source_schemas ?? {};

  const lookup = (table: Record<string, SchemaJson>, kind: string, name: unknown): SchemaJson => {
    const s = typeof name === "string" ? table[name] : undefined;
    if (!s) throw new Error(`${snapshot.source} snapshot has no ${kind} schema for "${String(name)}"`);
    return s;
  };

  // Every handler answers with diagnostics instead of throwing, so Terraform shows
  // a readable error rather than a gRPC failure.
  const guarded =
    (diagField: string, fn: (req: Request) => Response) =>
    (req: Request): Response => {
      try {
        return fn(req);
      } catch (e) {
        const detail = e instanceof Error ? e.message : String(e);
        return { [diagField]: [error("Offline schema provider failed", detail)] };
      }
    };

  const mapSchemas = (table: Record<string, SchemaJson>) =>
    Object.fromEntries(Object.entries(table).map(([k, s]) => [k, toProtoSchema(s)]));

  const noDiagnostics = () => ({ diagnostics: [] });

  return {
    GetMetadata: guarded("diagnostics", () => ({
      server_capabilities: { plan_destroy: false, get_provider_schema_optional: false, move_resource_state: false },
      diagnostics: [],
      data_sources: Object.keys(dataSources).map((type_name) => ({ type_name })),
      resources: Object.keys(resources).map((type_name) => ({ type_name })),
    })),
    GetProviderSchema: guarded("diagnostics", () => ({
      provider: toProtoSchema(schema.provider),
      resource_schemas: mapSchemas(resources),
      data_source_schemas: mapSchemas(dataSources),
      diagnostics: [],
      server_capabilities: { plan_destroy: false, get_provider_schema_optional: false, move_resource_state: false },
    })),
    GetFunctions: noDiagnostics,
    ValidateProviderConfig: noDiagnostics,
    ValidateResourceConfig: guarded("diagnostics", (req) => {
      const s = lookup(resources, "resource", req.type_name);
      const config = decodeDynamic(req.config, blockType(s.block));
      const typeRules = rules?.resources[String(req.type_name)];
      return { diagnostics: validateResourceConfig({ config, block: s.block, rules: typeRules }) };
    }),
    ValidateDataResourceConfig: guarded(
      "diagnostics",
      (req) => (lookup(dataSources, "data source", req.type_name), { diagnostics: [] }),
    ),
    ConfigureProvider: noDiagnostics,
    StopProvider: () => ({ Error: "" }),
    UpgradeResourceState: guarded("diagnostics", (req) => {
      const s = lookup(resources, "resource", req.type_name);
      const type = blockType(s.block);
      const raw =
        typeof req.raw_state === "object" && req.raw_state !== null ? (req.raw_state as { json?: Buffer }) : {};
      const json: unknown = raw.json && raw.json.length > 0 ? JSON.parse(raw.json.toString("utf8")) : null;
      return { upgraded_state: encodeDynamic(ctyFromJson(json, type), type), diagnostics: [] };
    }),
    ReadResource: guarded("diagnostics", (req) => {
      // With a simulated account (NEUROPILOT_SIMULATOR_DIR) the live object is the truth;
      // without one there is no API to ask and the stored state is. A state made by an
      // id-only offline import has nothing to read either way.
      const block = lookup(resources, "resource", req.type_name).block;
      const type = blockType(block);
      const current = decodeDynamic(req.current_state, type);
      const dir = simulatorDir();
      const state = dir && !isImported(req.private) ? readLive(dir, String(req.type_name), block, current) : current;
      return {
        new_state: encodeDynamic(state, type),
        diagnostics: [],
        private: req.private,
      };
    }),
    PlanResourceChange: guarded("diagnostics", (req) => {
      const s = lookup(resources, "resource", req.type_name);
      const type = blockType(s.block);
      const plan = planResourceChange({
        prior: decodeDynamic(req.prior_state, type),
        proposed: decodeDynamic(req.proposed_new_state, type),
        config: decodeDynamic(req.config, type),
        block: s.block,
        rules: rules?.resources[String(req.type_name)],
        imported: isImported(req.prior_private),
      });
      return {
        planned_state: encodeDynamic(plan.planned, type),
        requires_replace: plan.requiresReplace.map((steps) => ({ steps })),
        planned_private: req.prior_private,
        diagnostics: plan.diagnostics,
        legacy_type_system: plan.legacyTypeSystem,
      };
    }),
    ApplyResourceChange: guarded("diagnostics", (req) => {
      const typeName = String(req.type_name);
      const dir = simulatorDir();
      if (!dir)
        return {
          diagnostics: [
            error(
              "Offline schema provider cannot apply",
              `${snapshot.source} is served from a schema snapshot for offline validate/plan only; ${typeName} was not changed. Run apply with the real provider, or against the simulated account (NEUROPILOT_SIMULATOR_DIR, docs/simulator.md).`,
            ),
          ],
        };
      const block = lookup(resources, "resource", typeName).block;
      const type = blockType(block);
      const prior = decodeDynamic(req.prior_state, type);
      const planned = decodeDynamic(req.planned_state, type);
      return {
        new_state: encodeDynamic(applyChange(dir, typeName, block, prior, planned), type),
        private: Buffer.alloc(0),
        diagnostics: [],
      };
    }),
    ImportResourceState: guarded("diagnostics", (req) => {
      // Answers from the id alone, as the real importer would before its read; a malformed
      // id is refused with the real importer's rule (config/import-ids.ts).
      const typeName = String(req.type_name);
      const id = String(req.id);
      const s = lookup(resources, "resource", typeName);
      const problem = importIdProblem(typeName, id);
      if (problem !== undefined) return { diagnostics: [error(`Cannot import ${typeName}`, problem)] };
      const type = blockType(s.block);
      const dir = simulatorDir();
      if (dir) {
        const live = importLive(dir, typeName, id, s.block);
        if (live === undefined)
          return {
            diagnostics: [
              error(
                "Cannot import non-existent remote object",
                `While attempting to import an existing object to ${typeName}, the provider detected that no object exists with the given id "${id}" in the simulated account ${dir}. Only pre-existing objects can be imported; check that the id is correct.`,
              ),
            ],
          };
        return { imported_resources: [{ type_name: typeName, state: encodeDynamic(live, type) }], diagnostics: [] };
      }
      return {
        imported_resources: [
          {
            type_name: typeName,
            state: encodeDynamic(importedState(typeName, id, s.block), type),
            private: IMPORTED_PRIVATE,
          },
        ],
        diagnostics: [],
      };
    }),
    ReadDataSource: guarded("diagnostics", (req) => {
      const s = lookup(dataSources, "data source", req.type_name);
      const type = blockType(s.block);
      const config = decodeDynamic(req.config, type);
      const dir = simulatorDir();
      // The simulated account answers for what it holds (the seed platform's integrations).
      const live = dir ? readLiveData(dir, String(req.type_name), s.block, config) : undefined;
      const state = live ?? readDataSource(String(req.type_name), config, s.block);
      return { state: encodeDynamic(state, type), diagnostics: [] };
    }),
  };
}
