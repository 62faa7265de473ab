// The smoke checks of one public host: status and latency of its check path (retried
// while the origin starts), TLS validity and days to expiry, the security headers the
// edge adds (HSTS, X-Content-Type-Options), and /metrics where configured.
import type https from "node:https";
import { getWithRetry, type HttpResponse, type RetriedResult, type RetryPolicy } from "./http-probe";

export interface HstsExpectation {
  minMaxAgeSeconds: number;
  includeSubDomains: boolean;
  preload: boolean;
}

export interface SmokeTarget {
  /** Label in the report, e.g. api.neuropilot.ai. */
  name: string;
  /** Scheme and host (and port), e.g. https://api.neuropilot.ai. */
  baseUrl: string;
  /** Path whose status and latency are checked: the health path, or / for the frontend. */
  path: string;
  expectedStatus: number;
  latencyBudgetMs: number;
  timeoutMs: number;
  /** Null: not checked. */
  hsts: HstsExpectation | null;
  nosniff: boolean;
  /** Prometheus endpoint to check on this host; null: not checked. */
  metricsPath: string | null;
  /** TLS fails when the certificate expires in fewer days. */
  minCertDays: number;
}

export interface SmokeOptions {
  retry: RetryPolicy;
  userAgent: string;
  /** HTTPS agent (trusted CA, rejectUnauthorized); Node's default verification otherwise. */
  agent?: https.Agent;
  wait?: (ms: number) => Promise<void>;
}

export type CheckStatus = "pass" | "fail" | "skip";

export interface CheckResult {
  target: string;
  check: "status" | "latency" | "tls" | "hsts" | "nosniff" | "metrics";
  status: CheckStatus;
  detail: string;
}

const DAY_MS = 86_400_000;

/** `max-age=31536000; includeSubDomains; preload` → its directives, lower-cased names. */
export function parseHsts(header: string): Map<string, string | true> {
  const directives = new Map<string, string | true>();
  for (const part of header.split(";")) {
    const [name, value] = part.trim().split("=", 2);
    if (name) directives.set(name.toLowerCase(), value === undefined ? true : value.replace(/^"|"$/g, ""));
  }
  return directives;
}

export function checkHsts(
  header: string | undefined,
  expected: HstsExpectation,
): Omit<CheckResult, "target" | "check"> {
  if (!header) return { status: "fail", detail: "no strict-transport-security header" };
  const directives = parseHsts(header);
  const maxAge = Number(directives.get("max-age"));
  const problems: string[] = [];
  if (!Number.isInteger(maxAge)) problems.push("no max-age");
  else if (maxAge < expected.minMaxAgeSeconds) problems.push(`max-age ${maxAge} < ${expected.minMaxAgeSeconds}`);
  if (expected.includeSubDomains && !directives.has("includesubdomains")) problems.push("no includeSubDomains");
  if (expected.preload && !directives.has("preload")) problems.push("no preload");
  return problems.length > 0
    ? { status: "fail", detail: `${problems.join(", ")} (${header})` }
    : { status: "pass", detail: header };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(", ") : value;
}

function statusCheck(url: URL, result: RetriedResult, expected: number): Omit<CheckResult, "target" | "check"> {
  const tries = result.attempts > 1 ? ` after ${result.attempts} attempts` : "";
  if (!result.response) {
    return { status: "fail", detail: `${url.pathname}: ${result.error?.code} ${result.error?.message}${tries}` };
  }
  const status = result.response.status;
  return status === expected
    ? { status: "pass", detail: `${url.pathname}: ${status}${tries}` }
    : { status: "fail", detail: `${url.pathname}: ${status}, expected ${expected}${tries}` };
}

