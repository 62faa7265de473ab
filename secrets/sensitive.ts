// Which values are sensitive: attributes the providers mark sensitive (from the schema
// snapshots under providers/), sensitive variables, and cross-stack outputs whose source
// value is itself sensitive. (cdktf marks every cross-stack output sensitive whatever it
// carries, so those are traced to their source instead of trusted.)
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { isJsonObject, type Json, type JsonObject, type TfJson } from "../terraform-json/tf-json";

const PROVIDERS_DIR = join(__dirname, "..", "providers");
/** Attribute names that carry secrets whatever the provider says (bindings without snapshots). */
const SENSITIVE_ATTRIBUTE_NAME = /password|secret|token|private_key|dsn|connection_uri|api_key/i;

function jsonFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith(".json") ? [path] : [];
  });
}

function collectSensitive(prefix: string, block: JsonObject, into: Set<string>): void {
  for (const [name, attr] of Object.entries(isJsonObject(block.attributes) ? block.attributes : {})) {
    if (isJsonObject(attr) && attr.sensitive === true) into.add(`${prefix}.${name}`);
  }
  for (const nested of Object.values(isJsonObject(block.block_types) ? block.block_types : {})) {
    if (isJsonObject(nested) && isJsonObject(nested.block)) collectSensitive(prefix, nested.block, into);
  }
}

let snapshotIndex: Set<string> | undefined;

/** `type.attribute` (resources) and `data.type.attribute` (data sources) marked sensitive. */
export function sensitiveAttributes(): Set<string> {
  if (snapshotIndex) return snapshotIndex;
  const index = new Set<string>();
  for (const file of jsonFiles(PROVIDERS_DIR)) {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    const schemas = isJsonObject(parsed) && isJsonObject(parsed.provider_schemas) ? parsed.provider_schemas : {};
    for (const provider of Object.values(schemas)) {
      if (!isJsonObject(provider)) continue;
      for (const [kind, prefix] of [
        ["resource_schemas", ""],
        ["data_source_schemas", "data."],
      ] as const) {
        for (const [type, schema] of Object.entries(isJsonObject(provider[kind]) ? provider[kind] : {})) {
          if (isJsonObject(schema) && isJsonObject(schema.block))
            collectSensitive(`${prefix}${type}`, schema.block, index);
        }
      }
    }
  }
  snapshotIndex = index;
  return index;
}

/** The contents of every `${…}` in a value. */
function expressions(value: Json | undefined): string[] {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
  return [...text.matchAll(/\$\{((?:[^{}]|\{[^{}]*\})*)\}/g)].map((m) => m[1]);
}

/** Outputs of every scanned stack by name, for tracing cross-stack references. */
export type OutputIndex = Map<string, { stack: TfJson; value: Json | undefined }>;

export function outputIndex(stacks: TfJson[]): OutputIndex {
  const index: OutputIndex = new Map();
  for (const stack of stacks) {
    for (const [name, output] of Object.entries(stack.output ?? {})) index.set(name, { stack, value: output.value });
  }
  return index;
}

/** Why a value is sensitive (the first sensitive thing it references), or null. */
export function sensitiveReference(
  value: Json | undefined,
  stack: TfJson,
  outputs: OutputIndex,
  seen = new Set<string>(),
): string | null {
  const attributes = sensitiveAttributes();
  for (const expression of expressions(value)) {
    for (const m of expression.matchAll(/\bvar\.([\w-]+)/g)) {
      if (stack.variable?.[m[1]]?.sensitive === true) return `var.${m[1]}`;
    }
    for (const m of expression.matchAll(/\bdata\.terraform_remote_state\.[\w-]+\.outputs\.([\w-]+)/g)) {
      const source = outputs.get(m[1]);
      if (!source || seen.has(m[1])) continue;
      seen.add(m[1]);
      const why = sensitiveReference(source.value, source.stack, outputs, seen);
      if (why) return `${why} (through cross-stack output ${m[1]})`;
    }
    for (const m of expression.matchAll(/\b(data\.)?([a-z][a-z0-9]*_[a-z0-9_]+)\.[\w-]+\.([a-z_][\w]*)/g)) {
      const [, data, type, attribute] = m;
      if (type === "terraform_remote_state") continue;
      const key = `${data ?? ""}${type}.${attribute}`;
      if (attributes.has(key) || SENSITIVE_ATTRIBUTE_NAME.test(attribute)) return `${type}.${attribute}`;
    }
  }
  return null;
}
