// Provider schema snapshots in `terraform providers schema -json` shape, and the
// implied cty type of a block (mirrors Terraform's configschema/hcldec rules).
import { readFileSync } from "node:fs";
import { type CtyType, isRecord, parseType } from "./cty";

export type NestingMode = "single" | "group" | "list" | "set" | "map";

export interface AttributeJson {
  type?: unknown;
  nested_type?: {
    attributes: Record<string, AttributeJson>;
    nesting_mode: NestingMode;
    min_items?: number;
    max_items?: number;
  };
  description?: string;
  description_kind?: string;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  deprecated?: boolean;
  write_only?: boolean;
}

export interface BlockTypeJson {
  nesting_mode: NestingMode;
  block: BlockJson;
  min_items?: number;
  max_items?: number;
}

export interface BlockJson {
  attributes?: Record<string, AttributeJson>;
  block_types?: Record<string, BlockTypeJson>;
  description?: string;
  description_kind?: string;
  deprecated?: boolean;
}

export interface SchemaJson {
  version: number;
  block: BlockJson;
}

export interface ProviderSchemaJson {
  provider: SchemaJson;
  resource_schemas?: Record<string, SchemaJson>;
  data_source_schemas?: Record<string, SchemaJson>;
  ephemeral_resource_schemas?: Record<string, SchemaJson>;
}

export interface LoadedSnapshot {
  /** Full source address, e.g. registry.terraform.io/kislerdm/neon */
  source: string;
  /** Provider version from the snapshot's provenance, when recorded. */
  version: string | undefined;
  schema: ProviderSchemaJson;
}

export function readSnapshot(file: string): LoadedSnapshot {
  const doc: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (!isRecord(doc) || !isRecord(doc.provider_schemas)) throw new Error(`${file}: no provider_schemas`);
  const entries = Object.entries(doc.provider_schemas);
  if (entries.length !== 1)
    throw new Error(`${file}: expected exactly one provider in provider_schemas, found ${entries.length}`);
  const [source, schema] = entries[0];
  if (!isRecord(schema) || !isRecord(schema.provider)) throw new Error(`${file}: ${source} has no provider schema`);
  const provenance = isRecord(doc.provenance) ? doc.provenance : {};
  const version = typeof provenance.version === "string" ? provenance.version : undefined;
  return { source: normaliseSource(source), version, schema: schema as unknown as ProviderSchemaJson };
}

/** "kislerdm/neon" -> "registry.terraform.io/kislerdm/neon" */
export function normaliseSource(source: string): string {
  const parts = source.toLowerCase().split("/");
  return parts.length === 2 ? `registry.terraform.io/${parts.join("/")}` : parts.join("/");
}

function hasDynamic(t: CtyType): boolean {
  if (t === "dynamic") return true;
  if (typeof t === "string") return false;
  if (t[0] === "object") return Object.values(t[1]).some(hasDynamic);
  if (t[0] === "tuple") return t[1].some(hasDynamic);
  return hasDynamic(t[1]);
}

export function attributeType(attr: AttributeJson): CtyType {
  if (attr.nested_type) {
    const obj: CtyType = ["object", objectAttrTypes(attr.nested_type.attributes)];
    switch (attr.nested_type.nesting_mode) {
      case "list":
        return ["list", obj];
      case "set":
        return ["set", obj];
      case "map":
        return ["map", obj];
      default:
        return obj;
    }
  }
  return parseType(attr.type);
}

function objectAttrTypes(attrs: Record<string, AttributeJson> | undefined): Record<string, CtyType> {
  const out: Record<string, CtyType> = {};
  for (const [name, attr] of Object.entries(attrs ?? {})) out[name] = attributeType(attr);
  return out;
}

/** The block's value type, as Terraform encodes it on the wire. */
export function blockType(block: BlockJson): CtyType {
  const attrs = objectAttrTypes(block.attributes);
  for (const [name, bt] of Object.entries(block.block_types ?? {})) attrs[name] = nestedBlockType(bt);
  return ["object", attrs];
}

export function nestedBlockType(bt: BlockTypeJson): CtyType {
  const inner = blockType(bt.block);
  switch (bt.nesting_mode) {
    case "list":
      // Terraform decodes list/map blocks with dynamic attributes as tuples/objects,
      // so their static type is only "dynamic".
      return hasDynamic(inner) ? "dynamic" : ["list", inner];
    case "map":
      return hasDynamic(inner) ? "dynamic" : ["map", inner];
    case "set":
      return ["set", inner];
    default:
      return inner;
  }
}
