// `npm run mutate` (incremental; `-- --full` re-runs every mutant): mutation/run.ts.
import { runCommand } from "../cli/run";
import { mutate } from "../mutation/run";

const USAGE =
  "usage: npm run mutate -- [--full] [Stryker options…] | --help (docs/mutation-testing.md, mutation/README.md)";

runCommand(
  () => {
    const args = process.argv.slice(2);
    if (args.includes("--help")) {
      console.log(USAGE);
      return 0;
    }
    return mutate(args);
  },
  { name: "mutate", usage: USAGE },
);
