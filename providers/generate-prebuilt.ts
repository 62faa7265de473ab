// `npm run providers:generate-prebuilt [-- --out DIR]`: Cloudflare and GitHub bindings from the
// offline snapshots (providers/offline/), generated the way `cdktf get` generates them, into
// DIR/providers/<name> (default .gen/upgraded). The path to a provider version newer than the
// last prebuilt package: docs/provider-upgrades.md.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { generateBindingsFromSnapshot } from "./generate";
import { PREBUILT_PROVIDERS } from "./prebuilt";
import { ROOT, type SchemaSnapshot } from "./snapshots";

const USAGE = "Usage: npm run providers:generate-prebuilt [-- --out DIR]";

function outDir(args: readonly string[]): string {
  if (args.length === 0) return join(ROOT, ".gen", "upgraded");
  if (args[0] === "--out" && args.length === 2 && !args[1].startsWith("-")) return resolve(args[1]);
  throw new Error(`unexpected arguments: ${args.join(" ")}`);
}

async function main(args: readonly string[]): Promise<void> {
  if (args.includes("--help")) {
    console.log(USAGE);
    return;
  }
  const out = outDir(args);
  for (const provider of PREBUILT_PROVIDERS) {
    const started = Date.now();
    const snapshot = JSON.parse(readFileSync(provider.snapshotFile, "utf8")) as SchemaSnapshot;
    const constraint = `${provider.source}@${snapshot.provenance.version}`;
    await generateBindingsFromSnapshot(out, snapshot, constraint);
    console.log(`generated ${join(out, "providers", provider.name)} for ${constraint} in ${Date.now() - started} ms`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`providers:generate-prebuilt: ${error instanceof Error ? error.message : String(error)}`);
  console.error(USAGE);
  process.exit(2);
});
