// What the policy rules need to know about an environment beyond its resources.
import type { CellConfig } from "../config/cells";
import type { SentryDataRegion } from "../config/observability-regions";
import type { PolicyWaiver } from "../config/policy-rule-ids";

/** What the residency rules know of a cell. */
export type PolicyCell = Pick<CellConfig, "id" | "jurisdiction" | "residency" | "countries" | "pops"> & {
  regions: ReadonlyArray<{ name: string; railwayRegion: string }>;
};

export interface EnvironmentPolicySubject {
  environment: string;
  tier: "production" | "staging";
  /** The zone serving the environment's hosts; zone-wide settings may live in another stack. */
  zoneId: string;
  zoneName: string;
  /** The login endpoint the rate-limiting rule must cover. */
  loginPath: string;
  waivers: readonly PolicyWaiver[];
  /** The environment's cells (one for a config without cells). */
  cells: readonly PolicyCell[];
  /** Where Sentry and Grafana Cloud keep the telemetry (config/observability-regions.ts). */
  observability: { sentryDataRegion: SentryDataRegion; grafanaPrometheusUrl: string };
}

export interface PolicySubjectConfig {
  name: string;
  tier: "production" | "staging";
  cloudflare: { zoneId: string; zoneName: string; rateLimit: { loginPath: string } };
  policy: { waive: readonly PolicyWaiver[] };
  cells: readonly PolicyCell[];
  sentry: { dataRegion: SentryDataRegion };
  grafana: { prometheusUrl: string };
}

export function policySubject(config: PolicySubjectConfig): EnvironmentPolicySubject {
  return {
    environment: config.name,
    tier: config.tier,
    zoneId: config.cloudflare.zoneId,
    zoneName: config.cloudflare.zoneName,
    loginPath: config.cloudflare.rateLimit.loginPath,
    waivers: config.policy.waive,
    cells: config.cells,
    observability: { sentryDataRegion: config.sentry.dataRegion, grafanaPrometheusUrl: config.grafana.prometheusUrl },
  };
}
