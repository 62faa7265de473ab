// Minimal typed access to synthesised Terraform JSON (cdk.tf.json), shared by the cost
// model, the policy rules and the secret check.
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface TfJson {
  resource?: Record<string, Record<string, JsonObject>>;
  data?: Record<string, Record<string, JsonObject>>;
  variable?: Record<string, JsonObject>;
  output?: Record<string, JsonObject>;
  provider?: Record<string, JsonObject[]>;
  terraform?: JsonObject;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function asTfJson(value: unknown, where: string): TfJson {
  if (!isJsonObject(value)) throw new Error(`${where} is not a Terraform JSON object`);
  return value as TfJson;
}

/** A resource with its stack, Terraform type and logical id. */
export interface TfResource {
  stack: string;
  type: string;
  logicalId: string;
  attrs: JsonObject;
}

export function resourcesIn(stack: string, json: TfJson): TfResource[] {
  const out: TfResource[] = [];
  for (const [type, byId] of Object.entries(json.resource ?? {})) {
    for (const [logicalId, attrs] of Object.entries(byId)) out.push({ stack, type, logicalId, attrs });
  }
  return out;
}

/** The construct path cdktf records on every resource (`//.metadata.path`). */
export function constructPath(resource: TfResource): string {
  const meta = resource.attrs["//"];
  const metadata = isJsonObject(meta) ? meta.metadata : undefined;
  const path = isJsonObject(metadata) ? metadata.path : undefined;
  return typeof path === "string" ? path : `${resource.stack}/${resource.type}.${resource.logicalId}`;
}

export function numberAt(obj: JsonObject | undefined, key: string): number | undefined {
  const value = obj?.[key];
  return typeof value === "number" ? value : undefined;
}

export function stringAt(obj: JsonObject | undefined, key: string): string | undefined {
  const value = obj?.[key];
  return typeof value === "string" ? value : undefined;
}

export function objectAt(obj: JsonObject | undefined, key: string): JsonObject | undefined {
  const value = obj?.[key];
  return isJsonObject(value) ? value : undefined;
}

export function arrayAt(obj: JsonObject | undefined, key: string): Json[] {
  const value = obj?.[key];
  return Array.isArray(value) ? value : [];
}

/** `${type.logicalId.attr}` references to resources of `type` in a string, as logical ids. */
export function referencedIds(value: Json | undefined, type: string): string[] {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
  const pattern = new RegExp(`\\b${type.replace(/[.]/g, "\\.")}\\.([\\w-]+)\\.`, "g");
  return [...text.matchAll(pattern)].map((m) => m[1]);
}
