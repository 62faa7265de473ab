// validate + plan one synthesised stack against the offline schema providers:
// copies the stack to a temp dir, rewrites it for offline use (offline-config.ts:
// local throwaway state, placeholder remote state and variables), installs the
// mirror, runs init/validate/plan/show.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { offlineConfig, writeVariables } from "./offline-config";
import { readSnapshot } from "./schema";
import { installOfflineProviders, serverCommand } from "./install";
import { sharedProviderHost } from "./provider-host";
import { DEFAULT_SNAPSHOTS } from "./paths";
import { type RunResult, runTerraform } from "./terraform";

export interface ValidateDiagnostic {
  severity: string;
  summary: string;
  detail?: string;
}

export interface ValidateResult {
  valid: boolean;
  error_count: number;
  warning_count: number;
  diagnostics: ValidateDiagnostic[];
}

export interface OfflinePlan {
  stack: string;
  validate: ValidateResult;
  /** `terraform show -json` of the saved plan; null when validation failed. */
  planJson: unknown;
  /** Terraform's own human-readable plan output; null when validation failed. */
  planText: string | null;
}

export interface PlanOfflineOptions {
  snapshots?: string[];
  /** Per Terraform command. */
  timeoutMs?: number;
  /** Keep the temp dir (for debugging); its path is printed to stderr. */
  keepTemp?: boolean;
  /**
   * "host" (default): the providers are served by this process and Terraform reattaches
   * to them (provider-host.ts; call closeSharedProviderHost() when done). "launch":
   * Terraform starts them from the mirror, as it would a downloaded provider.
   */
  providers?: "host" | "launch";
  /** A Terraform state (v4 JSON) to plan against, written as the temp copy's local terraform.tfstate. */
  priorState?: unknown;
}

const STATE_FILES = /^(\.terraform|\.terraform\.lock\.hcl|terraform\.tfstate.*|.*\.tfplan)$/;

function expectOk(step: string, r: RunResult): RunResult {
  if (r.code !== 0) throw new Error(`terraform ${step} failed (exit ${r.code}):\n${r.stderr || r.stdout}`);
  return r;
}

export async function planOffline(stackDir: string, options: PlanOfflineOptions = {}): Promise<OfflinePlan> {
  const configFile = join(stackDir, "cdk.tf.json");
  if (!existsSync(configFile)) throw new Error(`${configFile} not found; synthesise the stack first`);
  const temp = mkdtempSync(join(tmpdir(), "neuropilot-offline-"));
  try {
    const work = join(temp, "stack");
    // Copy assets too (paths in cdk.tf.json are relative to the stack dir), but not
    // state, lock files or provider caches made by online runs.
    cpSync(stackDir, work, { recursive: true, filter: (src) => src === stackDir || !STATE_FILES.test(basename(src)) });
    const snapshotFiles = (options.snapshots ?? DEFAULT_SNAPSHOTS).filter((f) => existsSync(f));
    const { config, variables } = offlineConfig(
      JSON.parse(readFileSync(configFile, "utf8")),
      stackDir,
      join(temp, "remote-state"),
      snapshotFiles.map(readSnapshot),
    );
    writeFileSync(join(work, "cdk.tf.json"), JSON.stringify(config, null, 2));
    writeVariables(work, variables);
    if (options.priorState !== undefined)
      writeFileSync(join(work, "terraform.tfstate"), JSON.stringify(options.priorState, null, 2));

    const { env } = installOfflineProviders(temp, snapshotFiles, await serverCommand(temp));
    // init installs from the mirror either way, so pins and the lock file are checked.
    expectOk("init", await runTerraform(["init", "-input=false", "-no-color"], work, env, options.timeoutMs));
    const runEnv =
      options.providers === "launch"
        ? env
        : { ...env, TF_REATTACH_PROVIDERS: (await sharedProviderHost(snapshotFiles)).reattach };
    const tf = (args: string[]) => runTerraform(args, work, runEnv, options.timeoutMs);

    const validateRun = await tf(["validate", "-json", "-no-color"]);
    const validate = JSON.parse(validateRun.stdout) as ValidateResult;
    const stack = basename(stackDir);
    if (!validate.valid) return { stack, validate, planJson: null, planText: null };

    const plan = expectOk(
      "plan",
      await tf(["plan", "-input=false", "-no-color", "-lock=false", "-out=offline.tfplan"]),
    );
    const show = expectOk("show", await tf(["show", "-json", "offline.tfplan"]));
    return { stack, validate, planJson: JSON.parse(show.stdout) as unknown, planText: plan.stdout };
  } finally {
    if (options.keepTemp) process.stderr.write(`offline plan temp dir kept: ${temp}\n`);
    else rmSync(temp, { recursive: true, force: true });
  }
}

export { withLocalBackend } from "./offline-config";
