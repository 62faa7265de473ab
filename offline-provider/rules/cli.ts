// npm run providers:rules -- <provider> <source dir>
// Reads the provider's Go source (a checkout at the commit of its snapshot's provenance)
// and writes providers/offline/rules/<provider>.json. Runs offline; nothing is fetched.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { execFileSync } from "node:child_process";
import { isRecord } from "../cty";
import { type GoFile, extractResource } from "./extract";
import { RULE_TARGETS } from "./targets";
import type { ProviderRules } from "./types";
import { REPO_ROOT, rulesFile } from "./load";

function packageFiles(sourceDir: string, file: string): GoFile[] {
  const dir = posix.dirname(file);
  return readdirSync(join(sourceDir, dir))
    .filter((n) => n.endsWith(".go") && !n.endsWith("_test.go"))
    .sort()
    .map((n) => ({ path: `${dir}/${n}`, source: readFileSync(join(sourceDir, dir, n), "utf8") }));
}

function provenanceOf(snapshotPath: string): { source: string; version: string; repository: string; commit: string } {
  const doc: unknown = JSON.parse(readFileSync(join(REPO_ROOT, snapshotPath), "utf8"));
  const p = isRecord(doc) && isRecord(doc.provenance) ? doc.provenance : {};
  const [source, version, repository, commit] = [p.source, p.version, p.repository, p.commit].map(String);
  return { source, version, repository, commit };
}

export async function buildRules(provider: string, sourceDir: string): Promise<ProviderRules> {
  const target = RULE_TARGETS[provider];
  if (!target)
    throw new Error(
      `providers:rules: unknown provider "${provider}"; use one of ${Object.keys(RULE_TARGETS).join(", ")}`,
    );
  const provenance = provenanceOf(target.snapshot);
  if (existsSync(join(sourceDir, ".git"))) {
    const head = execFileSync("git", ["-C", sourceDir, "rev-parse", "HEAD"], { encoding: "utf8" }).trim();
    if (head !== provenance.commit)
      throw new Error(
        `providers:rules: ${sourceDir} is at ${head}, not ${provenance.commit} (${target.snapshot} provenance); check out that commit`,
      );
  }
  const resources: ProviderRules["resources"] = {};
  for (const [type, file] of Object.entries(target.resources)) {
    if (!existsSync(join(sourceDir, file)))
      throw new Error(
        `providers:rules: ${join(sourceDir, file)} does not exist; is ${sourceDir} the ${provider} provider at ${provenance.commit}?`,
      );
    resources[type] = await extractResource(packageFiles(sourceDir, file), file);
  }
  return {
    provenance: {
      ...provenance,
      method:
        "npm run providers:rules: tree-sitter-go syntax trees of the files named per resource, at the commit above",
    },
    resources,
  };
}

async function main(argv: string[]): Promise<void> {
  const [provider, sourceDir] = argv;
  if (!provider || !sourceDir) throw new Error("usage: npm run providers:rules -- <provider> <source dir>");
  const rules = await buildRules(provider, sourceDir);
  const out = rulesFile(provider);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(rules, null, 2)}\n`);
  const count = Object.values(rules.resources).reduce((n, r) => n + Object.keys(r.attributes).length, 0);
  console.log(`${out}: ${Object.keys(rules.resources).length} resource types, ${count} attributes with rules`);
}

if (process.argv[1]?.endsWith("rules/cli.ts")) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });
}
