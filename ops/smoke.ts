// npm run smoke -- <stack|environment|url> [...] [options]
// Smoke-tests the public hosts of an environment and each region's origin (from the
// validated config; --public-only: the public hosts alone) or the given URLs, prints a
// pass/fail table and exits 1 when any check fails (2 on bad usage).
// Options: --attempts N (5), --initial-delay-ms N (1000), --ca <pem file>,
// --latency-budget-ms N, --min-cert-days N (14); for URLs also --health-path (/health),
// --expected-status (200), --hsts-max-age N (15552000), --no-hsts, --metrics-path <path>.
import { readFileSync } from "node:fs";
import https from "node:https";
import { ENVIRONMENT_SOURCES } from "../config";
import { numberFlag, pathFlag, strictArgs, UsageError } from "../cli/flags";
import { runCommand } from "../cli/run";
import { ConfigError, loadEnvironments } from "../config/load";
import type { EnvironmentConfig } from "../config/schema";
import { type CheckResult, runSmokeChecks, type SmokeOptions, type SmokeTarget } from "./smoke-checks";
import { DEFAULT_MIN_CERT_DAYS, environmentTargets, originTargets, urlTarget } from "./smoke-targets";
import { formatTable } from "./table";

const USAGE =
  "usage: npm run smoke -- <stack|environment|url> [...] [--public-only] [--attempts N] [--ca file] [--help]";

/** The numeric flags and what each accepts (a retry count, milliseconds, days, an HTTP status). */
export const NUMBER_FLAGS = {
  attempts: { min: 1, max: 20, integer: true, example: "--attempts 5" },
  "initial-delay-ms": { min: 0, max: 60_000, integer: true, example: "--initial-delay-ms 1000" },
  "latency-budget-ms": { min: 1, max: 60_000, integer: true, example: "--latency-budget-ms 2000" },
  "timeout-ms": { min: 1, max: 120_000, integer: true, example: "--timeout-ms 10000" },
  "min-cert-days": { min: 0, max: 397, integer: true, example: "--min-cert-days 14" },
  "expected-status": { min: 100, max: 599, integer: true, example: "--expected-status 200" },
  "hsts-max-age": { min: 0, max: 63_072_000, integer: true, example: "--hsts-max-age 15552000" },
} as const;

export function resolveTargets(
  args: string[],
  environments: () => EnvironmentConfig[],
  flags: Record<string, string | boolean | undefined>,
): SmokeTarget[] {
  const num = (name: keyof typeof NUMBER_FLAGS, fallback: number) =>
    numberFlag(flags, name, NUMBER_FLAGS[name], fallback);
  return args.flatMap((arg) => {
    if (/^https?:\/\//.test(arg)) {
      return [
        urlTarget(arg, {
          healthPath: pathFlag(flags, "health-path", "/health"),
          expectedStatus: num("expected-status", 200),
          latencyBudgetMs: num("latency-budget-ms", 2000),
          timeoutMs: num("timeout-ms", 10_000),
          hsts: flags["no-hsts"]
            ? null
            : { minMaxAgeSeconds: num("hsts-max-age", 15_552_000), includeSubDomains: true, preload: false },
          nosniff: !flags["no-hsts"],
          metricsPath: flags["metrics-path"] === undefined ? null : pathFlag(flags, "metrics-path", "/metrics"),
          minCertDays: num("min-cert-days", DEFAULT_MIN_CERT_DAYS),
        }),
      ];
    }
    const name = arg.replace(/^neuropilot-/, "");
    const config = environments().find((e) => e.name === name);
    if (!config)
      throw new UsageError(
        `unknown stack or environment "${arg}" (known: ${environments()
          .map((e) => e.name)
          .join(", ")})`,
      );
    const origins = flags["public-only"] ? [] : originTargets(config);
    return [...environmentTargets(config), ...origins].map((t) => ({
      ...t,
      latencyBudgetMs: num("latency-budget-ms", t.latencyBudgetMs),
      minCertDays: num("min-cert-days", t.minCertDays),
    }));
  });
}

export function renderResults(results: CheckResult[]): string {
  const rows = results.map((r) => [r.target, r.check, r.status.toUpperCase(), r.detail]);
  const failed = results.filter((r) => r.status === "fail").length;
  const summary =
    failed === 0 ? `All ${results.length} checks passed.` : `${failed} of ${results.length} checks failed.`;
  return `${formatTable(["target", "check", "result", "detail"], rows)}\n\n${summary}`;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = strictArgs({
    args: argv,
    allowPositionals: true,
    options: {
      attempts: { type: "string" },
      "initial-delay-ms": { type: "string" },
      ca: { type: "string" },
      "latency-budget-ms": { type: "string" },
      "timeout-ms": { type: "string" },
      "min-cert-days": { type: "string" },
      "health-path": { type: "string" },
      "expected-status": { type: "string" },
      "hsts-max-age": { type: "string" },
      "no-hsts": { type: "boolean" },
      "metrics-path": { type: "string" },
      "public-only": { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError("name a stack, an environment or a URL to test");
  let loaded: EnvironmentConfig[] | undefined;
  const environments = () => (loaded ??= loadEnvironments(ENVIRONMENT_SOURCES));
  const options: SmokeOptions = {
    retry: {
      attempts: numberFlag(values, "attempts", NUMBER_FLAGS.attempts, 5),
      initialDelayMs: numberFlag(values, "initial-delay-ms", NUMBER_FLAGS["initial-delay-ms"], 1000),
      factor: 2,
      maxDelayMs: 30_000,
    },
    // A named client: the WAF challenges empty and library user agents (waf.ts).
    userAgent: "neuropilot-smoke/1.0",
    agent: values.ca === undefined ? undefined : caAgent(values.ca),
  };
  const targets = resolveTargets(positionals, environments, values);
  const results: CheckResult[] = [];
  for (const target of targets) results.push(...(await runSmokeChecks(target, options)));
  console.log(renderResults(results));
  return results.some((r) => r.status === "fail") ? 1 : 0;
}

/** Errors a person fixes: bad config, an unreadable --ca file. */
function isUserError(error: unknown): error is Error {
  return error instanceof ConfigError || error instanceof CaFileError;
}

class CaFileError extends Error {}

function caAgent(file: string): https.Agent {
  try {
    return new https.Agent({ ca: readFileSync(file) });
  } catch (error) {
    throw new CaFileError(
      `--ca ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? "error"}); give a PEM file`,
    );
  }
}

if (require.main === module) {
  runCommand(() => main(process.argv.slice(2)), { name: "smoke", usage: USAGE, isUserError });
}
