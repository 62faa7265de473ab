// What to smoke-test, from validated config: an environment's API host (health path,
// /metrics where configured) and frontend host (/), with the HSTS policy the edge sets
// (zone-settings.ts always sends X-Content-Type-Options: nosniff with it). Or a bare URL.
import type { EnvironmentConfig } from "../config/schema";
import type { HstsExpectation, SmokeTarget } from "./smoke-checks";

/** Certificates with fewer days left fail the TLS check: Universal SSL renews about 30 days ahead. */
export const DEFAULT_MIN_CERT_DAYS = 14;

function hstsOf(config: EnvironmentConfig): HstsExpectation {
  const hsts = config.cloudflare.tls.hsts;
  return { minMaxAgeSeconds: hsts.maxAgeSeconds, includeSubDomains: hsts.includeSubdomains, preload: hsts.preload };
}

export function environmentTargets(config: EnvironmentConfig): SmokeTarget[] {
  const common = {
    expectedStatus: config.healthCheck.expectedStatus,
    latencyBudgetMs: config.healthCheck.latencyBudgetMs,
    timeoutMs: config.healthCheck.timeoutSeconds * 1000,
    hsts: hstsOf(config),
    nosniff: true,
    minCertDays: DEFAULT_MIN_CERT_DAYS,
  };
  const { api, frontend } = config.cloudflare.hosts;
  return [
    {
      ...common,
      name: api,
      baseUrl: `https://${api}`,
      path: config.healthCheck.path,
      metricsPath: config.healthCheck.metricsPath,
    },
    { ...common, name: frontend, baseUrl: `https://${frontend}`, path: "/", expectedStatus: 200, metricsPath: null },
  ];
}

export interface UrlTargetOptions {
  /** Used when the URL has no path of its own. */
  healthPath: string;
  expectedStatus: number;
  latencyBudgetMs: number;
  timeoutMs: number;
  /** Null skips the HSTS check. */
  hsts: HstsExpectation | null;
  nosniff: boolean;
  metricsPath: string | null;
  minCertDays: number;
}

/** A target for a URL given on the command line; a path in the URL replaces the health path. */
export function urlTarget(raw: string, options: UrlTargetOptions): SmokeTarget {
  const url = new URL(raw);
  const path = url.pathname === "/" && !raw.endsWith("/") ? options.healthPath : `${url.pathname}${url.search}`;
  return { ...options, name: url.host, baseUrl: url.origin, path };
}
