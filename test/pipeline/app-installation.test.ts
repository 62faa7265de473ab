// pipeline/github/app-installation.ts: the trusted-plan app's key (in an environment without
// reviewers) is used only when its installation can set commit statuses and nothing more.
import { createPublicKey, createVerify, generateKeyPairSync } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ALLOWED_PERMISSIONS,
  appJwt,
  checkInstallation,
  excessPermissions,
} from "../../pipeline/github/app-installation";
import { main } from "../../pipeline/trusted-plan-app";
import { capturedIo } from "../../pipeline/script-entry";
import { EnvironmentSchema } from "../../config/schema";
import { production } from "../../config/production";
import { staging } from "../../config/staging";

// Generated per run: no key material in the repository.
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const APP_ID = 2400001;
const repository = { owner: "neuropilot", repo: "neuropilot-infra" };

let server: Server;
let apiUrl: string;
let answer: { status: number; body: unknown };
let requests: IncomingMessage[];

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request);
    response.writeHead(answer.status, { "content-type": "application/json" });
    response.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  requests = [];
  answer = { status: 200, body: { id: 1, permissions: { ...ALLOWED_PERMISSIONS } } };
});

const check = () => checkInstallation({ appId: APP_ID, privateKey: pem, repository, apiUrl });

describe("the app's JWT", () => {
  it("is RS256-signed by the key, issued a minute back, expiring within GitHub's ten minutes", () => {
    const now = new Date("2026-12-07T06:00:00Z");
    const [header, payload, signature] = appJwt(APP_ID, privateKey, now).split(".");
    expect(JSON.parse(Buffer.from(header, "base64url").toString())).toEqual({ alg: "RS256", typ: "JWT" });
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
    const seconds = now.getTime() / 1000;
    expect(claims).toEqual({ iat: seconds - 60, exp: seconds + 540, iss: String(APP_ID) });
    expect((claims.exp as number) - (claims.iat as number)).toBeLessThanOrEqual(600);
    const verifier = createVerify("RSA-SHA256").update(`${header}.${payload}`);
    expect(verifier.verify(createPublicKey(privateKey), Buffer.from(signature, "base64url"))).toBe(true);
  });
});

describe("excessPermissions", () => {
  it("accepts exactly metadata read and statuses write", () => {
    expect(excessPermissions({ metadata: "read", statuses: "write" })).toEqual([]);
    expect(excessPermissions({ statuses: "write" })).toEqual([]);
  });

  it("names every permission beyond, a weaker statuses, and a missing one", () => {
    expect(excessPermissions({ metadata: "read", statuses: "write", contents: "write" })).toEqual(["contents: write"]);
    expect(excessPermissions({ metadata: "write", statuses: "write" })).toEqual(["metadata: write"]);
    expect(excessPermissions({ metadata: "read", statuses: "read" })).toEqual([
      "statuses: read",
      "statuses: read (needs write)",
    ]);
    expect(excessPermissions({ metadata: "read" })).toEqual(["statuses: none (needs write)"]);
  });
});

describe("checkInstallation (a loopback GitHub API)", () => {
  it("passes an app with commit statuses only, asking with the app's JWT for this repository", async () => {
    await check();
    expect(requests).toHaveLength(1);
    expect(requests[0].url).toBe("/repos/neuropilot/neuropilot-infra/installation");
    expect(requests[0].headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it("refuses an app holding more, naming the permission and the fix", async () => {
    answer = { status: 200, body: { permissions: { metadata: "read", statuses: "write", pull_requests: "write" } } };
    await expect(check()).rejects.toThrow(
      "app 2400001 holds more than commit statuses on neuropilot/neuropilot-infra (pull_requests: write); its key " +
        "sits in an environment without reviewers: reduce the app to Commit statuses: Read and write (docs/pipeline.md)",
    );
  });

  it("refuses an app not installed, a failing API, an answer without permissions and a key that is no PEM", async () => {
    answer = { status: 404, body: { message: "Not Found" } };
    await expect(check()).rejects.toThrow(/app 2400001 is not installed on neuropilot\/neuropilot-infra/);
    answer = { status: 401, body: { message: "A JSON web token could not be decoded" } };
    await expect(check()).rejects.toThrow(/answered HTTP 401: is 2400001 the app whose key this is\?/);
    answer = { status: 200, body: { id: 1 } };
    await expect(check()).rejects.toThrow(/answered no permissions object/);
    const notPem = "not a key " + "x".repeat(40);
    await expect(checkInstallation({ appId: APP_ID, privateKey: notPem, repository, apiUrl })).rejects.toThrow(
      "TRUSTED_PLAN_APP_PRIVATE_KEY is not a PEM private key: set the key GitHub generated for app 2400001",
    );
  });
});

describe("trusted-plan-app.ts --check-installation", () => {
  const withApp = () =>
    [staging, production].map((input) =>
      EnvironmentSchema.parse({ ...structuredClone(input), github: { ...input.github, trustedPlanAppId: APP_ID } }),
    );
  const env = (key: string) => ({
    TRUSTED_PLAN_APP_PRIVATE_KEY: key,
    GITHUB_REPOSITORY: "neuropilot/neuropilot-infra",
    GITHUB_API_URL: apiUrl,
    GITHUB_OUTPUT: "",
  });

  it("checks the installation when config names an app, and refuses an empty key", async () => {
    const { io, stdout } = capturedIo();
    expect(await main(["--check-installation"], env(pem), io, withApp)).toBe(0);
    expect(requests).toHaveLength(1);
    expect(stdout()).toContain("trusted-plan app 2400001: installed with commit statuses only");
    await expect(main(["--check-installation"], env(""), io, withApp)).rejects.toThrow(
      /config names trusted-plan app 2400001, but TRUSTED_PLAN_APP_PRIVATE_KEY is empty/,
    );
  });

  it("asks nothing without an app, or without the switch", async () => {
    const { io } = capturedIo();
    expect(await main(["--check-installation"], env(""), io)).toBe(0);
    expect(await main([], env(pem), io, withApp)).toBe(0);
    expect(requests).toHaveLength(0);
  });
});
