// Validate → build → synthesise, shared by main.ts, the tests and the benchmark.
// Validation runs before the App exists, and the App synthesises into a staging folder
// that is copied into the output directory only when everything succeeded: a bad config,
// a policy violation or a construct validation error leaves the output directory as it was.
import { cpSync, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { buildApp } from "./app";
import { loadAdoption, type AdoptionSource } from "./config/adoption";
import { ConfigError, type EnvironmentSource } from "./config/load";
import type { EnvironmentConfig } from "./config/schema";
import { writePricingContext } from "./cost/context";
import { checkSynthesizedStacks, enforcePolicy, PolicyError, type PolicyReport } from "./policy/check";
import { validateEnvironments } from "./policy/config-guardrails";
import type { BackendMode } from "./stacks/backend";
import { installLockFiles } from "./stacks/lock-files";

export interface SynthesizeOptions {
  backend: BackendMode;
  /** Defaults to cdktf.out (or CDKTF_OUTDIR when run by cdktf-cli). */
  outdir?: string;
  /** Adoption lists (config/adopt/): existing resources the stacks import. None by default. */
  adoption?: readonly AdoptionSource[];
}

export interface SynthesizeResult {
  outdir: string;
  environments: EnvironmentConfig[];
  /** Waived and not-yet-applicable policy rules (violations throw PolicyError instead). */
  policy: PolicyReport;
}

/** The output directory cannot be written: its parent folder is missing, or it is a file. */
export class OutdirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutdirError";
  }
}

/** Errors a person fixes (config, policy, output folder): print the message, no stack trace. */
export function isUserError(error: unknown): error is Error {
  return error instanceof ConfigError || error instanceof PolicyError || error instanceof OutdirError;
}

export function synthesize(sources: readonly EnvironmentSource[], options: SynthesizeOptions): SynthesizeResult {
  const environments = validateEnvironments(sources);
  const adoption = loadAdoption(options.adoption ?? []);
  const outdir = options.outdir ?? "cdktf.out";
  const staging = stagingDirFor(outdir);
  try {
    const app = buildApp(environments, { backend: options.backend, outdir: staging, adoption });
    // Policy violations throw here, before app.synth() writes any stack.
    const policy = enforcePolicy(app);
    app.synth();
    const written = checkSynthesizedStacks(staging);
    if (written.findings.length > 0) throw new PolicyError(written);
    writePricingContext(environments, staging);
    // The committed provider lock files (stacks/locks/), so init pins versions and hashes.
    installLockFiles(staging);
    // Copied over, not swapped in: the output directory may hold local state and
    // .terraform folders of earlier runs that must survive a synth.
    cpSync(staging, outdir, { recursive: true, force: true });
    return { outdir, environments, policy };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** A fresh folder beside `outdir` (same file system), after checking `outdir` can be written. */
function stagingDirFor(outdir: string): string {
  const parent = dirname(resolve(outdir));
  if (!existsSync(parent)) {
    throw new OutdirError(
      `output directory ${outdir}: its parent folder ${parent} does not exist; create it or set CDKTF_OUTDIR to a writable path`,
    );
  }
  if (existsSync(outdir) && !statSync(outdir).isDirectory()) {
    throw new OutdirError(`output directory ${outdir} is a file; remove it or set CDKTF_OUTDIR to a folder`);
  }
  return mkdtempSync(join(parent, `.${basename(resolve(outdir))}.synth-`));
}
