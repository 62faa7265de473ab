// `npm run simulate -- seed` (offline-provider/simulator/seed-command.ts), in this process: the
// seed platform adopted from its fakes and seeded into an empty account; an account holding
// objects or state refused unless --force (which says what it reset); adopt's lists kept in the
// account's folder, never in config/adopt/; with --serve, `npm run adopt` (its main) reads the
// served APIs from the env file and writes the same list the seed did.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { main as adopt } from "../../adopt/cli";
import { UsageError } from "../../cli/flags";
import { ENVIRONMENT_SOURCES } from "../../config";
import { AdoptionListSchema } from "../../config/adoption";
import { providerDefault, resourceSchema } from "../../offline-provider/simulator/adoption";
import { seedObjects } from "../../offline-provider/simulator/seed";
import { main } from "../../offline-provider/simulator/cli";
import { SEED_LISTS_DIR, SEED_PLATFORM_ENV_FILE } from "../../offline-provider/simulator/seed-command";
import { SIMULATOR_DIR_ENV, readStore, updateStore } from "../../offline-provider/simulator/store";
import { synthesize } from "../../synthesize";

const ROOT = join(__dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "np-seed-cmd-"));
const template = join(work, "template-cdktf.out");
let dirs = 0;
const saved = process.env[SIMULATOR_DIR_ENV];

beforeAll(() => {
  synthesize(ENVIRONMENT_SOURCES, { backend: "local", outdir: template });
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  if (saved === undefined) delete process.env[SIMULATOR_DIR_ENV];
  else process.env[SIMULATOR_DIR_ENV] = saved;
});
afterEach(() => vi.restoreAllMocks());

/** A fresh account folder holding the synthesised stacks (what `seed` without --no-synth writes). */
function account(withSynth = true): string {
  const dir = join(work, `account-${++dirs}`);
  mkdirSync(dir, { recursive: true });
  if (withSynth) cpSync(template, join(dir, "cdktf.out"), { recursive: true });
  process.env[SIMULATOR_DIR_ENV] = dir;
  return dir;
}

async function simulate(argv: string[], stop?: () => Promise<unknown>): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void out.push(args.join(" ")));
  const code = await main(argv, { stop });
  vi.restoreAllMocks();
  return { code, out };
}

/** Every object the account holds, the data sources' finds (data.<type>) included. */
const count = (dir: string): number =>
  Object.values(readStore(dir).objects).reduce((n, byId) => n + Object.keys(byId).length, 0);
const adoptFiles = (): Record<string, string> =>
  Object.fromEntries(
    readdirSync(join(ROOT, "config", "adopt")).map((f) => [f, readFileSync(join(ROOT, "config", "adopt", f), "utf8")]),
  );
const STACKS = ["neuropilot-github", "neuropilot-platform", "neuropilot-production", "neuropilot-staging"];

