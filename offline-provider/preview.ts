// npm run preview [stack...] [--no-synth] [--stacks-dir DIR] [--json]
//
// Offline preview: synthesise with a local backend, then run real `terraform
// init/validate/plan` for every stack against schema-only providers (see
// offline-provider). No credentials, no network, no live state.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { UsageError } from "../cli/flags";
import { REPO_ROOT, TSX_LOADER } from "./paths";
import { type OfflinePlan, planOffline } from "./plan-offline";
import { closeSharedProviderHost } from "./provider-host";
import { parsePlan } from "../pipeline/plan/plan-json";
import { type StackResult, render } from "../pipeline/comment/render";

const USAGE = "usage: npm run preview -- [stack…] [--no-synth | --stacks-dir DIR] [--json] | --help";

interface Options {
  stacks: string[];
  synth: boolean;
  stacksDir: string;
  json: boolean;
  help: boolean;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = {
    stacks: [],
    synth: true,
    stacksDir: join(REPO_ROOT, "cdktf.out", "stacks"),
    json: false,
    help: false,
  };
  // --no-synth plans what is already in cdktf.out/stacks (or --stacks-dir DIR).
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--no-synth") opts.synth = false;
    else if (a === "--json") opts.json = true;
    else if (a === "--stacks-dir") {
      // An explicit directory of synthesised stacks (e.g. fixtures): no synth.
      const dir = argv[++i];
      if (dir === undefined || dir === "" || dir.startsWith("-")) {
        throw new UsageError("--stacks-dir needs a folder of synthesized stacks (e.g. --stacks-dir cdktf.out/stacks)");
      }
      opts.stacksDir = resolve(dir);
      opts.synth = false;
    } else if (a === "--help" || a === "-h") opts.help = true;
    else if (a.startsWith("-")) throw new UsageError(`unknown option ${a}`);
    else opts.stacks.push(a);
  }
  return opts;
}

/** Synthesises into `outdir` (a temp dir: the usual cdktf.out keeps its cloud-backend output). */
function synth(outdir: string): void {
  console.error("Synthesising stacks with a local backend (NEUROPILOT_BACKEND=local)...");
  const r = spawnSync(process.execPath, ["--import", pathToFileURL(TSX_LOADER).href, "main.ts"], {
    cwd: REPO_ROOT,
    env: { ...process.env, NEUROPILOT_BACKEND: "local", CDKTF_OUTDIR: outdir },
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (r.status !== 0) throw new Error(`synth failed (exit ${r.status ?? r.signal ?? "?"})`);
}

function listStacks(dir: string, wanted: string[]): string[] {
  if (!existsSync(dir)) throw new Error(`${dir} does not exist; run synth first`);
  const all = readdirSync(dir)
    .filter((s) => existsSync(join(dir, s, "cdk.tf.json")))
    .sort();
  const missing = wanted.filter((s) => !all.includes(s));
  if (missing.length > 0)
    throw new Error(`unknown stack(s): ${missing.join(", ")} (have: ${all.join(", ") || "none"})`);
  return wanted.length > 0 ? wanted : all;
}

function report(plan: OfflinePlan): boolean {
  console.log(`\n━━━ ${plan.stack} ━━━`);
  for (const d of plan.validate.diagnostics) {
    console.log(
      `${d.severity === "error" ? "Error" : "Warning"}: ${d.summary}${d.detail ? `\n  ${d.detail.replace(/\n/g, "\n  ")}` : ""}`,
    );
  }
  if (!plan.validate.valid) {
    console.log(`terraform validate: ${plan.validate.error_count} error(s); not planned.`);
    return false;
  }
  console.log("terraform validate: Success! The configuration is valid.");
  console.log((plan.planText ?? "").trim());
  return true;
}

/** The same comment a pull request gets, from the offline plans. */
function renderComment(stacksDir: string, plans: OfflinePlan[]): string {
  const stacks: StackResult[] = plans.map((plan) => {
    const base = { stack: plan.stack, workspace: `${plan.stack} (offline, local state)` };
    if (!plan.validate.valid || plan.planJson === null) {
      const errors = plan.validate.diagnostics.map((d) => d.summary).join("; ");
      return { ...base, status: "failed", error: `terraform validate failed: ${errors}` };
    }
    const synthesized = JSON.parse(readFileSync(join(stacksDir, plan.stack, "cdk.tf.json"), "utf8")) as Record<
      string,
      never
    >;
    return { ...base, status: "planned", plan: parsePlan(JSON.stringify(plan.planJson)), synthesized };
  });
  return render({ stacks, title: "Offline preview (schemas, not live infrastructure)" });
}

const BANNER =
  "Offline preview: Terraform planned against provider SCHEMA SNAPSHOTS (providers/*.json, providers/offline/*.json),\n" +
  "not live infrastructure. State is empty, so everything shows as created, except what config/adopt/ imports (shown\n" +
  "as imported and updated to the configured values: live values are unknown); data sources return placeholder values;\n" +
  "nothing was read from or sent to Cloudflare, Railway, Neon, Grafana, Sentry or GitHub.";

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    console.log(USAGE);
    return;
  }
  const synthDir = opts.synth ? mkdtempSync(join(tmpdir(), "neuropilot-preview-")) : null;
  try {
    if (synthDir) synth(synthDir);
    const stacksDir = synthDir ? join(synthDir, "stacks") : opts.stacksDir;
    let ok = true;
    const results: OfflinePlan[] = [];
    for (const stack of listStacks(stacksDir, opts.stacks)) {
      try {
        const plan = await planOffline(join(stacksDir, stack));
        results.push(plan);
        ok = (opts.json ? plan.validate.valid : report(plan)) && ok;
      } catch (e) {
        ok = false;
        console.error(`\n━━━ ${stack} ━━━\n${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (!opts.json && results.length > 0) {
      console.log("\n━━━ plan comment (as a pull request would show it) ━━━\n");
      console.log(renderComment(stacksDir, results));
    }
    if (opts.json)
      console.log(
        JSON.stringify(results.map(({ stack, validate, planJson }) => ({ stack, validate, plan: planJson }))),
      );
    console.error(`\n${BANNER}`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    closeSharedProviderHost();
    if (synthDir) rmSync(synthDir, { recursive: true, force: true });
  }
}

// Only when run as a script: the GitOps renderer imports planOffline instead.
if (process.argv[1] && /preview\.ts$/.test(process.argv[1])) {
  main().catch((e: unknown) => {
    if (e instanceof UsageError) {
      console.error(`preview: ${e.message}\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
  });
}
