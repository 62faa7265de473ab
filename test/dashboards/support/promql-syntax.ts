// PromQL syntax check in-process with Prometheus' own Lezer grammar (the one its web UI
// uses), so every machine checks every expression, with or without promtool.
import { parser } from "@prometheus-io/lezer-promql";

export interface SyntaxError {
  /** Character offset of the first error node. */
  at: number;
  /** The expression with a caret under the error position. */
  excerpt: string;
}

/** Returns the syntax errors of a PromQL expression; empty when it parses cleanly. */
export function promqlSyntaxErrors(expr: string): SyntaxError[] {
  const errors: SyntaxError[] = [];
  // Lezer recovers from errors and marks them as error nodes (⚠) in the tree.
  parser.parse(expr).iterate({
    enter(node) {
      if (node.type.isError) errors.push({ at: node.from, excerpt: `${expr}\n${" ".repeat(node.from)}^` });
    },
  });
  if (expr.trim() === "") errors.push({ at: 0, excerpt: "(empty expression)" });
  return errors;
}
