// Snapshot JSON schema -> tfplugin6.Schema protobuf message objects.
import type { AttributeJson, BlockJson, BlockTypeJson, SchemaJson } from "./schema";

export interface ProtoAttribute {
  name: string;
  type: Buffer;
  nested_type?: { attributes: ProtoAttribute[]; nesting: string };
  description: string;
  description_kind: string;
  required: boolean;
  optional: boolean;
  computed: boolean;
  sensitive: boolean;
  deprecated: boolean;
  write_only: boolean;
}

export interface ProtoBlock {
  version: number;
  attributes: ProtoAttribute[];
  block_types: { type_name: string; block: ProtoBlock; nesting: string; min_items: number; max_items: number }[];
  description: string;
  description_kind: string;
  deprecated: boolean;
}

export interface ProtoSchema {
  version: number;
  block: ProtoBlock;
}

const kind = (k: string | undefined): string => (k === "markdown" ? "MARKDOWN" : "PLAIN");

function toAttribute(name: string, a: AttributeJson): ProtoAttribute {
  return {
    name,
    // Nested attributes carry their type in nested_type; `type` must then be empty.
    type: a.nested_type ? Buffer.alloc(0) : Buffer.from(JSON.stringify(a.type)),
    nested_type: a.nested_type && {
      attributes: Object.entries(a.nested_type.attributes).map(([n, x]) => toAttribute(n, x)),
      nesting: a.nested_type.nesting_mode.toUpperCase(),
    },
    description: a.description ?? "",
    description_kind: kind(a.description_kind),
    required: a.required ?? false,
    optional: a.optional ?? false,
    computed: a.computed ?? false,
    sensitive: a.sensitive ?? false,
    deprecated: a.deprecated ?? false,
    write_only: a.write_only ?? false,
  };
}

function toNestedBlock(name: string, b: BlockTypeJson): ProtoBlock["block_types"][number] {
  return {
    type_name: name,
    block: toBlock(b.block, 0),
    nesting: b.nesting_mode.toUpperCase(),
    min_items: b.min_items ?? 0,
    max_items: b.max_items ?? 0,
  };
}

function toBlock(b: BlockJson, version: number): ProtoBlock {
  return {
    version,
    attributes: Object.entries(b.attributes ?? {}).map(([n, a]) => toAttribute(n, a)),
    block_types: Object.entries(b.block_types ?? {}).map(([n, bt]) => toNestedBlock(n, bt)),
    description: b.description ?? "",
    description_kind: kind(b.description_kind),
    deprecated: b.deprecated ?? false,
  };
}

export function toProtoSchema(s: SchemaJson): ProtoSchema {
  return { version: s.version, block: toBlock(s.block, s.version) };
}
