// npm run rollout -- <stack> --pool <region> [--steps 10,50,100] [--step-wait-seconds 300]
//   [--max-burn-rate 14.4] [--max-error-rate 0.005] [--max-holds 3] [--api-url URL]
//   [--prometheus-url URL] [--yes]
// Takes one region pool of the environment's API load balancer through the traffic steps,
// gated on that pool's burn rate and error rate from Prometheus, rolling back when a gate fails
// or on Ctrl-C (docs/rollout.md). Credentials only from the environment: CLOUDFLARE_API_TOKEN,
// PROMETHEUS_URL (unless --prometheus-url), PROMETHEUS_USER (default: grafana.prometheusUser) /
// PROMETHEUS_TOKEN (ops/prometheus.ts).
// Every printed line passes through the redaction module.
import { ENVIRONMENT_SOURCES } from "../config";
import { numberFlag, strictArgs, UsageError } from "../cli/flags";
import { runCommand } from "../cli/run";
import { ConfigError, loadEnvironments } from "../config/load";
import type { EnvironmentConfig } from "../config/schema";
import { redact } from "../secrets/redact";
import { CloudflareLoadBalancers } from "../vendors/cloudflare/load-balancers";
import { VendorApiError } from "../vendors/http";
import { gateQueries, PROMETHEUS_ENV, prometheusCredentials, type PrometheusTarget, readGate } from "./prometheus";
import { RolloutRefused, runRollout } from "./rollout-driver";
import { validateSteps } from "./rollout-gates";

export const USAGE =
  "usage: npm run rollout -- <stack> --pool REGION [--steps 10,50,100] [--step-wait-seconds N] " +
  "[--max-burn-rate X] [--max-error-rate X] [--max-holds N] [--api-url URL] [--prometheus-url URL] [--yes] | --help";

export const CLOUDFLARE_API = "https://api.cloudflare.com/client/v4";

/** The fast-burn threshold of the SRE workbook (ch. 5, "Alerting on SLOs": 2 % of a 30-day budget in 1 h). */
export const DEFAULT_MAX_BURN_RATE = 14.4;

export const NUMBER_FLAGS = {
  "step-wait-seconds": { min: 60, max: 3600, integer: true, example: "--step-wait-seconds 300" },
  "max-burn-rate": { min: 0, max: 1000, example: "--max-burn-rate 14.4" },
  "max-error-rate": { min: 0, max: 1, example: "--max-error-rate 0.005" },
  "max-holds": { min: 1, max: 10, integer: true, example: "--max-holds 3" },
} as const;

export function parseSteps(raw: string | undefined): number[] {
  if (raw === undefined) return [10, 50, 100];
  if (!/^\d{1,3}(,\d{1,3})*$/.test(raw)) {
    throw new UsageError(`--steps must be whole percents separated by commas (e.g. --steps 10,50,100), got "${raw}"`);
  }
  const steps = raw.split(",").map(Number);
  const problem = validateSteps(steps);
  if (problem) throw new UsageError(`--steps: ${problem.replace(/^rollout steps: /, "")} (e.g. --steps 10,50,100)`);
  return steps;
}

/** Loopback hosts are the tests' fakes; anything else is a real account. */
export function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

function urlFlag(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol === "https:" || url.protocol === "http:") return value;
  } catch {
    // fall through
  }
  throw new UsageError(`${name} must be an http(s) URL (e.g. ${name} ${CLOUDFLARE_API}), got "${value}"`);
}

