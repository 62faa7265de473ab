// Seeding the simulated account with the seed platform (seed-platform.ts) as adoption found
// it: one live object per resource the adoption lists name, under the service's id from the
// import id, holding what the real provider would read back and the stacks must match to
// import without a replacement — the import id's attributes, the live values discovery
// recorded (`live`), and every other replace-forcing attribute of config/replace-attributes.ts
// by its guard (identity: the value discovery matched on; reference: the id of the adopted
// object referred to). Nothing else is modelled: the apply that imports the objects then
// updates them in place to the configuration, as it would on the real services.
import { importIdAttributes } from "../../config/import-ids";
import { REPLACE_ATTRIBUTES, attributeAt } from "../../config/replace-attributes";
import { type JsonObject, isJsonObject } from "../../pipeline/synth/json";
import { readManifest, readStackJson } from "../../pipeline/synth/synth-output";
import type { AttributeJson, BlockJson } from "../schema";
import type { AccountStore, Attributes } from "./store";

export interface AdoptedEntry {
  path: string;
  id: string;
  live?: Record<string, string | number | boolean>;
}

export interface AdoptedStack {
  stack: string;
  resources: readonly AdoptedEntry[];
}

interface Declared {
  stack: string;
  type: string;
  address: string;
  body: JsonObject;
  entry: AdoptedEntry;
  objectId: string;
  fromId: Record<string, string>;
}

/** `${neon_project.database_project_ABC.id}` → the seeded id of that adopted resource. */
const REFERENCE = /^\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.id\}$/;

function coerce(value: unknown, attr: AttributeJson | undefined): unknown {
  if (typeof value !== "string" || attr === undefined) return value;
  if (attr.type === "number") return Number(value);
  if (attr.type === "bool") return value === "true";
  return value;
}

/** Sets a dotted attribute on a state object, nested blocks in the schema's nesting. */
function setPath(target: Attributes, path: string, value: unknown, block: BlockJson): void {
  const [head, ...rest] = path.split(".");
  if (rest.length === 0) {
    target[head] = coerce(value, block.attributes?.[head]);
    return;
  }
  const blockType = block.block_types?.[head];
  const nested = block.attributes?.[head]?.nested_type;
  const inner: BlockJson = blockType?.block ?? { attributes: nested?.attributes ?? {} };
  const listed = (blockType?.nesting_mode ?? nested?.nesting_mode) !== "single";
  const current = target[head];
  const element = (Array.isArray(current) ? current[0] : current) as Attributes | undefined;
  const next: Attributes = element ?? {};
  setPath(next, rest.join("."), value, inner);
  target[head] = listed ? [next] : next;
}

/**
 * The live objects for every adopted resource of the synthesised stacks in `synthDir`,
 * `type → id → attributes` (Terraform's JSON state encoding, as the store keeps them).
 */
export function seedObjects(
  synthDir: string,
  lists: readonly AdoptedStack[],
  schemaOf: (type: string) => BlockJson | undefined,
  defaultOf: (type: string, attribute: string) => unknown = () => undefined,
): AccountStore["objects"] {
  const manifest = readManifest(synthDir);
  const declared: Declared[] = [];
  for (const list of lists) {
    const entry = manifest.stacks[list.stack];
    if (entry === undefined) throw new Error(`${list.stack} is not in ${synthDir}/manifest.json`);
    const json = readStackJson(synthDir, entry);
    const byPath = new Map<string, { type: string; address: string; body: JsonObject }>();
    const resources = isJsonObject(json.resource) ? json.resource : {};
    for (const [type, byName] of Object.entries(resources))
      if (isJsonObject(byName))
        for (const [name, body] of Object.entries(byName)) {
          const meta = isJsonObject(body) && isJsonObject(body["//"]) ? body["//"].metadata : undefined;
          const path = isJsonObject(meta) && typeof meta.path === "string" ? meta.path : undefined;
          if (path !== undefined && isJsonObject(body))
            byPath.set(path.slice(list.stack.length + 1), { type, address: `${type}.${name}`, body });
        }
    for (const adopted of list.resources) {
      const found = byPath.get(adopted.path);
      if (found === undefined) throw new Error(`${list.stack} declares no resource at ${adopted.path}`);
      const fromId = importIdAttributes(found.type, adopted.id);
      declared.push({ ...found, stack: list.stack, entry: adopted, objectId: fromId.id ?? adopted.id, fromId });
    }
  }
  // Addresses repeat between stacks (each environment has its railway_project.api-backend_project_…).
  const idOf = new Map(declared.map((d) => [`${d.stack} ${d.address}`, d.objectId]));
  const objects: AccountStore["objects"] = {};
  for (const d of declared) {
    const block = schemaOf(d.type);
    if (block === undefined) throw new Error(`no provider schema for ${d.type}`);
    const attrs: Attributes = { id: d.objectId };
    for (const [name, value] of Object.entries(d.fromId)) if (name !== "id") setPath(attrs, name, value, block);
    for (const r of REPLACE_ATTRIBUTES[d.type] ?? []) {
      if (r.guard === "rewrite") continue;
      if (r.guard === "unset") {
        // The stacks leave it unset: the object holds what the provider sets by default.
        const fallback = defaultOf(d.type, r.attribute);
        if (fallback !== undefined) setPath(attrs, r.attribute, fallback, block);
        continue;
      }
      const declaredValue = attributeAt(d.body, r.attribute);
      const reference = typeof declaredValue === "string" ? REFERENCE.exec(declaredValue) : null;
      const value =
        d.entry.live?.[r.attribute] ??
        d.fromId[r.attribute] ??
        (reference
          ? idOf.get(`${d.stack} ${reference[1]}`)
          : typeof declaredValue === "string" && declaredValue.includes("${")
            ? undefined
            : declaredValue);
      if (value !== undefined && value !== null) setPath(attrs, r.attribute, value, block);
    }
    (objects[d.type] ??= {})[d.objectId] = attrs;
  }
  return objects;
}
