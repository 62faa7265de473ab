// Bundles the auto-healing Worker (workers/autoheal/src) into one ES module with esbuild,
// at synth time: the Worker script resource uploads the file and diffs on its sha256.
// Synchronous because constructs are built synchronously; memoised per process.
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";

const REPO_ROOT = join(__dirname, "..");
export const AUTOHEAL_ENTRY = join(REPO_ROOT, "workers", "autoheal", "src", "index.ts");
/** The module's name in the upload; also the Worker's main module. */
export const AUTOHEAL_MODULE_NAME = "autoheal.mjs";

export interface WorkerBundle {
  code: string;
  /** Hex sha256 of `code`, for the script resource's content_sha256. */
  sha256: string;
}

export function buildWorker(entry: string): WorkerBundle {
  const result = buildSync({
    entryPoints: [entry],
    // Paths in the bundle's comments are relative to this, so the sha256 does not depend on the cwd.
    absWorkingDir: REPO_ROOT,
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    write: false,
    // Readable in the Cloudflare dashboard; the bundle is a few kilobytes either way.
    minify: false,
    legalComments: "none",
    logLevel: "silent",
  });
  const code = result.outputFiles[0].text;
  return { code, sha256: createHash("sha256").update(code).digest("hex") };
}

let cached: WorkerBundle | undefined;

export function buildAutohealWorker(): WorkerBundle {
  cached ??= buildWorker(AUTOHEAL_ENTRY);
  return cached;
}

/** Writes the bundle to a content-addressed temp file (the source of a TerraformAsset). */
export function writeWorkerBundle(bundle: WorkerBundle, fileName = AUTOHEAL_MODULE_NAME): string {
  const dir = join(tmpdir(), "neuropilot-workers", bundle.sha256);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, fileName);
  writeFileSync(path, bundle.code);
  return path;
}
