// The one redaction module. Every text the pipeline shows (PR comment, job summary, drift
// issue, Terraform output echoed to the log) passes through Redactor.scrub, whole, BEFORE
// anything cuts it to size: a secret split by a cut no longer matches anything.
//
// It removes
//  - known values: what a plan marks sensitive and the job's credential variables, in the
//    forms they get printed in (raw, URL-encoded, base64; JSON-escaped forms, any depth, are
//    found in the unescaped views below);
//  - anything shaped like a credential (secrets/patterns.ts SECRET_PATTERNS), the password
//    of any `scheme://user:password@host` URL, and an AWS secret key next to its name;
// and it finds both kinds inside JSON-escaped text too (`https:\/\/hooks.slack.com\/…`,
// `\"` nested encodings): matching runs on the text and on its unescaped views, and each
// hit is mapped back to the characters that encode it.
import { SECRET_PATTERNS } from "./patterns";

/**
 * Shorter strings (a sensitive LOG_LEVEL "debug", a port) occur by accident in ordinary text
 * too often to scrub; they are still masked wherever the plan marks them.
 */
export const MIN_SECRET_LENGTH = 8;

/** What a redacted value reads as, in plan comments as in the attribute diff. */
export const SENSITIVE = "(sensitive value)";

/** Patterns beyond SECRET_PATTERNS whose hit is one capture group, not the whole match. */
const GROUP_PATTERNS: readonly RegExp[] = [
  // Userinfo password of any URL: postgres://user:PASSWORD@host, redis://:PASSWORD@host.
  /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@"'`<>]*:([^\s@/"'`<>]+)@/dgi,
  // AWS secret access keys have no prefix; only the name next to them gives them away.
  /aws_?secret_?access_?key["'\s:=]{1,4}([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/dgi,
];

export class Redactor {
  private readonly needles: string[];

  // Stryker disable next-line ArrayDeclaration: only a text containing the mutant's own sentence could tell
  constructor(secrets: Iterable<string> = []) {
    const needles = new Set<string>();
    for (const secret of secrets) {
      if (secret.length < MIN_SECRET_LENGTH) continue;
      for (const form of encodedForms(secret)) needles.add(form);
    }
    // No order needed: every hit is kept, and overlapping hits merge into one range.
    this.needles = [...needles];
  }

  /** The text with every known secret and every credential-shaped string replaced by SENSITIVE. */
  scrub(text: string): string {
    const ranges: Array<[number, number]> = [];
    for (const view of views(text)) {
      for (const [start, end] of this.hits(view.text)) ranges.push([view.start[start], view.end[end - 1]]);
    }
    return replaceRanges(text, ranges);
  }

  private hits(text: string): Array<[number, number]> {
    const found: Array<[number, number]> = [];
    for (const needle of this.needles) {
      for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
        found.push([at, at + needle.length]);
      }
    }
    for (const { pattern } of SECRET_PATTERNS) {
      // matchAll copies the (global) regex, so its lastIndex is never shared.
      for (const m of text.matchAll(pattern)) {
        found.push([m.index, m.index + m[0].length]);
      }
    }
    for (const pattern of GROUP_PATTERNS) {
      for (const m of text.matchAll(new RegExp(pattern.source, pattern.flags))) {
        const group = m.indices?.[1];
        if (group) found.push([group[0], group[1]]);
      }
    }
    return found;
  }
}

/** Scrubs with patterns and the given known values; the one-call form of Redactor. */
// Stryker disable next-line ArrayDeclaration: only a text containing the mutant's own sentence could tell
export function redact(text: string, secrets: Iterable<string> = []): string {
  return new Redactor(secrets).scrub(text);
}

/** The ways a value gets printed, beyond JSON escapes (views() undoes those): raw, URL-encoded, base64. */
function encodedForms(secret: string): string[] {
  return [secret, encodeURIComponent(secret), Buffer.from(secret, "utf8").toString("base64")];
}

interface View {
  text: string;
  /** For each character of text, the first and last+1 index in the original it came from. */
  start: number[];
  end: number[];
}

/**
 * The text itself and each successively unescaped version of it, down to the first one with
 * nothing left to unescape. No depth cap: a fixed one (it was 3) let an escaped-slash webhook
 * JSON-encoded three times (4 levels) through. Every level that changes the text shortens it,
 * so this ends after at most text.length / 2 levels.
 */
function views(text: string): View[] {
  const identity: View = {
    text,
    start: Array.from({ length: text.length }, (_, i) => i),
    end: Array.from({ length: text.length }, (_, i) => i + 1),
  };
  const result = [identity];
  let current = identity;
  // Stryker disable next-line StringLiteral: equivalent, includes("") only costs one more pass that changes nothing
  while (current.text.includes("\\")) {
    const next = unescapeOnce(current);
    if (next.text === current.text) break;
    result.push(next);
    current = next;
  }
  return result;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

/** One level of JSON string unescaping, keeping the map back to the original characters. */
function unescapeOnce(view: View): View {
  const { text } = view;
  const out: string[] = [];
  const start: number[] = [];
  const end: number[] = [];
  let i = 0;
  // Stryker disable next-line EqualityOperator: equivalent, one more pass pushes undefined, which join() drops
  while (i < text.length) {
    let char = text[i];
    let width = 1;
    // A trailing backslash finds no escape after it and stays as it is.
    if (char === "\\") {
      const next = text[i + 1];
      // Stryker disable next-line Regex: equivalent, a "u" and 4 hex digits in 5 characters must start at 0
      const unicode = /^u([0-9a-fA-F]{4})/.exec(text.slice(i + 1, i + 6));
      if (SIMPLE_ESCAPES[next] !== undefined) {
        char = SIMPLE_ESCAPES[next];
        width = 2;
      } else if (unicode) {
        char = String.fromCharCode(parseInt(unicode[1], 16));
        width = 6;
      }
    }
    out.push(char);
    start.push(view.start[i]);
    end.push(view.end[i + width - 1]);
    i += width;
  }
  return { text: out.join(""), start, end };
}

function replaceRanges(text: string, ranges: Array<[number, number]>): string {
  const merged: Array<[number, number]> = [];
  // Stryker disable next-line ArithmeticOperator: equivalent on the tie-break, a merge keeps the larger end either way
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0] || b[1] - a[1])) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  let result = "";
  let at = 0;
  for (const [start, end] of merged) {
    result += text.slice(at, start) + SENSITIVE;
    at = end;
  }
  return result + text.slice(at);
}
