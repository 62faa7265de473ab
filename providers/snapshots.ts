// The providers we bind offline: read from cdktf.json's terraformProviders (so
// `cdktf get` online and our offline generator agree) and matched to the schema
// snapshots under providers/.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(__dirname, "..");

export interface SnapshotProvenance {
  source: string;
  version: string;
  repository: string;
  tag: string;
  commit: string;
  files: string[];
  method: string;
}

export interface BlockSchema {
  attributes?: Record<string, AttributeSchema>;
  block_types?: Record<string, { nesting_mode: string; block: BlockSchema; min_items?: number; max_items?: number }>;
}

export interface AttributeSchema {
  type?: unknown;
  nested_type?: { attributes: Record<string, AttributeSchema>; nesting_mode: string };
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
}

export interface ProviderSchemaEntry {
  provider: { version: number; block: BlockSchema };
  resource_schemas?: Record<string, { version: number; block: BlockSchema }>;
  data_source_schemas?: Record<string, { version: number; block: BlockSchema }>;
}

export interface SchemaSnapshot {
  provenance: SnapshotProvenance;
  format_version: string;
  provider_schemas: Record<string, ProviderSchemaEntry>;
}

export interface BoundProvider {
  /** e.g. kislerdm/neon */
  source: string;
  /** e.g. neon: the binding folder under .gen/providers and the snapshot file name. */
  name: string;
  version: string;
  snapshotFile: string;
}

export function listBoundProviders(root = ROOT): BoundProvider[] {
  const cdktfJson = JSON.parse(readFileSync(join(root, "cdktf.json"), "utf8")) as { terraformProviders: string[] };
  return cdktfJson.terraformProviders.map((entry) => {
    const match = /^([\w-]+)\/([\w-]+)@(?:~>\s*|=\s*)?(\d+\.\d+\.\d+)$/.exec(entry);
    if (!match) throw new Error(`cdktf.json: terraformProviders entry "${entry}" must be namespace/name@X.Y.Z`);
    const [, namespace, name, version] = match;
    return { source: `${namespace}/${name}`, name, version, snapshotFile: join(root, "providers", `${name}.json`) };
  });
}

export function readSnapshot(provider: BoundProvider): SchemaSnapshot {
  const snapshot = JSON.parse(readFileSync(provider.snapshotFile, "utf8")) as SchemaSnapshot;
  const address = `registry.terraform.io/${provider.source}`;
  if (snapshot.provenance?.version !== provider.version) {
    throw new Error(
      `${provider.snapshotFile}: snapshot is of version ${snapshot.provenance?.version}, cdktf.json pins ${provider.version}; ` +
        "run `npm run providers:snapshot` online or align the versions",
    );
  }
  if (!snapshot.provider_schemas?.[address]) {
    throw new Error(`${provider.snapshotFile}: no provider_schemas entry for ${address}`);
  }
  return snapshot;
}

export function providerEntry(provider: BoundProvider, snapshot = readSnapshot(provider)): ProviderSchemaEntry {
  return snapshot.provider_schemas[`registry.terraform.io/${provider.source}`];
}
