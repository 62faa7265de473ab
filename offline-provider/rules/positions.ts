// Where a rule's attribute path ("branch.role_name") lands in concrete values: one
// position per list/map element, walked in the planned, prior and config values side by
// side, with the Terraform attribute path (tfplugin6 AttributePath steps) of each.
import { type CtyValue, DynamicValue, UnknownValue, isObjectValue } from "../cty";
import type { AttributeJson, BlockJson, NestingMode } from "../schema";

export type PathStep = { attribute_name: string } | { element_key_string: string } | { element_key_int: number };

export interface Position {
  steps: PathStep[];
  /** False once the path went through a set: set elements have no key, so later steps are not addressable. */
  addressable: boolean;
  attr: AttributeJson | undefined;
  planned: CtyValue;
  prior: CtyValue;
  config: CtyValue;
  /** Replaces the value at this position in the planned object. */
  set: (v: CtyValue) => void;
}

export interface Values {
  planned: CtyValue;
  prior: CtyValue;
  config: CtyValue;
}

type Node = { attr: AttributeJson; nesting?: NestingMode } | { block: BlockJson; nesting: NestingMode };

function child(
  block: BlockJson | undefined,
  attrs: Record<string, AttributeJson> | undefined,
  name: string,
): Node | undefined {
  const a = attrs?.[name] ?? block?.attributes?.[name];
  if (a) return { attr: a, nesting: a.nested_type?.nesting_mode };
  const bt = block?.block_types?.[name];
  return bt ? { block: bt.block, nesting: bt.nesting_mode } : undefined;
}

const plain = (v: CtyValue): CtyValue => (v instanceof DynamicValue ? v.value : v);

function elements(v: CtyValue): CtyValue[] | Record<string, CtyValue> | undefined {
  const p = plain(v);
  if (Array.isArray(p)) return p;
  if (isObjectValue(p)) return p;
  return undefined;
}

/** Every position of `path` in the values (none where a parent is null or unknown). */
export function positions(values: Values, block: BlockJson, path: string): Position[] {
  const out: Position[] = [];
  const segs = path.split(".");
  const walk = (
    v: Values,
    blk: BlockJson | undefined,
    attrs: Record<string, AttributeJson> | undefined,
    i: number,
    steps: PathStep[],
    addressable: boolean,
  ): void => {
    const obj = plain(v.planned);
    if (!isObjectValue(obj)) return;
    const name = segs[i];
    const node = child(blk, attrs, name);
    if (!node) return;
    const here: PathStep[] = addressable ? [...steps, { attribute_name: name }] : steps;
    const sub = (o: CtyValue, k: string | number): CtyValue => {
      const p = plain(o);
      if (typeof k === "number") return Array.isArray(p) ? (p[k] ?? null) : null;
      return isObjectValue(p) ? (p[k] ?? null) : null;
    };
    const at: Values = { planned: obj[name] ?? null, prior: sub(v.prior, name), config: sub(v.config, name) };
    if (i === segs.length - 1) {
      out.push({
        steps: here,
        addressable,
        attr: "attr" in node ? node.attr : undefined,
        ...at,
        set: (nv) => {
          obj[name] = nv;
        },
      });
      return;
    }
    const nextBlock = "block" in node ? node.block : undefined;
    const nextAttrs = "attr" in node ? node.attr.nested_type?.attributes : undefined;
    if (!nextBlock && !nextAttrs) return;
    const nesting = node.nesting ?? "single";
    if (at.planned === null || at.planned instanceof UnknownValue) return;
    if (nesting === "single" || nesting === "group") {
      walk(at, nextBlock, nextAttrs, i + 1, here, addressable);
      return;
    }
    const els = elements(at.planned);
    if (Array.isArray(els)) {
      els.forEach((el, k) =>
        walk(
          { planned: el, prior: sub(at.prior, k), config: sub(at.config, k) },
          nextBlock,
          nextAttrs,
          i + 1,
          addressable && nesting === "list" ? [...here, { element_key_int: k }] : here,
          addressable && nesting === "list",
        ),
      );
    } else if (els) {
      for (const [k, el] of Object.entries(els))
        walk(
          { planned: el, prior: sub(at.prior, k), config: sub(at.config, k) },
          nextBlock,
          nextAttrs,
          i + 1,
          addressable ? [...here, { element_key_string: k }] : here,
          addressable,
        );
    }
  };
  walk(values, block, undefined, 0, [], true);
  return out;
}

/** Every attribute path of a block, parents before children ("settings", "settings.mode"). */
export function attributePaths(block: BlockJson, prefix = ""): [string, AttributeJson][] {
  const out: [string, AttributeJson][] = [];
  const addAttrs = (attrs: Record<string, AttributeJson> | undefined, pre: string) => {
    for (const [name, a] of Object.entries(attrs ?? {})) {
      out.push([pre + name, a]);
      if (a.nested_type) addAttrs(a.nested_type.attributes, `${pre}${name}.`);
    }
  };
  addAttrs(block.attributes, prefix);
  for (const [name, bt] of Object.entries(block.block_types ?? {}))
    out.push(...attributePaths(bt.block, `${prefix}${name}.`));
  return out;
}

/** Deep copy of a value (objects and arrays copied, unknown and dynamic values kept). */
export function cloneValue(v: CtyValue): CtyValue {
  if (v instanceof DynamicValue) return new DynamicValue(v.type, cloneValue(v.value));
  if (Array.isArray(v)) return v.map(cloneValue);
  if (isObjectValue(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cloneValue(x)]));
  return v;
}

/** cty equality for known values: unknown equals nothing; sets compare as lists (the order Terraform sent). */
export function sameValue(a: CtyValue, b: CtyValue): boolean {
  if (a instanceof UnknownValue || b instanceof UnknownValue) return false;
  const pa = plain(a);
  const pb = plain(b);
  if (Array.isArray(pa) || Array.isArray(pb)) {
    return Array.isArray(pa) && Array.isArray(pb) && pa.length === pb.length && pa.every((x, i) => sameValue(x, pb[i]));
  }
  if (isObjectValue(pa) || isObjectValue(pb)) {
    if (!isObjectValue(pa) || !isObjectValue(pb)) return false;
    const keys = new Set([...Object.keys(pa), ...Object.keys(pb)]);
    return [...keys].every((k) => sameValue(pa[k] ?? null, pb[k] ?? null));
  }
  // Numbers may travel as decimal strings beyond float64 precision.
  return pa === pb || (typeof pa !== typeof pb && pa !== null && pb !== null && String(pa) === String(pb));
}
