// Last line of defence for secrets: every known secret value (what a plan marks sensitive,
// and any extra secret the caller names) is scrubbed from text, wherever it appears —
// including error output and attributes that embed a secret without being marked.

/**
 * Shorter strings (a sensitive LOG_LEVEL "debug", a port) occur by accident in ordinary text
 * too often to scrub; they are still masked wherever the plan marks them.
 */
const MIN_SECRET_LENGTH = 8;

/** What a redacted value reads as, in plan comments as in the attribute diff. */
export const SENSITIVE = "(sensitive value)";

export class Redactor {
  private readonly needles: string[];

  constructor(secrets: Iterable<string>) {
    const needles = new Set<string>();
    for (const secret of secrets) {
      if (secret.length < MIN_SECRET_LENGTH) continue;
      needles.add(secret);
      // The renderer prints values JSON-encoded, so the escaped form must go too.
      needles.add(JSON.stringify(secret).slice(1, -1));
    }
    this.needles = [...needles].sort((a, b) => b.length - a.length);
  }

  scrub(text: string): string {
    let result = text;
    for (const needle of this.needles) if (result.includes(needle)) result = result.split(needle).join(SENSITIVE);
    return result;
  }
}
