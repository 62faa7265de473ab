// Adoption of the seed platform, as a person runs it on the first day: `npm run adopt` (its
// main, adopt/cli.ts) reads the live accounts — here the loopback fakes that serve the seed
// platform (seed-platform.ts) — for every stack of a synthesised output and writes the
// adoption lists into <root>/config/adopt/; the simulated account is then seeded with the
// objects those lists name (seed.ts), so the imports the stacks declare find them.
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { main as adopt } from "../../adopt/cli";
import { type AdoptionSource, AdoptionListSchema } from "../../config/adoption";
import { DEFAULT_SNAPSHOTS } from "../paths";
import { RULES_DIR, readRules } from "../rules/load";
import { type BlockJson, readSnapshot } from "../schema";
import { dataKey, discoveredObject } from "./account";
import { seedPlatformData, seedPlatformFacts, startFakeAccount } from "./seed-platform";
import { type AdoptedStack, seedObjects } from "./seed";
import { updateStore } from "./store";

export interface AdoptionRun {
  /** The lists as the synth takes them (`synthesize(…, { adoption })`). */
  sources: AdoptionSource[];
  lists: AdoptedStack[];
  /** adopt's own output (its tables), for a failure message. */
  output: string;
}

/** Runs adopt for each stack against the seed platform's fakes, writing the lists under root. */
export async function adoptSeedPlatform(
  synthDir: string,
  stacks: readonly string[],
  root: string,
): Promise<AdoptionRun> {
  mkdirSync(join(root, "config", "adopt"), { recursive: true });
  const fake = await startFakeAccount();
  const lines: string[] = [];
  // adopt prints its tables on the console; the caller prints one line per step.
  const { log, error } = console;
  console.log = (...args: unknown[]) => void lines.push(args.join(" "));
  console.error = console.log;
  const sources: AdoptionSource[] = [];
  const lists: AdoptedStack[] = [];
  try {
    for (const stack of stacks) {
      const code = await adopt([stack, "--synth", synthDir], fake.env, root);
      if (code !== 0) throw new Error(`adopt ${stack} exited ${code}: ${lines.join(" | ").slice(-500)}`);
      const file = join(root, "config", "adopt", `${stack}.ts`);
      if (!existsSync(file)) throw new Error(`adopt ${stack} wrote no ${file}`);
      const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      const value = Object.values(module).find((v) => AdoptionListSchema.safeParse(v).success);
      const parsed = AdoptionListSchema.parse(value);
      sources.push({ file: `config/adopt/${stack}.ts`, value });
      lists.push({ stack: parsed.stack, resources: parsed.resources });
    }
  } finally {
    console.log = log;
    console.error = error;
    await fake.close();
  }
  return { sources, lists, output: lines.join("\n") };
}

let schemas: Map<string, BlockJson> | undefined;

/** The resource schemas of the offline providers' snapshots, by type. */
export function resourceSchema(type: string): BlockJson | undefined {
  schemas ??= new Map(
    DEFAULT_SNAPSHOTS.filter((f) => existsSync(f)).flatMap((f) =>
      Object.entries(readSnapshot(f).schema.resource_schemas ?? {}).map(([t, s]) => [t, s.block] as const),
    ),
  );
  return schemas.get(type);
}

let defaults: Map<string, unknown> | undefined;

/** The default the provider sets for an attribute the configuration leaves unset (providers/offline/rules/). */
export function providerDefault(type: string, attribute: string): unknown {
  if (defaults === undefined) {
    defaults = new Map();
    for (const name of readdirSync(RULES_DIR).filter((n) => n.endsWith(".json")))
      for (const [t, rules] of Object.entries(readRules(join(RULES_DIR, name)).resources))
        for (const [a, rule] of Object.entries(rules.attributes ?? {}))
          if (rule.default !== undefined) defaults.set(`${t} ${a}`, rule.default.value);
  }
  return defaults.get(`${type} ${attribute}`);
}

/** Writes the adopted objects into the simulated account in `dir`; returns how many. */
export function seedAccount(dir: string, synthDir: string, lists: readonly AdoptedStack[]): number {
  const objects = seedObjects(synthDir, lists, resourceSchema, providerDefault);
  updateStore(dir, (store) => {
    for (const [type, byId] of Object.entries(objects)) {
      const block = resourceSchema(type) as BlockJson;
      const live = (store.objects[type] ??= {});
      for (const [id, given] of Object.entries(byId))
        live[id] = discoveredObject(type, block, { ...given, ...seedPlatformFacts(type, id) });
    }
    for (const [type, found] of Object.entries(seedPlatformData()))
      store.objects[dataKey(type)] = Object.fromEntries(found.map((o) => [String(o.id), o]));
  });
  return Object.values(objects).reduce((n, byId) => n + Object.keys(byId).length, 0);
}
