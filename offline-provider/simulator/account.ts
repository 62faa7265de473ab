// The offline provider's view of the simulated account: apply writes live objects
// (create, update, delete), refresh reads them back (an object changed out of band is
// drift, a missing one is gone), import finds one by its import id. Computed values are
// filled deterministically: the service model (services/) names the ones a service sets,
// anything else gets a typed placeholder derived from the object's seed.
import { type CtyType, type CtyValue, DynamicValue, UNKNOWN, UnknownValue, isObjectValue } from "../cty";
import { ctyFromJson } from "../cty-json";
import { importIdAttributes } from "../../config/import-ids";
import { placeholder } from "../planner";
import { type BlockJson, type NestingMode, attributeType, blockType } from "../schema";
import { type Creation, digest } from "./services/model";
import { modelFor } from "./services";
import { type AccountStore, type Attributes, readStore, updateStore } from "./store";

/** A cty value in Terraform's JSON state encoding; dynamic positions keep their type. */
export function ctyToJson(value: CtyValue, type: CtyType): unknown {
  if (value === null || value instanceof UnknownValue) return null;
  if (type === "dynamic") {
    const dyn = value instanceof DynamicValue ? value : undefined;
    return dyn ? { value: ctyToJson(dyn.value, dyn.type), type: dyn.type } : null;
  }
  if (value instanceof DynamicValue) return ctyToJson(value.value, type);
  if (typeof type === "string") return value;
  const [kind] = type;
  if (kind === "list" || kind === "set") return Array.isArray(value) ? value.map((v) => ctyToJson(v, type[1])) : null;
  if (kind === "tuple") return Array.isArray(value) ? value.map((v, i) => ctyToJson(v, type[1][i] ?? "dynamic")) : null;
  if (!isObjectValue(value)) return null;
  if (kind === "map") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, ctyToJson(v, type[1])]));
  return Object.fromEntries(Object.entries(type[1]).map(([k, t]) => [k, ctyToJson(value[k] ?? null, t)]));
}

/** Replaces every unknown inside `value` with `fill(type, path)`. */
function fillUnknowns(
  value: CtyValue,
  type: CtyType,
  path: string,
  fill: (t: CtyType, p: string) => CtyValue,
): CtyValue {
  if (value instanceof UnknownValue) return fill(type, path);
  if (value === null || typeof type === "string") return value;
  if (value instanceof DynamicValue) return value;
  const [kind] = type;
  if (kind === "list" || kind === "set")
    return Array.isArray(value) ? value.map((v, i) => fillUnknowns(v, type[1], `${path}.${i}`, fill)) : value;
  if (kind === "tuple")
    return Array.isArray(value) ? value.map((v, i) => fillUnknowns(v, type[1][i], `${path}.${i}`, fill)) : value;
  if (!isObjectValue(value)) return value;
  const attrType = (k: string): CtyType => (kind === "map" ? type[1] : (type[1][k] ?? "dynamic"));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, fillUnknowns(v, attrType(k), `${path}.${k}`, fill)]),
  );
}

/**
 * Fills the unknowns of an object of `block`: top-level attributes from `top` when it has
 * a value, framework nested attributes (nested_type) with null — Terraform proposes null
 * for an unset nested attribute whatever the prior state holds (objchange.ProposedNew), so
 * a service value there would show as a change on every plan — and anything else with a
 * typed placeholder.
 */
function fillBlock(
  value: CtyValue,
  block: BlockJson,
  path: string,
  top?: (name: string) => CtyValue | undefined,
  nestedId?: (path: string) => string,
): CtyValue {
  if (!isObjectValue(value)) return value;
  const out: Record<string, CtyValue> = { ...value };
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    const v = value[name] ?? null;
    const here = `${path}-${name}`;
    const nested = attr.nested_type;
    if (v instanceof UnknownValue) {
      const given = top?.(name);
      // A nested object's own id (Railway's default_environment.id) is an id of the service's
      // format, which the provider validates, not a generic placeholder.
      const ownId = top === undefined && name === "id" && nestedId !== undefined ? nestedId(here) : undefined;
      out[name] = given !== undefined ? given : nested ? null : (ownId ?? placeholder(attributeType(attr), here));
    } else if (nested) {
      const inner: BlockJson = { attributes: nested.attributes };
      out[name] = eachElement(v, nested.nesting_mode, (el, i) =>
        fillBlock(el, inner, `${here}-${i}`, undefined, nestedId),
      );
    } else out[name] = fillUnknowns(v, attributeType(attr), here, placeholder);
  }
  for (const [name, bt] of Object.entries(block.block_types ?? {}))
    out[name] = eachElement(value[name] ?? null, bt.nesting_mode, (el, i) =>
      fillBlock(el, bt.block, `${path}-${name}-${i}`, undefined, nestedId),
    );
  return out;
}

