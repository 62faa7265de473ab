// Terraform's own rules on the synthesised JSON: pinned providers, and no template syntax
// that did not come from the program's own references.
import { constructPath, isJsonObject, type Json, type TfResource } from "../../terraform-json/tf-json";
import type { Violation } from "../rule";
import type { ApiRule } from "./rule";

const EXACT_VERSION = /^=?\s*\d+\.\d+\.\d+$/;

export const providersPinned: ApiRule = {
  id: "providers-pinned",
  resourceTypes: ["terraform.required_providers"],
  requirement: "every provider a stack configures is in required_providers with an exact version",
  fix: "pin it in stacks/providers.ts PROVIDER_VERSIONS to the version of its schema snapshot (providers/*.json)",
  source: {
    ref: "https://developer.hashicorp.com/terraform/language/providers/requirements#version-constraints (no constraint: any version, newest installed)",
    version: "Terraform 1.x",
  },
  check(ctx) {
    return ctx.stacks.flatMap((stack) =>
      stack.providers.flatMap((provider): Violation[] => {
        const version = stack.requiredProviders[provider]?.version;
        if (version && EXACT_VERSION.test(version)) return [];
        return [
          {
            path: stack.name,
            message: version
              ? `provider ${provider} is constrained to "${version}", not one exact version`
              : `provider ${provider} has no version in required_providers`,
          },
        ];
      }),
    );
  },
};

/** Functions the program's own expressions call (cdktf Fn); anything else came from data. */
const KNOWN_FUNCTIONS = new Set(["replace", "jsonencode", "lookup", "element", "tostring", "tonumber", "join"]);
/** Roots of references besides resource types. */
const REFERENCE_ROOTS = new Set(["data", "var", "local", "module", "each", "count", "self", "path", "terraform"]);

/** The `${…}` expression bodies in a string (escaped `$${` skipped) and whether it has a `%{` directive. */
export function templateParts(text: string): { expressions: string[]; directive: boolean } {
  const expressions: string[] = [];
  let directive = false;
  for (let i = 0; i < text.length; i++) {
    // At i = 0, text[-1] is undefined: no character before, nothing escapes.
    const escaped = text[i - 1] === text[i];
    if (text[i] === "%" && text[i + 1] === "{" && !escaped) directive = true;
    if (text[i] !== "$" || text[i + 1] !== "{") continue;
    if (text[i + 2] === undefined || text[i - 1] === "$") continue;
    let depth = 0;
    let quoted = false;
    let j = i + 1;
    for (; j < text.length; j++) {
      const c = text[j];
      if (quoted) {
        if (c === "\\") j++;
        else if (c === '"') quoted = false;
        continue;
      }
      if (c === '"') quoted = true;
      else if (c === "{") depth++;
      else if (c === "}" && --depth === 0) break;
    }
    expressions.push(text.slice(i + 2, j));
    i = j;
  }
  return { expressions, directive };
}

function strings(value: Json | undefined): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (isJsonObject(value))
    return Object.entries(value)
      .filter(([key]) => key !== "//")
      .flatMap(([, item]) => strings(item));
  // Stryker disable next-line ArrayDeclaration: null, numbers and booleans hold no string; a placeholder without "${" or "%{" would not be reported either
  return [];
}

export function expressionProblem(body: string, isResource: (type: string, id: string) => boolean): string | null {
  const code = body.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  for (const call of code.matchAll(/([A-Za-z_][\w:]*)\s*\(/g)) {
    if (!KNOWN_FUNCTIONS.has(call[1])) return `calls ${call[1]}(), which no construct writes`;
  }
  for (const ref of code.matchAll(/(?<![\w.-])([A-Za-z_][\w]*)\.([A-Za-z_][\w-]*)/g)) {
    if (!REFERENCE_ROOTS.has(ref[1]) && !isResource(ref[1], ref[2]))
      return `refers to ${ref[1]}.${ref[2]}, which no stack declares`;
  }
  if (!/[A-Za-z_]/.test(code)) return "is an empty or literal expression";
  return null;
}

export const noTemplateSequences: ApiRule = {
  id: "no-template-sequences",
  resourceTypes: ["*"],
  requirement:
    'no string carries template syntax the program did not write: every "${…}" refers to a declared resource, variable or data source and calls only the functions constructs use, and no "%{" directive appears',
  fix: 'remove "${" / "%{" from the config value (config validation names it), or escape a literal as "$${" / "%%{"',
  source: {
    ref: "https://developer.hashicorp.com/terraform/language/syntax/json#expression-mapping (JSON strings are string templates) and /language/expressions/strings#escape-sequences",
    version: "Terraform 1.x",
  },
  check(ctx) {
    // Before synth, a cross-stack reference still names the resource in its origin stack.
    const ids = new Set(ctx.inventory.resources.map((r) => `${r.type}.${r.logicalId}`));
    const isResource = (type: string, id: string) => ids.has(`${type}.${id}`);
    return ctx.inventory.resources.flatMap((resource: TfResource) => {
      const found: Violation[] = [];
      for (const text of strings(resource.attrs)) {
        const { expressions, directive } = templateParts(text);
        if (directive)
          found.push({
            path: constructPath(resource),
            message: `a "%{" template directive in ${JSON.stringify(text)}`,
          });
        for (const body of expressions) {
          const problem = expressionProblem(body, isResource);
          if (problem) found.push({ path: constructPath(resource), message: `"\${${body}}" ${problem}` });
        }
      }
      return found;
    });
  },
};
