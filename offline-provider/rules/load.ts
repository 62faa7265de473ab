// The committed rule data: providers/offline/rules/<provider>.json, found by provider
// source address (registry.terraform.io/kislerdm/neon) for the snapshot being served.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../paths";
import { normaliseSource } from "../schema";
import type { ProviderRules } from "./types";

export { REPO_ROOT };

export const RULES_DIR = join(REPO_ROOT, "providers", "offline", "rules");

export const rulesFile = (provider: string): string => join(RULES_DIR, `${provider}.json`);

export function readRules(file: string): ProviderRules {
  const doc = JSON.parse(readFileSync(file, "utf8")) as ProviderRules;
  if (typeof doc.provenance?.source !== "string" || typeof doc.resources !== "object")
    throw new Error(`${file}: not a rules file (needs provenance.source and resources)`);
  return doc;
}

const bySource = new Map<string, Map<string, ProviderRules>>();

/** The rules recorded for a provider source address, or undefined when none are committed (read once per dir). */
export function rulesForSource(source: string, dir = RULES_DIR): ProviderRules | undefined {
  let table = bySource.get(dir);
  if (!table) {
    table = new Map();
    const names = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith(".json")) : [];
    for (const name of names.sort()) {
      const rules = readRules(join(dir, name));
      table.set(normaliseSource(rules.provenance.source), rules);
    }
    bySource.set(dir, table);
  }
  return table.get(normaliseSource(source));
}
