// Neon facts used by validation. Region ids are the `region_id` values the Neon API
// and the kislerdm/neon provider accept; retention limits are the plans' maximum
// point-in-time-restore windows (neon.com/docs/introduction/plans, read 2026-11).
export const NEON_REGIONS = [
  "aws-us-east-1",
  "aws-us-east-2",
  "aws-us-west-2",
  "aws-eu-central-1",
  "aws-eu-west-2",
  "aws-ap-southeast-1",
  "aws-ap-southeast-2",
  "aws-sa-east-1",
  "azure-eastus2",
  "azure-westus3",
  "azure-gwc",
] as const;

export const NEON_PLANS = ["free", "launch", "scale", "business"] as const;
export type NeonPlan = (typeof NEON_PLANS)[number];

const DAY = 86_400;
export const NEON_RETENTION_LIMIT_SECONDS: Record<NeonPlan, number> = {
  free: DAY / 4,
  launch: 7 * DAY,
  scale: 30 * DAY,
  business: 30 * DAY,
};

/**
 * The role the project creates with its default database (`neon_project.branch.role_name`):
 * it owns the database and runs migrations; the app connects as its own role.
 */
export function neonOwnerRoleName(appRoleName: string): string {
  return `${appRoleName}_owner`;
}