/** Applies f to each element of a nested value (single object, list/set, or map). */
function eachElement(v: CtyValue, nesting: NestingMode, f: (el: CtyValue, key: string) => CtyValue): CtyValue {
  if (v === null || v instanceof UnknownValue || v instanceof DynamicValue) return v;
  if (Array.isArray(v)) return v.map((el, i) => f(el, String(i)));
  if (!isObjectValue(v)) return v;
  return nesting === "map" ? Object.fromEntries(Object.entries(v).map(([k, el]) => [k, f(el, k)])) : f(v, "0");
}

const knownOnly = (value: CtyValue, type: CtyType): unknown => ctyToJson(value, type);
const objectId = (state: CtyValue): string | undefined =>
  isObjectValue(state) && typeof state.id === "string" ? state.id : undefined;

function liveState(store: AccountStore, type: string, id: string, block: BlockJson): CtyValue {
  const live = store.objects[type]?.[id];
  return live === undefined ? null : ctyFromJson(live, blockType(block));
}

/**
 * ApplyResourceChange against the account: the new state is the planned state with its
 * unknowns filled, written under its id (a null plan deletes the object).
 */
export function applyChange(
  dir: string,
  typeName: string,
  block: BlockJson,
  prior: CtyValue,
  planned: CtyValue,
): CtyValue {
  const type = blockType(block);
  return updateStore(dir, (store) => {
    const objects = (store.objects[typeName] ??= {});
    const priorId = objectId(prior);
    if (planned === null) {
      if (priorId !== undefined) delete objects[priorId];
      return null;
    }
    if (!isObjectValue(planned)) throw new Error(`planned state of ${typeName} is not an object`);
    const model = modelFor(typeName);
    // The seed names the object: its type and known configuration (or its id once it has
    // one), plus a counter when an identical object already exists.
    const base = priorId ?? `${typeName} ${JSON.stringify(knownOnly(planned, type))}`;
    let seed = base;
    for (let n = 1; priorId === undefined && Object.keys(objects).some((k) => objects[k].__seed === seed); n++)
      seed = `${base} #${n}`;
    const known = Object.fromEntries(
      Object.entries(planned).filter(([, v]) => !(v instanceof UnknownValue)),
    ) as Creation["known"];
    const creation: Creation = { type: typeName, known, seed };
    const id =
      planned.id instanceof UnknownValue || planned.id === undefined || planned.id === null
        ? (priorId ?? model.id(creation))
        : String(planned.id);
    const salt = `-${digest(seed).slice(0, 8)}`;
    const filled = fillBlock(
      planned,
      block,
      salt,
      (name) => (name === "id" ? id : (model.computed(creation, name, id) ?? undefined)),
      (path) => model.id({ ...creation, seed: `${seed}${path}` }),
    ) as Record<string, CtyValue>;
    if (priorId === undefined && objects[id] !== undefined)
      throw new Error(
        `the simulated account already holds a ${typeName} with id "${id}" (service model ${model.prefix}: ids must be unique per type)`,
      );
    if (priorId !== undefined && priorId !== id) delete objects[priorId];
    objects[id] = { ...(ctyToJson(filled, type) as Attributes), __seed: seed };
    return filled;
  });
}

const withoutBookkeeping = (attrs: Attributes): Attributes =>
  Object.fromEntries(Object.entries(attrs).filter(([k]) => !k.startsWith("__")));

/** ReadResource: the object as it lives in the account, or null when it is gone. */
export function readLive(dir: string, typeName: string, block: BlockJson, state: CtyValue): CtyValue {
  const id = objectId(state);
  if (id === undefined) return state;
  const live = readStore(dir).objects[typeName]?.[id];
  return live === undefined ? null : ctyFromJson(withoutBookkeeping(live), blockType(block));
}

