// postgres:// and postgresql:// URLs whose password is a literal rather than a `${…}`
// reference (the synthesised DATABASE_URL is built from neon_role.password, a reference).
import { isReferenceOnly } from "./patterns";

/** The literal passwords in a line, in order. */
export function literalPostgresPasswords(line: string): string[] {
  const found: string[] = [];
  for (const match of line.matchAll(/postgres(?:ql)?:\/\//g)) {
    const userinfo = readUserinfo(line, (match.index ?? 0) + match[0].length);
    if (!userinfo) continue;
    const colon = topLevelIndex(userinfo, ":");
    if (colon < 0) continue;
    const password = userinfo.slice(colon + 1);
    if (password !== "" && !isReferenceOnly(password)) found.push(password);
  }
  return found;
}

/** Characters up to the '@' that ends the userinfo, skipping `${…}`; null when there is none. */
function readUserinfo(line: string, start: number): string | null {
  let depth = 0;
  for (let i = start; i < line.length; i++) {
    const ch = line[i];
    if (line.startsWith("${", i)) {
      depth++;
      i++;
      continue;
    }
    if (depth > 0) {
      if (ch === "{") depth++;
      else if (ch === "}") depth--;
      continue;
    }
    if (ch === "@") return line.slice(start, i);
    if (ch === "/" || ch === '"' || ch === "'" || /\s/.test(ch)) return null;
  }
  return null;
}

function topLevelIndex(text: string, needle: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith("${", i)) {
      depth++;
      i++;
    } else if (depth > 0 && text[i] === "{") depth++;
    else if (depth > 0 && text[i] === "}") depth--;
    else if (depth === 0 && text[i] === needle) return i;
  }
  return -1;
}
