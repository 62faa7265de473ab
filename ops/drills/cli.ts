// npm run drill -- failover <stack> [--region NAME] [--yes] [--interval-ms N] [--timeout-s N] [--stable-probes N] [--url URL] [--skip-origin-check]
// npm run drill -- restore <stack> [--cell ID] [--at ISO-8601 | --ago-s N] [--yes] [--interval-ms N] [--timeout-s N]
// Runs a drill (failover.ts, restore.ts) against the real account — after confirmation
// (guard.ts) — or against the simulated account when NEUROPILOT_SIMULATOR_DIR is set, prints
// its report, and pushes its outcome to Grafana Cloud (telemetry.ts) or prints the lines.
// Credentials only from the environment (CLOUDFLARE_API_TOKEN, NEON_API_KEY,
// GRAFANA_PUSH_TOKEN); every printed line passes through secrets/redact.ts with them as
// known values. Exit: 0 drill passed, 1 drill failed or refused to start, 2 bad usage or no
// confirmation, 130/143 interrupted (after the cleanup).
import { ENVIRONMENT_SOURCES } from "../../config";
import { numberFlag, strictArgs, UsageError } from "../../cli/flags";
import { runCommand } from "../../cli/run";
import { ConfigError, loadEnvironments } from "../../config/load";
import type { EnvironmentConfig } from "../../config/schema";
import { simulatorDir } from "../../offline-provider/simulator/store";
import { redact } from "../../secrets/redact";
import { get } from "../http-probe";
import { runSmokeChecks } from "../smoke-checks";
import { type OriginTarget, originTargets } from "../smoke-targets";
import { CloudflarePools } from "../../vendors/cloudflare/pools";
import { VendorApiError } from "../../vendors/http";
import { NeonBranches } from "../../vendors/neon/branches";
import type { PoolApi } from "./cloudflare-pools";
import {
  DrillRefused,
  FailoverDrill,
  type FailoverReport,
  MTTR_TARGET_SECONDS,
  type Probe,
  REGION_HEADER,
} from "./failover";
import { confirmRealAccount, DrillInterrupted, type SignalSource, withCleanup } from "./guard";
import type { BranchApi } from "./neon-branches";
import { cellProject, checkPointInTime, RestoreDrill, type RestoreReport } from "./restore";
import { SimulatedBranches, SimulatedPools, simulatedProbe } from "./simulated-account";
import { POSTGRES_PORT, tcpReady } from "./tcp-ready";
import { type DrillOutcome, publishOutcome, pushTarget } from "./telemetry";

export const USAGE =
  "usage: npm run drill -- failover <stack> [--region NAME] [--stable-probes N] [--url URL] [--skip-origin-check] | restore <stack> [--cell ID] [--at ISO-8601 | --ago-s N]; both [--yes] [--interval-ms N] [--timeout-s N] [--help]";

export const NUMBER_FLAGS = {
  "interval-ms": { min: 100, max: 60_000, integer: true, example: "--interval-ms 1000" },
  "timeout-s": { min: 1, max: 3600, integer: true, example: "--timeout-s 300" },
  "stable-probes": { min: 1, max: 100, integer: true, example: "--stable-probes 5" },
  "ago-s": { min: 0, max: 2_592_000, integer: true, example: "--ago-s 3600" },
} as const;

/** What the command reads from its surroundings; tests pass their own. */
export interface DrillIo {
  env: NodeJS.ProcessEnv;
  interactive: boolean;
  print: (line: string) => void;
  environments: () => EnvironmentConfig[];
  signals?: SignalSource;
  ask?: (question: string) => Promise<string>;
  /** Postgres port of the readiness check (tests point it at a local listener). */
  postgresPort?: number;
  now?: () => number;
  wallClock?: () => number;
  /** Deadline of each vendor API call (30 s). */
  apiTimeoutMs?: number;
  /** Each region's origin to smoke-test before the failover drill (tests point them at fakes). */
  originTargets?: (config: EnvironmentConfig) => OriginTarget[];
}

/**
 * The failover drill's precheck: npm run smoke's status check of every origin that would take
 * the traffic (every region but the one going out); one failing refuses the drill.
 */
