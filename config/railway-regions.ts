// Railway deployment regions: the rows of the region table (config/regions.ts), as the
// `region` identifiers Railway's API and the terraform-community-providers/railway
// `regions` attribute take (docs.railway.com/reference/regions).
import { RAILWAY_REGION_IDS } from "./regions";

export const RAILWAY_REGIONS = RAILWAY_REGION_IDS;

/** Replicas per region we allow from config; a guard against typos like 30 for 3. */
export const RAILWAY_MAX_REPLICAS_PER_REGION = 10;
