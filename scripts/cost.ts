// `npm run cost`: estimated monthly cost per environment and in total, against budgets.
//   npm run cost                         synthesise the bundled config (temp dir) and price it
//   npm run cost -- --outdir cdktf.out   price an existing synth output
//   npm run cost -- --base <dir> [--outdir <dir>]   cost change base → head, as Markdown
//   --json                               machine-readable output
// Exits 1 when an environment is above its critical budget or the platform above $5/day.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENVIRONMENT_SOURCES } from "../config";
import { ConfigError } from "../config/load";
import { estimateOutdir } from "../cost/app-estimate";
import { costDelta } from "../cost/delta";
import { formatAppEstimate } from "../cost/report";
import { PolicyError } from "../policy/check";
import { synthesize } from "../synthesize";

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function withOutdir<T>(given: string | undefined, use: (outdir: string) => T): T {
  if (given) return use(given);
  const outdir = mkdtempSync(join(tmpdir(), "neuropilot-cost-"));
  try {
    synthesize(ENVIRONMENT_SOURCES, { backend: "local", outdir });
    return use(outdir);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function main(): number {
  const json = process.argv.includes("--json");
  const base = argument("--base");
  return withOutdir(argument("--outdir"), (outdir) => {
    if (base) {
      const delta = costDelta(base, outdir);
      console.log(json ? JSON.stringify(delta, null, 2) : delta.markdown);
      return 0;
    }
    const estimate = estimateOutdir(outdir);
    console.log(json ? JSON.stringify(estimate, null, 2) : formatAppEstimate(estimate));
    const critical = estimate.environments.some((e) => e.status === "critical") || estimate.overCeiling;
    return critical ? 1 : 0;
  });
}

try {
  process.exitCode = main();
} catch (error) {
  if (!(error instanceof ConfigError || error instanceof PolicyError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
