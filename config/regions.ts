// The region model as data (issue 17): where each deployable region is, which provider ids
// name it, and which jurisdiction its data falls under. Adding a region is one row here;
// nothing else in the program lists regions. Cells (config/cells.ts) pick regions by
// Railway region id and get their jurisdiction, Neon region and geo-steering codes from here.
//
// Sources:
// - Railway region ids: docs.railway.com/reference/regions (the ids the Railway API and the
//   terraform-community-providers/railway `regions[].region` attribute take), read 2026-11.
// - Neon region ids: kislerdm/neon 0.15.0 `neon_project.region_id` (docs/resources/project.md,
//   "region_id (String) Deployment region"; the provider passes it to the Neon API unchecked)
//   and neon.com/docs/introduction/regions, read 2026-12.
// - Cloudflare Load Balancing region codes: developers.cloudflare.com/load-balancing/reference/
//   region-mapping-api/ (13 regions; page updated 2026-04-16), the keys of `region_pools` in
//   cloudflare_load_balancer (provider 5.14.0, @cdktf/provider-cloudflare 13.9.1).

/** Cloudflare Load Balancing regions, the keys `region_pools` accepts. */
export const CLOUDFLARE_LB_REGIONS = [
  "WNAM",
  "ENAM",
  "WEU",
  "EEU",
  "NSAM",
  "SSAM",
  "OC",
  "ME",
  "NAF",
  "SAF",
  "SAS",
  "SEAS",
  "NEAS",
] as const;
export type CloudflareLbRegion = (typeof CLOUDFLARE_LB_REGIONS)[number];

export interface NeonRegionFacts {
  /** `region_id` of neon_project. */
  id: string;
  location: string;
  jurisdiction: string;
}

/** Neon regions and where their data is held. London is UK, not EU, since 2021. */
export const NEON_REGION_TABLE: readonly NeonRegionFacts[] = [
  { id: "aws-us-east-1", location: "N. Virginia, USA", jurisdiction: "us" },
  { id: "aws-us-east-2", location: "Ohio, USA", jurisdiction: "us" },
  { id: "aws-us-west-2", location: "Oregon, USA", jurisdiction: "us" },
  { id: "aws-eu-central-1", location: "Frankfurt, Germany", jurisdiction: "eu" },
  { id: "aws-eu-west-2", location: "London, UK", jurisdiction: "uk" },
  { id: "aws-ap-southeast-1", location: "Singapore", jurisdiction: "ap" },
  { id: "aws-ap-southeast-2", location: "Sydney, Australia", jurisdiction: "ap" },
  { id: "aws-sa-east-1", location: "São Paulo, Brazil", jurisdiction: "sa" },
  { id: "azure-eastus2", location: "Virginia, USA (Azure)", jurisdiction: "us" },
  { id: "azure-westus3", location: "Arizona, USA (Azure)", jurisdiction: "us" },
  { id: "azure-gwc", location: "Frankfurt, Germany (Azure)", jurisdiction: "eu" },
];

export interface RegionFacts {
  /** Railway's region id (`railway_service.regions[].region`). */
  railwayRegion: string;
  location: string;
  jurisdiction: string;
  /** The Neon region of the same jurisdiction nearest to it: a cell's default database region. */
  nearestNeonRegion: string;
  /** Cloudflare LB regions whose visitors this region serves first under geo steering. */
  cloudflareRegions: readonly CloudflareLbRegion[];
}

export const REGION_TABLE: readonly RegionFacts[] = [
  {
    railwayRegion: "us-west2",
    location: "California, USA",
    jurisdiction: "us",
    nearestNeonRegion: "aws-us-west-2",
    cloudflareRegions: ["WNAM"],
  },
  {
    railwayRegion: "us-east4-eqdc4a",
    location: "Virginia, USA",
    jurisdiction: "us",
    nearestNeonRegion: "aws-us-east-1",
    cloudflareRegions: ["ENAM", "NSAM", "SSAM"],
  },
  {
    railwayRegion: "europe-west4-drams3a",
    location: "Amsterdam, Netherlands",
    jurisdiction: "eu",
    nearestNeonRegion: "aws-eu-central-1",
    cloudflareRegions: ["WEU", "EEU", "ME", "NAF", "SAF"],
  },
  {
    railwayRegion: "asia-southeast1-eqsg3a",
    location: "Singapore",
    jurisdiction: "ap",
    nearestNeonRegion: "aws-ap-southeast-1",
    cloudflareRegions: ["SEAS", "NEAS", "SAS", "OC"],
  },
];

export const RAILWAY_REGION_IDS: readonly string[] = REGION_TABLE.map((r) => r.railwayRegion);
export const NEON_REGION_IDS: readonly string[] = NEON_REGION_TABLE.map((r) => r.id);

export function regionFacts(railwayRegion: string): RegionFacts | undefined {
  return REGION_TABLE.find((r) => r.railwayRegion === railwayRegion);
}

export function neonJurisdiction(neonRegion: string): string | undefined {
  return NEON_REGION_TABLE.find((r) => r.id === neonRegion)?.jurisdiction;
}
