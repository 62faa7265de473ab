// npm run smoke -- <stack|environment|url> [...] [options]
// Smoke-tests the public hosts of an environment (from the validated config) or the given
// URLs, prints a pass/fail table and exits 1 when any check fails (2 on bad usage).
// Options: --attempts N (5), --initial-delay-ms N (1000), --ca <pem file>,
// --latency-budget-ms N, --min-cert-days N (14); for URLs also --health-path (/health),
// --expected-status (200), --hsts-max-age N (15552000), --no-hsts, --metrics-path <path>.
import { readFileSync } from "node:fs";
import https from "node:https";
import { parseArgs } from "node:util";
import { ENVIRONMENT_SOURCES } from "../config";
import { ConfigError, loadEnvironments } from "../config/load";
import type { EnvironmentConfig } from "../config/schema";
import { type CheckResult, runSmokeChecks, type SmokeOptions, type SmokeTarget } from "./smoke-checks";
import { DEFAULT_MIN_CERT_DAYS, environmentTargets, urlTarget } from "./smoke-targets";
import { formatTable } from "./table";

const USAGE = "usage: npm run smoke -- <stack|environment|url> [...] [--attempts N] [--ca file] [--help]";

export function resolveTargets(
  args: string[],
  environments: () => EnvironmentConfig[],
  flags: Record<string, string | boolean | undefined>,
): SmokeTarget[] {
  const num = (name: string, fallback: number) => (flags[name] === undefined ? fallback : Number(flags[name]));
  return args.flatMap((arg) => {
    if (/^https?:\/\//.test(arg)) {
      return [
        urlTarget(arg, {
          healthPath: String(flags["health-path"] ?? "/health"),
          expectedStatus: num("expected-status", 200),
          latencyBudgetMs: num("latency-budget-ms", 2000),
          timeoutMs: num("timeout-ms", 10_000),
          hsts: flags["no-hsts"]
            ? null
            : { minMaxAgeSeconds: num("hsts-max-age", 15_552_000), includeSubDomains: true, preload: false },
          nosniff: !flags["no-hsts"],
          metricsPath: typeof flags["metrics-path"] === "string" ? flags["metrics-path"] : null,
          minCertDays: num("min-cert-days", DEFAULT_MIN_CERT_DAYS),
        }),
      ];
    }
    const name = arg.replace(/^neuropilot-/, "");
    const config = environments().find((e) => e.name === name);
    if (!config)
      throw new Error(
        `unknown stack or environment "${arg}" (known: ${environments()
          .map((e) => e.name)
          .join(", ")})`,
      );
    return environmentTargets(config).map((t) => ({
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
  const { values, positionals } = parseArgs({
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
      help: { type: "boolean" },
    },
  });
  if (values.help || positionals.length === 0) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  let loaded: EnvironmentConfig[] | undefined;
  const environments = () => (loaded ??= loadEnvironments(ENVIRONMENT_SOURCES));
  const targets = resolveTargets(positionals, environments, values);
  const options: SmokeOptions = {
    retry: {
      attempts: Number(values.attempts ?? 5),
      initialDelayMs: Number(values["initial-delay-ms"] ?? 1000),
      factor: 2,
      maxDelayMs: 30_000,
    },
    // A named client: the WAF challenges empty and library user agents (waf.ts).
    userAgent: "neuropilot-smoke/1.0",
    agent: values.ca ? new https.Agent({ ca: readFileSync(values.ca) }) : undefined,
  };
  const results: CheckResult[] = [];
  for (const target of targets) results.push(...(await runSmokeChecks(target, options)));
  console.log(renderResults(results));
  return results.some((r) => r.status === "fail") ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof ConfigError || error instanceof Error ? error.message : String(error));
      console.error(USAGE);
      process.exit(2);
    },
  );
}
