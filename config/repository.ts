// The one GitHub repository (and trusted-plan app) every environment shares: the bootstrap
// stack manages it, and plan-pr.yml reads the app id from here (pipeline/trusted-plan-app.ts).
import type { EnvironmentConfig } from "./schema";

/** The environments' shared `github` settings; refused when two environments disagree. */
export function repositoryOf(environments: EnvironmentConfig[]): EnvironmentConfig["github"] {
  const [first, ...rest] = environments;
  if (first === undefined) throw new Error("config: no environment, so no GitHub repository");
  const other = rest.find(
    (e) =>
      e.github.owner !== first.github.owner ||
      e.github.repo !== first.github.repo ||
      e.github.visibility !== first.github.visibility ||
      e.github.plan !== first.github.plan ||
      e.github.trustedPlanAppId !== first.github.trustedPlanAppId,
  );
  if (other !== undefined) {
    throw new Error(
      `all environments must share one GitHub repository and trusted-plan app: ${first.name} uses ` +
        `${describeRepository(first.github)}, ${other.name} uses ${describeRepository(other.github)}`,
    );
  }
  return first.github;
}

function describeRepository(github: EnvironmentConfig["github"]): string {
  const app =
    github.trustedPlanAppId === undefined ? "no trustedPlanAppId" : `trustedPlanAppId ${github.trustedPlanAppId}`;
  return `${github.owner}/${github.repo} (${github.visibility}, GitHub ${github.plan}, ${app})`;
}
