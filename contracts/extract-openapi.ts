// Writes a minimal extract of a vendor's OpenAPI description: only the operations the
// project calls, every $ref resolved inline (a cycle is cut as { "x-cycle": ref }), prose
// dropped. Run by hand with the vendor's file (not committed; see docs/contracts.md):
//   tsx contracts/extract-openapi.ts <vendor.json> <out.json> '<source note>' 'GET /path' ...
// The extract records the source file's SHA-256, so a re-run shows whether it changed.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const DROP = new Set(["description", "summary", "example", "examples", "externalDocs", "x-codeSamples", "tags"]);

function resolve(root: Json, ref: string): Json {
  let node: Json = root;
  for (const part of ref.replace(/^#\//, "").split("/")) {
    const key = part.replace(/~1/g, "/").replace(/~0/g, "~");
    node = (node as Record<string, Json>)[key];
    if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
  }
  return node;
}

function inline(root: Json, node: Json, seen: readonly string[]): Json {
  if (Array.isArray(node)) return node.map((n) => inline(root, n, seen));
  if (node === null || typeof node !== "object") return node;
  const ref = node.$ref;
  if (typeof ref === "string") {
    if (seen.includes(ref)) return { "x-cycle": ref };
    return inline(root, resolve(root, ref), [...seen, ref]);
  }
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(node)) if (!DROP.has(key)) out[key] = inline(root, value, seen);
  return out;
}

export function extract(spec: Json, operations: readonly string[]): Record<string, Record<string, Json>> {
  const paths = (spec as { paths: Record<string, Record<string, Json>> }).paths;
  const out: Record<string, Record<string, Json>> = {};
  for (const operation of operations) {
    const [method, path] = operation.split(" ");
    const item = paths[path];
    const op = item?.[method.toLowerCase()] as Record<string, Json> | undefined;
    if (!op) throw new Error(`${operation} is not in the description`);
    const shared = (item.parameters as Json[] | undefined) ?? [];
    const responses = Object.fromEntries(
      Object.entries(op.responses as Record<string, Json>).filter(([status]) => /^2/.test(status)),
    );
    out[path] ??= {};
    out[path][method.toLowerCase()] = inline(
      spec,
      {
        operationId: op.operationId ?? null,
        deprecated: op.deprecated ?? false,
        parameters: [...shared, ...((op.parameters as Json[] | undefined) ?? [])],
        requestBody: op.requestBody ?? null,
        responses,
      } as Json,
      [],
    );
  }
  return out;
}

if (process.argv[1]?.endsWith("extract-openapi.ts")) {
  const [file, target, source, ...operations] = process.argv.slice(2);
  const text = readFileSync(file);
  const spec = JSON.parse(text.toString("utf8")) as Json;
  const info = (spec as { info?: { version?: string } }).info;
  const body = {
    source,
    sha256: createHash("sha256").update(text).digest("hex"),
    openapiVersion: info?.version ?? null,
    paths: extract(spec, operations),
  };
  writeFileSync(target, `${JSON.stringify(body, null, 1)}\n`);
}
