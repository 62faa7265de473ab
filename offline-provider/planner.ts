// What a schema-only provider can honestly say about a resource: planned state is
// the proposed state with unset computed attributes left unknown ("known after
// apply"); data sources echo their config and fill computed attributes with
// deterministic placeholders of the right type.
import { createHash } from "node:crypto";
import { type CtyType, type CtyValue, DynamicValue, UnknownValue, UNKNOWN, isObjectValue } from "./cty";
import { importIdAttributes } from "../config/import-ids";
import { type AttributeJson, type BlockJson, type NestingMode, attributeType } from "./schema";
import {
  type AttributePath,
  applyDefaults,
  keepSuppressed,
  markComputedUnknown,
  replacePaths,
} from "./rules/plan-rules";
import { cloneValue, sameValue } from "./rules/positions";
import type { ResourceRules } from "./rules/types";
import { type Diagnostic, validateConfig } from "./rules/validate";

export type { AttributePath, Diagnostic };

type Mapper = (element: CtyValue) => CtyValue;

/** Applies f to each element of a nested block/attribute value according to its nesting. */
function eachNested(value: CtyValue, nesting: NestingMode, f: Mapper): CtyValue {
  if (value === null || value instanceof UnknownValue) return value;
  if (value instanceof DynamicValue) return new DynamicValue(value.type, eachNested(value.value, nesting, f));
  if (nesting === "single" || nesting === "group") return f(value);
  if (Array.isArray(value)) return value.map(f);
  if (isObjectValue(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, f(v)]));
  return value;
}

type AttrRule = (value: CtyValue, attr: AttributeJson, path: string) => CtyValue;

function walkAttributes(
  obj: CtyValue,
  attrs: Record<string, AttributeJson> | undefined,
  rule: AttrRule,
  path: string,
): CtyValue {
  if (!isObjectValue(obj)) return obj;
  const out: { [k: string]: CtyValue } = { ...obj };
  for (const [name, attr] of Object.entries(attrs ?? {})) {
    const here = `${path}.${name}`;
    const ruled = rule(obj[name] ?? null, attr, here);
    const nested = attr.nested_type;
    out[name] = nested
      ? eachNested(ruled, nested.nesting_mode, (el) => walkAttributes(el, nested.attributes, rule, here))
      : ruled;
  }
  return out;
}

function walkBlock(obj: CtyValue, block: BlockJson, rule: AttrRule, path: string): CtyValue {
  const withAttrs = walkAttributes(obj, block.attributes, rule, path);
  if (!isObjectValue(withAttrs)) return withAttrs;
  for (const [name, bt] of Object.entries(block.block_types ?? {})) {
    withAttrs[name] = eachNested(withAttrs[name] ?? null, bt.nesting_mode, (el) =>
      walkBlock(el, bt.block, rule, `${path}.${name}`),
    );
  }
  return withAttrs;
}

/**
 * Planned state for PlanResourceChange: on create, computed attributes still unset get
 * unknown ("known after apply"); updates keep the proposal (which carries the prior
 * computed values); destroys (null proposal) stay null. A prior state made by an offline
 * import (`imported`) holds only what the id says, so its unset computed attributes, which
 * a real read would have filled, are unknown as on create.
 */
export function planResource(prior: CtyValue, proposed: CtyValue, block: BlockJson, imported = false): CtyValue {
  if (proposed === null || (prior !== null && !imported)) return proposed;
  return walkBlock(
    proposed,
    block,
    (v, attr) => {
      if (attr.write_only) return null; // write-only values never appear in plans or state
      return v === null && attr.computed ? UNKNOWN : v;
    },
    "",
  );
}

export interface PlanResourceChangeInput {
  /** Prior state; null on create. */
  prior: CtyValue;
  /** Terraform's proposed new state (config + prior computed values); null on destroy. */
  proposed: CtyValue;
  /** The configuration as written; null on destroy. */
  config: CtyValue;
  block: BlockJson;
  /** The provider's rules for this resource type (providers/offline/rules/*.json). */
  rules?: ResourceRules;
  /** The prior state was made by an offline import and holds only what the id says. */
  imported?: boolean;
}

export interface PlanResourceChangeResult {
  planned: CtyValue;
  requiresReplace: AttributePath[];
  diagnostics: Diagnostic[];
  /**
   * SDKv2 resources answer with legacy_type_system (as terraform-plugin-sdk's gRPC server
   * does), so Terraform tolerates their defaults on non-computed attributes; apply must too.
   */
  legacyTypeSystem: boolean;
}

