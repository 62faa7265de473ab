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
 * Protected branches by plan (neondatabase/website@0020a39 content/docs/introduction/plans.md,
 * "Compliance and security": Launch and Scale list them, Free has none). The project's default
 * branch is protected where the plan allows it; the Neon API refuses the setting on Free.
 */
export const NEON_PROTECTED_BRANCHES: Record<NeonPlan, boolean> = {
  free: false,
  launch: true,
  scale: true,
  business: true,
};

/** Shortest configurable suspend timeout on the plans that allow any (Scale: "1 minute to always on"). */
export const NEON_MIN_SUSPEND_SECONDS = 60;
/** The fixed scale-to-zero delay of Free and Launch ("After 5 min"). */
export const NEON_FIXED_SUSPEND_SECONDS = 300;

/**
 * What is wrong with a compute's suspend timeout on `plan`, or nothing. Scale to zero by plan
 * (plans.md, same commit, "Scale to zero"): Free suspends after 5 minutes and cannot disable it;
 * Launch after 5 minutes and can disable it; Scale is configurable from 1 minute to always on.
 * In the API, -1 never suspends and 0 takes Neon's default (5 minutes), on every plan.
 */
export function neonSuspendIssue(plan: NeonPlan, seconds: number): string | undefined {
  if (seconds === 0) return undefined;
  if (plan === "free") {
    if (seconds === NEON_FIXED_SUSPEND_SECONDS) return undefined;
    return `the Neon free plan always suspends after 5 minutes: use ${NEON_FIXED_SUSPEND_SECONDS} or 0 (Neon's default), got ${seconds}`;
  }
  if (plan === "launch") {
    if (seconds === NEON_FIXED_SUSPEND_SECONDS || seconds === -1) return undefined;
    return `the Neon launch plan suspends after 5 minutes or never: use ${NEON_FIXED_SUSPEND_SECONDS} (or 0, Neon's default) or -1 to disable scale to zero, got ${seconds}; other timeouts need the scale plan`;
  }
  if (seconds === -1 || seconds >= NEON_MIN_SUSPEND_SECONDS) return undefined;
  return `the Neon ${plan} plan suspends after ${NEON_MIN_SUSPEND_SECONDS} seconds at the earliest: use ${NEON_MIN_SUSPEND_SECONDS} or more, 0 (Neon's default) or -1 (never), got ${seconds}`;
}

/**
 * The role the project creates with its default database (`neon_project.branch.role_name`):
 * it owns the database and runs migrations; the app connects as its own role.
 */
export function neonOwnerRoleName(appRoleName: string): string {
  return `${appRoleName}_owner`;
}

/**
 * Compute sizes Neon accepts, in CU: 0.25, 0.5, every whole CU to 16, then every even CU to
 * 56 (neon.com/docs/manage/computes, "Compute size and autoscaling configuration", read
 * 2026-12). Autoscaling (min < max) runs from 0.25 to 16 CU with max − min ≤ 8; fixed sizes
 * above 16 CU need min = max.
 */
export const NEON_COMPUTE_STEPS: readonly number[] = [
  0.25,
  0.5,
  ...Array.from({ length: 16 }, (_, i) => i + 1),
  ...Array.from({ length: 20 }, (_, i) => 18 + 2 * i),
];
export const NEON_AUTOSCALING_MAX_CU = 16;
export const NEON_AUTOSCALING_MAX_SPREAD_CU = 8;

/**
 * Largest compute each plan allows (neon.com/docs/introduction/plans, read 2026-12): Free
 * autoscales to 2 CU, Launch to 16 CU, Scale (and the legacy Business plan) to 16 CU with
 * fixed sizes to 56 CU.
 */
export const NEON_PLAN_MAX_CU: Record<NeonPlan, number> = { free: 2, launch: 16, scale: 56, business: 56 };

/** What is wrong with a compute's min/max CU, path-relative, or nothing. */
export function neonComputeIssues(
  plan: NeonPlan,
  compute: { minCu: number; maxCu: number },
): Array<{ key: "minCu" | "maxCu"; message: string }> {
  const issues: Array<{ key: "minCu" | "maxCu"; message: string }> = [];
  const steps = "0.25, 0.5, 1, 2, … 16, then even sizes 18, 20, … 56";
  for (const key of ["minCu", "maxCu"] as const) {
    if (!NEON_COMPUTE_STEPS.includes(compute[key])) {
      issues.push({ key, message: `${compute[key]} CU is not a Neon compute size; use one of ${steps}` });
    }
  }
  if (issues.length > 0) return issues;
  const { minCu, maxCu } = compute;
  if (minCu > maxCu) issues.push({ key: "minCu", message: `minCu (${minCu}) must not exceed maxCu (${maxCu})` });
  else if (maxCu > NEON_PLAN_MAX_CU[plan]) {
    issues.push({ key: "maxCu", message: `${maxCu} CU exceeds the Neon ${plan} plan's ${NEON_PLAN_MAX_CU[plan]} CU` });
  } else if (minCu < maxCu && maxCu > NEON_AUTOSCALING_MAX_CU) {
    issues.push({
      key: "maxCu",
      message: `autoscaling reaches at most ${NEON_AUTOSCALING_MAX_CU} CU; set minCu equal to maxCu for a fixed size above it`,
    });
  } else if (maxCu - minCu > NEON_AUTOSCALING_MAX_SPREAD_CU) {
    issues.push({
      key: "maxCu",
      message: `the autoscaling range ${minCu}–${maxCu} CU spans more than ${NEON_AUTOSCALING_MAX_SPREAD_CU} CU; raise minCu or lower maxCu`,
    });
  }
  return issues;
}
