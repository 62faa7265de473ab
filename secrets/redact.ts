// The one redaction module. Every text the pipeline shows (PR comment, job summary, reviewed
// record, refusal, drift issue, Terraform output echoed to the log) passes through
// Redactor.scrub, whole, BEFORE anything cuts it to size: a secret split by a cut no longer
// matches anything.
//
// It removes
//  - known values: what a plan marks sensitive and the job's credential variables, in the
//    forms they get printed in (raw, URL- and form-encoded, base64 and base64url at each of
//    the three byte alignments, so also inside a longer encoded blob);
//  - anything shaped like a credential (secrets/patterns.ts SECRET_PATTERNS), the password
//    of any `scheme://user:password@host` URL, an AWS secret key next to its name, a bare
//    40-character Cloudflare token next to its name, and any Bearer credential;
// and it finds both kinds in every view of the text: the text itself, each successively
// JSON-unescaped version (`https:\/\/hooks.slack.com\/…`, `\"` nested encodings, `\n` in a
// PEM body), each of those percent-decoded (`t%3Dghp_…`), and, for known values, each of
// those with line breaks joined (a value hard-wrapped across lines, or word-wrapped by
// Terraform's diagnostics under a "│ " prefix). Each hit is mapped back to the characters
// that encode it.
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
  // Userinfo password of any URL: postgres://user:PASSWORD@host, redis://:PASSWORD@host. No
  // word boundary before the scheme: `x_postgres://…` is still a URL with a password.
  // The scheme is bounded (RFC 3986 schemes are short): unbounded and with no boundary before
  // it, a long run of letters would be rescanned from each of its characters.
  /[a-z][a-z0-9+.-]{0,30}:\/\/[^\s:/@"'`<>]*:([^\s@/"'`<>]+)@/dgi,
  // AWS secret access keys have no prefix; only the name next to them gives them away.
  /aws_?secret_?access_?key["'\s:=]{1,4}([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/dgi,
  // Cloudflare API tokens made before the scannable format are 40 characters of [A-Za-z0-9_-]
  // with no prefix: only a name next to them (cloudflare…token/key, CF_…TOKEN, api_token)
  // makes a 40-character word one. The shape follows gitleaks' `cloudflare-api-key` rule
  // (github.com/gitleaks/gitleaks, config/gitleaks.toml): name, up to 3 quotes or blanks,
  // an assignment operator, up to 5 quotes or blanks, exactly 40 characters. A commit SHA or
  // any other 40-character word without such a name stays.
  /(?:cloudflare[\w.-]{0,30}|cf_[\w.-]{0,20}|api[_-]?)(?:token|key)["'`\s]{0,3}(?:=>|:=|[:=,])["'`\s=]{0,5}([A-Za-z0-9_-]{40})(?![A-Za-z0-9_-])/dgi,
  // Whatever follows "Bearer " in an Authorization header is a credential (RFC 6750 section
  // 2.1, b64token), Cloudflare's bare 40-character tokens included. At least 20 characters,
  // so prose ("Bearer authentication") stays.
  /Bearer[ \t]+([A-Za-z0-9._~+/-]{20,}=*)/dgi,
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
    // Stryker disable next-line EqualityOperator,ConditionalExpression: equivalent, a view for known values finds nothing without any (it only costs time)
    for (const view of views(text, this.needles.length > 0)) {
      for (const [start, end] of this.hits(view.text, view.knownOnly)) {
        ranges.push([view.start[start], view.end[end - 1]]);
      }
    }
    return replaceRanges(text, ranges);
  }

  private hits(text: string, knownOnly: boolean): Array<[number, number]> {
    const found: Array<[number, number]> = [];
    for (const needle of this.needles) {
      for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
        found.push([at, at + needle.length]);
      }
    }
    if (knownOnly) return found;
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

/**
 * The ways a value gets printed, beyond JSON escapes and percent-encoding (views() undoes
 * those): raw, URL-encoded, form-encoded, and base64.
 */
function encodedForms(secret: string): string[] {
  const uri = encodeURIComponent(secret);
  return [secret, uri, uri.replace(/%20/g, "+"), ...base64Forms(secret)];
}

/**
 * The base64 and base64url characters a value's bytes alone decide, at each of the three
 * byte alignments it can have inside a longer encoded blob (`base64("user:" + password)`),
 * plus the whole padded encoding of the value on its own. Up to two characters at each end of
 * a shifted form also encode the neighbouring bytes, so they are not part of it. The GitHub
 * Actions runner masks the same three shifts (github.com/actions/runner,
 * docs/adrs/0297-base64-masking-trailing-characters.md).
 */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const forms = [bytes.toString("base64")];
  // Stryker disable next-line EqualityOperator: equivalent, a fourth shift (3 bytes) yields the first one's form again
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString("base64");
    // Character i holds bits [6i, 6i + 6): keep those inside the value's bits [8 shift, 8 (shift + n)).
    forms.push(encoded.slice(Math.ceil((8 * shift) / 6), Math.floor((8 * (shift + bytes.length)) / 6)));
  }
  const url = forms.map((form) => form.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""));
  // Every form is long enough to search for: a value of MIN_SECRET_LENGTH (8) bytes keeps 10.
  return [...forms, ...url];
}