function originsHealthy(targets: OriginTarget[], region: string): () => Promise<string | undefined> {
  return async () => {
    const problems: string[] = [];
    for (const target of targets.filter((t) => t.region !== region)) {
      const rows = await runSmokeChecks(target, {
        retry: { attempts: 2, initialDelayMs: 500, factor: 2, maxDelayMs: 1000 },
        userAgent: "neuropilot-drill/1.0",
      });
      const status = rows.find((r) => r.check === "status");
      if (status?.status === "fail") problems.push(`${target.name}: ${status.detail}`);
    }
    return problems.length === 0
      ? undefined
      : `the origins that would take ${region}'s traffic are unhealthy (${problems.join("; ")})`;
  };
}

const DRILLS = ["failover", "restore"] as const;

function environmentOf(arg: string, environments: () => EnvironmentConfig[]): EnvironmentConfig {
  const name = arg.replace(/^neuropilot-/, "");
  const config = environments().find((e) => e.name === name);
  if (!config)
    throw new UsageError(
      `unknown stack or environment "${arg}" (known: ${environments()
        .map((e) => `neuropilot-${e.name}`)
        .join(", ")})`,
    );
  return config;
}

function credential(env: NodeJS.ProcessEnv, name: string, simulated: boolean): string {
  if (simulated) return "";
  const value = env[name];
  if (!value) throw new UsageError(`${name} is not set; export the token for the real account (docs/drills.md)`);
  return value;
}

function publicUrl(raw: string | undefined, config: EnvironmentConfig): URL {
  const base = raw ?? `https://${config.cloudflare.hosts.api}`;
  let url: URL;
  try {
    url = new URL(config.healthCheck.path, base);
  } catch {
    throw new UsageError(`--url must be an http(s) URL such as https://${config.cloudflare.hosts.api}, got "${raw}"`);
  }
  if (!/^https?:$/.test(url.protocol)) throw new UsageError(`--url must be http or https, got "${raw}"`);
  return url;
}

function httpProbe(url: URL, timeoutMs: number): Probe {
  return async () => {
    const response = await get(url, { timeoutMs, userAgent: "neuropilot-drill/1.0" });
    const header = response.headers[REGION_HEADER];
    return { status: response.status, region: Array.isArray(header) ? header[0] : header };
  };
}

export function renderFailover(r: FailoverReport): string[] {
  const s = (v: number | undefined) => (v === undefined ? "not measured" : `${v} s`);
  return [
    `failover drill, ${r.environment}: pool ${r.pool} (${r.region}) taken out and ${r.restored ? "restored" : "NOT restored"}`,
    `  detection ${s(r.detectionSeconds)} (target ${r.targetSeconds} s; worst case of the monitor timing ${r.worstCaseDetectionSeconds} s)`,
    `  recovery  ${s(r.recoverySeconds)} (MTTR target ${r.mttrTargetSeconds} s)`,
    r.failbackSeconds === undefined
      ? "  failback  not measured (the region was not serving before, traffic never left it, or it did not come back in time)"
      : `  failback  ${r.failbackSeconds} s after the restore`,
    `  probes ${r.probes}, failed ${r.failedProbes}, naming no region ${r.unnamedProbes}`,
    ...r.problems.map((p) => `  problem: ${p}`),
    r.success ? "PASS" : "FAIL",
  ];
}

export function renderRestore(r: RestoreReport): string[] {
  return [
    `restore drill, ${r.environment}: ${r.project}/${r.parentBranch} at ${r.pointInTime} → branch ${r.branch} (${r.deleted ? "deleted" : "NOT deleted"})`,
    `  ready after ${r.restoreSeconds === undefined ? "—" : `${r.restoreSeconds} s`}`,
    ...r.problems.map((p) => `  problem: ${p}`),
    r.success ? "PASS" : "FAIL",
  ];
}

function pointInTime(values: Record<string, string | boolean | undefined>, nowMs: number): number {
  if (values.at !== undefined && values["ago-s"] !== undefined) throw new UsageError("give --at or --ago-s, not both");
  if (typeof values.at === "string") {
    const at = values.at;
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(at) || Number.isNaN(Date.parse(at)))
      throw new UsageError(`--at must be an ISO 8601 time with a zone such as 2026-12-07T03:00:00Z, got "${at}"`);
    return Date.parse(at);
  }
  // Default: an hour ago, inside even a Free plan's history (6 h: config/neon-limits.ts NEON_RETENTION_LIMIT_SECONDS).
  return nowMs - numberFlag(values, "ago-s", NUMBER_FLAGS["ago-s"], 3600) * 1000;
}

