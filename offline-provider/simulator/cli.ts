// `npm run simulate -- <command>`: manages the simulated account in $NEUROPILOT_SIMULATOR_DIR.
//   reset                         empty the account (and forget every stack's local state)
//   show [type]                   print the live objects
//   change <address> <attr>=<v>   change a live object out of band (drift); <address> is
//                                 <stack>/<type>.<name> (found through the stack's state) or <type>/<id>
//   deploy [--no-synth]           synthesise with a local backend, apply every stack in order
//   plan [--no-synth]             plan every stack; exit 2 when any would change
//   cdktf-env [--no-synth]        print the `export` lines under which `npx cdktf deploy '*'`
//                                 deploys to the account: the offline providers' mirror
//                                 (TF_CLI_CONFIG_FILE) and a placeholder for every input variable
//   seed [--no-synth] [--force] [--serve]
//                                 seed an empty account with the seed platform, as adoption finds
//                                 it (seed-command.ts); --serve keeps its APIs up for `npm run adopt`
import { UsageError } from "../../cli/flags";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { installOfflineProviders, serverCommand } from "../install";
import { placeholderVariables } from "../offline-config";
import { DEFAULT_SNAPSHOTS, REPO_ROOT, TSX_LOADER } from "../paths";
import { type AccountStore, SIMULATOR_DIR_ENV, readStore, resetStore, simulatorDir, updateStore } from "./store";
import { deployStacks, planStacks, simulatorTerraform, stacksInOrder } from "./terraform-runs";
import { seedCommand, seedReport, serveSeedPlatform } from "./seed-command";

const USAGE =
  "usage: npm run simulate -- reset | show [type] | change <address> <attr>=<value> | deploy | plan | cdktf-env | seed [--no-synth] [--force] [--serve]";

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

interface StateFile {
  resources?: { mode: string; type: string; name: string; instances: { attributes: Record<string, unknown> }[] }[];
}

/** The store key (type, id) of an address: `<stack>/<type>.<name>` or `<type>/<id>`. */
export function resolveAddress(dir: string, address: string): { type: string; id: string } {
  const slash = address.indexOf("/");
  if (slash < 0) throw new Error(`address "${address}": expected <stack>/<type>.<name> or <type>/<id>`);
  const head = address.slice(0, slash);
  const rest = address.slice(slash + 1);
  const stateFile = join(dir, "stacks", head, `terraform.${head}.tfstate`);
  if (!existsSync(stateFile)) return { type: head, id: rest };
  const dot = rest.indexOf(".");
  const [type, name] = [rest.slice(0, dot), rest.slice(dot + 1)];
  const state = JSON.parse(readFileSync(stateFile, "utf8")) as StateFile;
  const found = state.resources?.find((r) => r.mode === "managed" && r.type === type && r.name === name);
  const id = found?.instances[0]?.attributes.id;
  if (typeof id !== "string")
    throw new Error(
      `address "${address}": ${type}.${name} is not in ${stateFile}; deploy the stack first or use <type>/<id>`,
    );
  return { type, id };
}

/** Sets `attr` (dotted path for nested values) on a live object: an out-of-band change. */
export function changeObject(dir: string, address: string, assignment: string): string {
  const eq = assignment.indexOf("=");
  if (eq <= 0) throw new Error(`change: "${assignment}" is not <attr>=<value>`);
  const path = assignment.slice(0, eq).split(".");
  const value = parseValue(assignment.slice(eq + 1));
  const { type, id } = resolveAddress(dir, address);
  updateStore(dir, (store: AccountStore) => {
    const live = store.objects[type]?.[id];
    if (!live) throw new Error(`change: the simulated account has no ${type} with id "${id}"`);
    let node: Record<string, unknown> = live;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      if (typeof next !== "object" || next === null)
        throw new Error(`change: ${type} "${id}" has no ${path.join(".")} (stopped at ${key})`);
      node = next as Record<string, unknown>;
    }
    const last = path[path.length - 1];
    if (!(last in node)) throw new Error(`change: ${type} "${id}" has no attribute ${path.join(".")}`);
    node[last] = value;
  });
  return `${type} "${id}": ${path.join(".")} = ${JSON.stringify(value)}`;
}

function synth(outdir: string, stdout: "inherit" | 2 = "inherit"): void {
  const r = spawnSync(process.execPath, ["--import", pathToFileURL(TSX_LOADER).href, "main.ts"], {
    cwd: REPO_ROOT,
    env: { ...process.env, NEUROPILOT_BACKEND: "local", CDKTF_OUTDIR: outdir },
    stdio: ["ignore", stdout, "inherit"],
  });
  if (r.status !== 0) throw new Error(`synth failed (exit ${r.status ?? r.signal ?? "?"})`);
}

const quote = (value: string): string => `'${value.replace(/'/g, "'\\''")}'`;

/**
 * The environment `npx cdktf deploy '*'` needs to deploy to the account in `dir`: Terraform
 * installs the offline providers from their mirror (and starts them itself, with
 * NEUROPILOT_SIMULATOR_DIR, so they read and write the account), local backend, and every
 * input variable of the synthesised stacks set to a placeholder (the sensitive inputs the
 * pipeline takes from secrets; nothing real is needed offline).
 */
