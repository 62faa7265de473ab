// Validate → build → synthesise, shared by main.ts, the tests and the benchmark.
// Validation runs before the App exists, and the App synthesises into a staging folder
// that is copied into the output directory only when everything succeeded: a bad config,
// a policy violation or a construct validation error leaves the output directory as it was.
import { cpSync, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
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

/** The repository this program runs from (the folder holding package.json and main.ts). */
const REPOSITORY_ROOT = resolve(__dirname);

/**
 * Why `outdir` cannot take a synth, or undefined. Refused: an empty name; the repository
 * itself, a folder above it, or a folder inside one of its existing top-level folders other
 * than cdktf.out (stacks would be written among the sources); a file; a folder under a file.
 */
export function outdirProblem(outdir: string, repositoryRoot = REPOSITORY_ROOT): string | undefined {
  const fix = "set CDKTF_OUTDIR to a folder outside the sources (default cdktf.out)";
  if (outdir.trim() === "") return `output directory is empty; ${fix}`;
  const target = resolve(outdir);
  const up = relative(target, repositoryRoot);
  if (up === "" || (!up.startsWith("..") && !isAbsolute(up))) {
    return `output directory ${outdir} is the repository or a folder above it, where stacks would be written among the sources; ${fix}`;
  }
  const down = relative(repositoryRoot, target);
  const top = down.split(sep)[0];
  if (
    !down.startsWith("..") &&
    !isAbsolute(down) &&
    top !== "cdktf.out" &&
    down !== top &&
    existsSync(join(repositoryRoot, top))
  ) {
    return `output directory ${outdir} is inside the repository's ${top}/ folder, among the sources; ${fix}`;
  }
  const parent = dirname(target);
  if (!existsSync(parent))
    return `output directory ${outdir}: its parent folder ${parent} does not exist; create it or ${fix}`;
  if (!statSync(parent).isDirectory()) return `output directory ${outdir}: ${parent} is a file, not a folder; ${fix}`;
  if (existsSync(target) && !statSync(target).isDirectory())
    return `output directory ${outdir} is a file; remove it or ${fix}`;
  return undefined;
}

/** A fresh folder beside `outdir` (same file system), after checking `outdir` can be written. */
function stagingDirFor(outdir: string): string {
  const problem = outdirProblem(outdir);
  if (problem !== undefined) throw new OutdirError(problem);
  const parent = dirname(resolve(outdir));
  try {
    return mkdtempSync(join(parent, `.${basename(resolve(outdir))}.synth-`));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new OutdirError(
      `output directory ${outdir}: cannot write in ${parent} (${code}); ${"check its permissions or set CDKTF_OUTDIR to a writable folder"}`,
    );
  }
}
