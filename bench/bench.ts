// `npm run bench`: cold syntheses (a new process each), measured side by side with the
// floor in one run so the ratios survive a shared, noisy machine. Cases run round-robin
// (floor, app, floor, app, …), never one block after another, and each figure is printed
// with its ratio to the floor: a process that loads cdktf and synthesises one empty stack.
// The cdktf CLI is compared with the same CLI synthesising an empty app.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchSettings, countFromEnv, switchFromEnv } from "./args";

const ROOT = join(__dirname, "..");
const { RUNS, CLI_RUNS, SKIP_CLI, SKIP_PR } = benchSettings(
  {
    command: "npm run bench",
    knobs: [
      "BENCH_RUNS=7        runs of each synth case (1-99)",
      "BENCH_CLI_RUNS=3    runs of each `cdktf synth` case (1-99)",
      "BENCH_SKIP_CLI=1    leave out the `cdktf synth` cases",
      "BENCH_SKIP_PR=1     leave out the pull-request path (npm run bench:pr)",
      "BENCH_PR_RUNS=3     runs of the pull-request path (1-99)",
      "BENCH_PR_VERBOSE=1  print pr-plan.ts's log",
    ],
  },
  (env) => {
    const skipPr = switchFromEnv(env, "BENCH_SKIP_PR");
    // The pull-request path's knobs are read by its own process, last: check them first.
    if (!skipPr) {
      countFromEnv(env, "BENCH_PR_RUNS", 3, 1, 99);
      switchFromEnv(env, "BENCH_PR_VERBOSE");
    }
    return {
      RUNS: countFromEnv(env, "BENCH_RUNS", 7, 1, 99),
      CLI_RUNS: countFromEnv(env, "BENCH_CLI_RUNS", 3, 1, 99),
      SKIP_CLI: switchFromEnv(env, "BENCH_SKIP_CLI"),
      SKIP_PR: skipPr,
    };
  },
);
const NODE = process.execPath;
const RUN_APP = join(ROOT, "app-runner", "run-app.mjs");
const FLOOR = join(ROOT, "bench", "floor.mjs");
const CDKTF = join(ROOT, "node_modules", ".bin", "cdktf");
/** Per-process CPU time (user + sys, children included) where GNU time is installed. */
const GNU_TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

interface Case {
  label: string;
  command: string[];
  cwd?: string;
  /** Environment variable that receives the output directory. */
  outdirVariable?: string;
  /** Argument list appended with the output directory. */
  outdirArgs?: (outdir: string) => string[];
}

interface Sample {
  wallMs: number;
  cpuMs?: number;
}

