// JSON value helpers shared by the GitOps scripts. Plans and synthesised stacks are
// untyped JSON; these keep the rest of the code free of `any`.
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

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