export async function main(argv: string[], io: DrillIo): Promise<number> {
  const { values, positionals } = strictArgs({
    args: argv,
    allowPositionals: true,
    options: {
      yes: { type: "boolean" },
      region: { type: "string" },
      cell: { type: "string" },
      at: { type: "string" },
      "ago-s": { type: "string" },
      url: { type: "string" },
      "interval-ms": { type: "string" },
      "timeout-s": { type: "string" },
      "stable-probes": { type: "string" },
      "skip-origin-check": { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    io.print(USAGE);
    return 0;
  }
  const [drill, stack, ...rest] = positionals;
  if (!DRILLS.includes(drill as (typeof DRILLS)[number]))
    throw new UsageError(`name a drill: ${DRILLS.join(" or ")}${drill ? ` (got "${drill}")` : ""}`);
  if (!stack) throw new UsageError(`name the stack to drill, e.g. npm run drill -- ${drill} neuropilot-staging`);
  if (rest.length > 0) throw new UsageError(`one stack at a time; unexpected "${rest[0]}"`);
  const config = environmentOf(stack, io.environments);
  const dir = simulatorDir(io.env);
  const simulated = dir !== undefined;
  const intervalMs = numberFlag(values, "interval-ms", NUMBER_FLAGS["interval-ms"], 1000);
  const timeoutS = numberFlag(values, "timeout-s", NUMBER_FLAGS["timeout-s"], MTTR_TARGET_SECONDS);
  const now = io.now ?? (() => performance.now());
  const wallClock = io.wallClock ?? (() => Date.now());
  const known = ["CLOUDFLARE_API_TOKEN", "NEON_API_KEY", "GRAFANA_PUSH_TOKEN"]
    .map((name) => io.env[name])
    .filter((v): v is string => typeof v === "string" && v !== "");
  const print = (line: string) => io.print(redact(line, known));
  const apiTimeoutMs = io.apiTimeoutMs ?? 30_000;

  let outcome: DrillOutcome;
  let lines: string[];
  try {
    if (drill === "failover") {
      if (values.cell !== undefined || values.at !== undefined || values["ago-s"] !== undefined)
        throw new UsageError("--cell, --at and --ago-s belong to the restore drill");
      const region = values.region ?? config.regions[0].name;
      if (!config.regions.some((r) => r.name === region))
        throw new UsageError(
          `--region ${region}: not a region of ${config.name} (known: ${config.regions.map((r) => r.name).join(", ")})`,
        );
      if (config.regions.length < 2)
        throw new UsageError(`${config.name} has one region: there is nothing to fail over to`);
      const stableProbes = numberFlag(values, "stable-probes", NUMBER_FLAGS["stable-probes"], 5);
      const url = publicUrl(values.url, config);
      const pools: PoolApi = dir
        ? new SimulatedPools(dir)
        : new CloudflarePools(config.cloudflare.accountId, {
            token: credential(io.env, "CLOUDFLARE_API_TOKEN", simulated),
            baseUrl: io.env.CLOUDFLARE_API_BASE_URL || undefined,
            timeoutMs: apiTimeoutMs,
          });
      const probe =
        dir && values.url === undefined
          ? simulatedProbe(dir, config.cloudflare.hosts.api, config.healthCheck.expectedStatus)
          : httpProbe(url, config.healthCheck.timeoutSeconds * 1000);
      await confirmRealAccount({
        simulated,
        yes: values.yes === true,
        interactive: io.interactive,
        action: `disable the load-balancer pool of ${region} for up to ${timeoutS} s`,
        environment: config.name,
        ask: io.ask,
      });
      const probing =
        dir && values.url === undefined ? `the simulated load balancer of ${config.cloudflare.hosts.api}` : url.href;
      print(
        `${simulated ? "simulated account" : "real account"}: failover drill of ${config.name}, probing ${probing}`,
      );
      let instance: FailoverDrill | undefined;
      const report = await withCleanup(
        (signal) => {
          instance = new FailoverDrill(
            config,
            { region, intervalMs, timeoutMs: timeoutS * 1000, stableProbes },
            {
              pools,
              probe,
              now,
              signal,
              log: print,
              // The simulated account serves no origin.
              precheck:
                simulated || values["skip-origin-check"]
                  ? undefined
                  : originsHealthy((io.originTargets ?? originTargets)(config), region),
            },
          );
          return instance.run();
        },
        async () => instance?.restore(),
        io.signals,
      );
      lines = renderFailover(report);
      outcome = {
        environment: config.name,
        drill: "failover",
        success: report.success,
        detectionSeconds: report.detectionSeconds,
        recoverySeconds: report.recoverySeconds,
      };
    } else {
      if (
        values.region !== undefined ||
        values.url !== undefined ||
        values["stable-probes"] !== undefined ||
        values["skip-origin-check"] !== undefined
      )
        throw new UsageError("--region, --url, --stable-probes and --skip-origin-check belong to the failover drill");
      const atMs = pointInTime(values, wallClock());
      // Bad input is refused before the question and before any call.
      checkPointInTime(config, atMs, wallClock());
      cellProject(config, values.cell);
      const branches: BranchApi = dir
        ? new SimulatedBranches(dir)
        : new NeonBranches({
            apiKey: credential(io.env, "NEON_API_KEY", simulated),
            baseUrl: io.env.NEON_API_BASE_URL || undefined,
            timeoutMs: apiTimeoutMs,
          });
      await confirmRealAccount({
        simulated,
        yes: values.yes === true,
        interactive: io.interactive,
        action: `create (and then delete) a Neon branch of ${config.neon.projectName}/${config.neon.branchName}`,
        environment: config.name,
        ask: io.ask,
      });
      print(`${simulated ? "simulated account" : "real account"}: restore drill of ${config.name}`);
      let instance: RestoreDrill | undefined;
      const port = io.postgresPort ?? POSTGRES_PORT;
      const report = await withCleanup(
        (signal) => {
          instance = new RestoreDrill(
            config,
            { cell: values.cell, atMs, intervalMs, timeoutMs: timeoutS * 1000 },
            {
              branches,
              now,
              wallClock,
              signal,
              log: print,
              ready: simulated
                ? async () => {}
                : (host, s) => tcpReady(host, { port, timeoutMs: Math.min(intervalMs * 5, 10_000), signal: s }),
            },
          );
          return instance.run();
        },
        async () => instance?.cleanup(),
        io.signals,
      );
      lines = renderRestore(report);
      outcome = {
        environment: config.name,
        drill: "restore",
        success: report.success,
        restoreSeconds: report.restoreSeconds,
      };
    }
  } catch (error) {
    if (error instanceof DrillInterrupted) {
      print(`drill ${error.message}; what it changed was put back`);
      return error.exitCode;
    }
    throw error;
  }
  for (const line of lines) print(line);
  const pushed = await publishOutcome(outcome, simulated ? undefined : pushTarget(io.env, config), {
    nowMs: wallClock(),
    timeoutMs: 10_000,
  });
  if (pushed.pushed) print("metrics pushed to Grafana Cloud");
  else {
    // Loud in CI: a real drill whose series never reach Grafana leaves the dashboard's drill
    // panels empty, so the run page shows it as a warning annotation (one line, no value).
    const loud = io.env.GITHUB_ACTIONS === "true" ? "::warning::" : "";
    print(
      simulated
        ? "metrics (simulated account: printed, not pushed):"
        : `${loud}metrics NOT pushed to Grafana Cloud: ${pushed.reason}; the lines:`,
    );
    for (const line of pushed.lines.split("\n")) print(`  ${line}`);
  }
  return outcome.success ? 0 : 1;
}

/** Errors a person fixes: config, a refusal before anything changed, a vendor API's answer. */
function isUserError(error: unknown): error is Error {
  return error instanceof ConfigError || error instanceof DrillRefused || error instanceof VendorApiError;
}

function memo<T>(load: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= load());
}

if (require.main === module) {
  runCommand(
    () =>
      main(process.argv.slice(2), {
        env: process.env,
        interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY),
        print: (line) => console.log(line),
        environments: memo(() => loadEnvironments(ENVIRONMENT_SOURCES)),
      }),
    { name: "drill", usage: USAGE, isUserError },
  );
}
