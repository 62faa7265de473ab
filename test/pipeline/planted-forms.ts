// Every secret form the redaction must catch (issue 25), assembled at run time from a seeded
// generator so the repository holds no credential shape. Each form is planted as `text` and
// judged by its `core`: the characters that ARE the secret (a connection string's password,
// not its host; the base64 characters a value's bytes alone decide, not the neighbours').
import { NEON_PASSWORD, NEON_URL, PLANTED } from "../secrets/planted";

/** Deterministic pseudo-random characters (a linear congruential generator): distinctive, never repeated runs. */
export function randomText(length: number, seed: number, alphabet = ALNUM): string {
  let state = seed >>> 0;
  let out = "";
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    out += alphabet[(state >>> 16) % alphabet.length];
  }
  return out;
}
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
const B64 = `${ALNUM}+/`;

const dashes = "-".repeat(5);
/** A PEM private key: BEGIN line, 64-column base64 body lines, a short last line, END line. */
export function pemKey(label: string, seed: number, lines = 4): string {
  const body = Array.from({ length: lines }, (_, i) => randomText(64, seed + i, B64));
  return [
    `${dashes}BEGIN ${label}PRIVATE KEY${dashes}`,
    ...body,
    `${randomText(20, seed + 99, B64)}==`,
    `${dashes}END ${label}PRIVATE KEY${dashes}`,
  ].join("\n");
}

// Known values: a plan's sensitive variables (render) and the job's TF_VAR_* and credential
// variables (Terraform runner).
/** With URL- and base64-special characters. */
export const KNOWN_SYMBOLS = `${randomText(12, 1)}+/=&${randomText(12, 2)}`;
/** A passphrase Terraform's diagnostics word-wrap at a space. */
export const KNOWN_PASSPHRASE = ["correct", "horse", "battery", "staple"]
  .map((word, i) => `${word}-${randomText(6, 10 + i, LOWER)}`)
  .join(" ");
/** A long value hard-wrapped across lines. */
export const KNOWN_LONG = randomText(48, 3);
/** A Cloudflare API token of the old, unprefixed format: 40 characters of [A-Za-z0-9_-]. */
export const KNOWN_CLOUDFLARE = randomText(40, 4, `${ALNUM}_-`);
export const KNOWN_VALUES = { KNOWN_SYMBOLS, KNOWN_PASSPHRASE, KNOWN_LONG, KNOWN_CLOUDFLARE };

/** The base64 characters that only `secret`'s bytes decide, when it follows `prefix` in one blob. */
function base64Core(prefix: string, secret: string): string {
  const p = Buffer.byteLength(prefix);
  const n = Buffer.byteLength(secret);
  return Buffer.from(prefix + secret)
    .toString("base64")
    .slice(Math.ceil((8 * p) / 6), Math.floor((8 * (p + n)) / 6));
}

/** A webhook's or DSN's secret part: what follows the public host (the DSN's key), not "https://". */
function publicPartRemoved(secret: string): string {
  return secret
    .replace(/^https:\/\/(?:hooks\.slack\.com\/services\/)?/, "")
    .replace(/@o\d+\.ingest\.sentry\.io\/\d+$/, "");
}

export interface PlantedForm {
  name: string;
  /** What is planted. */
  text: string;
  /** What must not survive (see leaks()). */
  cores: string[];
}

const ghp = `gh${"p_"}${randomText(36, 20)}`;
const jwt = `ey${"J"}${randomText(20, 21)}.ey${"J"}${randomText(30, 22)}.${randomText(43, 23)}`;
const napi = `na${"pi_"}${randomText(40, 24, LOWER)}`;
const xoxb = `xo${"xb-"}${randomText(12, 25, "0123456789")}-${randomText(20, 26)}`;
const akia = `AK${"IA"}${randomText(16, 27, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`;
const webhookPath = `T${randomText(8, 28)}/B${randomText(8, 29)}/${randomText(24, 30)}`;
const webhook = `https://hooks.slack.com/services/${webhookPath}`;
const cfNamed = randomText(40, 31, `${ALNUM}_-`);
const cfJson = randomText(40, 32, `${ALNUM}_-`);
const cfBearer = randomText(40, 33, `${ALNUM}_-`);
const pem = pemKey("RSA ", 40);
const pemCut = pemKey("", 50).split("\n").slice(0, 3).join("\n");
const wrapAt = KNOWN_PASSPHRASE.indexOf(" ", 12);

