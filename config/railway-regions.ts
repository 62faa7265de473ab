// Railway deployment regions, as the `region` identifiers Railway's API and the
// terraform-community-providers/railway `regions` attribute take (docs.railway.com/reference/regions).
export const RAILWAY_REGIONS = [
  "us-west2",
  "us-east4-eqdc4a",
  "europe-west4-drams3a",
  "asia-southeast1-eqsg3a",
] as const;
export type RailwayRegion = (typeof RAILWAY_REGIONS)[number];

/** Replicas per region we allow from config; a guard against typos like 30 for 3. */
export const RAILWAY_MAX_REPLICAS_PER_REGION = 10;