function run(c: Case): Sample {
  const outdir = mkdtempSync(join(tmpdir(), "neuropilot-bench-"));
  try {
    const [cmd, ...args] = [...c.command, ...(c.outdirArgs?.(outdir) ?? [])];
    const timed = GNU_TIME ? [GNU_TIME, "-f", "cpu %U %S", cmd, ...args] : [cmd, ...args];
    const env = {
      ...process.env,
      CHECKPOINT_DISABLE: "1",
      ...(c.outdirVariable ? { [c.outdirVariable]: outdir } : {}),
    };
    const started = process.hrtime.bigint();
    const result = spawnSync(timed[0], timed.slice(1), { cwd: c.cwd ?? ROOT, env, encoding: "utf8" });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) throw new Error(`${c.label} failed (${result.status}):\n${result.stdout}${result.stderr}`);
    const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(result.stderr);
    return { wallMs, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : undefined };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs the cases round-robin, one warm-up round first (OS file cache, build caches). */
function measure(cases: Case[], runs: number): Map<Case, Sample[]> {
  const samples = new Map<Case, Sample[]>(cases.map((c) => [c, []]));
  cases.forEach(run);
  for (let i = 0; i < runs; i++) for (const c of cases) samples.get(c)?.push(run(c));
  return samples;
}

function table(title: string, samples: Map<Case, Sample[]>, floor: Case): void {
  const stat = (c: Case, key: keyof Sample) => {
    const values = (samples.get(c) ?? []).map((s) => s[key]).filter((v): v is number => v !== undefined);
    return values.length ? median(values) : undefined;
  };
  const floorWall = stat(floor, "wallMs") ?? Number.NaN;
  const floorCpu = stat(floor, "cpuMs");
  console.log(`\n${title}`);
  console.log("| case | wall (median) | × floor | CPU (median) | × floor |\n|---|---:|---:|---:|---:|");
  for (const c of samples.keys()) {
    const wall = stat(c, "wallMs") ?? Number.NaN;
    const cpu = stat(c, "cpuMs");
    const cpuCells =
      cpu !== undefined && floorCpu ? `${Math.round(cpu)} ms | ${(cpu / floorCpu).toFixed(2)}×` : "– | –";
    console.log(`| ${c.label} | ${Math.round(wall)} ms | ${(wall / floorWall).toFixed(2)}× | ${cpuCells} |`);
  }
}

function emptyCdktfProject(): string {
  const dir = mkdtempSync(join(tmpdir(), "neuropilot-bench-empty-app-"));
  writeFileSync(join(dir, "cdktf.json"), JSON.stringify({ language: "typescript", app: `node ${FLOOR}` }));
  return dir;
}

const floor: Case = {
  label: "floor: load cdktf, synth one empty stack",
  command: [NODE, FLOOR],
  outdirArgs: (o) => [o],
};
const app = (label: string, entry: string, extra: string[] = []): Case => ({
  label,
  command: [NODE, RUN_APP, entry, ...extra],
  outdirVariable: "CDKTF_OUTDIR",
});
const regions = (n: number, cells = 1): Case => ({
  label: `production with ${n} region${n > 1 ? "s" : ""}${cells > 1 ? ` in ${cells} cells` : ""}`,
  command: [NODE, RUN_APP, "bench/synth-once.ts", "--regions", String(n), "--cells", String(cells)],
  outdirArgs: (o) => ["--outdir", o],
});

console.log(
  `cold syntheses, median of ${RUNS} round-robin runs, node ${process.version}; CPU = user + sys of the process tree`,
);
table(
  "program (bundled config, 4 stacks) against the floor",
  measure(
    [
      floor,
      app("`cdktf.json` app: node app-runner/run-app.mjs main.ts", "main.ts"),
      { label: "`npm run synth`", command: ["npm", "run", "--silent", "synth"], outdirVariable: "CDKTF_OUTDIR" },
      // npm's own start-up, which `npm run synth` pays on top of the app: the floor run by npm.
      {
        label: "`npm run bench:floor` (npm + floor)",
        command: ["npm", "run", "--silent", "bench:floor"],
        outdirVariable: "CDKTF_OUTDIR",
      },
      regions(1),
      regions(3),
      regions(10),
      // v18 (issue 17): three cells (a Neon project, database and geo-steered pools each).
      regions(3, 3),
      regions(9, 3),
    ],
    RUNS,
  ),
  floor,
);

if (!SKIP_CLI) {
  const empty = emptyCdktfProject();
  try {
    const emptyCli: Case = {
      label: "`cdktf synth`, empty app",
      command: [CDKTF, "synth"],
      cwd: empty,
      outdirArgs: (o) => ["--output", o],
    };
    table(
      "`cdktf synth` (the CLI's own start-up is ≈ 4 s) against the same CLI with an empty app",
      measure(
        [
          emptyCli,
          { label: "`cdktf synth`, this program", command: [CDKTF, "synth"], outdirArgs: (o) => ["--output", o] },
        ],
        CLI_RUNS,
      ),
      emptyCli,
    );
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
}

// The pull-request path against the simulated account (bench/pr-path.ts), with its ratio to bare Terraform.
if (!SKIP_PR) {
  const pr = spawnSync(NODE, ["--import", "tsx", join(ROOT, "bench", "pr-path.ts")], { cwd: ROOT, stdio: "inherit" });
  if (pr.status !== 0) process.exitCode = 1;
}
