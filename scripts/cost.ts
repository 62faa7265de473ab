// `npm run cost`: estimated monthly cost per environment and in total, against budgets.
//   npm run cost                         synthesise the bundled config (temp dir) and price it
//   npm run cost -- --outdir cdktf.out   price an existing synth output
//   npm run cost -- --base <dir> [--outdir <dir>]   cost change base → head, as Markdown
//   npm run cost -- --seeds              the seeds' options under the lean profile (docs/cost.md)
//   --json                               machine-readable output
// Exits 1 when an environment is above its critical budget or the platform above $5/day.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENVIRONMENT_SOURCES } from "../config";
import { costReport, formatEnvironment } from "../cost/report";
import { pricedSeedOptions } from "../cost/seed-options";
import { synthesize } from "../synthesize";
import { exitOnUserError } from "./user-error";

const argument = (name: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined;

exitOnUserError(() => {
  if (process.argv.includes("--seeds")) {
    for (const option of pricedSeedOptions()) {
      console.log(`seed ${option.id}: ${option.seed}`);
      console.log(formatEnvironment(option.priced).replace(/^/gm, "  "));
    }
    return 0;
  }
  const given = argument("--outdir");
  const outdir = given ?? mkdtempSync(join(tmpdir(), "neuropilot-cost-"));
  try {
    if (!given) synthesize(ENVIRONMENT_SOURCES, { backend: "local", outdir });
    const report = costReport(outdir, { base: argument("--base"), json: process.argv.includes("--json") });
    console.log(report.text);
    return report.exceeded ? 1 : 0;
  } finally {
    if (!given) rmSync(outdir, { recursive: true, force: true });
  }
});
