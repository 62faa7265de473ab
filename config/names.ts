// Names the services accept, as zod strings: each with the charset and length its service
// documents (or, where a service documents none, the narrower rule this program keeps and
// why). The sources are cited per name; README "Apply-time rules" lists them.
import { z } from "zod";

/** A name's charset and length, for config validation and the rule pack's check of the output. */
export interface NameRule {
  pattern: RegExp;
  max: number;
  what: string;
}

export function nameProblem(rule: NameRule, value: string): string | null {
  return value.length <= rule.max && rule.pattern.test(value) ? null : `${rule.what}; at most ${rule.max} characters`;
}

function name(pattern: RegExp, max: number, what: string) {
  return z
    .string()
    .max(max, { message: `${what}; at most ${max} characters` })
    .regex(pattern, { message: `${what}; at most ${max} characters` });
}

/**
 * PostgreSQL identifiers (Neon role and database names): NAMEDATALEN - 1 = 63 bytes
 * (postgresql.org/docs/16/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS); role names
 * starting with pg_ are reserved (postgresql.org/docs/16/sql-createrole.html). Lower-case
 * unquoted identifiers only, so SQL written by hand needs no quoting.
 */
export const postgresIdentifier = name(
  /^(?!pg_)[a-z_][a-z0-9_]*$/,
  63,
  "must be a lower-case PostgreSQL identifier (letters, digits, _; not starting with a digit or pg_)",
);

/** Neon branch and project names as this program writes them: kebab-case, one DNS label (63). */
export const neonName = name(/^[a-z][a-z0-9-]*$/, 63, "must be kebab-case such as staging");

/**
 * Sentry organization, team and project slugs: lower-case letters, digits, - and _, not
 * only digits (getsentry/sentry src/sentry/slug/patterns.py, MIXED_SLUG_PATTERN), at most
 * 50 characters (Sentry's slug field length).
 */
export const sentrySlug = name(
  /^(?![0-9]+$)[a-z0-9][a-z0-9_-]*$/,
  50,
  "must be a Sentry slug (lower-case letters, digits, - and _, not only digits)",
);

/**
 * Railway project and service names: the provider only requires one character
 * (terraform-provider-railway v0.6.2 resource_project.go / resource_service.go,
 * UTF8LengthAtLeast(1)); a service's name is also its private-network DNS name
 * (<service>.railway.internal), so it stays one lower-case DNS label. Regional service
 * names append "-<region name>" (≤ 31), hence 30 here.
 */
export const RAILWAY_NAME: NameRule = {
  pattern: /^[a-z0-9][a-z0-9-]*$/,
  max: 63,
  what: "must be a lower-case DNS label such as neuropilot",
};
export const railwayName = name(RAILWAY_NAME.pattern, 30, RAILWAY_NAME.what);

/**
 * GitHub user and organization logins: letters, digits and single hyphens, not starting or
 * ending with one, at most 39 characters (GitHub's sign-up form rules).
 */
export const githubLogin = name(
  /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*$/,
  39,
  "must be a GitHub login (letters, digits, single hyphens)",
);

/** GitHub repository names: letters, digits, ., - and _, at most 100 characters, not "." or "..". */
export const githubRepoName = name(
  /^(?!\.\.?$)[A-Za-z0-9._-]+$/,
  100,
  "must be a GitHub repository name (letters, digits, ., - and _)",
);

/** owner/name of a GitHub repository. */
export const githubRepo = z
  .string()
  .max(140)
  .refine(
    (value) => {
      const [owner, repo, ...rest] = value.split("/");
      return (
        rest.length === 0 &&
        githubLogin.safeParse(owner).success &&
        repo !== undefined &&
        githubRepoName.safeParse(repo).success
      );
    },
    { message: "must be owner/name of a GitHub repository" },
  );

/**
 * Git branch names (git-check-ref-format): no whitespace, ~ ^ : ? * [ \, no "..", no "@{",
 * not starting with - or /, not ending with / . or .lock. 255 keeps it within GitHub's
 * ref-length limit.
 */
export const gitBranch = name(
  /^(?![-/])(?!.*\.\.)(?!.*@\{)(?!.*(?:\/|\.|\.lock)$)[^\s~^:?*[\\]+$/,
  255,
  "must be a valid git branch name",
);

/** Slack channel names: lower-case letters, digits, - and _, at most 80 characters (after the #). */
export const slackChannel = name(
  /^#[a-z0-9][a-z0-9_-]*$/,
  81,
  "must be a Slack channel such as #alerts (lower-case letters, digits, - and _)",
);

/** HCP Terraform organization names: letters, digits, - and _. */
export const terraformOrganization = name(
  /^[A-Za-z0-9][A-Za-z0-9_-]*$/,
  40,
  "must be an HCP Terraform organization name (letters, digits, - and _)",
);