interface View {
  text: string;
  /** For each character of text, the first and last+1 index in the original it came from. */
  start: ArrayLike<number>;
  end: ArrayLike<number>;
  /** Only known values are looked for (a joined view: patterns could run across lines there). */
  knownOnly: boolean;
}

/**
 * The text itself and each successively unescaped version of it, down to the first one with
 * nothing left to unescape (no depth cap: a fixed one (it was 3) let an escaped-slash webhook
 * JSON-encoded three times (4 levels) through; every level that changes the text shortens it,
 * so this ends after at most text.length / 2 levels); each of those percent-decoded; and, for
 * known values only, each of the above with its line breaks joined.
 */
function views(text: string, known: boolean): View[] {
  const start = new Int32Array(text.length);
  const end = new Int32Array(text.length);
  // Stryker disable next-line EqualityOperator: equivalent, a typed array ignores a write past its end
  for (let i = 0; i < text.length; i++) {
    start[i] = i;
    end[i] = i + 1;
  }
  const identity: View = { text, start, end, knownOnly: false };
  const unescaped = [identity];
  let current = identity;
  // Stryker disable next-line StringLiteral: equivalent, includes("") only costs one more pass that changes nothing
  while (current.text.includes("\\")) {
    const next = unescapeOnce(current);
    if (next.text === current.text) break;
    unescaped.push(next);
    current = next;
  }
  const decoded = unescaped.flatMap((view) => [view, ...percentDecoded(view)]);
  // The line-break-free view serves known values only: without any, it is not built.
  return [...decoded, ...decoded.flatMap((view) => joinedLines(view, known))];
}

const PERCENT = /%([0-9A-Fa-f]{2})/g;

/** The view with every `%XX` decoded to its byte (none when it has no `%XX`). */
function percentDecoded(view: View): View[] {
  return rewritten(view, PERCENT, (m) => String.fromCharCode(parseInt(m[1], 16)), false);
}

/**
 * A line break with the blanks around it and the prefix Terraform puts before each line of a
 * diagnostic ("│ "). Terraform word-wraps diagnostics at the output width (a space becomes the
 * break), other tools hard-wrap long values (base64 at 64 or 76 columns: nothing is lost).
 */
const LINE_BREAK = /[ \t]*(?:\r\n|\r|\n)[ \t│]*/g;

/**
 * The view with each line break replaced by one space (patterns run there too: a wrapped
 * `Bearer …` or BEGIN line) and, when there are known values, with each removed.
 */
function joinedLines(view: View, known: boolean): View[] {
  return [
    ...rewritten(view, LINE_BREAK, () => " ", false),
    // Stryker disable next-line ConditionalExpression: equivalent, a view for known values finds nothing without any (it only costs time)
    ...(known ? rewritten(view, LINE_BREAK, () => "", true) : []),
  ];
}

/**
 * The view with each match of `pattern` replaced (the replacement maps back to the whole
 * match), or none when nothing matches.
 */
function rewritten(
  view: View,
  pattern: RegExp,
  replacement: (match: RegExpMatchArray) => string,
  knownOnly: boolean,
): View[] {
  const { text } = view;
  // A replacement is never longer than its match, so the view is never longer than the text.
  const start = new Int32Array(text.length);
  const end = new Int32Array(text.length);
  const parts: string[] = [];
  let length = 0;
  let at = 0;
  const keep = (from: number, to: number): void => {
    parts.push(text.slice(from, to));
    for (let i = from; i < to; i++, length++) {
      start[length] = view.start[i];
      end[length] = view.end[i];
    }
  };
  for (const match of text.matchAll(pattern)) {
    keep(at, match.index);
    const written = replacement(match);
    parts.push(written);
    for (let i = 0; i < written.length; i++, length++) {
      start[length] = view.start[match.index];
      end[length] = view.end[match.index + match[0].length - 1];
    }
    at = match.index + match[0].length;
  }
  // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent, an unchanged copy of the view only finds the same hits again
  if (at === 0) return [];
  keep(at, text.length);
  return [{ text: parts.join(""), start: start.subarray(0, length), end: end.subarray(0, length), knownOnly }];
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
  return { text: out.join(""), start, end, knownOnly: false };
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