/** ImportResourceState: the live object an import id names, or undefined when none exists. */
export function importLive(dir: string, typeName: string, importId: string, block: BlockJson): CtyValue | undefined {
  const store = readStore(dir);
  const fromId = importIdAttributes(typeName, importId);
  const objects = store.objects[typeName] ?? {};
  const candidates = [fromId.id, importId].filter((k): k is string => k !== undefined);
  for (const key of candidates) {
    const live = objects[key];
    if (live === undefined) continue;
    const matches = Object.entries(fromId).every(([attr, v]) => attr === "id" || String(live[attr]) === v);
    if (matches)
      return liveState(
        { ...store, objects: { [typeName]: { [key]: withoutBookkeeping(live) } } },
        typeName,
        key,
        block,
      );
  }
  // An id that names an object by its attributes only (a zone setting: zone_id/setting_id).
  const named = Object.entries(fromId).filter(([attr]) => attr !== "id");
  if (fromId.id !== undefined || named.length === 0) return undefined;
  const found = Object.entries(objects).find(([, live]) => named.every(([attr, v]) => String(live[attr]) === v));
  return found
    ? liveState(
        { ...store, objects: { [typeName]: { [found[0]]: withoutBookkeeping(found[1]) } } },
        typeName,
        found[0],
        block,
      )
    : undefined;
}

/** Marks every computed attribute `value` leaves null as unknown, nested objects included. */
function unknownComputed(value: CtyValue, block: BlockJson): CtyValue {
  if (!isObjectValue(value)) return value;
  const out: Record<string, CtyValue> = { ...value };
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    const v = value[name] ?? null;
    const nested = attr.nested_type;
    if (v === null) out[name] = attr.computed && !nested ? UNKNOWN : null;
    else if (nested)
      out[name] = eachElement(v, nested.nesting_mode, (el) => unknownComputed(el, { attributes: nested.attributes }));
  }
  for (const [name, bt] of Object.entries(block.block_types ?? {}))
    out[name] = eachElement(value[name] ?? null, bt.nesting_mode, (el) => unknownComputed(el, bt.block));
  return out;
}

/**
 * A live object as its service holds it, from what an import id and discovery say of it
 * (`given`, JSON state encoding, with its id): every computed value they leave unset is
 * filled as a create fills it (the service model, else a typed placeholder), so a refresh
 * after the import reads what the real API would return (hosts, default branch ids, …).
 */
export function discoveredObject(typeName: string, block: BlockJson, given: Attributes): Attributes {
  const type = blockType(block);
  const id = String(given.id);
  const value = unknownComputed(ctyFromJson(given, type), block);
  if (!isObjectValue(value)) throw new Error(`${typeName} ${id}: not an object`);
  const model = modelFor(typeName);
  const seed = `${typeName} ${id}`;
  const known = Object.fromEntries(
    Object.entries(value).filter(([, v]) => !(v instanceof UnknownValue)),
  ) as Creation["known"];
  const creation: Creation = { type: typeName, known, seed };
  const filled = fillBlock(
    value,
    block,
    `-${digest(seed).slice(0, 8)}`,
    (name) => (name === "id" ? id : (model.computed(creation, name, id) ?? undefined)),
    (path) => model.id({ ...creation, seed: `${seed}${path}` }),
  );
  return { ...(ctyToJson(filled, type) as Attributes), __seed: seed };
}

/** Where the account keeps what a data source finds (`data.<type>` → key → attributes). */
export const dataKey = (typeName: string): string => `data.${typeName}`;

/**
 * ReadDataSource against the account: the object of `data.<type>` whose attributes equal
 * every argument the configuration gives, its values filling what the configuration leaves
 * unset; undefined when the account holds none (the planner's placeholders answer then).
 */
export function readLiveData(dir: string, typeName: string, block: BlockJson, config: CtyValue): CtyValue | undefined {
  if (!isObjectValue(config)) return undefined;
  const candidates = Object.values(readStore(dir).objects[dataKey(typeName)] ?? {});
  const given = Object.entries(config).filter(
    ([, v]) => v !== null && !(v instanceof UnknownValue) && typeof v !== "object",
  );
  const found = candidates.find((live) => given.every(([k, v]) => live[k] === v));
  if (found === undefined) return undefined;
  const live = ctyFromJson(withoutBookkeeping(found), blockType(block));
  if (!isObjectValue(live)) return undefined;
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, v === null ? (live[k] ?? null) : v]));
}
