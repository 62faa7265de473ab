// Reads a synthesised stack's resources and writes config/adopt/<stack>.ts: discovered
// imports replace the entries of their paths, every other entry the file had is kept.
import { readFileSync, writeFileSync } from "node:fs";
import { loadAdoption, type AdoptedResource } from "../config/adoption";
import type { DeclaredResource, Finding } from "./types";

type StackJson = { resource?: Record<string, Record<string, Record<string, unknown>>> };

export function declaredResources(cdkTfJson: string, stack: string): DeclaredResource[] {
  const json = JSON.parse(readFileSync(cdkTfJson, "utf8")) as StackJson;
  const out: DeclaredResource[] = [];
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const attributes of Object.values(byName)) {
      const meta = attributes["//"] as { metadata?: { path?: string } } | undefined;
      const path = meta?.metadata?.path ?? "";
      out.push({ path: path.startsWith(`${stack}/`) ? path.slice(stack.length + 1) : path, type, attributes });
    }
  }
  // A reference to a literal attribute of another resource of the stack is that literal
  // (a Worker's cron trigger names its script through the script resource).
  const REFERENCE = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)\}$/;
  for (const resource of out) {
    for (const [name, value] of Object.entries(resource.attributes)) {
      const ref = typeof value === "string" ? REFERENCE.exec(value) : null;
      const target = ref ? json.resource?.[ref[1]]?.[ref[2]]?.[ref[3]] : undefined;
      if (typeof target === "string" && !target.includes("${"))
        resource.attributes = { ...resource.attributes, [name]: target };
    }
  }
  return out;
}

export function mergeEntries(existing: readonly AdoptedResource[], findings: readonly Finding[]): AdoptedResource[] {
  const discovered = new Map<string, AdoptedResource>();
  for (const f of findings)
    if (f.status === "import") discovered.set(f.path, { path: f.path, id: f.id, note: `discovered: ${f.match}` });
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
        .map(([key, value]) => `      ${key}: ${quote(String(value))},`),
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

/** A string literal as Prettier writes it: double quotes unless that needs more escapes. */
function quote(value: string): string {
  const double = JSON.stringify(value);
  if (!value.includes('"') || value.includes("'")) return double;
  return `'${double.slice(1, -1).replace(/\\"/g, '"')}'`;
}

export function writeListFile(path: string, text: string): void {
  writeFileSync(path, text);
}
