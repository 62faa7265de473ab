// Where Sentry and Grafana Cloud keep an environment's telemetry (issue 29), in the region
// table's jurisdiction vocabulary (config/regions.ts), for the residency rules.
//
// Sentry: an organization stores its data in the US (Iowa) or the EU (Frankfurt), chosen when
// the organization is created and never changed (docs.sentry.io/organization/data-storage-location/);
// the API of each is served from a region domain, us.sentry.io or de.sentry.io (docs.sentry.io/api/,
// "Choosing the Right API Base Domain", getsentry/sentry-docs PR 11652). The provider's
// `base_url` takes `https://[hostname]/api/` (jianyuan/sentry 0.15.4, provider config).
//
// Grafana Cloud: a stack lives in one region, and its service hosts name it: flat format
// `<service>-<region>.grafana.net`, e.g. prometheus-prod-13-prod-us-east-0.grafana.net
// (grafana.com/docs/grafana-cloud/security-and-account-management/region-url-formats/).

export const SENTRY_DATA_REGIONS = {
  us: { jurisdiction: "us", apiBase: "https://us.sentry.io/api/" },
  de: { jurisdiction: "eu", apiBase: "https://de.sentry.io/api/" },
} as const;
export type SentryDataRegion = keyof typeof SENTRY_DATA_REGIONS;
export const SENTRY_DATA_REGION_IDS = Object.keys(SENTRY_DATA_REGIONS) as SentryDataRegion[];

/** Grafana Cloud region geographies by their slug's first word, where the region table has the jurisdiction. */
const GRAFANA_GEOGRAPHIES: Record<string, string> = { us: "us", eu: "eu", ap: "ap" };

/** The Grafana Cloud region slug (prod-us-east-0) a stack's service URL names, if any. */
export function grafanaRegionOf(url: string): string | undefined {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return undefined;
  }
  return /(?:^|[.-])(prod-[a-z]+-[a-z]+-\d+)\.grafana\.net$/.exec(host)?.[1];
}

/** Jurisdiction of a Grafana Cloud region slug; undefined when the table cannot tell. */
export function grafanaJurisdiction(region: string | undefined): string | undefined {
  const geography = region ? /^prod-([a-z]+)-/.exec(region)?.[1] : undefined;
  return geography ? GRAFANA_GEOGRAPHIES[geography] : undefined;
}

/** Whether a cell may send errors to a Sentry organization in `dataRegion`: not strict, or strict in its jurisdiction. */
export function sentryAllowed(
  cell: { residency: string; jurisdiction: string },
  dataRegion: SentryDataRegion,
): boolean {
  return cell.residency !== "strict" || SENTRY_DATA_REGIONS[dataRegion].jurisdiction === cell.jurisdiction;
}
