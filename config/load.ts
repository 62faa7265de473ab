// Validates environment files and turns zod issues into messages a person can act on:
// the file, the dotted path of the bad field, and what is allowed.
import { z } from "zod";
import { literalIssues } from "./literals";
import { neonOwnerRoleName } from "./neon-limits";
import { EnvironmentSchema, type EnvironmentConfig } from "./schema";

export interface EnvironmentSource {
  /** Path of the file the value came from, relative to the repository root. */
  file: string;
  value: unknown;
}

/**
 * A rule over one validated environment, added by the program's other layers (budget and
 * waiver guardrails in policy/); `path` is relative to the environment.
 */
export type EnvironmentCheck = (config: EnvironmentConfig) => Array<{ path: PropertyKey[]; message: string }>;

export interface ConfigProblem {
  file: string;
  path: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(formatProblems(problems));
    this.name = "ConfigError";
  }
}

export function formatProblems(problems: ConfigProblem[]): string {
  const lines = problems.map((p) => `  ${p.file}: ${p.path}: ${p.message}`);
  return `Invalid configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${lines.join("\n")}`;
}

/** `["regions", 1, "replicas"]` under `production` → `production.regions[1].replicas`. */
export function formatPath(root: string, path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === "number" ? `${acc}[${key}]` : `${acc}.${String(key)}`),
    root,
  );
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") {
    return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}; remove or fix the spelling`;
  }
  return issue.message;
}

function rootName(source: EnvironmentSource): string {
  const value = source.value;
  if (value && typeof value === "object" && "name" in value && typeof value.name === "string") return value.name;
  return source.file.replace(/^.*\//, "").replace(/\.ts$/, "");
}

/**
 * Validates every environment and the rules that span environments. Throws one
 * ConfigError listing every problem found, so a user fixes them in one pass.
 */
export function loadEnvironments(
  sources: readonly EnvironmentSource[],
  checks: readonly EnvironmentCheck[] = [],
): EnvironmentConfig[] {
  const problems: ConfigProblem[] = [];
  const parsed: Array<{ source: EnvironmentSource; config: EnvironmentConfig }> = [];
  for (const source of sources) {
    const root = rootName(source);
    // Template sequences and invisible characters first; the schema's own complaint about
    // the same field (a name pattern) would only repeat it.
    const literals = literalIssues(source.value).map((issue) => ({
      file: source.file,
      path: formatPath(root, issue.path),
      message: issue.message,
    }));
    problems.push(...literals);
    const flagged = new Set(literals.map((p) => p.path));
    // A cyclic value is reported above; the schema gets nothing to walk in circles.
    if (literals.some((p) => p.message.includes("(a cycle)"))) continue;
    const result = EnvironmentSchema.safeParse(source.value);
    if (result.success) {
      parsed.push({ source, config: result.data });
      for (const issue of checks.flatMap((check) => check(result.data))) {
        problems.push({ file: source.file, path: formatPath(root, issue.path), message: issue.message });
      }
      continue;
    }
    for (const issue of result.error.issues) {
      const path = formatPath(root, issue.path);
      if (!flagged.has(path)) problems.push({ file: source.file, path, message: describeIssue(issue) });
    }
  }
  if (problems.length === 0) problems.push(...crossEnvironmentProblems(parsed));
  if (problems.length > 0) throw new ConfigError(problems);
  return parsed.map((p) => p.config);
}

function crossEnvironmentProblems(
  parsed: Array<{ source: EnvironmentSource; config: EnvironmentConfig }>,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const names = new Set<string>();
  for (const { source, config } of parsed) {
    if (names.has(config.name)) {
      problems.push({ file: source.file, path: `${config.name}.name`, message: "environment names must be unique" });
    }
    names.add(config.name);
  }

  const byZone = new Map<string, typeof parsed>();
  for (const entry of parsed) {
    const list = byZone.get(entry.config.cloudflare.zoneId) ?? [];
    list.push(entry);
    byZone.set(entry.config.cloudflare.zoneId, list);
  }
  for (const entries of byZone.values()) {
    const owners = entries.filter((e) => e.config.cloudflare.managesZone);
    if (owners.length !== 1) {
      const first = entries[0];
      problems.push({
        file: (owners[1] ?? first).source.file,
        path: `${(owners[1] ?? first).config.name}.cloudflare.managesZone`,
        message: `exactly one environment sharing zone ${first.config.cloudflare.zoneName} must set managesZone: true (found ${owners.length})`,
      });
    }
  }

  // The Neon project is one per platform: its project-level settings must agree.
  const defaults = parsed.filter((p) => p.config.neon.isDefaultBranch);
  if (parsed.length > 0 && defaults.length !== 1) {
    problems.push({
      file: parsed[0].source.file,
      path: `${parsed[0].config.name}.neon.isDefaultBranch`,
      message: `exactly one environment must run on the Neon project's default branch (found ${defaults.length})`,
    });
  }
  // databaseName too: the project creates the one database on the default branch and every
  // child branch inherits it (kislerdm/neon 0.15.0 neon_project.branch.database_name).
  const projectKeys = [
    "projectName",
    "plan",
    "region",
    "pgVersion",
    "historyRetentionSeconds",
    "databaseName",
  ] as const;
  const reference = defaults[0] ?? parsed[0];
  for (const entry of parsed) {
    for (const key of projectKeys) {
      if (reference && entry.config.neon[key] !== reference.config.neon[key]) {
        problems.push({
          file: entry.source.file,
          path: `${entry.config.name}.neon.${key}`,
          message: `must equal ${String(reference.config.neon[key])} as in ${reference.source.file}: all environments share one Neon project`,
        });
      }
    }
  }
  if (reference) {
    for (const entry of parsed) {
      if (entry === reference || entry.config.neon.branchName !== reference.config.neon.branchName) continue;
      problems.push({
        file: entry.source.file,
        path: `${entry.config.name}.neon.branchName`,
        message: `${entry.config.neon.branchName} is the default branch of ${reference.config.name} (${reference.source.file}); give this environment its own branch such as ${entry.config.name}`,
      });
    }
  }
  problems.push(...sentryRegionProblems(parsed, reference));
  problems.push(...neonRoleProblems(parsed, reference));
  problems.push(...cellProblems(parsed, reference));
  return problems;
}

