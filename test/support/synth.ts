// Synthesises the bundled (or given) environments once into a temp dir and reads the
// stacks back as parsed JSON, for assertions on the real output.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EnvironmentSource } from "../../config/load";
import type { BackendMode } from "../../stacks/backend";
import { synthesize } from "../../synthesize";
import { bundledInputs, sourcesOf } from "./configs";

export type TfJson = {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  variable?: Record<string, Record<string, unknown>>;
  output?: Record<string, Record<string, unknown>>;
  terraform?: Record<string, unknown>;
};

export interface SynthOutput {
  outdir: string;
  stack(name: string): TfJson;
  raw(name: string): string;
  cleanup(): void;
}

export function synthToTemp(sources: EnvironmentSource[], backend: BackendMode = "cloud"): SynthOutput {
  const outdir = mkdtempSync(join(tmpdir(), "neuropilot-synth-"));
  synthesize(sources, { backend, outdir });
  const raw = (name: string) => readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8");
  return {
    outdir,
    raw,
    stack: (name) => JSON.parse(raw(name)) as TfJson,
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

const bundled = new Map<BackendMode, SynthOutput>();

/**
 * The bundled example config, synthesised once per worker process and shared by every
 * test file that only reads it (files share workers: isolate is off). Read-only: copy
 * it before changing anything. `cleanup()` is a no-op; the directory goes at exit.
 */
export function bundledSynth(backend: BackendMode = "cloud"): SynthOutput {
  let out = bundled.get(backend);
  if (!out) {
    const fresh = synthToTemp(sourcesOf(bundledInputs()), backend);
    process.once("exit", fresh.cleanup);
    out = { ...fresh, cleanup: () => undefined };
    bundled.set(backend, out);
  }
  return out;
}

/** Resources of one type, keyed by logical id. */
export function resourcesOf(stack: TfJson, type: string): Record<string, Record<string, unknown>> {
  return stack.resource?.[type] ?? {};
}

export function onlyResource(stack: TfJson, type: string): Record<string, unknown> {
  const all = Object.values(resourcesOf(stack, type));
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}
