// Loads a resource's schema block and recorded rules, and builds minimal values of its
// shape with one attribute set, for driving the planner directly.
import { join } from "node:path";
import type { CtyValue } from "../../../offline-provider/cty";
import { REPO_ROOT } from "../../../offline-provider/paths";
import { readRules } from "../../../offline-provider/rules/load";
import { RULE_TARGETS } from "../../../offline-provider/rules/targets";
import type { ResourceRules } from "../../../offline-provider/rules/types";
import { type AttributeJson, type BlockJson, attributeType, readSnapshot } from "../../../offline-provider/schema";

export const providerOf = (type: string): string => type.split("_")[0];

export function resource(type: string): { block: BlockJson; rules: ResourceRules; commit: string } {
  const provider = providerOf(type);
  const snapshot = readSnapshot(join(REPO_ROOT, RULE_TARGETS[provider].snapshot));
  const schema = snapshot.schema.resource_schemas?.[type];
  const rules = readRules(join(REPO_ROOT, "providers", "offline", "rules", `${provider}.json`));
  const r = rules.resources[type];
  if (!schema || !r) throw new Error(`no schema or rules for ${type}`);
  return { block: schema.block, rules: r, commit: rules.provenance.commit };
}

/** A value of the attribute's type, distinct per `which`. */
function sample(attr: AttributeJson, which: 0 | 1): CtyValue {
  const t = attributeType(attr);
  if (t === "string") return ["a1", "b2"][which];
  if (t === "number") return [1, 2][which];
  if (t === "bool") return [true, false][which];
  if (Array.isArray(t) && (t[0] === "list" || t[0] === "set") && t[1] === "string") return [["a1"], ["b2"]][which];
  if (Array.isArray(t) && t[0] === "map" && t[1] === "string") return [{ k: "a1" }, { k: "b2" }][which];
  return ["a1", "b2"][which];
}

/**
 * An object of `block`'s shape, every attribute null, with `path` set to sample `which`
 * (list/set parents get one element).
 */
export function objectWith(block: BlockJson, path: string, which: 0 | 1): CtyValue {
  const [name, ...rest] = path.split(".");
  const obj: Record<string, CtyValue> = {};
  for (const k of Object.keys(block.attributes ?? {})) obj[k] = null;
  for (const [k, bt] of Object.entries(block.block_types ?? {}))
    obj[k] = bt.nesting_mode === "list" || bt.nesting_mode === "set" ? [] : null;
  const attr = block.attributes?.[name];
  const bt = block.block_types?.[name];
  if (rest.length === 0) {
    obj[name] = attr
      ? sample(attr, which)
      : bt && (bt.nesting_mode === "list" || bt.nesting_mode === "set")
        ? []
        : null;
    return obj;
  }
  const inner: BlockJson | undefined =
    bt?.block ?? (attr?.nested_type ? { attributes: attr.nested_type.attributes } : undefined);
  if (!inner) throw new Error(`${path}: ${name} has no nested schema`);
  const nesting = bt?.nesting_mode ?? attr?.nested_type?.nesting_mode;
  const child = objectWith(inner, rest.join("."), which);
  obj[name] = nesting === "list" || nesting === "set" ? [child] : nesting === "map" ? { k: child } : child;
  return obj;
}
