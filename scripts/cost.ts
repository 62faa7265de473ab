// `npm run cost`: estimated monthly cost per environment and in total, against budgets.
//   npm run cost                         synthesise the bundled config (temp dir) and price it
//   npm run cost -- --outdir cdktf.out   price an existing synth output
//   npm run cost -- --base <dir> [--outdir <dir>]   cost change base → head, as Markdown
//   npm run cost -- --seeds              the seeds' options under the lean profile (docs/cost.md)
//   --json                               machine-readable output
// Exits 1 when an environment is above its critical budget or the platform above $5/day.
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strictArgs, UsageError } from "../cli/flags";
import { runCommand } from "../cli/run";
import { ENVIRONMENT_SOURCES } from "../config";
import { costReport, formatEnvironment } from "../cost/report";
import { pricedSeedOptions } from "../cost/seed-options";
import { isUserError, synthesize } from "../synthesize";

const USAGE = "usage: npm run cost -- [--outdir DIR] [--base DIR] [--json] | --seeds | --help";

/** A synth output given on the command line: a folder whose stacks/ holds at least one stack. */
function synthFolder(flag: string, dir: string): string {
  const stacks = join(dir, "stacks");
  if (!existsSync(stacks) || readdirSync(stacks).length === 0) {
    throw new UsageError(
      `--${flag} ${dir} holds no synthesized stacks (no ${stacks}); run npm run synth into it first`,
    );
  }
  return dir;
}

function main(argv: string[]): number {
  const { values } = strictArgs({
    args: argv,
    options: {
      outdir: { type: "string" },
      base: { type: "string" },
      json: { type: "boolean" },
      seeds: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.seeds) {
    if (values.outdir !== undefined || values.base !== undefined) throw new UsageError("--seeds takes no other flag");
    for (const option of pricedSeedOptions()) {
      console.log(`seed ${option.id}: ${option.seed}`);
      console.log(formatEnvironment(option.priced).replace(/^/gm, "  "));
    }
    return 0;
  }
  const base = values.base === undefined ? undefined : synthFolder("base", values.base);
  const given = values.outdir === undefined ? undefined : synthFolder("outdir", values.outdir);
  const outdir = given ?? mkdtempSync(join(tmpdir(), "neuropilot-cost-"));
  try {
    if (!given) synthesize(ENVIRONMENT_SOURCES, { backend: "local", outdir });
    const report = costReport(outdir, { base, json: values.json === true });
    console.log(report.text);
    return report.exceeded ? 1 : 0;
  } finally {
    if (!given) rmSync(outdir, { recursive: true, force: true });
  }
}

runCommand(() => main(process.argv.slice(2)), { name: "cost", usage: USAGE, isUserError });
