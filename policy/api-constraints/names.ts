// Names in the synthesised JSON within each service's charset and length. Config validation
// checks the same names at their source (config/names.ts); this rule checks what is actually
// written, including names a construct composes (e.g. "<service>-<region>").
import type { z } from "zod";
import { gitBranch, nameProblem, neonName, postgresIdentifier, RAILWAY_NAME, sentrySlug } from "../../config/names";
import { constructPath, stringAt } from "../../terraform-json/tf-json";
import type { ApiRule } from "./rule";

type Check = { type: string; attr: string; problem: (value: string) => string | null };

const bySchema = (schema: z.ZodType<string>) => (value: string) => {
  const result = schema.safeParse(value);
  return result.success ? null : result.error.issues[0].message;
};

/** Cloudflare Worker names: lower-case letters, digits, - and _, at most 63 characters. */
const WORKER_NAME = { pattern: /^[a-z0-9][a-z0-9_-]*$/, max: 63, what: "must be lower-case letters, digits, - and _" };

const CHECKS: readonly Check[] = [
  { type: "neon_role", attr: "name", problem: bySchema(postgresIdentifier) },
  { type: "neon_database", attr: "name", problem: bySchema(postgresIdentifier) },
  { type: "neon_branch", attr: "name", problem: bySchema(neonName) },
  { type: "sentry_team", attr: "slug", problem: bySchema(sentrySlug) },
  { type: "sentry_project", attr: "slug", problem: bySchema(sentrySlug) },
  // Composed as <config name>-<environment or region>: the DNS label's 63, not config's 30.
  { type: "railway_project", attr: "name", problem: (v) => nameProblem(RAILWAY_NAME, v) },
  { type: "railway_service", attr: "name", problem: (v) => nameProblem(RAILWAY_NAME, v) },
  { type: "railway_service", attr: "source_repo_branch", problem: bySchema(gitBranch) },
  // <service>-<region>-<environment>: the first label of <subdomain>.up.railway.app, a DNS label
  // (RFC 1035 §2.3.4: 63). Worse than a refusal: the provider creates a random domain first and
  // renames it to the subdomain (railway resource_service_domain.go Create: createServiceDomain,
  // then updateServiceDomain), so a refused rename leaves that domain outside the state.
  { type: "railway_service_domain", attr: "subdomain", problem: (v) => nameProblem(RAILWAY_NAME, v) },
  { type: "cloudflare_workers_script", attr: "script_name", problem: (v) => nameProblem(WORKER_NAME, v) },
];

export const serviceNames: ApiRule = {
  id: "service-names",
  resourceTypes: [...new Set(CHECKS.map((c) => c.type))],
  requirement: "every literal name is within its service's charset and length",
  fix: "shorten or rename the config value the name is built from (config validation names the field)",
  source: {
    ref: "config/names.ts, which cites each: PostgreSQL identifiers (63 bytes), Sentry slug pattern, Railway private-network DNS label (63), git-check-ref-format",
    version: "per name",
  },
  check(ctx) {
    return CHECKS.flatMap((check) =>
      ctx.inventory.ofType(check.type).flatMap((resource) => {
        const value = stringAt(resource.attrs, check.attr);
        if (value === undefined || value.includes("${")) return [];
        const problem = check.problem(value);
        return problem
          ? [{ path: constructPath(resource), message: `${check.attr} ${JSON.stringify(value)} ${problem}` }]
          : [];
      }),
    );
  },
};
