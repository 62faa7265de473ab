// Findings name a secret's kind and place, never the secret: only a well-known public
// prefix (ghp_, xoxb-, napi_, https://…) and the length are shown.
const PUBLIC_PREFIX = /^(?:gh[pousr]_|github_pat_|xox[abposr]-|napi_|glsa_|glc_|https:\/\/|-----BEGIN)/;

export function mask(secret: string): string {
  const prefix = PUBLIC_PREFIX.exec(secret)?.[0] ?? "";
  return `${prefix}******** (${secret.length} chars)`;
}
