// After a deploy: tell Sentry which commit went out, so issues carry their release, "resolved
// in next release" works and a regression (a resolved issue seen again: the `regression_event`
// trigger of the "New issue or regression" alert, constructs/sentry/sentry-environment.ts)
// names the release that brought it back. Two documented calls (vendors/sentry.ts): create the
// release with its commit (Sentry answers 208 when it exists: the second environment's deploy
// reuses it), then a deploy record for the environment. The release name is the commit SHA, the same value the
// backend reports as SENTRY_RELEASE (Railway's RAILWAY_GIT_COMMIT_SHA, config/railway-variables.ts).
// The token needs the project:releases scope; it comes from the environment, never from config.
import { parseArgs } from "node:util";
import { ENVIRONMENT_SOURCES } from "../config";
import { loadEnvironments } from "../config/load";
import type { EnvironmentConfig } from "../config/schema";
import { Redactor } from "../secrets/redact";
import { SentryReleases } from "../vendors/sentry";
import { knownSecrets } from "./plan/known-secrets";

export interface SentryReleaseInput {
  /** e.g. https://sentry.io */
  baseUrl: string;
  token: string;
  organization: string;
  projects: readonly string[];
  /** The deployed commit (40 hex digits); also the release name. */
  commit: string;
  /** owner/name of the repository as Sentry's GitHub integration knows it. */
  repository: string;
  environment: string;
}

/** What was done, one line per call, for the workflow log. */
export async function recordSentryRelease(input: SentryReleaseInput): Promise<string[]> {
  if (!/^[0-9a-f]{40}$/.test(input.commit)) {
    throw new Error(`sentry release: commit must be a 40-digit hex SHA, got "${input.commit}"`);
  }
  if (input.projects.length === 0) throw new Error("sentry release: name at least one project");
  const sentry = new SentryReleases({ baseUrl: input.baseUrl, token: input.token });
  const created = await sentry.createRelease({
    organization: input.organization,
    version: input.commit,
    projects: input.projects,
    refs: [{ repository: input.repository, commit: input.commit }],
  });
  await sentry.createDeploy(input.organization, input.commit, {
    environment: input.environment,
    projects: input.projects,
  });
  return [
    `release ${input.commit.slice(0, 12)} ${created === "existed" ? "already existed" : "created"} for ${input.projects.join(", ")}`,
    `deploy to ${input.environment} recorded`,
  ];
}

export const USAGE =
  "usage: npx tsx pipeline/sentry-release.ts --commit SHA (--stack NAME | --org SLUG --project SLUG [--project SLUG…] " +
  "--repository OWNER/NAME --environment NAME) [--url https://sentry.io] | --help  (token: SENTRY_AUTH_TOKEN)";

/**
 * What --stack fills in from the validated config (flags given as well win): the Sentry
 * organization, the backend project, the backend's repository (the commits Railway deploys)
 * and the environment's name (the Sentry environment the stack declares).
 */
export function releaseTargetOf(
  stack: string,
  environments: () => EnvironmentConfig[],
): { org: string; project: string[]; repository: string; environment: string } {
  const name = stack.replace(/^neuropilot-/, "");
  const config = environments().find((e) => e.name === name);
  if (!config) {
    const known = environments().map((e) => `neuropilot-${e.name}`);
    throw new Error(`sentry-release: unknown stack "${stack}" (known: ${known.join(", ")})`);
  }
  return {
    org: config.sentry.organization,
    project: [config.sentry.backendProject],
    repository: config.railway.backend.repo,
    environment: config.name,
  };
}

/** The command line: exit 0 on success or --help, 2 on bad usage (with the usage line), 1 when Sentry refuses. */
export async function main(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  print: (line: string) => void,
  environments: () => EnvironmentConfig[] = () => loadEnvironments(ENVIRONMENT_SOURCES),
): Promise<number> {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        org: { type: "string" },
        project: { type: "string", multiple: true },
        commit: { type: "string" },
        repository: { type: "string" },
        environment: { type: "string" },
        stack: { type: "string" },
        url: { type: "string", default: "https://sentry.io" },
        help: { type: "boolean", default: false },
      },
    }).values;
  } catch (error) {
    print(`sentry-release: ${(error as Error).message.split("\n")[0]}`);
    print(USAGE);
    return 2;
  }
  if (values.help) {
    print(USAGE);
    return 0;
  }
  if (typeof values.stack === "string") {
    try {
      const target = releaseTargetOf(values.stack, environments);
      values = { ...target, ...Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) };
    } catch (error) {
      print((error as Error).message);
      print(USAGE);
      return 2;
    }
  }
  const missing = ["org", "project", "commit", "repository", "environment"].filter((name) => !values[name]);
  if (missing.length > 0) {
    print(`sentry-release: missing ${missing.map((m) => `--${m}`).join(", ")}`);
    print(USAGE);
    return 2;
  }
  const token = env.SENTRY_AUTH_TOKEN;
  if (!token) {
    print("sentry-release: SENTRY_AUTH_TOKEN is not set (a token with the project:releases scope)");
    return 2;
  }
  try {
    const lines = await recordSentryRelease({
      baseUrl: String(values.url),
      token,
      organization: String(values.org),
      projects: values.project as string[],
      commit: String(values.commit),
      repository: String(values.repository),
      environment: String(values.environment),
    });
    for (const line of lines) print(line);
    return 0;
  } catch (error) {
    print((error as Error).message);
    return 1;
  }
}

if (process.argv[1]?.endsWith("sentry-release.ts")) {
  // Every line through the redaction module, with the job's credentials (SENTRY_AUTH_TOKEN).
  const redactor = new Redactor(knownSecrets(process.env));
  void main(process.argv.slice(2), process.env, (line) => console.error(redactor.scrub(line))).then((code) => {
    process.exitCode = code;
  });
}