/**
 * PlanResourceChange as the real provider would answer it, from its recorded rules
 * (rules/plan-rules.ts): defaults filled, framework computed values unknown on a change
 * unless UseStateForUnknown keeps them, and the paths whose change forces a replacement.
 * Pure: the inputs are not modified.
 */
export function planResourceChange(input: PlanResourceChangeInput): PlanResourceChangeResult {
  const { prior, proposed, config, block, rules, imported = false } = input;
  const legacyTypeSystem = rules?.sdk === "sdkv2";
  if (proposed === null) return { planned: null, requiresReplace: [], diagnostics: [], legacyTypeSystem };
  const planned = cloneValue(planResource(prior, proposed, block, imported));
  if (!rules) return { planned, requiresReplace: [], diagnostics: [], legacyTypeSystem };
  applyDefaults(planned, config, block, rules);
  if (rules.sdk === "sdkv2" && prior !== null) keepSuppressed(planned, prior, config, block, rules);
  if (rules.sdk === "framework" && prior !== null && !imported && !sameValue(planned, prior))
    markComputedUnknown(planned, prior, config, block, rules);
  const requiresReplace = prior === null ? [] : replacePaths(planned, prior, config, block, rules, imported);
  return { planned, requiresReplace, diagnostics: [], legacyTypeSystem };
}

/** ValidateResourceConfig: the provider's expressible validators on the configured values. */
export function validateResourceConfig(input: {
  config: CtyValue;
  block: BlockJson;
  rules?: ResourceRules;
}): Diagnostic[] {
  return input.rules ? validateConfig(input.config, input.block, input.rules) : [];
}

/**
 * Identifiers are often numeric strings used as numbers (GitHub user and team ids),
 * so id-like names get a deterministic all-digit string, which converts to either.
 */
function placeholderString(path: string): string {
  const last = path.split(/[.-]/).pop() ?? "";
  if (/(^|_)ids?$/.test(last))
    return String(
      10_000_000 + (parseInt(createHash("sha256").update(path).digest("hex").slice(0, 8), 16) % 90_000_000),
    );
  return `offline${path.replace(/\./g, "-")}`;
}

/** A deterministic, plausible value of a type: used for computed data source results. */
export function placeholder(type: CtyType, path: string): CtyValue {
  if (type === "string") return placeholderString(path);
  if (type === "number") return 0;
  if (type === "bool") return false;
  if (type === "dynamic") return new DynamicValue("string", placeholder("string", path));
  switch (type[0]) {
    case "list":
    case "set":
      return [];
    case "map":
      return {};
    case "tuple":
      return type[1].map((t, i) => placeholder(t, `${path}.${i}`));
    default:
      return Object.fromEntries(Object.entries(type[1]).map(([k, t]) => [k, placeholder(t, `${path}.${k}`)]));
  }
}

/** State for ReadDataSource: the config plus placeholders for unset computed attributes. */
export function readDataSource(typeName: string, config: CtyValue, block: BlockJson): CtyValue {
  return walkBlock(
    config,
    block,
    (v, attr, path) => (v === null && attr.computed ? placeholder(attributeType(attr), path) : v),
    `-${typeName}`,
  );
}

/**
 * State for ImportResourceState: what a real import knows before its read, and no more.
 * The attributes the provider's importer sets from the id (config/import-ids.ts: zone_id,
 * project_id, name…) are filled in, `id` is the id's last part or the whole id, and every
 * other attribute is null (nested list/set/map blocks empty): the live values are unknown
 * offline, so the plan shows them as an update to the configured values.
 */
/** `private` bytes of a state the offline provider imported (see planResource). */
export const IMPORTED_PRIVATE = Buffer.from("neuropilot-offline-import");

export function importedState(typeName: string, id: string, block: BlockJson): CtyValue {
  const fromId = importIdAttributes(typeName, id);
  const state: { [k: string]: CtyValue } = {};
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    const value = name === "id" ? (fromId.id ?? id) : fromId[name];
    const type = attributeType(attr);
    state[name] = value === undefined ? null : type === "number" ? Number(value) : value;
  }
  for (const [name, bt] of Object.entries(block.block_types ?? {})) {
    state[name] = bt.nesting_mode === "list" || bt.nesting_mode === "set" ? [] : bt.nesting_mode === "map" ? {} : null;
  }
  return state;
}
