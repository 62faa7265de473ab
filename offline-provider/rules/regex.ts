// Go (RE2) regular expressions as JavaScript ones. RE2's syntax for what provider
// validators use (classes, anchors, repetition, groups) is JavaScript's too; a leading
// (?i) becomes the i flag. Anything JavaScript rejects is not modelled.

export function regexFromGo(pattern: string): RegExp | undefined {
  const insensitive = pattern.startsWith("(?i)");
  try {
    // No "u" flag: RE2 accepts escaped punctuation such as \_ that unicode mode rejects.
    return new RegExp(insensitive ? pattern.slice(4) : pattern, insensitive ? "i" : "");
  } catch {
    return undefined;
  }
}
