// Reads what `cdktf synth` wrote: cdktf.out/manifest.json and each stack's cdk.tf.json.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isJsonObject, type JsonObject, type JsonValue } from "./json";

export interface ManifestStack {
  name: string;
  synthesizedStackPath: string;
  workingDirectory: string;
  dependencies: string[];
}

export interface SynthManifest {
  stacks: Record<string, ManifestStack>;
}

export function hasManifest(outDir: string): boolean {
  return existsSync(join(outDir, "manifest.json"));
}

export function readManifest(outDir: string): SynthManifest {
  const parsed: unknown = JSON.parse(readFileSync(join(outDir, "manifest.json"), "utf8"));
  if (!isJsonObject(parsed) || !isJsonObject(parsed.stacks)) {
    throw new Error(`${outDir}/manifest.json has no "stacks" object; is this a cdktf.out directory?`);
  }
  const stacks: Record<string, ManifestStack> = {};
  for (const [name, entry] of Object.entries(parsed.stacks)) {
    if (!isJsonObject(entry)) continue;
    stacks[name] = {
      name,
      synthesizedStackPath: stringOr(entry.synthesizedStackPath, `stacks/${name}/cdk.tf.json`),
      workingDirectory: stringOr(entry.workingDirectory, `stacks/${name}`),
      dependencies: Array.isArray(entry.dependencies) ? entry.dependencies.filter(isString) : [],
    };
  }
  return { stacks };
}

export function readStackJson(outDir: string, stack: ManifestStack): JsonObject {
  const parsed: unknown = JSON.parse(readFileSync(join(outDir, stack.synthesizedStackPath), "utf8"));
  if (!isJsonObject(parsed)) throw new Error(`${stack.synthesizedStackPath} is not a JSON object`);
  return parsed;
}

export function stackWorkingDirectory(outDir: string, stack: ManifestStack): string {
  return join(outDir, stack.workingDirectory);
}

/** The Terraform Cloud workspace holding the stack's state, or "local" for the local backend. */
export function workspaceOf(stackJson: JsonObject): string {
  const name = at(stackJson, ["terraform", "cloud", "workspaces", "name"]);
  return typeof name === "string" ? name : "local";
}

/**
 * Maps Terraform addresses (`type.name`, `data.type.name`) to construct paths without the
 * stack prefix, from the `//` metadata cdktf writes on every resource and data source.
 */
export function constructPaths(stackJson: JsonObject): Map<string, string> {
  const paths = new Map<string, string>();
  for (const [block, prefix] of [
    ["resource", ""],
    ["data", "data."],
  ] as const) {
    const byType = stackJson[block];
    if (!isJsonObject(byType)) continue;
    for (const [type, byName] of Object.entries(byType)) {
      if (!isJsonObject(byName)) continue;
      for (const [name, body] of Object.entries(byName)) {
        const path = at(body, ["//", "metadata", "path"]);
        if (typeof path === "string") paths.set(`${prefix}${type}.${name}`, withoutStackPrefix(path));
      }
    }
  }
  return paths;
}

/** Names of all the stack's `variable` blocks. */
export function variableNames(stackJson: JsonObject): string[] {
  const variables = stackJson.variable;
  return isJsonObject(variables) ? Object.keys(variables) : [];
}

function withoutStackPrefix(path: string): string {
  const slash = path.indexOf("/");
  return slash === -1 ? path : path.slice(slash + 1);
}

function at(value: JsonValue, keys: string[]): JsonValue | undefined {
  let current: JsonValue | undefined = value;
  for (const key of keys) {
    if (!isJsonObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

function stringOr(value: JsonValue | undefined, fallback: string): string {
  return typeof value === "string" ? value : fallback;
}

function isString(value: JsonValue): value is string {
  return typeof value === "string";
}
