// Credential shapes recognisable anywhere in a line of text, and credential-bearing
// fields whose value must never be a literal.

export interface SecretPattern {
  kind: string;
  pattern: RegExp;
}

/**
 * Token formats with a distinctive prefix or structure (global regexes, one per shape).
 * No word boundary before a prefix: a token glued to what precedes it (`t%3Dghp_…`,
 * `Bearer%20eyJ…`, `x_napi_…`) is still a token. The boundary after a fixed-length token stays.
 */
export const SECRET_PATTERNS: readonly SecretPattern[] = [
  { kind: "github-token", pattern: /(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b/g },
  { kind: "github-token", pattern: /github_pat_[A-Za-z0-9_]{22,255}/g },
  { kind: "slack-token", pattern: /xox[abposr]-[A-Za-z0-9-]{10,}/g },
  {
    kind: "slack-webhook",
    pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{8,}/g,
  },
  {
    kind: "sentry-dsn",
    pattern: /https:\/\/[0-9a-f]{32}(?::[0-9a-f]{32})?@o\d+\.ingest(?:\.[a-z]{2})?\.sentry\.io\/\d+/g,
  },
  { kind: "neon-api-key", pattern: /napi_[a-z0-9]{32,}/g },
  { kind: "grafana-token", pattern: /glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}\b/g },
  { kind: "grafana-token", pattern: /glc_[A-Za-z0-9+/]{32,}={0,2}/g },
  // The whole key, not only its BEGIN line (RFC 7468 section 2: BEGIN line, base64 body lines,
  // END line with the same label). With an END line within 16 KiB, everything up to it; without
  // one (a key cut by a log or an error), every following line made only of base64 (up to a
  // quote: the end of a JSON string), also after a Terraform diagnostic's "│ " prefix, and space-separated runs of at least 16 base64 characters (a key
  // whose line breaks were flattened). JSON-escaped `\n` bodies are found in redact.ts's
  // unescaped views.
  {
    kind: "private-key",
    pattern:
      /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----(?:[\s\S]{0,16384}?-----END \1PRIVATE KEY-----|[A-Za-z0-9+/=]*(?:[ \t]*\r?\n[ \t│]*[A-Za-z0-9+/=]+(?=[ \t]*(?:[\r\n"'`\\]|$))|[ \t]+[A-Za-z0-9+/=]{16,})*)/g,
  },
  // Cloudflare's scannable format (2026): cfk_/cfut_/cfat_ + 40 characters + a checksum
  // (developers.cloudflare.com/fundamentals/api/get-started/token-formats/). Older tokens are
  // bare 40-character strings: the known-value scrub and CLOUDFLARE_CONTEXT (redact.ts) catch those.
  { kind: "cloudflare-api-token", pattern: /cf(?:k|ut|at)_[A-Za-z0-9]{40,}/g },
  { kind: "aws-access-key-id", pattern: /(?:AKIA|ASIA)[A-Z0-9]{16}\b/g },
  { kind: "jwt", pattern: /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g },
];

/**
 * Fields that carry a credential: provider arguments, contact-point keys, secrets. Their
 * value must be a reference (`${var.…}`) or empty, never a literal.
 */
export const CREDENTIAL_FIELDS: ReadonlyArray<{ field: RegExp; kind: string }> = [
  { field: /^(?:api_token|cloudflare_api_token|CLOUDFLARE_API_TOKEN|CF_API_TOKEN)$/, kind: "cloudflare-api-token" },
  { field: /^(?:railway_token|RAILWAY_TOKEN|RAILWAY_API_TOKEN)$/, kind: "railway-token" },
  { field: /^(?:api_key|neon_api_key|NEON_API_KEY)$/, kind: "api-key" },
  { field: /^(?:auth|grafana_auth|GRAFANA_AUTH)$/, kind: "grafana-token" },
  { field: /^(?:token|auth_token|sentry_auth_token|SENTRY_AUTH_TOKEN|GITHUB_TOKEN|github_token)$/, kind: "api-token" },
  { field: /^(?:integration_key|routing_key|service_key|PAGERDUTY_ROUTING_KEY)$/, kind: "pagerduty-routing-key" },
  {
    field:
      /^(?:password|basic_auth_password|database_password|plaintext_value|client_secret|secret|private_key|webhook_url|WEBHOOK_URL)$/,
    kind: "literal-credential",
  },
];

/** Names of variables (Terraform or Railway) that hold secrets. */
export const SECRET_NAME = /token|key|password|passwd|secret|webhook|dsn|credential/i;

/** True when a value is empty or made only of `${…}` references, i.e. carries no literal. */
export function isReferenceOnly(value: string): boolean {
  return stripInterpolations(value).trim() === "";
}

/** Removes every `${…}` interpolation, honouring nested braces. */
export function stripInterpolations(value: string): string {
  let out = "";
  let i = 0;
  while (i < value.length) {
    if (value.startsWith("${", i)) {
      let depth = 0;
      let j = i + 1;
      // Stryker disable next-line EqualityOperator: equivalent, an unclosed "${" ends the text either way
      for (; j < value.length; j++) {
        if (value[j] === "{") depth++;
        else if (value[j] === "}" && --depth === 0) break;
      }
      i = j + 1;
      continue;
    }
    out += value[i++];
  }
  return out;
}
