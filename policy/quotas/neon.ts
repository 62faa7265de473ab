// Neon's project and branch limits per plan (neondatabase/website
// content/docs/introduction/plans.md at 0020a39, updatedOn 2026-03-20; the live page
// neon.com/docs/introduction/plans, read 2026-12-07, shows the same limits): projects per
// organization 100 (Free, Launch), 1,000 (Scale, a soft limit); branches per project 10
// on Free (extra branches are not available there), at most 5,000 on Launch and Scale
// (branches past the included 10/25 are billed, config/prices.ts).
import type { NeonPlan } from "../../config/neon-limits";
import type { EnvironmentConfig } from "../../config/schema";
import type { QuotaRule } from "./rule";

export const NEON_PROJECTS_PER_PLAN: Record<NeonPlan, number> = { free: 100, launch: 100, scale: 1000, business: 1000 };
export const NEON_BRANCHES_PER_PROJECT: Record<NeonPlan, number> = {
  free: 10,
  launch: 5000,
  scale: 5000,
  business: 5000,
};

const SOURCE = {
  ref: "https://neon.com/docs/introduction/plans (neondatabase/website content/docs/introduction/plans.md at 0020a39)",
  read: "2026-12-07",
};

/** The environment that owns the Neon projects: the one on their default branches. */
const owner = (environments: readonly EnvironmentConfig[]) =>
  environments.find((e) => e.neon.isDefaultBranch) ?? environments[0];

export const neonProjects: QuotaRule = {
  id: "neon-projects",
  what: "Neon projects in the organization (one per cell)",
  limits: "100 (Free, Launch), 1,000 (Scale)",
  source: SOURCE,
  fix: "use fewer cells, or raise neon.plan to scale",
  check(environments) {
    const env = owner(environments);
    if (!env) return [];
    const used = env.cells.length;
    const limit = NEON_PROJECTS_PER_PLAN[env.neon.plan];
    if (used <= limit) return [];
    return [
      {
        environment: env.name,
        path: ["cells"],
        used,
        limit,
        plan: `the Neon ${env.neon.plan} plan`,
        detail: "one project per cell",
      },
    ];
  },
};

export const neonBranches: QuotaRule = {
  id: "neon-branches",
  what: "branches per Neon project (one per environment: the owner's default branch and one child each)",
  limits: "10 (Free; no extra branches), 5,000 (Launch, Scale)",
  source: SOURCE,
  fix: "use fewer environments per project, or raise neon.plan to launch",
  check(environments) {
    const env = owner(environments);
    if (!env) return [];
    const used = environments.length;
    const limit = NEON_BRANCHES_PER_PROJECT[env.neon.plan];
    if (used <= limit) return [];
    return [
      {
        environment: env.name,
        path: ["neon", "plan"],
        used,
        limit,
        plan: `the Neon ${env.neon.plan} plan`,
        detail: `${environments.map((e) => e.name).join(", ")}`,
      },
    ];
  },
};