export async function cdktfEnv(dir: string, synthFirst: boolean): Promise<string[]> {
  const outdir = join(dir, "cdktf.out");
  mkdirSync(dir, { recursive: true });
  // The synth's own output goes to stderr: stdout is for `eval`.
  if (synthFirst) synth(outdir, 2);
  const stacksDir = join(outdir, "stacks");
  if (!existsSync(stacksDir)) throw new Error(`${stacksDir} not found; run without --no-synth`);
  const snapshots = DEFAULT_SNAPSHOTS.filter((f) => existsSync(f));
  const { env } = installOfflineProviders(join(dir, ".providers"), snapshots, await serverCommand(dir));
  const variables: Record<string, unknown> = {};
  for (const stack of readdirSync(stacksDir).sort())
    Object.assign(
      variables,
      placeholderVariables(JSON.parse(readFileSync(join(stacksDir, stack, "cdk.tf.json"), "utf8"))),
    );
  const names = ["TF_CLI_CONFIG_FILE", "TF_DISABLE_PLUGIN_TLS", "TF_IN_AUTOMATION", "TF_INPUT", "CHECKPOINT_DISABLE"];
  return [
    `export ${SIMULATOR_DIR_ENV}=${quote(dir)} NEUROPILOT_BACKEND=local`,
    ...names.map((name) => `export ${name}=${quote(String(env[name]))}`),
    ...Object.entries(variables).map(
      ([name, value]) => `export TF_VAR_${name}=${quote(typeof value === "string" ? value : JSON.stringify(value))}`,
    ),
  ];
}

/** The flags each command takes; any other is refused before any work. */
const FLAGS: Record<string, readonly string[]> = {
  deploy: ["--no-synth"],
  plan: ["--no-synth"],
  "cdktf-env": ["--no-synth"],
  seed: ["--no-synth", "--force", "--serve"],
};

export interface SimulateIo {
  /** Settles when `seed --serve` should stop (default: SIGINT or SIGTERM). */
  stop?: () => Promise<unknown>;
}

function signalled(): Promise<unknown> {
  return new Promise((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
}

export async function main(argv: string[], io: SimulateIo = {}): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const allowed = FLAGS[argv[0]] ?? [];
  const unknown = argv.find((arg) => arg.startsWith("-") && !allowed.includes(arg));
  if (unknown !== undefined) throw new UsageError(`unknown option ${unknown}`);
  const dir = simulatorDir();
  if (!dir)
    throw new Error(
      `${SIMULATOR_DIR_ENV} is not set: name the folder that holds the simulated account (e.g. ${SIMULATOR_DIR_ENV}=.simulator)`,
    );
  const [command, ...args] = argv;
  if (command === "reset") {
    rmSync(join(dir, "stacks"), { recursive: true, force: true });
    resetStore(dir);
    console.log(`simulated account ${dir}: reset (no live objects)`);
    return 0;
  }
  if (command === "show") {
    const objects = readStore(dir).objects;
    const types = args[0] ? [args[0]] : Object.keys(objects).sort();
    for (const type of types)
      for (const [id, attrs] of Object.entries(objects[type] ?? {}))
        console.log(
          `${type}/${id} ${JSON.stringify(Object.fromEntries(Object.entries(attrs).filter(([k]) => !k.startsWith("__"))))}`,
        );
    return 0;
  }
  if (command === "change") {
    if (args.length !== 2) throw new UsageError("change takes <address> and <attr>=<value>");
    console.log(`changed out of band: ${changeObject(dir, args[0], args[1])}`);
    return 0;
  }
  if (command === "deploy" || command === "plan") {
    const outdir = resolve(dir, "cdktf.out");
    mkdirSync(dir, { recursive: true });
    if (!args.includes("--no-synth")) synth(outdir);
    const tf = await simulatorTerraform(dir, outdir);
    try {
      const stacks = stacksInOrder(outdir);
      const results = command === "deploy" ? await deployStacks(tf, stacks) : await planStacks(tf, stacks);
      for (const r of results) console.log(`${r.stack}: ${r.summary}`);
      return command === "plan" && results.some((r) => r.changed) ? 2 : 0;
    } finally {
      tf.close();
    }
  }
  if (command === "seed") {
    const extra = args.find((arg) => !arg.startsWith("-"));
    if (extra !== undefined) throw new UsageError(`seed takes no argument (got "${extra}")`);
    const account = resolve(dir);
    const result = await seedCommand(account, {
      force: args.includes("--force"),
      synth: args.includes("--no-synth") ? undefined : (outdir) => synth(outdir),
    });
    for (const line of seedReport(account, result)) console.log(line);
    if (!args.includes("--serve")) {
      console.log(
        "next: eval \"$(npm run --silent simulate -- cdktf-env)\" && npx cdktf deploy '*' (docs/simulator.md)",
      );
      return 0;
    }
    await serveSeedPlatform(account, io.stop ?? signalled, (file) =>
      console.log(
        `serving the seed platform's APIs until Ctrl-C; in another shell: source ${file} && npm run adopt -- <stack>`,
      ),
    );
    return 0;
  }
  if (command === "cdktf-env") {
    for (const line of await cdktfEnv(resolve(dir), !args.includes("--no-synth"))) console.log(line);
    return 0;
  }
  throw new UsageError(command === undefined ? "no command given" : `unknown command "${command}"`);
}

if (process.argv[1] && /simulator[\\/]cli\.ts$/.test(process.argv[1]))
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      if (e instanceof UsageError) {
        console.error(`simulate: ${e.message}\n${USAGE}`);
        process.exit(2);
      }
      console.error(e instanceof Error ? e.message : String(e));
      process.exit(1);
    },
  );
