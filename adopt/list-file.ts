// Reads a synthesised stack's resources and writes config/adopt/<stack>.ts: discovered
// imports replace the entries of their paths, every other entry the file had is kept.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { loadAdoption, type AdoptedResource } from "../config/adoption";
import type { DeclaredResource, Finding, Reference } from "./types";

type StackJson = {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value?: unknown }>;
};

const REFERENCE = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_.]+)\}$/;
// CDKTF's cross-stack reference: a terraform_remote_state data source reading an output of
// the other stack, whose value is the reference inside that stack.
const CROSS_STACK =
  /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-([a-z0-9-]+)\.outputs\.([A-Za-z0-9_-]+)\}$/;

/**
 * The resources `stack` declares in its synthesised cdk.tf.json. A reference to a literal
 * attribute of another resource becomes that literal (a Worker's cron trigger names its
 * script through the script resource); a reference to a computed one (an id, a default
 * branch) is kept in `references` with the target's attributes, following CDKTF's
 * cross-stack outputs into the other stack's cdk.tf.json (stacks/<other>/cdk.tf.json).
 */
export function declaredResources(cdkTfJson: string, stack: string): DeclaredResource[] {
  const stacksDir = dirname(dirname(cdkTfJson));
  const cache = new Map<string, StackJson>();
  const load = (name: string): StackJson | undefined => {
    const file = name === stack ? cdkTfJson : join(stacksDir, name, "cdk.tf.json");
    if (!cache.has(name) && existsSync(file)) cache.set(name, JSON.parse(readFileSync(file, "utf8")) as StackJson);
    return cache.get(name);
  };
  const json = load(stack) ?? {};
  const resolve = (value: string, json: StackJson, depth: number): Reference | string | undefined => {
    const cross = CROSS_STACK.exec(value);
    if (cross) {
      const other = load(cross[1]);
      const target = other?.output?.[cross[2]]?.value;
      return other && typeof target === "string" ? resolve(target, other, depth) : undefined;
    }
    const ref = REFERENCE.exec(value);
    const raw = ref ? json.resource?.[ref[1]]?.[ref[2]] : undefined;
    if (!ref || raw === undefined) return undefined;
    const target = raw[ref[3]];
    if (typeof target === "string" && !target.includes("${")) return target;
    // Two levels suffice: a Railway domain → its service → its project.
    return depth >= 2 ? undefined : { type: ref[1], ...describe(raw, json, depth + 1), attribute: ref[3] };
  };
  const describe = (
    raw: Record<string, unknown>,
    json: StackJson,
    depth: number,
  ): Pick<DeclaredResource, "attributes" | "references"> => {
    const attributes = { ...raw };
    const references: Record<string, Reference> = {};
    for (const [name, value] of Object.entries(raw)) {
      const resolved = typeof value === "string" ? resolve(value, json, depth) : undefined;
      if (typeof resolved === "string") attributes[name] = resolved;
      else if (resolved !== undefined) references[name] = resolved;
    }
    return { attributes, references };
  };
  const out: DeclaredResource[] = [];
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const raw of Object.values(byName)) {
      const meta = raw["//"] as { metadata?: { path?: string } } | undefined;
      const path = meta?.metadata?.path ?? "";
      out.push({
        path: path.startsWith(`${stack}/`) ? path.slice(stack.length + 1) : path,
        type,
        ...describe(raw, json, 0),
      });
    }
  }
  return out;
}

export function mergeEntries(existing: readonly AdoptedResource[], findings: readonly Finding[]): AdoptedResource[] {
  const discovered = new Map<string, AdoptedResource>();
  for (const f of findings)
    if (f.status === "import")
      discovered.set(f.path, {
        path: f.path,
        id: f.id,
        note: `discovered: ${f.match}`,
        ...(f.live === undefined ? {} : { live: sortedKeys(f.live) }),
      });
  const kept = existing.filter((entry) => !discovered.has(entry.path));
  return [...kept, ...discovered.values()].sort((a, b) => a.path.localeCompare(b.path));
}

const exportName = (stack: string): string =>
  `adopt${stack.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase())}`;

/** The list file's text; the list is validated (shape, duplicates) before it is rendered. */
export function renderListFile(file: string, stack: string, resources: AdoptedResource[]): string {
  loadAdoption([{ file, value: { stack, resources } }]);
  // Written as Prettier leaves it: one expanded object per entry, double quotes.
  const lines = resources.map((r) =>
    [
      "    {",
      ...Object.entries(r)
        .filter(([, value]) => value !== undefined)
        .map(([key, value]) =>
          typeof value === "object"
            ? [
                `      ${key}: {`,
                ...Object.entries(value).map(([k, v]) => `        ${property(k)}: ${literalOf(v)},`),
                "      },",
              ].join("\n")
            : `      ${key}: ${quote(String(value))},`,
        ),
      "    },",
    ].join("\n"),
  );
  return [
    `// Existing resources ${stack} adopts by import instead of creating them (see the`,
    `// README, "Adopting an existing platform"). Paths are construct paths relative to the stack,`,
    `// ids the provider's import ids (config/import-ids.ts lists every format). Entries noted`,
    `// "discovered" were written by \`npm run adopt -- ${stack}\`.`,
    // The written file's import, spelled so test/architecture does not take it for ours.
    `import type { AdoptionListInput } from ${JSON.stringify("../adoption")};`,
    ``,
    `export const ${exportName(stack)}: AdoptionListInput = {`,
    `  stack: "${stack}",`,
    resources.length === 0 ? `  resources: [],` : `  resources: [\n${lines.join("\n")}\n  ],`,
    `};`,
    ``,
  ].join("\n");
}

function sortedKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

/** An object key as Prettier writes it (quoteProps "as-needed"). */
function property(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : quote(key);
}

const literalOf = (value: string | number | boolean): string =>
  typeof value === "string" ? quote(value) : String(value);

/** A string literal as Prettier writes it: double quotes unless that needs more escapes. */
function quote(value: string): string {
  const double = JSON.stringify(value);
  if (!value.includes('"') || value.includes("'")) return double;
  return `'${double.slice(1, -1).replace(/\\"/g, '"')}'`;
}

export function writeListFile(path: string, text: string): void {
  writeFileSync(path, text);
}
