// Terraform against the simulated account: every stack gets a working folder under the
// simulator folder (<dir>/stacks/<stack>) holding its synthesised config and its local
// state, so the local backend's `../<stack>/terraform.<stack>.tfstate` paths, and the
// cross-stack references that read them, resolve between the stacks exactly as cdktf's
// local backend lays them out. The providers are the offline ones, served from this
// process (provider-host.ts) with NEUROPILOT_SIMULATOR_DIR set, so they read and write the
// account.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { installOfflineProviders, serverCommand } from "../install";
import { placeholderVariables } from "../offline-config";
import { DEFAULT_SNAPSHOTS } from "../paths";
import { closeSharedProviderHost, sharedProviderHost } from "../provider-host";
import { type RunResult, runTerraform } from "../terraform";
import { SIMULATOR_DIR_ENV } from "./store";

const NOT_COPIED = /^(\.terraform|\.terraform\.lock\.hcl|terraform\..*\.tfstate.*|.*\.tfplan)$/;

interface Manifest {
  stacks: Record<string, { dependencies?: string[] }>;
}

/** The synthesised stacks in dependency order (producers first), ties by name. */
export function stacksInOrder(outdir: string): string[] {
  const file = join(outdir, "manifest.json");
  if (!existsSync(file)) throw new Error(`${file} not found; synthesise with NEUROPILOT_BACKEND=local first`);
  const manifest = JSON.parse(readFileSync(file, "utf8")) as Manifest;
  const order: string[] = [];
  const visit = (name: string, path: string[]): void => {
    if (order.includes(name)) return;
    if (path.includes(name)) throw new Error(`stack dependency cycle: ${[...path, name].join(" -> ")}`);
    for (const dep of [...(manifest.stacks[name]?.dependencies ?? [])].sort()) visit(dep, [...path, name]);
    order.push(name);
  };
  for (const name of Object.keys(manifest.stacks).sort()) visit(name, []);
  return order;
}

export interface SimulatorTerraform {
  /** Environment for any Terraform run against the account (the pipeline's scripts get it). */
  env: NodeJS.ProcessEnv;
  /** The simulator folder, laid out like a cdktf.out (manifest.json + stacks/) after stage(). */
  dir: string;
  /** Prepares the stacks and copies the manifest: `--synth <dir>` then works for the pipeline's scripts. */
  stage(stacks: readonly string[], from?: string): Promise<void>;
  /** Copies the stack's synthesised config into its working folder and runs `terraform init`. */
  prepare(stack: string, from?: string): Promise<void>;
  /** Runs Terraform in the stack's working folder (after prepare). */
  run(stack: string, args: string[]): Promise<RunResult>;
  workdir(stack: string): string;
  close(): void;
}

function expectOk(what: string, r: RunResult): RunResult {
  if (r.code !== 0) throw new Error(`terraform ${what} failed (exit ${r.code}):\n${r.stderr || r.stdout}`);
  return r;
}

/** Terraform bound to one simulator folder and one synthesised output folder (cdktf.out). */
export async function simulatorTerraform(
  simDir: string,
  outdir: string,
  timeoutMs = 120_000,
): Promise<SimulatorTerraform> {
  const dir = resolve(simDir);
  mkdirSync(dir, { recursive: true });
  // The providers run in this process: they find the account through the environment,
  // which close() restores (a test process runs other suites after this one).
  const previous = process.env[SIMULATOR_DIR_ENV];
  process.env[SIMULATOR_DIR_ENV] = dir;
  const snapshots = DEFAULT_SNAPSHOTS.filter((f) => existsSync(f));
  const { env } = installOfflineProviders(join(dir, ".providers"), snapshots, await serverCommand(dir));
  const host = await sharedProviderHost(snapshots);
  const runEnv = { ...env, [SIMULATOR_DIR_ENV]: dir, TF_REATTACH_PROVIDERS: host.reattach };
  const workdir = (stack: string): string => join(dir, "stacks", stack);
  const tf: SimulatorTerraform = {
    env: runEnv,
    dir,
    workdir,
    async stage(stacks, synthDir = outdir) {
      for (const stack of stacks) await tf.prepare(stack, synthDir);
      cpSync(join(synthDir, "manifest.json"), join(dir, "manifest.json"));
    },
    async prepare(stack, synthDir = outdir) {
      const from = join(synthDir, "stacks", stack);
      const to = workdir(stack);
      if (!existsSync(join(from, "cdk.tf.json"))) throw new Error(`${from}/cdk.tf.json not found; synthesise first`);
      mkdirSync(to, { recursive: true });
      // The working folder keeps its state and .terraform; only the config and assets follow synth.
      cpSync(from, to, {
        recursive: true,
        force: true,
        filter: (src) => src === from || !NOT_COPIED.test(basename(src)),
      });
      const config: unknown = JSON.parse(readFileSync(join(to, "cdk.tf.json"), "utf8"));
      const variables = placeholderVariables(config);
      writeFileSync(join(to, "simulator-placeholders.auto.tfvars.json"), JSON.stringify(variables, null, 2));
      // Once per folder: the providers and their versions are fixed by the snapshots.
      if (!existsSync(join(to, ".terraform.lock.hcl")))
        expectOk("init", await runTerraform(["init", "-input=false", "-no-color"], to, env, timeoutMs));
    },
    run: (stack, args) => runTerraform(args, workdir(stack), runEnv, timeoutMs),
    close() {
      closeSharedProviderHost();
      if (previous === undefined) delete process.env[SIMULATOR_DIR_ENV];
      else process.env[SIMULATOR_DIR_ENV] = previous;
    },
  };
  return tf;
}

export interface StackResult {
  stack: string;
  /** Terraform's summary line ("Apply complete! …", "No changes. …", "Plan: …"). */
  summary: string;
  changed: boolean;
  output: string;
}

function summaryOf(text: string): string {
  const lines = text.split("\n").map((l) => l.trim());
  for (const pattern of [/^Apply complete!/, /^No changes\./, /^Plan: /])
    for (const line of lines) if (pattern.test(line)) return line;
  return lines.filter(Boolean).at(-1) ?? "";
}

/** `terraform apply -auto-approve` of every stack in dependency order. */
export async function deployStacks(
  tf: SimulatorTerraform,
  stacks: readonly string[],
  synthDir?: string,
): Promise<StackResult[]> {
  const results: StackResult[] = [];
  for (const stack of stacks) {
    await tf.prepare(stack, synthDir);
    const r = expectOk(
      `apply (${stack})`,
      await tf.run(stack, ["apply", "-auto-approve", "-input=false", "-no-color"]),
    );
    const summary = summaryOf(r.stdout);
    results.push({
      stack,
      summary,
      changed:
        !/^Apply complete! Resources: 0 added, 0 changed, 0 destroyed/.test(summary) && !/No changes/.test(summary),
      output: r.stdout,
    });
  }
  return results;
}

/** `terraform plan -detailed-exitcode` of every stack: changed = exit code 2. */
export async function planStacks(
  tf: SimulatorTerraform,
  stacks: readonly string[],
  extra: string[] = [],
): Promise<StackResult[]> {
  const results: StackResult[] = [];
  for (const stack of stacks) {
    await tf.prepare(stack);
    const r = await tf.run(stack, ["plan", "-detailed-exitcode", "-input=false", "-no-color", "-lock=false", ...extra]);
    if (r.code !== 0 && r.code !== 2) expectOk(`plan (${stack})`, r);
    results.push({ stack, summary: summaryOf(r.stdout), changed: r.code === 2, output: r.stdout });
  }
  return results;
}