export const FORMS: readonly PlantedForm[] = [
  ...PLANTED.map(({ kind, secret }) => ({ name: kind, text: secret, cores: [publicPartRemoved(secret)] })),
  { name: "neon connection string", text: NEON_URL, cores: [NEON_PASSWORD] },
  // Glued to what precedes it: no word boundary before the prefix.
  { name: "github token after t%3D", text: `https://x.test/?t%3D${ghp}`, cores: [ghp] },
  { name: "jwt after Bearer%20", text: `Authorization: Bearer%20${jwt}`, cores: [jwt] },
  { name: "neon key after an underscore", text: `id_${napi}`, cores: [napi] },
  { name: "slack token after a digit", text: `9${xoxb}`, cores: [xoxb] },
  { name: "aws key id after a letter", text: `x${akia}`, cores: [akia] },
  {
    name: "slack webhook URL-encoded",
    text: `hook=${encodeURIComponent(webhook)}`,
    cores: [webhookPath, encodeURIComponent(webhookPath)],
  },
  // PEM private keys: the whole body, not only the BEGIN line.
  { name: "pem private key, whole", text: pem, cores: [pem] },
  { name: "pem private key, cut before its END line", text: pemCut, cores: [pemCut] },
  // Cloudflare's unprefixed 40-character tokens, with the context that makes them one.
  { name: "cloudflare token after its variable name", text: `CLOUDFLARE_API_TOKEN=${cfNamed}`, cores: [cfNamed] },
  { name: "cloudflare token as api_token in JSON", text: JSON.stringify({ api_token: cfJson }), cores: [cfJson] },
  { name: "cloudflare token in a Bearer header", text: `Authorization: Bearer ${cfBearer}`, cores: [cfBearer] },
  // Known values, in every printed form.
  { name: "known value", text: `value ${KNOWN_SYMBOLS} end`, cores: [KNOWN_SYMBOLS] },
  { name: "known cloudflare token, bare", text: `403 for ${KNOWN_CLOUDFLARE}`, cores: [KNOWN_CLOUDFLARE] },
  {
    name: "known value, URL-encoded",
    text: `q=${encodeURIComponent(KNOWN_SYMBOLS)}`,
    cores: [KNOWN_SYMBOLS, encodeURIComponent(KNOWN_SYMBOLS)],
  },
  {
    name: "known value, base64",
    text: Buffer.from(KNOWN_SYMBOLS).toString("base64"),
    cores: [Buffer.from(KNOWN_SYMBOLS).toString("base64")],
  },
  {
    name: "known value, base64 inside Basic credentials",
    text: `Authorization: Basic ${Buffer.from(`user:${KNOWN_SYMBOLS}`).toString("base64")}`,
    cores: [base64Core("user:", KNOWN_SYMBOLS)],
  },
  {
    name: "known value, split by a line break",
    text: `${KNOWN_LONG.slice(0, 20)}\n${KNOWN_LONG.slice(20)}`,
    cores: [KNOWN_LONG],
  },
  {
    name: "known passphrase, word-wrapped as Terraform's diagnostics wrap",
    text: `${KNOWN_PASSPHRASE.slice(0, wrapAt)}\n│ ${KNOWN_PASSPHRASE.slice(wrapAt + 1)}`,
    cores: [KNOWN_PASSPHRASE],
  },
];

/** The length of the shortest fragment that counts as a leak. */
export const LEAK_WINDOW = 8;

/**
 * The fragments of `core` that survive in `output`: every substring of LEAK_WINDOW characters
 * of the core, raw and JSON-escaped (plan values are printed JSON-encoded). Any longer
 * surviving substring contains one of them, so none found means no substring of length ≥ 8
 * of the secret survives, in either form.
 */
export function leaks(output: string, core: string): string[] {
  const found = new Set<string>();
  for (const form of new Set([core, JSON.stringify(core).slice(1, -1)])) {
    for (let i = 0; i + LEAK_WINDOW <= form.length; i++) {
      const window = form.slice(i, i + LEAK_WINDOW);
      if (output.includes(window)) found.add(window);
    }
  }
  return [...found];
}
