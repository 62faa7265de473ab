// cty values from their JSON encoding (used for raw state in UpgradeResourceState
// and for DynamicValue.json, which Terraform may send instead of msgpack).
import { type CtyType, type CtyValue, DynamicValue, isRecord, parseType } from "./cty";

export function ctyFromJson(json: unknown, type: CtyType): CtyValue {
  if (json === null || json === undefined) return null;
  if (type === "dynamic") {
    if (!isRecord(json) || !("type" in json)) throw new Error("dynamic JSON value must be {value, type}");
    const t = parseType(json.type);
    return new DynamicValue(t, ctyFromJson(json.value, t));
  }
  if (type === "string" || type === "number" || type === "bool") {
    if (typeof json === "string" || typeof json === "number" || typeof json === "boolean") return json;
    throw new Error(`expected ${type}, got ${JSON.stringify(json)}`);
  }
  const [kind] = type;
  if (kind === "list" || kind === "set") {
    if (!Array.isArray(json)) throw new Error(`expected ${kind}`);
    return json.map((v: unknown) => ctyFromJson(v, type[1]));
  }
  if (kind === "tuple") {
    if (!Array.isArray(json)) throw new Error("expected tuple");
    return json.map((v: unknown, i) => ctyFromJson(v, type[1][i] ?? "dynamic"));
  }
  if (!isRecord(json)) throw new Error(`expected ${kind}`);
  const out: { [k: string]: CtyValue } = {};
  if (kind === "map") {
    for (const [k, v] of Object.entries(json)) out[k] = ctyFromJson(v, type[1]);
  } else {
    // Attributes the current schema no longer has are dropped, like a state upgrade would.
    for (const [k, t] of Object.entries(type[1])) out[k] = ctyFromJson(json[k], t);
  }
  return out;
}
