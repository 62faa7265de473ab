// `npm run bench`: median wall time of several cold syntheses (a new Node process
// each, as `npm run synth` runs), for the bundled config and for production with
// 1, 3 and 10 generated regions.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TSX = join(__dirname, "..", "node_modules", ".bin", "tsx");
const SCRIPT = join(__dirname, "synth-once.ts");

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function coldRun(extraArgs: string[]): number {
  const outdir = mkdtempSync(join(tmpdir(), "neuropilot-bench-"));
  try {
    const started = process.hrtime.bigint();
    execFileSync(TSX, [SCRIPT, "--outdir", outdir, ...extraArgs], { stdio: ["ignore", "ignore", "inherit"] });
    return Number(process.hrtime.bigint() - started) / 1e6;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const cases: Array<[string, string[]]> = [
  ["bundled config (4 stacks)", []],
  ["production with 1 region", ["--regions", "1"]],
  ["production with 3 regions", ["--regions", "3"]],
  ["production with 10 regions", ["--regions", "10"]],
];

console.log(`cold synth of all stacks, median of ${RUNS} runs (node ${process.version})`);
console.log("| case | median | min | max |\n|---|---:|---:|---:|");
for (const [label, args] of cases) {
  coldRun(args); // warm the OS file cache and tsx's transform cache; not counted
  const times = Array.from({ length: RUNS }, () => coldRun(args));
  const fmt = (ms: number) => `${Math.round(ms)} ms`;
  console.log(`| ${label} | ${fmt(median(times))} | ${fmt(Math.min(...times))} | ${fmt(Math.max(...times))} |`);
}
