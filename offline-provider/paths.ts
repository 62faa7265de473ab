// Where this package lives. CommonJS (and vitest) give us __dirname; under an ESM
// loader it is undefined, so fall back to finding the repo from the working directory.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

function findOfflineProviderDir(): string {
  if (typeof __dirname === "string" && existsSync(join(__dirname, "serve.ts"))) return __dirname;
  for (let dir = resolve(process.cwd()); ; dir = dirname(dir)) {
    const candidate = join(dir, "offline-provider");
    if (existsSync(join(candidate, "serve.ts"))) return candidate;
    if (dirname(dir) === dir) throw new Error("cannot locate offline-provider; run from the repository");
  }
}

export const OFFLINE_PROVIDER_DIR = findOfflineProviderDir();
export const REPO_ROOT = resolve(OFFLINE_PROVIDER_DIR, "..");
export const PROTO_DIR = join(OFFLINE_PROVIDER_DIR, "proto");
export const SERVE_ENTRY = join(OFFLINE_PROVIDER_DIR, "serve.ts");
/** Runs a TypeScript entry from a cached bundle (see the script). */
export const RUN_APP = join(REPO_ROOT, "app-runner", "run-app.mjs");
export const TSX_LOADER = join(REPO_ROOT, "node_modules", "tsx", "dist", "loader.mjs");

/** Snapshots served offline: the bound providers' snapshots plus the docs-built ones. */
export const DEFAULT_SNAPSHOTS = [
  "providers/grafana.json",
  "providers/sentry.json",
  "providers/railway.json",
  "providers/neon.json",
  "providers/offline/cloudflare.json",
  "providers/offline/github.json",
].map((p) => join(REPO_ROOT, p));
