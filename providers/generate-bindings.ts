// Generates CDKTF bindings for the providers without prebuilt packages from the
// committed schema snapshots, offline. Runs from `npm ci` (postinstall); skips work
// when the snapshots have not changed since the last run (`--force` regenerates).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateBindingsFromSnapshot } from "./generate";
import { ROOT, listBoundProviders, readSnapshot } from "./snapshots";

const OUT_DIR = join(ROOT, ".gen");
const STAMP = join(OUT_DIR, ".snapshots.sha256");

async function main(): Promise<void> {
  const providers = listBoundProviders();
  const generatorVersion = (
    JSON.parse(readFileSync(join(ROOT, "node_modules/@cdktf/provider-generator/package.json"), "utf8")) as {
      version: string;
    }
  ).version;
  const hash = createHash("sha256").update(generatorVersion);
  for (const p of providers) hash.update(p.source).update(readFileSync(p.snapshotFile));
  const digest = hash.digest("hex");

  const upToDate = existsSync(STAMP) && readFileSync(STAMP, "utf8") === digest;
  if (upToDate && !process.argv.includes("--force")) {
    console.log("provider bindings are up to date (.gen/)");
    return;
  }

  rmSync(join(OUT_DIR, "providers"), { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  for (const provider of providers) {
    const started = Date.now();
    const snapshot = readSnapshot(provider);
    await generateBindingsFromSnapshot(OUT_DIR, snapshot);
    console.log(
      `generated .gen/providers/${provider.name} from ${provider.source} ${snapshot.provenance.version} ` +
        `(${snapshot.provenance.tag}) in ${Date.now() - started} ms`,
    );
  }
  writeFileSync(STAMP, digest);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