describe("simulate seed", () => {
  it("seeds an empty account with the objects adopt lists, keeping the lists in the account's folder", async () => {
    const dir = account();
    const committed = adoptFiles();
    const { code, out } = await simulate(["seed", "--no-synth"]);
    expect(code).toBe(0);
    const seeded = Number(/seeded the seed platform, (\d+) objects/.exec(out.join("\n"))?.[1]);
    const perStack = [...out.join("\n").matchAll(/(neuropilot-[a-z]+) (\d+)/g)].map((m) => Number(m[2]));
    expect(seeded).toBeGreaterThan(0);
    expect(perStack.reduce((a, b) => a + b, 0)).toBe(seeded);
    // The account holds exactly what was seeded, plus the data sources' finds (data.<type>).
    const objects = readStore(dir).objects;
    const resources = Object.entries(objects).filter(([type]) => !type.startsWith("data."));
    expect(resources.reduce((n, [, byId]) => n + Object.keys(byId).length, 0)).toBe(seeded);
    expect(Object.keys(objects.neon_project ?? {})).toEqual(["shiny-cell-31746257"]);
    const lists = join(dir, SEED_LISTS_DIR, "config", "adopt");
    expect(readdirSync(lists).sort()).toEqual(STACKS.map((s) => `${s}.ts`));
    expect(readFileSync(join(lists, "neuropilot-staging.ts"), "utf8")).toContain('stack: "neuropilot-staging"');
    // The repository's own lists are untouched.
    expect(adoptFiles()).toEqual(committed);
    expect(out.at(-1)).toMatch(/^next: eval "\$\(npm run --silent simulate -- cdktf-env\)" && npx cdktf deploy/);
  });

  it("seeds from the plain synth what the rehearsal seeds from the synth carrying adopt's lists", async () => {
    const dir = account();
    await simulate(["seed", "--no-synth"]);
    const lists = join(dir, SEED_LISTS_DIR, "config", "adopt");
    const adoption = await Promise.all(
      STACKS.map(async (stack) => {
        const module = (await import(pathToFileURL(join(lists, `${stack}.ts`)).href)) as Record<string, unknown>;
        return { file: `config/adopt/${stack}.ts`, value: Object.values(module)[0] };
      }),
    );
    const base = join(dir, "base-cdktf.out");
    synthesize(ENVIRONMENT_SOURCES, { backend: "local", outdir: base, adoption });
    const listed = adoption.map((a) => AdoptionListSchema.parse(a.value));
    const seeded = seedObjects(base, listed, resourceSchema, providerDefault);
    const held = readStore(dir).objects;
    for (const [type, byId] of Object.entries(seeded))
      expect(Object.keys(held[type] ?? {}).sort(), type).toEqual(Object.keys(byId).sort());
    expect(seedObjects(join(dir, "cdktf.out"), listed, resourceSchema, providerDefault)).toEqual(seeded);
  });

  it("refuses an account that holds objects, naming it and the two ways on, and changes nothing", async () => {
    const dir = account();
    await simulate(["seed", "--no-synth"]);
    const before = readFileSync(join(dir, "account.json"), "utf8");
    const lists = readFileSync(join(dir, SEED_LISTS_DIR, "config", "adopt", "neuropilot-staging.ts"), "utf8");
    await expect(simulate(["seed", "--no-synth"])).rejects.toThrow(
      new RegExp(
        `^simulated account ${dir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} already holds ${count(dir)} objects and the state of 0 stacks; ` +
          "seed starts from an empty account: run `npm run simulate -- reset` first, or pass --force to reset it and seed$",
      ),
    );
    expect(readFileSync(join(dir, "account.json"), "utf8")).toBe(before);
    expect(readFileSync(join(dir, SEED_LISTS_DIR, "config", "adopt", "neuropilot-staging.ts"), "utf8")).toBe(lists);
  });

  it("refuses an account with no object but one stack's state (at the limit: a single state file)", async () => {
    const dir = account();
    const stack = join(dir, "stacks", "neuropilot-staging");
    mkdirSync(stack, { recursive: true });
    writeFileSync(join(stack, "terraform.neuropilot-staging.tfstate"), "{}");
    await expect(simulate(["seed", "--no-synth"])).rejects.toThrow("already holds 0 objects and the state of 1 stacks");
    expect(existsSync(join(dir, "account.json"))).toBe(false);
  });

  it("with --force resets first, says what it removed, and seeds the same objects", async () => {
    const dir = account();
    const first = await simulate(["seed", "--no-synth"]);
    const seededFirst = readStore(dir).objects;
    updateStore(dir, (store) => {
      store.objects.neon_project["out-of-band-12345678"] = { id: "out-of-band-12345678", name: "extra" };
    });
    const stack = join(dir, "stacks", "neuropilot-staging");
    mkdirSync(stack, { recursive: true });
    writeFileSync(join(stack, "terraform.neuropilot-staging.tfstate"), "{}");
    const held = count(dir);
    const { code, out } = await simulate(["seed", "--no-synth", "--force"]);
    expect(code).toBe(0);
    expect(out[0]).toBe(`--force: reset first (${held} objects and the state of 1 stacks)`);
    expect(existsSync(join(dir, "stacks"))).toBe(false);
    expect(readStore(dir).objects).toEqual(seededFirst);
    expect(out.slice(1)).toEqual(first.out);
  });

  it("with --no-synth and no synthesised stacks, names the folder and writes nothing", async () => {
    const dir = account(false);
    await expect(simulate(["seed", "--no-synth"])).rejects.toThrow(
      `${join(dir, "cdktf.out", "stacks")} not found; run without --no-synth`,
    );
    expect(existsSync(join(dir, "account.json"))).toBe(false);
    expect(existsSync(join(dir, SEED_LISTS_DIR))).toBe(false);
  });

  it("refuses unknown flags, an argument, and seed's flags on other commands, before any work", async () => {
    const dir = account();
    await expect(simulate(["seed", "--bogus"])).rejects.toThrow(new UsageError("unknown option --bogus"));
    await expect(simulate(["seed", "--no-synth", "staging"])).rejects.toThrow(
      new UsageError('seed takes no argument (got "staging")'),
    );
    await expect(simulate(["show", "--force"])).rejects.toThrow(new UsageError("unknown option --force"));
    await expect(simulate(["deploy", "--serve"])).rejects.toThrow(new UsageError("unknown option --serve"));
    expect(existsSync(join(dir, "account.json"))).toBe(false);
    const help = await simulate(["seed", "--help"]);
    expect(help.code).toBe(0);
    expect(help.out[0]).toMatch(/^usage: npm run simulate -- .*\| seed \[--no-synth\] \[--force\] \[--serve\]$/);
  });

  it("with --serve keeps the seed platform's APIs up: adopt reads them from the env file and lists what was seeded", async () => {
    const dir = account();
    const envFile = join(dir, SEED_PLATFORM_ENV_FILE);
    let release: () => void = () => {};
    const stopped = new Promise<void>((resolve) => (release = resolve));
    let listed = "";
    let secrets: string[] = [];
    // The repository's root as adopt sees it: config/adopt/ exists there.
    const byHand = join(work, `by-hand-${dirs}`);
    mkdirSync(join(byHand, "config", "adopt"), { recursive: true });
    const run = simulate(["seed", "--no-synth", "--serve"], async () => {
      // While serving: what a person does in another shell, `source` the file and run adopt.
      const env = Object.fromEntries(
        readFileSync(envFile, "utf8")
          .trim()
          .split("\n")
          .map((line) => /^export ([A-Z_]+)='([^']*)'$/.exec(line) as RegExpExecArray)
          .map((m) => [m[1], m[2]]),
      );
      expect(Object.keys(env)).toContain("NEON_API_BASE_URL");
      secrets = Object.entries(env)
        .filter(([name]) => !/_URL$/.test(name))
        .map(([, value]) => value);
      expect(secrets).toHaveLength(6);
      const code = await adopt(["neuropilot-staging", "--synth", join(dir, "cdktf.out")], env, byHand);
      expect(code).toBe(0);
      listed = readFileSync(join(byHand, "config", "adopt", "neuropilot-staging.ts"), "utf8");
      setTimeout(release, 0);
      return stopped;
    });
    const { code, out } = await run;
    expect(code).toBe(0);
    expect(out).toContain(
      `serving the seed platform's APIs until Ctrl-C; in another shell: source ${envFile} && npm run adopt -- <stack>`,
    );
    expect(listed).toBe(readFileSync(join(dir, SEED_LISTS_DIR, "config", "adopt", "neuropilot-staging.ts"), "utf8"));
    // Stopped: the file with the fakes' credentials is gone, and its values were never printed.
    expect(existsSync(envFile)).toBe(false);
    for (const secret of secrets) expect(out.join("\n")).not.toContain(secret);
  });
});
