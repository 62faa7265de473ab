// cty types (in their JSON form, as in schemas) and the JS representation of cty
// values used by the provider: null, UnknownValue, primitives, arrays (list, set,
// tuple), plain records (map, object) and DynamicValue for "dynamic" positions.

export type CtyType =
  | "string"
  | "number"
  | "bool"
  | "dynamic"
  | ["list", CtyType]
  | ["set", CtyType]
  | ["map", CtyType]
  | ["object", Record<string, CtyType>]
  | ["object", Record<string, CtyType>, string[]]
  | ["tuple", CtyType[]];

/** An unknown value. `raw` keeps a refined unknown's msgpack extension so it round-trips. */
export class UnknownValue {
  constructor(readonly raw?: { code: number; data: Uint8Array }) {}
}

export const UNKNOWN = new UnknownValue();

/** A value at a "dynamic" type position: carries its concrete type. */
export class DynamicValue {
  constructor(
    readonly type: CtyType,
    readonly value: CtyValue,
  ) {}
}

export type CtyValue =
  null | UnknownValue | DynamicValue | string | number | boolean | CtyValue[] | { [key: string]: CtyValue };

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

export function isObjectValue(v: CtyValue): v is { [key: string]: CtyValue } {
  return isRecord(v) && !(v instanceof UnknownValue) && !(v instanceof DynamicValue);
}

/** Validates and narrows an unknown JSON value to a CtyType. */
export function parseType(t: unknown): CtyType {
  if (t === "string" || t === "number" || t === "bool" || t === "dynamic") return t;
  if (Array.isArray(t) && t.length >= 2) {
    const [kind, arg] = t as unknown[];
    if (kind === "list" || kind === "set" || kind === "map") return [kind, parseType(arg)];
    if (kind === "tuple" && Array.isArray(arg)) return ["tuple", arg.map(parseType)];
    if (kind === "object" && isRecord(arg)) {
      const attrs: Record<string, CtyType> = {};
      for (const [k, v] of Object.entries(arg)) attrs[k] = parseType(v);
      const optional = t[2];
      if (Array.isArray(optional)) return ["object", attrs, optional.map(String)];
      return ["object", attrs];
    }
  }
  throw new Error(`not a cty type: ${JSON.stringify(t)}`);
}