export interface RolloutIo {
  env: Readonly<Record<string, string | undefined>>;
  environments: () => EnvironmentConfig[];
  print: (line: string) => void;
  signal: AbortSignal;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  now?: () => Date;
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new Error("interrupted"));
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error("interrupted"));
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Exit codes: 0 done (or --help), 1 rolled back or refused by a service, 2 bad usage, 130 interrupted. */
export async function main(argv: readonly string[], io: RolloutIo): Promise<number> {
  const { values, positionals } = strictArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      pool: { type: "string" },
      steps: { type: "string" },
      "step-wait-seconds": { type: "string" },
      "max-burn-rate": { type: "string" },
      "max-error-rate": { type: "string" },
      "max-holds": { type: "string" },
      "api-url": { type: "string" },
      "prometheus-url": { type: "string" },
      yes: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  // The credentials are known values to the redaction module, beside its credential patterns.
  const known = [io.env.CLOUDFLARE_API_TOKEN, io.env[PROMETHEUS_ENV.token]].filter((v): v is string => !!v);
  const print = (line: string) => io.print(redact(line, known));
  if (values.help) {
    print(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError("name exactly one stack (e.g. neuropilot-production)");
  const environments = io.environments();
  const name = positionals[0].replace(/^neuropilot-/, "");
  const config = environments.find((e) => e.name === name);
  if (!config) {
    throw new UsageError(
      `unknown stack "${positionals[0]}" (known: ${environments.map((e) => `neuropilot-${e.name}`).join(", ")})`,
    );
  }
  const regions = config.regions.map((r) => r.name);
  if (values.pool === undefined) throw new UsageError(`--pool is required: one of ${regions.join(", ")}`);
  if (!regions.includes(values.pool)) {
    throw new UsageError(`--pool ${values.pool} is not a region of ${config.name} (one of ${regions.join(", ")})`);
  }
  if (regions.length < 2) throw new UsageError(`${config.name} has one region: no load balancer to shift traffic on`);
  const steps = parseSteps(values.steps);
  const num = (flag: keyof typeof NUMBER_FLAGS, fallback: number) =>
    numberFlag(values, flag, NUMBER_FLAGS[flag], fallback);
  const slo = config.grafana.slo;
  const gate = {
    maxBurnRate: num("max-burn-rate", DEFAULT_MAX_BURN_RATE),
    maxErrorRate: num("max-error-rate", (slo?.errorRatePct ?? 0.5) / 100),
  };
  const stepWaitSeconds = num("step-wait-seconds", 300);
  const maxHolds = num("max-holds", 3);
  const apiUrl = urlFlag(values["api-url"], "--api-url") ?? CLOUDFLARE_API;
  const prometheusUrl = urlFlag(values["prometheus-url"], "--prometheus-url") ?? io.env.PROMETHEUS_URL;

  if (!isLoopback(apiUrl) && !values.yes) {
    throw new UsageError(
      `this changes live traffic of ${config.cloudflare.hosts.api} on the real Cloudflare account (${apiUrl}); re-run with --yes`,
    );
  }
  const token = io.env.CLOUDFLARE_API_TOKEN;
  if (!token) throw new UsageError("CLOUDFLARE_API_TOKEN is not set (a token with Load Balancers Write)");
  if (!prometheusUrl) throw new UsageError("PROMETHEUS_URL is not set (or pass --prometheus-url)");
  urlFlag(prometheusUrl, "PROMETHEUS_URL");

  const prometheus: PrometheusTarget = {
    baseUrl: prometheusUrl,
    ...prometheusCredentials(io.env, config.grafana.prometheusUser),
    timeoutMs: 15_000,
  };
  const queries = gateQueries({
    environment: config.name,
    region: values.pool,
    availabilityPct: slo?.availabilityPct ?? 99.9,
    burnWindow: `${stepWaitSeconds}s`,
    errorWindow: "1m",
  });
  print(
    `rollout of ${values.pool} on ${config.cloudflare.hosts.api}: steps ${steps.join(" → ")} %, ` +
      `${stepWaitSeconds} s each; gate: burn rate ≤ ${gate.maxBurnRate}, error rate ≤ ${gate.maxErrorRate}`,
  );
  try {
    const outcome = await runRollout(
      {
        zoneId: config.cloudflare.zoneId,
        accountId: config.cloudflare.accountId,
        hostname: config.cloudflare.hosts.api,
        canary: values.pool,
        regions,
      },
      { steps, gate, stepWaitMs: stepWaitSeconds * 1000, maxHolds },
      {
        cloudflare: new CloudflareLoadBalancers({ baseUrl: apiUrl, token }),
        readGate: () => readGate(prometheus, queries, (message) => print(`  ${message}`)),
        sleep: io.sleep ?? abortableSleep,
        print,
        now: io.now ?? (() => new Date()),
      },
      io.signal,
    );
    return outcome === "done" ? 0 : outcome === "interrupted" ? 130 : 1;
  } catch (error) {
    if (error instanceof VendorApiError || error instanceof RolloutRefused) {
      print(error.message);
      return 1;
    }
    throw error;
  }
}

if (process.argv[1]?.endsWith("rollout.ts")) {
  const controller = new AbortController();
  // Ctrl-C rolls back instead of leaving the canary at its step; a second Ctrl-C exits at once.
  process.once("SIGINT", () => controller.abort());
  runCommand(
    () =>
      main(process.argv.slice(2), {
        env: process.env,
        environments: () => loadEnvironments(ENVIRONMENT_SOURCES),
        print: (line) => console.log(line),
        signal: controller.signal,
      }),
    { name: "rollout", usage: USAGE, isUserError: (e): e is Error => e instanceof ConfigError },
  );
}
