// Go source parsed by tree-sitter's Go grammar (WebAssembly, no native build): the
// extractor reads provider schemas from real syntax trees, not from regular expressions.
import { createRequire } from "node:module";
import { join } from "node:path";
import { Language, type Node, Parser } from "web-tree-sitter";
import { REPO_ROOT } from "../paths";

export type GoNode = Node;

let parser: Promise<Parser> | undefined;

async function makeParser(): Promise<Parser> {
  const require = createRequire(join(REPO_ROOT, "package.json"));
  await Parser.init();
  const go = await Language.load(require.resolve("tree-sitter-go/tree-sitter-go.wasm"));
  const p = new Parser();
  p.setLanguage(go);
  return p;
}

/** The root node of a Go source file; the parser and grammar load once per process. */
export async function parseGo(source: string): Promise<GoNode> {
  parser ??= makeParser();
  const tree = (await parser).parse(source);
  if (!tree) throw new Error("tree-sitter returned no tree");
  return tree.rootNode;
}

/** The value of a Go string, number or bool literal (also `-n` and `"a" + "b"`), or undefined. */
export function goConstant(node: GoNode): string | number | boolean | undefined {
  switch (node.type) {
    case "literal_element":
    case "parenthesized_expression":
      return node.namedChildren[0] ? goConstant(node.namedChildren[0]) : undefined;
    case "raw_string_literal":
      return node.text.slice(1, -1);
    case "interpreted_string_literal":
      try {
        return JSON.parse(node.text) as string;
      } catch {
        return undefined; // a Go escape JSON does not share (\x, octal): not evaluated
      }
    case "int_literal":
    case "float_literal": {
      const n = Number(node.text.replace(/_/g, ""));
      return Number.isFinite(n) ? n : undefined;
    }
    case "true":
      return true;
    case "false":
      return false;
    case "unary_expression": {
      const operand = node.childForFieldName("operand");
      const v = operand ? goConstant(operand) : undefined;
      const op = node.childForFieldName("operator")?.text;
      return typeof v === "number" && op === "-" ? -v : typeof v === "number" && op === "+" ? v : undefined;
    }
    case "binary_expression": {
      const l = node.childForFieldName("left");
      const r = node.childForFieldName("right");
      const a = l ? goConstant(l) : undefined;
      const b = r ? goConstant(r) : undefined;
      return node.childForFieldName("operator")?.text === "+" && typeof a === "string" && typeof b === "string"
        ? a + b
        : undefined;
    }
    default:
      return undefined;
  }
}
