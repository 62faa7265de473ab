// Checks, before the trusted-plan app's key mints a token, that the app can do nothing but
// set commit statuses on this repository: its private key sits in `trusted-plan-status`, an
// environment without reviewers, and a key can mint tokens for every permission its app holds
// (the token the job mints is narrowed to statuses, the key is not). GitHub's "Get a repository
// installation for the authenticated app" (GET /repos/{owner}/{repo}/installation) answers the
// installation's permissions; it takes a JWT the app signs with RS256 (iat, exp at most 10
// minutes later, iss = the app's id: docs.github.com, "Generating a JSON Web Token (JWT) for a
// GitHub App").
import { createPrivateKey, createSign, type KeyObject } from "node:crypto";
import { Redactor } from "../../secrets/redact";
import type { RepoRef } from "./github-rest";

/** The only permissions the app may hold: metadata (every app has it) and commit statuses. */
export const ALLOWED_PERMISSIONS: Readonly<Record<string, string>> = { metadata: "read", statuses: "write" };

const base64url = (data: string | Buffer): string => Buffer.from(data).toString("base64url");

/** A JWT for the app, valid from a minute ago (clock drift) for nine minutes. */
export function appJwt(appId: number, privateKey: KeyObject, now: Date = new Date()): string {
  const seconds = Math.floor(now.getTime() / 1000);
  const header = base64url(JSON.stringify({ alg: "RS256", typ: "JWT" }));
  const payload = base64url(JSON.stringify({ iat: seconds - 60, exp: seconds + 540, iss: String(appId) }));
  const signature = createSign("RSA-SHA256").update(`${header}.${payload}`).sign(privateKey);
  return `${header}.${payload}.${base64url(signature)}`;
}

/** The permissions beyond ALLOWED_PERMISSIONS (or missing statuses: write), as `name: level`. */
export function excessPermissions(permissions: Readonly<Record<string, string>>): string[] {
  const extra = Object.entries(permissions)
    .filter(([name, level]) => ALLOWED_PERMISSIONS[name] !== level)
    .map(([name, level]) => `${name}: ${level}`);
  if (permissions.statuses !== "write") extra.push(`statuses: ${permissions.statuses ?? "none"} (needs write)`);
  return extra.sort();
}

export interface InstallationCheck {
  appId: number;
  /** The app's private key, PEM. */
  privateKey: string;
  repository: RepoRef;
  apiUrl: string;
  fetcher?: typeof fetch;
  now?: Date;
}

/** Resolves when the app's installation on the repository holds exactly ALLOWED_PERMISSIONS; throws why not. */
export async function checkInstallation(check: InstallationCheck): Promise<void> {
  const redactor = new Redactor([check.privateKey]);
  const fail = (message: string): never => {
    throw new Error(redactor.scrub(message));
  };
  let key: KeyObject;
  try {
    key = createPrivateKey(check.privateKey);
  } catch {
    return fail(
      `TRUSTED_PLAN_APP_PRIVATE_KEY is not a PEM private key: set the key GitHub generated for app ${check.appId}`,
    );
  }
  const { owner, repo } = check.repository;
  const url = `${check.apiUrl.replace(/\/+$/, "")}/repos/${owner}/${repo}/installation`;
  const response = await (check.fetcher ?? fetch)(url, {
    headers: {
      authorization: `Bearer ${appJwt(check.appId, key, check.now)}`,
      accept: "application/vnd.github+json",
      "x-github-api-version": "2022-11-28",
    },
  }).catch((error: unknown) => fail(`GET ${url} failed: ${error instanceof Error ? error.message : String(error)}`));
  if (response.status === 404) {
    return fail(`app ${check.appId} is not installed on ${owner}/${repo} (GET ${url} answered 404): install it there`);
  }
  if (!response.ok) {
    return fail(`GET ${url} answered HTTP ${response.status}: is ${check.appId} the app whose key this is?`);
  }
  const body = (await response.json().catch(() => null)) as { permissions?: Record<string, string> } | null;
  const permissions = body?.permissions;
  if (permissions === undefined || typeof permissions !== "object") {
    return fail(`GET ${url} answered no permissions object`);
  }
  const extra = excessPermissions(permissions);
  if (extra.length > 0) {
    fail(
      `app ${check.appId} holds more than commit statuses on ${owner}/${repo} (${extra.join(", ")}); its key sits in ` +
        "an environment without reviewers: reduce the app to Commit statuses: Read and write (docs/pipeline.md)",
    );
  }
}
