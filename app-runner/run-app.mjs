#!/usr/bin/env node
// `node app-runner/run-app.mjs <entry.ts> [args…]`: runs a TypeScript entry (main.ts for
// `npm run synth` and cdktf.json) from compiled JavaScript. esbuild bundles the entry with
// our sources, the .gen bindings and the small npm packages into
// node_modules/.cache/neuropilot-app/, and rebuilds whenever the content of any input
// changes, so the output is never stale. A fresh check costs one stat per input (a hash
// only when the stat differs); tsx would transform and resolve the graph on every run.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { Module, createRequire } from "node:module";
import { Script } from "node:vm";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const SELF = fileURLToPath(import.meta.url);
const ROOT = resolve(dirname(SELF), "..");
// NEUROPILOT_APP_CACHE moves the cache (the staleness test uses a temp one).
export const CACHE_DIR = process.env.NEUROPILOT_APP_CACHE ?? join(ROOT, "node_modules", ".cache", "neuropilot-app");
const require = createRequire(import.meta.url);

const EXTERNAL_PACKAGES = ["esbuild"];

/** Files whose change changes the build without being imported by the entry. */
const BUILD_FILES = ["tsconfig.json", "package.json"];

const sha256 = (data) => createHash("sha256").update(data).digest("hex");

function paths(entry) {
  const name = relative(ROOT, resolve(ROOT, entry))
    .replace(/[^A-Za-z0-9_.-]/g, "_")
    .replace(/\.ts$/, "");
  return { outfile: join(CACHE_DIR, `${name}.cjs`), manifest: join(CACHE_DIR, `${name}.json`) };
}

/** What the build depends on besides its inputs: this script (its options) and the root. */
function builderKey() {
  return sha256(`${readFileSync(SELF)}\0${ROOT}`);
}

/** The manifest when its recorded inputs all still have the recorded content. */
export function freshManifest(entry) {
  const { manifest } = paths(entry);
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(manifest, "utf8"));
    statSync(paths(entry).outfile);
  } catch {
    return undefined;
  }
  if (recorded.builder !== builderKey()) return undefined;
  for (const input of recorded.inputs) {
    const file = join(ROOT, input.path);
    let stat;
    try {
      stat = statSync(file);
    } catch {
      return undefined;
    }
    if (stat.size === input.size && stat.mtimeMs === input.mtimeMs) continue;
    if (stat.size !== input.size || sha256(readFileSync(file)) !== input.sha256) return undefined;
  }
  return recorded;
}

// The bundle lives in CACHE_DIR, so a module's `__dirname` must be rewritten to its own
// folder, relative to the bundle's (workers/build.ts, secrets/sensitive.ts use it).
const dirnamePlugin = {
  name: "module-dirname",
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      if (!source.includes("__dirname")) return undefined;
      const fromBundle = relative(CACHE_DIR, dirname(args.path));
      const expression = `require("node:path").join(__dirname, ${JSON.stringify(fromBundle)})`;
      return {
        contents: source.replace(/\b__dirname\b/g, expression),
        loader: args.path.endsWith("ts") ? "ts" : "js",
        resolveDir: dirname(args.path),
      };
    });
  },
};

export async function buildApp(entry) {
  const { outfile, manifest } = paths(entry);
  const esbuild = require("esbuild");
  mkdirSync(CACHE_DIR, { recursive: true });
  // Concurrent runs each write their own temp file and rename it into place.
  const temp = `${outfile}.${process.pid}.tmp`;
  const result = await esbuild.build({
    entryPoints: [resolve(ROOT, entry)],
    absWorkingDir: ROOT,
    outfile: temp,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    // Everything but esbuild is bundled (cdktf, constructs, the bindings, zod, the Grafana
    // Foundation SDK): one file with a code cache loads far faster than hundreds of modules.
    external: EXTERNAL_PACKAGES,
    metafile: true,
    logLevel: "silent",
    plugins: [dirnamePlugin],
  });
  const inputs = [...Object.keys(result.metafile.inputs), ...BUILD_FILES].map((path) => {
    const file = join(ROOT, path);
    const stat = statSync(file);
    return { path, size: stat.size, mtimeMs: stat.mtimeMs, sha256: sha256(readFileSync(file)) };
  });
  const bundle = sha256(readFileSync(temp));
  const stem = basename(outfile);
  for (const old of readdirSync(CACHE_DIR)) {
    if (old.startsWith(`${stem}.`) && old.endsWith(".v8cache")) rmSync(join(CACHE_DIR, old), { force: true });
  }
  renameSync(temp, outfile);
  const recorded = { builder: builderKey(), entry, bundle, inputs };
  const tempManifest = `${manifest}.${process.pid}.tmp`;
  writeFileSync(tempManifest, JSON.stringify(recorded));
  renameSync(tempManifest, manifest);
  return recorded;
}

/**
 * Runs the bundle as a CommonJS module with a V8 code cache beside it (what Node 22's
 * module.enableCompileCache does, by hand so that Node 20 gets it too). The cache is
 * written after the top level ran, so it holds the functions that compiled; V8 rejects it,
 * and it is rewritten, when V8 changes.
 */
export function runWithCodeCache(outfile, bundleHash) {
  // Named by the bundle's hash: V8 checks only the source's length before using a cache,
  // so a cache of an older bundle of the same length would run the old code.
  const cacheFile = `${outfile}.${bundleHash.slice(0, 16)}.v8cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(readFileSync(outfile, "utf8")), { filename: outfile, cachedData });
  const module = new Module(outfile, undefined);
  module.filename = outfile;
  module.paths = Module._nodeModulePaths(dirname(outfile));
  const moduleRequire = createRequire(outfile);
  script.runInThisContext().call(module.exports, module.exports, moduleRequire, module, outfile, dirname(outfile));
  // Written once the top level has run (all of a synthesis; a server's start-up: servers
  // such as the offline provider are killed, so an exit hook would never run).
  if (cachedData && !script.cachedDataRejected) return;
  const temp = `${cacheFile}.${process.pid}.tmp`;
  writeFileSync(temp, script.createCachedData());
  renameSync(temp, cacheFile);
}

/** The compiled entry (path and content hash), rebuilt first when stale. */
export async function compiled(entry) {
  const recorded = freshManifest(entry) ?? (await buildApp(entry));
  return { outfile: paths(entry).outfile, bundle: recorded.bundle };
}

if (process.argv[1] === SELF) {
  const [entry, ...args] = process.argv.slice(2);
  if (!entry) {
    console.error("usage: node app-runner/run-app.mjs <entry.ts> [args…]");
    process.exit(2);
  }
  let build;
  try {
    build = await compiled(entry);
  } catch (error) {
    // esbuild's errors name file, line and column.
    for (const e of error.errors ?? []) {
      const at = e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ` : "";
      console.error(`${at}${e.text}`);
    }
    if (!error.errors) console.error(error);
    process.exit(1);
  }
  process.argv = [process.argv[0], build.outfile, ...args];
  runWithCodeCache(build.outfile, build.bundle);
}
