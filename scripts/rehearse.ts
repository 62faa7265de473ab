// `npm run rehearse`: the pipeline's lifecycle against a fresh simulated account (see
// offline-provider/simulator/rehearse.ts and docs/simulator.md), with the pull request of
// config/examples/rehearsal.ts, starting with the adoption of the seed platform. Exits 1 when a step fails.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REHEARSAL_PR_UPDATE, rehearsalSources } from "../config/examples/rehearsal";
import { rehearse, resultTable } from "../offline-provider/simulator/rehearse";
import { synthesize } from "../synthesize";

async function main(): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), "neuropilot-rehearsal-"));
  const started = Date.now();
  try {
    const results = await rehearse({
      work,
      synth: (variant, outdir, adoption) =>
        void synthesize(rehearsalSources(variant), { backend: "local", outdir, adoption }),
      expectedUpdate: REHEARSAL_PR_UPDATE,
      profile: (p) =>
        console.log(
          `profile: ${p.scriptRuns} pipeline script runs (in-process), ${(p.scriptMs / 1000).toFixed(1)} s in them; ` +
            `${p.synths} synths, ${(p.synthMs / 1000).toFixed(1)} s; the rest (Terraform, staging, fakes) ` +
            `${((p.totalMs - p.scriptMs - p.synthMs) / 1000).toFixed(1)} s`,
        ),
    });
    console.log(`\n${resultTable(results)}\n\nrehearsal: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return results.some((r) => r.result === "fail") ? 1 : 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const USAGE = "usage: npm run rehearse (no arguments) | --help";

function usageProblem(argv: string[]): string | undefined {
  if (argv.length === 0) return undefined;
  if (argv.length === 1 && (argv[0] === "--help" || argv[0] === "-h")) return "";
  return argv[0].startsWith("-") ? `unknown option ${argv[0]}` : `unexpected argument "${argv[0]}"`;
}

const problem =
  process.argv[1] && /rehearse\.ts$/.test(process.argv[1]) ? usageProblem(process.argv.slice(2)) : undefined;
if (problem === "") console.log(USAGE);
else if (problem !== undefined) {
  console.error(`rehearse: ${problem}\n${USAGE}`);
  process.exitCode = 2;
} else if (process.argv[1] && /rehearse\.ts$/.test(process.argv[1]))
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exit(1);
    },
  );
