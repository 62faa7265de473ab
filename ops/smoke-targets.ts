// What to smoke-test, from validated config: an environment's API host (health path,
// /metrics where configured) and frontend host (/), with the HSTS policy the edge sets
// (zone-settings.ts always sends X-Content-Type-Options: nosniff with it); each region's
// origin (its Railway service domain, behind the load balancer) on the health path; or a bare URL.
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

/**
 * The Railway service domain of one region's backend, as the stack requests it:
 * constructs/railway/backend-service.ts names the service `<serviceName>-<region>` and its
 * `railway_service_domain` `subdomain` `<service>-<environmentName>`; the provider computes
 * `domain` = subdomain + `suffix` (providers/railway.json, `railway_service_domain.suffix`),
 * `up.railway.app` for service domains. The stack's `backend_origins` output holds the
 * applied names.
 */
export function originHost(config: EnvironmentConfig, regionName: string): string {
  return `${config.railway.backend.serviceName}-${regionName}-${config.railway.environmentName}.up.railway.app`;
}

export interface OriginTarget extends SmokeTarget {
  /** Our region name (config regions[].name). */
  region: string;
  /** Railway's region id (config regions[].railwayRegion). */
  railwayRegion: string;
}

/**
 * Each region's origin, primary first, on the health path: status, latency and TLS (Railway's
 * certificate). No HSTS, nosniff or /metrics checks: the edge adds those headers and serves
 * /metrics, and the public host's checks cover them.
 */
export function originTargets(config: EnvironmentConfig): OriginTarget[] {
  return config.regions.map((region) => {
    const host = originHost(config, region.name);
    return {
      name: `${region.name} origin ${host}`,
      region: region.name,
      railwayRegion: region.railwayRegion,
      baseUrl: `https://${host}`,
      path: config.healthCheck.path,
      expectedStatus: config.healthCheck.expectedStatus,
      latencyBudgetMs: config.healthCheck.latencyBudgetMs,
      timeoutMs: config.healthCheck.timeoutSeconds * 1000,
      hsts: null,
      nosniff: false,
      metricsPath: null,
      minCertDays: DEFAULT_MIN_CERT_DAYS,
    };
  });
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
