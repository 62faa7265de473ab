// Each secret pattern reports its own kind, each credential field is matched by its whole
// name only (no prefix or suffix), and the redaction edges the mutation run found untested:
// AWS secret key names, hits found out of order, and escapes that end the text.
import { describe, expect, it } from "vitest";
import { CREDENTIAL_FIELDS, SECRET_PATTERNS, stripInterpolations } from "../../secrets/patterns";
import { redact, Redactor, SENSITIVE } from "../../secrets/redact";
import { PLANTED, x } from "./planted";

const kindsMatching = (secret: string) =>
  SECRET_PATTERNS.filter(({ pattern }) => new RegExp(pattern.source).test(secret)).map((p) => p.kind);
const fieldKind = (name: string) => CREDENTIAL_FIELDS.find(({ field }) => field.test(name))?.kind;

describe("secret pattern kinds", () => {
  const expected: Record<string, string> = {
    "github classic token": "github-token",
    "github fine-grained token": "github-token",
    "slack bot token": "slack-token",
    "slack webhook": "slack-webhook",
    "sentry dsn": "sentry-dsn",
    "neon api key": "neon-api-key",
    "grafana service-account token": "grafana-token",
    "grafana cloud token": "grafana-token",
    "private key": "private-key",
    "cloudflare api token": "cloudflare-api-token",
    "aws access key id": "aws-access-key-id",
    jwt: "jwt",
  };

  for (const { kind, secret } of PLANTED) {
    it(`names a ${kind} as ${expected[kind]}, and only that`, () => {
      expect(kindsMatching(secret)).toEqual([expected[kind]]);
    });
  }

  it("are global regexes (redaction finds every occurrence)", () => {
    expect(SECRET_PATTERNS.filter(({ pattern }) => !pattern.global).map((p) => p.kind)).toEqual([]);
  });
});

describe("credential fields", () => {
  const names: Record<string, string[]> = {
    "cloudflare-api-token": ["api_token", "cloudflare_api_token", "CLOUDFLARE_API_TOKEN", "CF_API_TOKEN"],
    "railway-token": ["railway_token", "RAILWAY_TOKEN", "RAILWAY_API_TOKEN"],
    "api-key": ["api_key", "neon_api_key", "NEON_API_KEY"],
    "grafana-token": ["auth", "grafana_auth", "GRAFANA_AUTH"],
    "api-token": ["token", "auth_token", "sentry_auth_token", "SENTRY_AUTH_TOKEN", "GITHUB_TOKEN", "github_token"],
    "pagerduty-routing-key": ["integration_key", "routing_key", "service_key", "PAGERDUTY_ROUTING_KEY"],
    "literal-credential": [
      "password",
      "basic_auth_password",
      "database_password",
      "plaintext_value",
      "client_secret",
      "secret",
      "private_key",
      "webhook_url",
      "WEBHOOK_URL",
    ],
  };

  for (const [kind, fields] of Object.entries(names)) {
    it(`${kind}: each whole name, never one with a prefix or a suffix`, () => {
      for (const name of fields) {
        expect(fieldKind(name), name).toBe(kind);
        expect(fieldKind(`x${name}`), `x${name}`).toBeUndefined();
        expect(fieldKind(`${name}x`), `${name}x`).toBeUndefined();
      }
    });
  }
});

describe("redaction edges", () => {
  const key = x(10, "aB3/"); // 40 characters

  it("finds an AWS secret key after its name written with or without each underscore", () => {
    for (const name of [
      "aws_secret_access_key",
      "awssecret_access_key",
      "aws_secretaccess_key",
      "aws_secret_accesskey",
      "AWSSECRETACCESSKEY",
    ]) {
      expect(redact(`${name} = "${key}"`), name).toBe(`${name} = "${SENSITIVE}"`);
    }
  });

  it("leaves a 41-character run after the name alone: an AWS secret key is exactly 40", () => {
    const text = `aws_secret_access_key = "${key}Z"`;
    expect(redact(text)).toBe(text);
  });

  it("masks hits found out of text order (a pattern before a known value) each in place", () => {
    const known = x(10, "kv");
    const token = `ghp_${x(18, "Ab")}`;
    expect(new Redactor([known]).scrub(`${token} and ${known} end`)).toBe(`${SENSITIVE} and ${SENSITIVE} end`);
  });

  it("ends on a trailing backslash and an unknown escape, leaving them as they are", () => {
    for (const text of ["path\\", "a\\q b\\", "\\\\\\"]) expect(redact(text), text).toBe(text);
  });
});

describe("stripInterpolations", () => {
  it("starts counting braces after the ${, not at a brace before it", () => {
    expect(stripInterpolations("{${x}}")).toBe("{}");
  });
});
