// `npm run simulate -- seed [--no-synth] [--force] [--serve]`: the simulated account made to run
// the seed platform, as the rehearsal's adoption step does (adoption.ts), so that a person can
// adopt it and deploy over it by hand. adopt (its main, in this process) reads the seed
// platform's loopback fakes (seed-platform.ts) for every synthesised stack and writes its lists
// into $DIR/seed-platform/config/adopt/, never into the repository's config/adopt/; the account
// is then seeded with the objects those lists name. With --serve the fakes stay up afterwards,
// and $DIR/seed-platform.env holds the export lines (base URLs and the fakes' credentials) under
// which `npm run adopt` reads them, until Ctrl-C.
//
// Seeding starts from an empty account: one that holds objects or any stack's state is refused
// (seeding over a deployed platform would leave states naming objects beside the seeded ones),
// unless --force, which resets it first and says what it removed. The reset happens only after
// adopt has written every list, so a failure before it leaves the account as it was.
import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { adoptSeedPlatform, seedAccount } from "./adoption";
import { startFakeAccount } from "./seed-platform";
import { readStore, resetStore } from "./store";
import { stacksInOrder } from "./terraform-runs";

/** Where adopt's lists for the seed platform go, under the account's folder. */
export const SEED_LISTS_DIR = "seed-platform";
/** The export lines of the served seed platform's APIs (`seed --serve`), under the account's folder. */
export const SEED_PLATFORM_ENV_FILE = "seed-platform.env";

export interface SeedOptions {
  /** Reset an account that holds objects or state instead of refusing. */
  force: boolean;
  /** Writes the synthesised stacks (local backend) into `outdir`; undefined: use what is there. */
  synth?: (outdir: string) => void;
}

export interface SeedResult {
  /** Objects seeded per stack, in deploy order. */
  stacks: Array<{ stack: string; objects: number }>;
  objects: number;
  /** The folder holding adopt's config/adopt/<stack>.ts for the seeded objects. */
  lists: string;
  /** What --force removed first; undefined when the account was empty. */
  removed?: { objects: number; states: number };
}

/** Objects the account holds and stacks with a state file, what a seed would clash with. */
function held(dir: string): { objects: number; states: number } {
  const objects = Object.values(readStore(dir).objects).reduce((n, byId) => n + Object.keys(byId).length, 0);
  const stacksDir = join(dir, "stacks");
  const states = existsSync(stacksDir)
    ? readdirSync(stacksDir).filter((stack) => existsSync(join(stacksDir, stack, `terraform.${stack}.tfstate`))).length
    : 0;
  return { objects, states };
}

export async function seedCommand(dir: string, options: SeedOptions): Promise<SeedResult> {
  const before = held(dir);
  const occupied = before.objects > 0 || before.states > 0;
  if (occupied && !options.force)
    throw new Error(
      `simulated account ${dir} already holds ${before.objects} objects and the state of ${before.states} stacks; ` +
        "seed starts from an empty account: run `npm run simulate -- reset` first, or pass --force to reset it and seed",
    );
  const outdir = join(dir, "cdktf.out");
  options.synth?.(outdir);
  if (!existsSync(join(outdir, "stacks")))
    throw new Error(`${join(outdir, "stacks")} not found; run without --no-synth`);
  const stacks = stacksInOrder(outdir);
  const root = join(dir, SEED_LISTS_DIR);
  // Ours alone: lists of an earlier seed must not survive into this one.
  rmSync(root, { recursive: true, force: true });
  const adopted = await adoptSeedPlatform(outdir, stacks, root);
  if (occupied) {
    rmSync(join(dir, "stacks"), { recursive: true, force: true });
    resetStore(dir);
  }
  const total = seedAccount(dir, outdir, adopted.lists);
  return {
    stacks: adopted.lists.map((l) => ({ stack: l.stack, objects: l.resources.length })),
    objects: total,
    lists: join(root, "config", "adopt"),
    removed: occupied ? before : undefined,
  };
}

/** The lines `seed` prints: what it removed, what it seeded, where the lists are, what next. */
export function seedReport(dir: string, result: SeedResult): string[] {
  return [
    ...(result.removed
      ? [`--force: reset first (${result.removed.objects} objects and the state of ${result.removed.states} stacks)`]
      : []),
    `simulated account ${dir}: seeded the seed platform, ${result.objects} objects (${result.stacks
      .map((s) => `${s.stack} ${s.objects}`)
      .join(", ")})`,
    `adopt's lists for them: ${result.lists}/<stack>.ts (copy one into config/adopt/ to import instead of create)`,
  ];
}

const quote = (value: string): string => `'${value.replace(/'/g, "'\\''")}'`;

/**
 * Serves the seed platform's APIs until the promise `until()` returns settles (called once the
 * file is written); meanwhile $DIR/seed-platform.env (mode 0600: it holds the fakes' made-up
 * credentials, never printed) has their export lines. `ready` gets the file's path.
 */
export async function serveSeedPlatform(
  dir: string,
  until: () => Promise<unknown>,
  ready: (envFile: string) => void,
): Promise<void> {
  const fake = await startFakeAccount();
  const file = join(dir, SEED_PLATFORM_ENV_FILE);
  try {
    const lines = Object.entries(fake.env).map(([name, value]) => `export ${name}=${quote(value)}`);
    writeFileSync(file, `${lines.join("\n")}\n`, { mode: 0o600 });
    ready(file);
    await until();
  } finally {
    rmSync(file, { force: true });
    await fake.close();
  }
}
