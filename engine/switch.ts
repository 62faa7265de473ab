// The one switch between the two CDK engines: CDKTF (archived 2025-12-10) and its community
// continuation CDK Terrain (`cdktn`). The program keeps importing "cdktf"; CDK Terrain is
// installed under that name with an npm alias, so no source file changes. The prebuilt
// provider packages and the generated bindings name "cdktf" as their peer, and the
// `overrides` entry points every one of them at the same alias (one copy of the engine).
import { z } from "zod";

export const ENGINES = ["cdktf", "cdktn"] as const;
export type Engine = (typeof ENGINES)[number];

/** The versions each engine is pinned to (exact, as every dependency here). */
export const ENGINE_PINS = {
  cdktf: { library: "0.21.0", cli: { name: "cdktf-cli", version: "0.21.0" } },
  cdktn: { library: "0.24.0", cli: { name: "cdktn-cli", version: "0.24.0" } },
} as const satisfies Record<Engine, { library: string; cli: { name: string; version: string } }>;

const CLI_NAMES = new Set<string>(Object.values(ENGINE_PINS).map((pin) => pin.cli.name));

const PackageJsonSchema = z.looseObject({
  dependencies: z.record(z.string(), z.string()),
  devDependencies: z.record(z.string(), z.string()),
  overrides: z.record(z.string(), z.unknown()).optional(),
});

export type PackageJson = z.infer<typeof PackageJsonSchema>;

function librarySpec(engine: Engine): string {
  const version = ENGINE_PINS[engine].library;
  return engine === "cdktf" ? version : `npm:${engine}@${version}`;
}

/** Which engine a package.json is set up for, or an error naming what is unexpected. */
export function currentEngine(pkg: PackageJson): Engine {
  const spec = pkg.dependencies.cdktf;
  const engine = ENGINES.find((candidate) => spec === librarySpec(candidate));
  if (engine === undefined) {
    const allowed = ENGINES.map((candidate) => `"${librarySpec(candidate)}"`).join(" or ");
    throw new Error(`package.json dependencies.cdktf is "${spec ?? "(missing)"}": expected ${allowed}`);
  }
  return engine;
}

/** package.json set up for `engine`; everything else in it is kept as it is. */
export function switchEngine(input: unknown, engine: Engine): PackageJson {
  const parsed = PackageJsonSchema.safeParse(input);
  if (!parsed.success) throw new Error("package.json has no dependencies/devDependencies objects");
  // The input itself, not zod's copy: parsing moves the known keys first, and the file
  // must keep its order so a switch back restores it byte for byte.
  const pkg = input as PackageJson;
  currentEngine(pkg); // refuses a package.json in a state this switch did not make

  const devDependencies = Object.fromEntries(
    Object.entries(pkg.devDependencies).filter(([name]) => !CLI_NAMES.has(name)),
  );
  const { cli } = ENGINE_PINS[engine];
  devDependencies[cli.name] = cli.version;

  const overrides: Record<string, unknown> = { ...pkg.overrides };
  delete overrides.cdktf;
  // npm accepts an override of a direct dependency only with the same spec.
  if (engine !== "cdktf") overrides.cdktf = librarySpec(engine);

  const result: PackageJson = {
    ...pkg,
    dependencies: { ...pkg.dependencies, cdktf: librarySpec(engine) },
    devDependencies: sortKeys(devDependencies),
  };
  if (Object.keys(overrides).length > 0) result.overrides = sortKeys(overrides);
  else delete result.overrides;
  return result;
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
