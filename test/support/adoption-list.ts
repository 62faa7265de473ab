// Reads an adoption list file written by `npm run adopt` back from its text.
import { readFileSync } from "node:fs";

export type List = { stack: string; resources: Array<{ path: string; id: string; note?: string }> };

/** The list a file holds, read from its text (an import would return the module cached by the first read). */
export function readList(file: string): List {
  const text = readFileSync(file, "utf8");
  const str = `("(?:[^"\\\\]|\\\\.)*"|'(?:[^'\\\\]|\\\\.)*')`;
  const unquote = (q: string): string =>
    q.startsWith("'") ? q.slice(1, -1).replace(/\\'/g, "'") : (JSON.parse(q) as string);
  const entry = new RegExp(`\\{\\s*path: ${str},\\s*id: ${str},(?:\\s*note: ${str},)?\\s*\\}`, "g");
  return {
    stack: /stack: "([a-z0-9-]+)"/.exec(text)?.[1] ?? "",
    resources: [...text.matchAll(entry)].map((m) => ({
      path: unquote(m[1]),
      id: unquote(m[2]),
      note: m[3] === undefined ? undefined : unquote(m[3]),
    })),
  };
}
