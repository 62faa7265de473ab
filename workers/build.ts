// Bundles the auto-healing Worker (workers/autoheal/src) into one ES module with esbuild,
// at synth time: the Worker script resource uploads the file and diffs on its sha256.
// Synchronous because constructs are built synchronously. The bundle is cached on disk
// with the content hash of every file esbuild read, so esbuild (and its service process)
// runs only when the Worker's sources change.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

const REPO_ROOT = join(__dirname, "..");
export const AUTOHEAL_ENTRY = join(REPO_ROOT, "workers", "autoheal", "src", "index.ts");
/** The module's name in the upload; also the Worker's main module. */
export const AUTOHEAL_MODULE_NAME = "autoheal.mjs";
const CACHE_DIR = join(REPO_ROOT, "node_modules", ".cache", "neuropilot-workers");
/** Bump when the build options below change: cached bundles then no longer match. */
const BUILD_OPTIONS_VERSION = 1;

export interface WorkerBundle {
  code: string;
  /** Hex sha256 of `code`, for the script resource's content_sha256. */
  sha256: string;
}

interface CacheEntry {
  version: number;
  /** Repo-relative path → sha256 of every file the bundle was built from. */
  inputs: Record<string, string>;
  code: string;
}

const sha256 = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");

export function workerCacheFile(entry: string): string {
  return join(CACHE_DIR, `${sha256(relative(REPO_ROOT, entry)).slice(0, 16)}.json`);
}

/** The cached bundle when every recorded input still has its recorded content. */
export function cachedWorker(entry: string): WorkerBundle | undefined {
  let cached: CacheEntry;
  try {
    cached = JSON.parse(readFileSync(workerCacheFile(entry), "utf8")) as CacheEntry;
    if (cached.version !== BUILD_OPTIONS_VERSION) return undefined;
    for (const [path, hash] of Object.entries(cached.inputs)) {
      if (sha256(readFileSync(join(REPO_ROOT, path))) !== hash) return undefined;
    }
  } catch {
    return undefined; // no cache yet, or an input was removed
  }
  return { code: cached.code, sha256: sha256(cached.code) };
}

export function buildWorker(entry: string): WorkerBundle {
  const cached = cachedWorker(entry);
  if (cached) return cached;
  // Loaded only on a cache miss: requiring esbuild is part of what the cache saves.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildSync } = require("esbuild") as typeof import("esbuild");
  const result = buildSync({
    entryPoints: [entry],
    // Paths in the bundle's comments are relative to this, so the sha256 does not depend on the cwd.
    absWorkingDir: REPO_ROOT,
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    write: false,
    metafile: true,
    // Readable in the Cloudflare dashboard; the bundle is a few kilobytes either way.
    minify: false,
    legalComments: "none",
    logLevel: "silent",
  });
  const code = result.outputFiles[0].text;
  const inputs = Object.fromEntries(
    Object.keys(result.metafile.inputs).map((path) => [path, sha256(readFileSync(join(REPO_ROOT, path)))]),
  );
  const entryFile: CacheEntry = { version: BUILD_OPTIONS_VERSION, inputs, code };
  mkdirSync(CACHE_DIR, { recursive: true });
  // Parallel syntheses (tests) may race: each writes its own file, the rename is atomic.
  const temp = `${workerCacheFile(entry)}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(entryFile));
  renameSync(temp, workerCacheFile(entry));
  return { code, sha256: sha256(code) };
}

let memoised: WorkerBundle | undefined;

export function buildAutohealWorker(): WorkerBundle {
  memoised ??= buildWorker(AUTOHEAL_ENTRY);
  return memoised;
}

/** Writes the bundle to a content-addressed temp file (the source of a TerraformAsset). */
export function writeWorkerBundle(bundle: WorkerBundle, fileName = AUTOHEAL_MODULE_NAME): string {
  const dir = join(tmpdir(), "neuropilot-workers", bundle.sha256);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, fileName);
  writeFileSync(path, bundle.code);
  return path;
}
