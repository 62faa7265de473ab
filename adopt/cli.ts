// `npm run adopt -- <stack> [--synth cdktf.out] [--dry-run]`: reads the live Cloudflare
// account (read-only, CLOUDFLARE_API_TOKEN) for every Cloudflare resource the synthesised
// stack declares, prints what will be imported, created, or could not be matched, and
// updates config/adopt/<stack>.ts. Nothing is written when any call fails. The other
// services' ids are added by hand (docs/adoption.md).
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError } from "../config/load";
import { AdoptionListSchema, type AdoptedResource } from "../config/adoption";
import { CloudflareClient, discoverCloudflare } from "./cloudflare";
import { DiscoveryError } from "./http";
import { declaredResources, mergeEntries, renderListFile, writeListFile } from "./list-file";
import type { Finding } from "./types";

const ROOT = resolve(__dirname, "..");

export function formatTable(findings: readonly Finding[]): string {
  const rows = findings.map((f) => {
    if (f.status === "import") return ["will import", f.path, f.type, f.id];
    if (f.status === "create") return ["will create", f.path, f.type, `not found: ${f.match}`];
    if (f.status === "listed") return ["will import", f.path, f.type, `${f.id} (listed by hand)`];
    return ["not matched", f.path, f.type, f.hint];
  });
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length), 0));
  return rows.map((r) => r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]) : cell)).join("  ")).join("\n");
}

async function existingEntries(file: string): Promise<AdoptedResource[]> {
  if (!existsSync(file)) return [];
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  for (const value of Object.values(module)) {
    const parsed = AdoptionListSchema.safeParse(value);
    if (parsed.success) return parsed.data.resources;
  }
  return [];
}

export async function main(argv: string[], env: NodeJS.ProcessEnv, root = ROOT): Promise<number> {
  const stack = argv.find((a) => !a.startsWith("--"));
  const synthIndex = argv.indexOf("--synth");
  const synth = synthIndex >= 0 ? argv[synthIndex + 1] : join(root, "cdktf.out");
  if (!stack) {
    console.error("usage: npm run adopt -- <stack> [--synth DIR] [--dry-run]");
    return 2;
  }
  const stackJson = join(synth, "stacks", stack, "cdk.tf.json");
  if (!existsSync(stackJson)) {
    console.error(`adopt: ${stackJson} not found; run npm run synth first`);
    return 1;
  }
  const token = env.CLOUDFLARE_API_TOKEN;
  if (!token) {
    console.error(
      "Cloudflare: CLOUDFLARE_API_TOKEN is not set; export a token with read access to the zone and account",
    );
    return 1;
  }
  try {
    const client = new CloudflareClient({ token, baseUrl: env.CLOUDFLARE_API_BASE_URL });
    const declared = declaredResources(stackJson, stack);
    const file = join(root, "config", "adopt", `${stack}.ts`);
    const existing = await existingEntries(file);
    const listed = new Map(existing.map((entry) => [entry.path, entry.id]));
    const cloudflare = await discoverCloudflare(declared, client);
    // The other services are not discovered yet: show what the list already holds for them.
    const others: Finding[] = declared
      .filter((r) => !r.type.startsWith("cloudflare_"))
      .map((r) => {
        const id = listed.get(r.path);
        return id !== undefined
          ? { ...r, status: "listed", id }
          : {
              ...r,
              status: "unmatched",
              hint: `${r.type} is not discovered yet; add its id by hand (docs/adoption.md)`,
            };
      });
    const findings = [...cloudflare, ...others];
    console.log(formatTable(findings));
    const text = renderListFile(`config/adopt/${stack}.ts`, stack, mergeEntries(existing, findings));
    if (argv.includes("--dry-run")) console.log(`\n(dry run: config/adopt/${stack}.ts not written)`);
    else {
      writeListFile(file, text);
      console.log(`\nwrote config/adopt/${stack}.ts; review it, then npm run synth && npm run preview -- ${stack}`);
    }
    return 0;
  } catch (error) {
    if (error instanceof DiscoveryError || error instanceof ConfigError) {
      console.error(error.message.split("\n").join(" "));
      return 1;
    }
    throw error;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2), process.env).then((code) => {
    process.exitCode = code;
  });
}
