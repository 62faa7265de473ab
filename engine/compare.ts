// Compares two synth outputs stack by stack, the engines' own metadata aside: every
// `cdk.tf.json` must hold the same Terraform once the "//" keys (engine name and version,
// construct paths' metadata) are dropped. Reports the first differing path per stack.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface StackDifference {
  stack: string;
  /** JSON path of the first difference, or why the stack could not be compared. */
  detail: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The Terraform of a synthesized stack without the engine's "//" metadata. */
export function withoutMetadata(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== "//")
        .map(([key, inner]) => [key, withoutMetadata(inner)]),
    );
  }
  return value;
}

/** The first path at which two JSON values differ, or undefined when they are equal. */
export function firstDifference(a: Json, b: Json, path = "$"): string | undefined {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: ${a.length} items vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const found = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) {
      if (!(key in a)) return `${path}.${key}: only in the second`;
      if (!(key in b)) return `${path}.${key}: only in the first`;
      const found = firstDifference(a[key], b[key], `${path}.${key}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  return a === b ? undefined : `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}

function isObject(value: Json): value is { [key: string]: Json } {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function stackNames(outDir: string): string[] {
  const stacksDir = join(outDir, "stacks");
  if (!existsSync(stacksDir)) throw new Error(`${outDir} holds no stacks/ folder: synthesize first`);
  return readdirSync(stacksDir).filter((name) => existsSync(join(stacksDir, name, "cdk.tf.json")));
}

function readStack(outDir: string, stack: string): Json {
  return JSON.parse(readFileSync(join(outDir, "stacks", stack, "cdk.tf.json"), "utf8")) as Json;
}

/** Every stack of either output that is missing from the other or differs from it. */
export function compareSynthOutputs(firstDir: string, secondDir: string): StackDifference[] {
  const first = stackNames(firstDir);
  const second = stackNames(secondDir);
  const differences: StackDifference[] = [];
  for (const stack of [...new Set([...first, ...second])].sort()) {
    if (!first.includes(stack)) differences.push({ stack, detail: `missing from ${firstDir}` });
    else if (!second.includes(stack)) differences.push({ stack, detail: `missing from ${secondDir}` });
    else {
      const detail = firstDifference(
        withoutMetadata(readStack(firstDir, stack)),
        withoutMetadata(readStack(secondDir, stack)),
      );
      if (detail !== undefined) differences.push({ stack, detail });
    }
  }
  return differences;
}
