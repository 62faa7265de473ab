// `npm run bench:test`: times one full `vitest run` (wall and CPU of the whole process
// tree) and lists the slowest test files, so suite speed is measured, never asserted.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { checkArguments } from "./args";

const ROOT = join(__dirname, "..");
checkArguments({ command: "npm run bench:test", knobs: ["(none: one full vitest run, timed)"] });
const VITEST = join(ROOT, "node_modules", "vitest", "vitest.mjs");
const GNU_TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  testResults: Array<{
    name: string;
    startTime: number;
    endTime: number;
    assertionResults: Array<{ fullName: string; status: string; failureMessages: string[] }>;
  }>;
}

const work = mkdtempSync(join(tmpdir(), "neuropilot-bench-test-"));
try {
  const report = join(work, "report.json");
  const vitest = [
    process.execPath,
    VITEST,
    "run",
    "--reporter=dot",
    "--reporter=./test/support/skip-reporter.ts",
    "--reporter=json",
    `--outputFile.json=${report}`,
  ];
  const command = GNU_TIME ? [GNU_TIME, "-f", "cpu %U %S", ...vitest] : vitest;
  const started = process.hrtime.bigint();
  const run = spawnSync(command[0], command.slice(1), { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(run.stderr);
  const result = JSON.parse(readFileSync(report, "utf8")) as VitestJson;
  const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  console.log(
    `npm test: ${wall.toFixed(1)} s wall` + (cpu ? `, ${(Number(cpu[1]) + Number(cpu[2])).toFixed(1)} s CPU` : ""),
  );
  console.log(
    `${result.numPassedTests} passed, ${result.numFailedTests} failed, ${result.numPendingTests} skipped; ` +
      `${cpus().length} cores, load average ${load} (other work on the machine slows every figure)`,
  );
  console.log("slowest files:");
  const files = result.testResults
    .map((t) => ({ file: t.name.replace(`${ROOT}/`, ""), seconds: (t.endTime - t.startTime) / 1000 }))
    .sort((a, b) => b.seconds - a.seconds);
  for (const f of files.slice(0, 8)) console.log(`  ${f.seconds.toFixed(1).padStart(6)} s  ${f.file}`);
  for (const t of result.testResults)
    for (const a of t.assertionResults.filter((x) => x.status === "failed"))
      console.log(
        `FAILED ${t.name.replace(`${ROOT}/`, "")} > ${a.fullName}\n${a.failureMessages.join("\n").slice(0, 1500)}`,
      );
  const skipLine = run.stdout.split("\n").find((line) => line.startsWith("Skipped suites:"));
  if (skipLine) console.log(skipLine);
  if (run.status !== 0) {
    process.exitCode = run.status ?? 1;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