function tlsCheck(
  url: URL,
  result: RetriedResult,
  target: SmokeTarget,
  now: number,
): Omit<CheckResult, "target" | "check"> {
  if (url.protocol !== "https:") return { status: "skip", detail: "plain HTTP" };
  if (result.error?.isTls) return { status: "fail", detail: `untrusted certificate: ${result.error.code}` };
  const certificate = result.response?.certificate;
  if (!certificate) return { status: "skip", detail: "no response" };
  const days = Math.floor((certificate.validTo.getTime() - now) / DAY_MS);
  const detail = `valid, ${days} days to expiry (CN=${certificate.subject})`;
  return days < target.minCertDays
    ? { status: "fail", detail: `${detail}; renew: fewer than ${target.minCertDays} days left` }
    : { status: "pass", detail };
}

function headerChecks(url: URL, response: HttpResponse | undefined, target: SmokeTarget): CheckResult[] {
  const results: CheckResult[] = [];
  const add = (check: CheckResult["check"], r: Omit<CheckResult, "target" | "check">) =>
    results.push({ target: target.name, check, ...r });
  const notApplicable = url.protocol !== "https:" ? "plain HTTP" : !response ? "no response" : null;

  if (!target.hsts) add("hsts", { status: "skip", detail: "not configured" });
  else if (notApplicable) add("hsts", { status: "skip", detail: notApplicable });
  else add("hsts", checkHsts(single(response?.headers["strict-transport-security"]), target.hsts));

  if (!target.nosniff) add("nosniff", { status: "skip", detail: "not configured" });
  else if (!response) add("nosniff", { status: "skip", detail: "no response" });
  else {
    const value = single(response.headers["x-content-type-options"]);
    add(
      "nosniff",
      value?.trim().toLowerCase() === "nosniff"
        ? { status: "pass", detail: "x-content-type-options: nosniff" }
        : { status: "fail", detail: value ? `x-content-type-options: ${value}` : "no x-content-type-options header" },
    );
  }
  return results;
}

async function metricsCheck(
  target: SmokeTarget,
  options: SmokeOptions,
): Promise<Omit<CheckResult, "target" | "check">> {
  if (!target.metricsPath) return { status: "skip", detail: "not configured" };
  const url = new URL(target.metricsPath, target.baseUrl);
  const result = await getWithRetry(url, requestSettings(target, options), options.retry, options.wait);
  if (!result.response) return { status: "fail", detail: `${url.pathname}: ${result.error?.code}` };
  const { status, body } = result.response;
  if (status !== 200)
    return { status: "fail", detail: `${url.pathname}: ${status}${status === 404 ? " (missing)" : ""}` };
  return /^# (TYPE|HELP) /m.test(body)
    ? { status: "pass", detail: `${url.pathname}: 200, Prometheus text format` }
    : { status: "fail", detail: `${url.pathname}: 200 but not Prometheus text format` };
}

function requestSettings(target: SmokeTarget, options: SmokeOptions) {
  return { timeoutMs: target.timeoutMs, userAgent: options.userAgent, agent: options.agent };
}

export async function runSmokeChecks(target: SmokeTarget, options: SmokeOptions): Promise<CheckResult[]> {
  const url = new URL(target.path, target.baseUrl);
  const result = await getWithRetry(url, requestSettings(target, options), options.retry, options.wait);
  const response = result.response;
  const row = (check: CheckResult["check"], r: Omit<CheckResult, "target" | "check">): CheckResult => ({
    target: target.name,
    check,
    ...r,
  });
  const latency = response
    ? response.elapsedMs <= target.latencyBudgetMs
      ? row("latency", { status: "pass", detail: `${response.elapsedMs} ms (budget ${target.latencyBudgetMs} ms)` })
      : row("latency", {
          status: "fail",
          detail: `${response.elapsedMs} ms, over the ${target.latencyBudgetMs} ms budget`,
        })
    : row("latency", { status: "skip", detail: "no response" });
  return [
    row("status", statusCheck(url, result, target.expectedStatus)),
    latency,
    row("tls", tlsCheck(url, result, target, Date.now())),
    ...headerChecks(url, response, target),
    row("metrics", await metricsCheck(target, options)),
  ];
}
