// Writes a minimal SDL extract of a vendor's GraphQL schema (an introspection JSON): the root
// fields the given documents use, with all their arguments, the fields they select on each
// type, and every input type, enum and scalar those need, in full. Run by hand with the
// vendor's file (not committed; see docs/contracts.md):
//   tsx contracts/extract-graphql.ts <schema.json> <out.graphql> '<source note>'
// The documents are the project's own (test/contracts/railway.test.ts names them).
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import {
  buildClientSchema,
  getNamedType,
  type GraphQLArgument,
  type GraphQLNamedType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
} from "graphql";

export function extractSdl(schema: GraphQLSchema, documents: readonly string[]): string {
  const used = new Map<string, Set<string>>();
  for (const source of documents) {
    const document = parse(source);
    const errors = validate(schema, document);
    if (errors.length > 0) throw new Error(`document not valid against the full schema: ${errors[0].message}`);
    const info = new TypeInfo(schema);
    visit(
      document,
      visitWithTypeInfo(info, {
        Field(node) {
          const parent = info.getParentType();
          if (parent) used.set(parent.name, (used.get(parent.name) ?? new Set()).add(node.name.value));
        },
      }),
    );
  }
  const extra = new Map<string, GraphQLNamedType>();
  const need = (type: GraphQLNamedType): void => {
    if (extra.has(type.name) || isSpecifiedScalarType(type) || isObjectType(type) || isInterfaceType(type)) return;
    extra.set(type.name, type);
    if (isInputObjectType(type)) for (const field of Object.values(type.getFields())) need(getNamedType(field.type));
  };
  const args = (list: readonly GraphQLArgument[]): string =>
    list.length ? `(${list.map((a) => `${a.name}: ${String(a.type)}`).join(", ")})` : "";
  const blocks: string[] = [];
  for (const [typeName, fields] of [...used].sort(([a], [b]) => a.localeCompare(b))) {
    const type = schema.getType(typeName);
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    const lines = [...fields].sort().flatMap((name) => {
      const field = type.getFields()[name];
      if (!field) return [];
      for (const a of field.args) need(getNamedType(a.type));
      const target = getNamedType(field.type);
      if (!isObjectType(target) && !isInterfaceType(target)) need(target);
      return [`  ${name}${args(field.args)}: ${String(field.type)}`];
    });
    blocks.push(`${isInterfaceType(type) ? "interface" : "type"} ${typeName} {\n${lines.join("\n")}\n}`);
  }
  for (const type of [...extra.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    if (isScalarType(type)) blocks.push(`scalar ${type.name}`);
    else if (isEnumType(type))
      blocks.push(
        `enum ${type.name} {\n${type
          .getValues()
          .map((v) => `  ${v.name}`)
          .join("\n")}\n}`,
      );
    else if (isInputObjectType(type))
      blocks.push(
        `input ${type.name} {\n${Object.values(type.getFields())
          .map((f) => `  ${f.name}: ${String(f.type)}`)
          .join("\n")}\n}`,
      );
  }
  return `${blocks.join("\n\n")}\n`;
}

async function main(): Promise<void> {
  const [file, target, source, ...documentModules] = process.argv.slice(2);
  const text = readFileSync(file);
  const parsed = JSON.parse(text.toString("utf8")) as { data?: unknown };
  const schema = buildClientSchema((parsed.data ?? parsed) as Parameters<typeof buildClientSchema>[0]);
  const documents: string[] = [];
  for (const module of documentModules) {
    const calls = (await import(module)) as Record<string, unknown>;
    for (const value of Object.values(calls))
      if (Array.isArray(value))
        for (const call of value as Array<{ document?: unknown }>)
          if (typeof call?.document === "string") documents.push(call.document);
  }
  const header = `# Extract of ${source}\n# sha256 of the source file: ${createHash("sha256").update(text).digest("hex")}\n# Only what the project's documents use (contracts/extract-graphql.ts); do not edit by hand.\n\n`;
  writeFileSync(target, header + extractSdl(schema, documents));
}

if (process.argv[1]?.endsWith("extract-graphql.ts")) void main();
