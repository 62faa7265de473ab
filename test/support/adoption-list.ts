// Reads an adoption list file written by `npm run adopt` back from its text.
import { readFileSync } from "node:fs";

export type List = {
  stack: string;
  resources: Array<{ path: string; id: string; note?: string; live?: Record<string, string | number | boolean> }>;
};

/**
 * The list a file holds, read from its text (an import would return the module cached by the
 * first read): the exported object literal, evaluated on its own (it holds only literals).
 */
export function readList(file: string): List {
  const text = readFileSync(file, "utf8");
  const start = text.indexOf("AdoptionListInput = ");
  const end = text.lastIndexOf("};");
  if (start < 0 || end < start) throw new Error(`${file}: no adoption list literal`);
  const literal = text.slice(start + "AdoptionListInput = ".length, end + 1);
  return new Function(`return (${literal});`)() as List;
}
