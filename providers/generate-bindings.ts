// Generates CDKTF bindings for the providers without prebuilt packages from the
// committed schema snapshots, offline. Runs from `npm ci` (postinstall); skips work
// when the snapshots have not changed since the last run (`--force` regenerates).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

  // The generator shells out to `terraform version`; point a missing CLI config at an
  // empty one so a machine without ~/.terraformrc does not print a scary warning.
  const configured = process.env.TF_CLI_CONFIG_FILE;
  if (!configured || !existsSync(configured)) {
    const cliConfig = join(tmpdir(), "neuropilot-empty.tfrc");
    writeFileSync(cliConfig, "");
    process.env.TF_CLI_CONFIG_FILE = cliConfig;
  }
  process.env.CHECKPOINT_DISABLE = "1";
  // Loaded lazily: requiring the generator costs ~1 s, wasted when bindings are current.
  const { generateProviderBindingsFromSchema } = await import("@cdktf/provider-generator");

  rmSync(join(OUT_DIR, "providers"), { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  for (const provider of providers) {
    const started = Date.now();
    const { provenance, ...schema } = readSnapshot(provider);
    // The generator's type only names the format versions it was written against (0.1/0.2);
    // Terraform 1.x emits "1.0" with the same shape.
    type GeneratorSchema = Parameters<typeof generateProviderBindingsFromSchema>[1];
    await generateProviderBindingsFromSchema(OUT_DIR, schema as unknown as GeneratorSchema);
    console.log(
      `generated .gen/providers/${provider.name} from ${provider.source} ${provenance.version} ` +
        `(${provenance.tag}) in ${Date.now() - started} ms`,
    );
  }
  writeFileSync(STAMP, digest);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
