// JSON value helpers of the pipeline: comparing synthesised stacks. The JSON types are
// the program's one definition (terraform-json/), re-exported for the pipeline's modules.
import { isJsonObject, type Json, type JsonObject } from "../../terraform-json/tf-json";

export type JsonValue = Json;
export { isJsonObject, type JsonObject };

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && deepEqual(a[key], b[key]));
  }
  return false;
}

/** Drops cdktf's `//` metadata at any depth and sorts object keys, so equal configurations compare equal. */
export function normaliseSynthJson(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(normaliseSynthJson);
  if (!isJsonObject(value)) return value;
  const result: JsonObject = {};
  for (const key of Object.keys(value).sort()) {
    if (key === "//") continue;
    result[key] = normaliseSynthJson(value[key]);
  }
  return result;
}
