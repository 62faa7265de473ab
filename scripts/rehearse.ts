// `npm run rehearse`: the pipeline's lifecycle against a fresh simulated account (see
// offline-provider/simulator/rehearse.ts and docs/simulator.md). The pull request's change
// is the staging database's suspend timeout, 300 s → 600 s: an in-place update of its
// neon_endpoint. Exits 1 when a step fails (pending steps do not fail the run).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENVIRONMENT_SOURCES } from "../config";
import type { EnvironmentSource } from "../config/load";
import { rehearse, resultTable, type Variant } from "../offline-provider/simulator/rehearse";
import { synthesize } from "../synthesize";

/** The bundled config, or the pull request's version of it. */
export function rehearsalSources(variant: Variant): EnvironmentSource[] {
  return ENVIRONMENT_SOURCES.map((source) => {
    const value = structuredClone(source.value);
    if (variant === "pr" && value.name === "staging" && "compute" in value.neon && value.neon.compute)
      value.neon.compute.suspendTimeoutSeconds = 600;
    return { file: source.file, value };
  });
}

export const EXPECTED_UPDATE = /suspend_timeout_seconds: 300 → 600/;

async function main(): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), "neuropilot-rehearsal-"));
  const started = Date.now();
  try {
    const results = await rehearse({
      work,
      synth: (variant, outdir) => void synthesize(rehearsalSources(variant), { backend: "local", outdir }),
      expectedUpdate: EXPECTED_UPDATE,
    });
    console.log(`\n${resultTable(results)}\n\nrehearsal: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return results.some((r) => r.result === "fail") ? 1 : 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && /rehearse\.ts$/.test(process.argv[1]))
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exit(1);
    },
  );
