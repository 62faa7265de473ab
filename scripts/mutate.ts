// `npm run mutate` runs Stryker incrementally: only mutants in changed code, or covered by
// changed tests, are re-run; the rest come from stryker-incremental.json (committed).
// `npm run mutate -- --full` re-runs every mutant (Stryker's --force) and rewrites that file.
import { spawnSync } from "node:child_process";

const args = process.argv.slice(2);
const full = args.includes("--full");
const rest = args.filter((arg) => arg !== "--full");
const stryker = ["stryker", "run", ...(full ? ["--force"] : []), ...rest];

const started = Date.now();
const run = spawnSync("npx", stryker, { stdio: "inherit" });
const seconds = Math.round((Date.now() - started) / 1000);
console.log(`mutate (${full ? "full" : "incremental"}) took ${seconds} s`);
process.exit(run.status ?? 1);
