// Every string in an environment file reaches Terraform JSON, where `${` and `%{` start
// template syntax (an interpolation or a directive): `railway.projectName: "x${file(...)}"`
// would be evaluated by Terraform, not written as a name. Control and bidirectional-override
// characters are never part of a name and can hide what a reviewer reads; invisible
// characters and look-alike letters of another script make a name differ from what it shows. Checked on the raw
// environment value before the schema, for every string at any depth.

/** Terraform's escapes for a literal `${` / `%{` are `$${` / `%%{`; those pass. */
const TEMPLATE_SEQUENCE = /(?<![$%])(?:\$\$)*([$%])\{/;
// C0 and C1 control characters (tab and newline included: no config string is multi-line).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Bidirectional marks, embeddings, overrides and isolates (Unicode TR9; "Trojan Source", CVE-2021-42574). */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Zero-width characters, word joiner, soft hyphen and the BOM: invisible, so "slack" and "sla\u200bck" look alike. */
const INVISIBLE = /[\u00ad\u180e\u200b-\u200d\u2060\ufeff]/;
/**
 * A word mixing Latin with Cyrillic or Greek letters: a look-alike ("Асme" with a Cyrillic А)
 * of a name that looks up an integration (Sentry's GitHub or Slack integration) would find
 * nothing, or another one. Words each in one script ("Grüße, Привет") pass.
 */
const WORD = /\p{L}+/gu;
const LATIN = /\p{Script=Latin}/u;
const CONFUSABLE_SCRIPT = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;

function mixedScriptWord(text: string): string | undefined {
  return text.match(WORD)?.find((word) => LATIN.test(word) && CONFUSABLE_SCRIPT.test(word));
}

export interface LiteralIssue {
  path: Array<string | number>;
  message: string;
}

function codePoint(text: string, pattern: RegExp): string {
  const match = pattern.exec(text);
  return match ? `U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}` : "";
}

export function literalProblem(text: string): string | null {
  const template = TEMPLATE_SEQUENCE.exec(text);
  if (template) {
    const sequence = `${template[1]}{`;
    return `contains the Terraform template sequence "${sequence}", which Terraform would evaluate; remove it, or write "${template[1]}${sequence}" for a literal "${sequence}"`;
  }
  if (CONTROL.test(text)) return `contains the control character ${codePoint(text, CONTROL)}; remove it`;
  if (BIDI.test(text)) {
    return `contains the bidirectional-text control ${codePoint(text, BIDI)}, which can make text read differently than it is; remove it`;
  }
  if (INVISIBLE.test(text)) {
    return `contains the invisible character ${codePoint(text, INVISIBLE)} (zero-width or byte-order mark); retype the value without it`;
  }
  const mixed = mixedScriptWord(text);
  if (mixed) {
    return `mixes Latin letters with the Cyrillic or Greek ${codePoint(mixed, CONFUSABLE_SCRIPT)} in "${mixed}", a look-alike of a Latin letter; retype the word in one script`;
  }
  return null;
}

/**
 * Issues for every string (and object key) under `value`, with its path. A value that
 * contains itself (an object reachable from its own fields) is reported once, at the path
 * where the cycle closes: config is data, and the schema would otherwise recurse forever.
 */
export function literalIssues(
  value: unknown,
  path: Array<string | number> = [],
  ancestors: ReadonlySet<object> = new Set(),
): LiteralIssue[] {
  if (typeof value === "string") {
    const message = literalProblem(value);
    return message ? [{ path, message }] : [];
  }
  if (value === null || typeof value !== "object") return [];
  if (ancestors.has(value)) {
    return [{ path, message: "refers back to an object that contains it (a cycle); config must be plain data" }];
  }
  const inside = new Set(ancestors).add(value);
  if (Array.isArray(value)) return value.flatMap((item, index) => literalIssues(item, [...path, index], inside));
  return Object.entries(value).flatMap(([key, item]) => {
    const keyProblem = literalProblem(key);
    const own = keyProblem ? [{ path: [...path, key], message: `key ${keyProblem}` }] : [];
    return [...own, ...literalIssues(item, [...path, key], inside)];
  });
}
