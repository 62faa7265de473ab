// Takes a pull request's synth artifact in as hostile data and writes a clean cdktf.out:
// only `manifest.json` (for the stack names), `stacks/<stack>/cdk.tf.json` and the files under
// `stacks/<stack>/assets/` (the Worker bundle a workers script's content_file names) are read,
// each a regular file (no symlink is followed), within size limits, under a path built here
// from names checked against main's stack list, and every JSON document parsed with a size
// and depth limit. The manifest is written anew; nothing else of the artifact survives.
// The artifact is unpacked in a job that holds no secret (plan-pr.yml `ingest`), so a hostile
// zip (zip-slip, symlinks) can at worst spoil that job's scratch space.
// The command is pipeline/import-synth.ts.
import { copyFileSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BOOTSTRAP_STACKS } from "../../stacks/catalog";
import { isJsonObject, type JsonObject } from "../synth/json";
import { PIPELINE_STACK_ORDER } from "../synth/stack-order";

export const LIMITS = {
  manifestBytes: 1_000_000,
  stackJsonBytes: 20_000_000,
  /** All assets of all stacks together. */
  assetBytes: 30_000_000,
  assetFiles: 200,
  assetDepth: 6,
  jsonDepth: 64,
} as const;

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

export interface ImportResult {
  stacks: string[];
  /** Stacks in the artifact that main does not know (not imported). */
  skipped: string[];
}

/** main's stacks: the only names a path is ever built from. */
export const KNOWN_STACKS: readonly string[] = [...PIPELINE_STACK_ORDER, ...BOOTSTRAP_STACKS];

export function importSynth(from: string, out: string, known: readonly string[] = KNOWN_STACKS): ImportResult {
  const manifest = readJsonFile(from, ["manifest.json"], LIMITS.manifestBytes);
  if (!isJsonObject(manifest.stacks)) throw new Error(`${from}/manifest.json has no "stacks" object`);
  const names = Object.keys(manifest.stacks);
  const stacks = known.filter((name) => names.includes(name));
  const skipped = names.filter((name) => !known.includes(name));
  const written: JsonObject = {};
  const budget = { bytes: LIMITS.assetBytes, files: LIMITS.assetFiles };
  for (const name of stacks) {
    const json = readJsonFile(from, ["stacks", name, "cdk.tf.json"], LIMITS.stackJsonBytes);
    const dir = join(out, "stacks", name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(json));
    copyAssets(from, ["stacks", name, "assets"], out, budget);
    const entry = manifest.stacks[name];
    const dependencies = isJsonObject(entry) && Array.isArray(entry.dependencies) ? entry.dependencies : [];
    written[name] = {
      name,
      synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
      workingDirectory: `stacks/${name}`,
      dependencies: stacks.filter((stack) => dependencies.includes(stack)),
    };
  }
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "manifest.json"), `${JSON.stringify({ stacks: written }, null, 2)}\n`);
  return { stacks, skipped };
}

/** lstat of a path built from checked segments, refusing anything but directories on the way. */
function regularFile(root: string, segments: string[], maxBytes: number): string {
  let path = root;
  for (const [index, segment] of segments.entries()) {
    path = join(path, segment);
    const stat = lstatSync(path, { throwIfNoEntry: false });
    const last = index === segments.length - 1;
    if (stat === undefined) throw new Error(`${path} is missing from the synth artifact`);
    if (last ? !stat.isFile() : !stat.isDirectory())
      throw new Error(`${path} is not a regular ${last ? "file" : "directory"} (symlinks are refused)`);
    if (last && stat.size > maxBytes) throw new Error(`${path} is ${stat.size} bytes, over the limit of ${maxBytes}`);
  }
  return path;
}

function readJsonFile(root: string, segments: string[], maxBytes: number): JsonObject {
  const path = regularFile(root, segments, maxBytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`${path} is not JSON: ${error instanceof Error ? error.message.slice(0, 200) : "parse error"}`, {
      cause: error,
    });
  }
  if (!isJsonObject(parsed)) throw new Error(`${path} is not a JSON object`);
  if (depthOf(parsed) > LIMITS.jsonDepth) throw new Error(`${path} nests deeper than ${LIMITS.jsonDepth} levels`);
  return parsed;
}

/** Nesting depth, iteratively (a recursive walk is what a deep document would overflow). */
export function depthOf(value: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== "object") continue;
    max = Math.max(max, depth);
    if (max > LIMITS.jsonDepth) return max;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return max;
}

function copyAssets(root: string, segments: string[], out: string, budget: { bytes: number; files: number }): void {
  const dir = join(root, ...segments);
  const stat = lstatSync(dir, { throwIfNoEntry: false });
  if (stat === undefined) return;
  if (!stat.isDirectory()) throw new Error(`${dir} is not a directory (symlinks are refused)`);
  if (segments.length - 3 > LIMITS.assetDepth) throw new Error(`${dir} nests deeper than ${LIMITS.assetDepth} levels`);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!SEGMENT.test(entry.name)) throw new Error(`${join(dir, entry.name)}: file name not allowed in the artifact`);
    const next = [...segments, entry.name];
    if (entry.isDirectory()) copyAssets(root, next, out, budget);
    else if (entry.isFile()) {
      const path = regularFile(root, next, budget.bytes);
      budget.bytes -= lstatSync(path).size;
      budget.files -= 1;
      if (budget.files < 0) throw new Error(`the synth artifact has more than ${LIMITS.assetFiles} asset files`);
      mkdirSync(join(out, ...segments), { recursive: true });
      copyFileSync(path, join(out, ...next));
    } else throw new Error(`${join(dir, entry.name)} is not a regular file (symlinks are refused)`);
  }
}
