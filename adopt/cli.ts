// `npm run adopt -- <stack> [--synth cdktf.out] [--dry-run]`: reads the live accounts
// (read-only, with each provider's own credential variable, adopt/services.ts) for every
// resource the synthesised stack declares, prints what will be imported, created, or could
// not be matched, and updates config/adopt/<stack>.ts. Nothing is written when any call
// fails. A service whose credential is not set is reported in one line and skipped: its
// resources keep the entries the list already has ("listed by hand") or are "not matched".
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { stackNameArg, strictArgs, UsageError } from "../cli/flags";
import { runCommand } from "../cli/run";
import { ConfigError } from "../config/load";
import { AdoptionListSchema, type AdoptedResource } from "../config/adoption";
import { NOT_IMPORTABLE } from "../config/import-ids";
import { redact } from "../secrets/redact";
import { VendorApiError } from "../vendors/http";
import { declaredResources, mergeEntries, renderListFile, writeListFile } from "./list-file";
import { SERVICES, type StackProviders } from "./services";
import type { DeclaredResource, Finding } from "./types";

const ROOT = resolve(__dirname, "..");
const USAGE = "usage: npm run adopt -- <stack> [--synth DIR] [--dry-run] [--help]";

export function formatTable(findings: readonly Finding[]): string {
  const rows = findings.map((f) => {
    if (f.status === "import") return ["will import", f.path, f.type, f.id];
    if (f.status === "create") return ["will create", f.path, f.type, f.reason ?? `not found: ${f.match}`];
    if (f.status === "listed") return ["will import", f.path, f.type, `${f.id} (listed by hand)`];
    if (f.status === "unmanaged") return ["not managed", f.path, f.type, f.hint];
    return ["not matched", f.path, f.type, f.hint];
  });
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length), 0));
  return rows.map((r) => r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]) : cell)).join("  ")).join("\n");
}

async function existingEntries(file: string): Promise<AdoptedResource[]> {
  if (!existsSync(file)) return [];
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new ConfigError([
      { file, path: "(the whole file)", message: `cannot be loaded (${reason}); fix it, or delete it to start over` },
    ]);
  }
  for (const value of Object.values(module)) {
    const parsed = AdoptionListSchema.safeParse(value);
    if (parsed.success) return parsed.data.resources;
  }
  return [];
}

type StackJson = { provider?: Record<string, Array<Record<string, unknown>>> };

function stackProviders(stackJson: string): StackProviders {
  const json = JSON.parse(readFileSync(stackJson, "utf8")) as StackJson;
  const first = (name: string) => json.provider?.[name]?.[0] ?? {};
  const text = (value: unknown) => (typeof value === "string" && !value.includes("${") ? value : undefined);
  return { grafana: { url: text(first("grafana").url) }, github: { owner: text(first("github").owner) } };
}

/** The stacks a synth output holds (its stacks/ folder), or a usage error naming the folder. */
function synthesizedStacks(synth: string): string[] {
  const dir = join(synth, "stacks");
  if (!existsSync(dir)) throw new UsageError(`--synth ${synth} holds no synthesized stacks; run npm run synth first`);
  return readdirSync(dir).filter((name) => existsSync(join(dir, name, "cdk.tf.json")));
}

export async function main(argv: string[], env: NodeJS.ProcessEnv, root = ROOT): Promise<number> {
  const { values, positionals } = strictArgs({
    args: argv,
    allowPositionals: true,
    options: { synth: { type: "string" }, "dry-run": { type: "boolean" }, help: { type: "boolean" } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError("name exactly one stack to adopt");
  const synth = values.synth ?? join(root, "cdktf.out");
  const stack = stackNameArg(positionals[0], synthesizedStacks(synth));
  const stackJson = join(synth, "stacks", stack, "cdk.tf.json");
  try {
    const declared = declaredResources(stackJson, stack);
    const providers = stackProviders(stackJson);
    const file = join(root, "config", "adopt", `${stack}.ts`);
    const existing = await existingEntries(file);
    const listed = new Map(existing.map((entry) => [entry.path, entry.id]));
    const findings: Finding[] = [];
    let discovered = 0;
    const notDiscovered = (resource: DeclaredResource, hint: string): Finding => {
      const id = listed.get(resource.path);
      return id !== undefined ? { ...resource, status: "listed", id } : { ...resource, status: "unmatched", hint };
    };
    // Types the provider cannot import are created (written) by the apply whatever exists.
    const importable = declared.filter((r) => NOT_IMPORTABLE[r.type] === undefined);
    for (const r of declared.filter((r) => NOT_IMPORTABLE[r.type] !== undefined))
      findings.push({ ...r, status: "create", match: "", reason: `${r.type} cannot be imported; the apply writes it` });
    for (const service of SERVICES) {
      const resources = importable.filter((r) => r.type.startsWith(service.prefix));
      if (resources.length === 0) continue;
      const run = env[service.credentialVar] ? service.start(env, providers) : undefined;
      if (typeof run !== "function") {
        // A missing credential skips the service: its resources keep what the list has.
        const why = run ?? `${service.credentialVar} is not set`;
        console.error(
          `${service.name}: ${why}; its ${resources.length} resource(s) are not discovered (export ${service.credentialVar}: ${service.credentialHint})`,
        );
        findings.push(...resources.map((r) => notDiscovered(r, `${service.name} not discovered: ${why}`)));
        continue;
      }
      findings.push(...(await run(resources)));
      discovered++;
    }
    for (const r of importable.filter((r) => !SERVICES.some((s) => r.type.startsWith(s.prefix))))
      findings.push(notDiscovered(r, `${r.type} is not discovered; add its id by hand (docs/adoption.md)`));
    if (discovered === 0 && declared.length > findings.filter((f) => f.status === "create").length) {
      console.error(`adopt: no service of ${stack} could be read; nothing written`);
      return 1;
    }
    const order = new Map(declared.map((r, i) => [r.path, i]));
    // Declared order; live objects no resource matched ("not managed") last.
    const rank = (f: Finding) => (f.status === "unmanaged" ? declared.length : (order.get(f.path) ?? 0));
    findings.sort((x, y) => rank(x) - rank(y));
    console.log(formatTable(findings));
    const text = renderListFile(`config/adopt/${stack}.ts`, stack, mergeEntries(existing, findings));
    if (values["dry-run"]) console.log(`\n(dry run: config/adopt/${stack}.ts not written)`);
    else {
      writeListFile(file, text);
      console.log(`\nwrote config/adopt/${stack}.ts; review it, then npm run synth && npm run preview -- ${stack}`);
    }
    return 0;
  } catch (error) {
    if (error instanceof VendorApiError || error instanceof ConfigError) {
      // Through the redaction module, with the discovery credentials this run holds.
      const credentials = SERVICES.map((s) => env[s.credentialVar] ?? "").filter((v) => v !== "");
      console.error(redact(error.message.split("\n").join(" "), credentials));
      return 1;
    }
    throw error;
  }
}

if (require.main === module) {
  runCommand(() => main(process.argv.slice(2), process.env), {
    name: "adopt",
    usage: USAGE,
    isUserError: (error): error is Error => error instanceof VendorApiError || error instanceof ConfigError,
  });
}
