// `npm run providers:snapshot` (online only): refreshes providers/<name>.json from the
// real provider binaries. For each provider pinned in cdktf.json it runs `terraform init`
// and `terraform providers schema -json` in a scratch directory, keeps the resource and
// data source types the current snapshot covers (pass --all to keep every type), and
// records the new provenance. Regenerate bindings afterwards: `npm run providers:generate`.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BoundProvider, type SchemaSnapshot, listBoundProviders } from "./snapshots";

function terraform(args: string[], cwd: string): string {
  return execFileSync("terraform", args, {
    cwd,
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
}

function keepOnly<T>(all: Record<string, T> | undefined, names: string[] | undefined): Record<string, T> {
  if (!all) return {};
  if (!names) return all;
  return Object.fromEntries(names.filter((n) => n in all).map((n) => [n, all[n]]));
}

function refresh(provider: BoundProvider, keepAll: boolean): void {
  const address = `registry.terraform.io/${provider.source}`;
  const previous = existsSync(provider.snapshotFile)
    ? (JSON.parse(readFileSync(provider.snapshotFile, "utf8")) as SchemaSnapshot)
    : undefined;
  const dir = mkdtempSync(join(tmpdir(), `snapshot-${provider.name}-`));
  try {
    const config = {
      terraform: { required_providers: { [provider.name]: { source: provider.source, version: provider.version } } },
    };
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify(config));
    terraform(["init", "-backend=false", "-input=false"], dir);
    const schema = JSON.parse(terraform(["providers", "schema", "-json"], dir)) as Omit<SchemaSnapshot, "provenance">;
    const version = JSON.parse(terraform(["version", "-json"], dir)) as { terraform_version: string };
    const entry = schema.provider_schemas[address];
    const old = previous?.provider_schemas[address];
    const snapshot: SchemaSnapshot = {
      provenance: {
        source: address,
        version: provider.version,
        repository: previous?.provenance.repository ?? "",
        tag: `v${provider.version}`,
        commit: "",
        files: [`terraform providers schema -json (Terraform ${version.terraform_version})`],
        method: "terraform providers schema -json against the released provider binary",
      },
      format_version: schema.format_version,
      provider_schemas: {
        [address]: {
          provider: entry.provider,
          resource_schemas: keepOnly(
            entry.resource_schemas,
            keepAll ? undefined : Object.keys(old?.resource_schemas ?? entry.resource_schemas ?? {}),
          ),
          data_source_schemas: keepOnly(
            entry.data_source_schemas,
            keepAll ? undefined : Object.keys(old?.data_source_schemas ?? entry.data_source_schemas ?? {}),
          ),
        },
      },
    };
    writeFileSync(provider.snapshotFile, `${JSON.stringify(snapshot, null, 2)}\n`);
    console.log(`refreshed ${provider.snapshotFile} from ${provider.source} ${provider.version}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const keepAll = process.argv.includes("--all");
const only = process.argv.slice(2).filter((a) => !a.startsWith("--"));
for (const provider of listBoundProviders()) {
  if (only.length === 0 || only.includes(provider.name)) refresh(provider, keepAll);
}