/**
 * Every environment reports to the one Sentry organization the platform stack declares (from
 * the environment on the default branch), and an organization's data region is fixed when it
 * is created: an environment with another dataRegion would point its provider at an API
 * (sentry.io or de.sentry.io) that does not hold the organization, and residency rules would
 * be judged against a region its data never goes to.
 */
function sentryRegionProblems(
  parsed: Array<{ source: EnvironmentSource; config: EnvironmentConfig }>,
  owner: { source: EnvironmentSource; config: EnvironmentConfig } | undefined,
): ConfigProblem[] {
  if (!owner) return [];
  const region = owner.config.sentry.dataRegion;
  return parsed
    .filter(({ config }) => config.sentry.dataRegion !== region)
    .map(({ source, config }) => ({
      file: source.file,
      path: `${config.name}.sentry.dataRegion`,
      message: `must equal ${region} as in ${owner.source.file}: all environments report to one Sentry organization, whose data region is fixed at creation`,
    }));
}

/**
 * Each cell's Neon project is shared by every environment (one branch each), and the
 * environment on the default branches declares the projects: another environment may run
 * in fewer cells, but each must be one of those, with the same Neon region and jurisdiction.
 */
function cellProblems(
  parsed: Array<{ source: EnvironmentSource; config: EnvironmentConfig }>,
  owner: { source: EnvironmentSource; config: EnvironmentConfig } | undefined,
): ConfigProblem[] {
  if (!owner) return [];
  const projects = new Map(owner.config.cells.map((cell) => [cell.id, cell]));
  const problems: ConfigProblem[] = [];
  for (const { source, config } of parsed) {
    if (config === owner.config) continue;
    config.cells.forEach((cell, index) => {
      const declared = projects.get(cell.id);
      const path = `${config.name}.cells[${index}]`;
      if (!declared) {
        problems.push({
          file: source.file,
          path: `${path}.id`,
          message: `cell ${cell.id} is not a cell of ${owner.config.name} (${owner.source.file}: ${[...projects.keys()].join(", ")}), which declares each cell's Neon project`,
        });
      } else if (declared.neonRegion !== cell.neonRegion || declared.jurisdiction !== cell.jurisdiction) {
        problems.push({
          file: source.file,
          path: `${path}.neonRegion`,
          message: `cell ${cell.id} is ${declared.jurisdiction} in ${declared.neonRegion} in ${owner.source.file}; every environment's cell ${cell.id} shares that project`,
        });
      }
    });
  }
  return problems;
}

/**
 * A child branch starts with every role its parent has, the project's owner role included,
 * so each environment's application role needs a name of its own: a role declared on a
 * branch that already has it fails at apply with "already exists".
 */
function neonRoleProblems(
  parsed: Array<{ source: EnvironmentSource; config: EnvironmentConfig }>,
  owner: { config: EnvironmentConfig } | undefined,
): ConfigProblem[] {
  if (!owner) return [];
  const taken = new Map<string, string>([
    [neonOwnerRoleName(owner.config.neon.roleName), "the Neon project's owner role (created with the project)"],
  ]);
  const problems: ConfigProblem[] = [];
  // The default branch's environment first: the child branches inherit from it.
  const ordered = [...parsed].sort(
    (a, b) => Number(b.config.neon.isDefaultBranch) - Number(a.config.neon.isDefaultBranch),
  );
  for (const { source, config } of ordered) {
    const role = config.neon.roleName;
    const holder = taken.get(role);
    if (holder) {
      problems.push({
        file: source.file,
        path: `${config.name}.neon.roleName`,
        message: `role ${role} is already ${holder}, and a child branch inherits its parent's roles; give each environment its own role name such as ${role}_${config.name}`,
      });
    }
    if (!holder) taken.set(role, `${config.name}'s application role`);
  }
  return problems;
}
