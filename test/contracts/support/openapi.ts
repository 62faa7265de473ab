// Checks the project's declared REST calls (contracts/call.ts) and the loopback fakes'
// answers against a vendor's recorded OpenAPI extract (contracts/descriptions/<vendor>.json):
// path and method exist and are not deprecated, every query parameter and body field sent is
// described, every response field read is described; a fake's reply carries no field the
// description lacks.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RestCall } from "../../../contracts/call";

export type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  "x-cycle"?: string;
};
interface Parameter {
  name: string;
  in: string;
}
interface Operation {
  deprecated?: boolean;
  parameters: Parameter[];
  requestBody: { content?: Record<string, { schema?: Schema }> } | null;
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
export interface Description {
  source: string;
  paths: Record<string, Record<string, Operation>>;
}

const ROOT = join(__dirname, "..", "..", "..");

export function loadDescription(vendor: string): Description {
  return JSON.parse(readFileSync(join(ROOT, "contracts", "descriptions", `${vendor}.json`), "utf8")) as Description;
}

/** The schemas a value may follow: the alternatives of allOf/oneOf/anyOf flattened. */
function branches(schema: Schema): Schema[] {
  const nested = [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])];
  return [schema, ...nested.flatMap(branches)];
}

/** The schema of property `key` of an object schema, or undefined when not described. */
function property(schema: Schema, key: string): Schema | undefined {
  for (const branch of branches(schema)) {
    if (branch["x-cycle"]) return {};
    const described = branch.properties?.[key];
    if (described) return described;
    if (branch.additionalProperties && branch.additionalProperties !== true) return branch.additionalProperties;
    if (branch.additionalProperties === true) return {};
  }
  return undefined;
}

function items(schema: Schema): Schema | undefined {
  for (const branch of branches(schema)) {
    if (branch["x-cycle"]) return {};
    if (branch.items) return branch.items;
  }
  return undefined;
}

/** Whether a dotted field path ("result[].id", "[].name") is described by `schema`. */
export function describes(schema: Schema, field: string): boolean {
  let node: Schema | undefined = schema;
  for (const token of field.split(".")) {
    const match = /^([^[]*)((?:\[\])*)$/.exec(token);
    if (!match || !node) return false;
    if (match[1] !== "") node = property(node, match[1]);
    for (let i = 0; i < match[2].length / 2 && node; i++) node = items(node);
    if (!node) return false;
  }
  return true;
}

function jsonSchema(holder: { content?: Record<string, { schema?: Schema }> } | null | undefined): Schema | undefined {
  return holder?.content?.["application/json"]?.schema;
}

export function operationOf(description: Description, call: Pick<RestCall, "method" | "path">): Operation | undefined {
  return description.paths[call.path]?.[call.method.toLowerCase()];
}

/** What in `call` the description does not hold; empty when the call conforms. */
export function callProblems(description: Description, call: RestCall): string[] {
  const where = `${call.id} (${call.method} ${call.path})`;
  const op = operationOf(description, call);
  if (!op) return [`${where}: no such operation in the description`];
  const problems: string[] = [];
  if (op.deprecated) problems.push(`${where}: deprecated in the description`);
  const queryNames = new Set(op.parameters.filter((p) => p.in === "query").map((p) => p.name));
  for (const name of call.query ?? [])
    if (!queryNames.has(name)) problems.push(`${where}: query parameter "${name}" is not described`);
  const body = jsonSchema(op.requestBody);
  for (const field of call.body ?? [])
    if (!body || !describes(body, field)) problems.push(`${where}: body field "${field}" is not described`);
  const response = successSchema(op);
  for (const field of call.reads ?? [])
    if (!response || !describes(response, field)) problems.push(`${where}: response field "${field}" is not described`);
  return problems;
}

function successSchema(op: Operation): Schema | undefined {
  const status = Object.keys(op.responses).find((s) => /^2/.test(s));
  return status ? jsonSchema(op.responses[status]) : undefined;
}

/** Paths in `value` that `schema` does not describe (a fake answering off the documented shape). */
export function undescribedFields(schema: Schema, value: unknown, at = ""): string[] {
  // An open schema ({} or { type: object } without properties): anything goes below it.
  if (branches(schema).every((b) => !b.properties && !b.additionalProperties && !b["x-cycle"] && !b.items)) return [];
  if (Array.isArray(value)) {
    const inner = items(schema);
    if (!inner) return [`${at || "(root)"}: an array where the description has none`];
    return value.flatMap((v) => undescribedFields(inner, v, `${at}[]`));
  }
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) => {
    const path = at ? `${at}.${key}` : key;
    const inner = property(schema, key);
    return inner ? undescribedFields(inner, v, path) : [path];
  });
}

/** The template of `call` as a regular expression over a request path. */
function templateRegex(path: string): RegExp {
  const escaped = path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+");
  return new RegExp(`^${escaped}$`);
}

export interface RecordedRequest {
  method: string;
  /** Path relative to the vendor's API root, decoded. */
  path: string;
  query: string[];
  body?: unknown;
  status: number;
  reply: unknown;
}

/** The declared call a request was made by, or a problem naming the request. */
export function requestProblems(
  description: Description,
  calls: readonly RestCall[],
  request: RecordedRequest,
): string[] {
  const where = `${request.method} ${request.path}?${request.query.join("&")}`;
  const call = calls.find((c) => c.method === request.method && templateRegex(c.path).test(request.path));
  if (!call) return [`${where}: matches no declared call`];
  const problems: string[] = [];
  for (const name of request.query)
    if (![...(call.query ?? []), ...(call.serverQuery ?? [])].includes(name))
      problems.push(`${where}: query "${name}" not declared by ${call.id}`);
  if (typeof request.body === "object" && request.body !== null)
    for (const key of Object.keys(request.body))
      // A nested body is declared by its dotted fields ("branch.name", "endpoints[].type").
      if (
        !(call.body ?? []).some((field) => field === key || field.startsWith(`${key}.`) || field.startsWith(`${key}[]`))
      )
        problems.push(`${where}: body field "${key}" not declared by ${call.id}`);
  const op = operationOf(description, call);
  const schema = op ? successSchema(op) : undefined;
  if (request.status === 200 && schema)
    for (const field of undescribedFields(schema, request.reply))
      problems.push(`${where}: the fake's reply carries "${field}", which the description lacks`);
  return problems;
}
