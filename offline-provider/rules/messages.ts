// Validator messages exactly as the providers' libraries word them:
// - framework: hashicorp/terraform-plugin-framework-validators @ 0d28dbd
//   helpers/validatordiag/diag.go:25-49 (summary, "Attribute <path> <description>, got: <value>"),
//   stringvalidator/length_between.go:28, length_at_least.go:29, utf8_length_between.go:31,
//   one_of.go:30 (values printed as Go %s of types.String: ["a" "b"]), none_of.go:30,
//   regex_matches.go:25-30 (the validator's message replaces the description),
//   int64validator/between.go:29, at_least.go:25, float64validator/between.go:29 (%f),
//   listvalidator/size_between.go:26, setvalidator/size_at_least.go:25;
// - SDKv2: hashicorp/terraform-plugin-sdk @ 9e60169 helper/validation/strings.go:24,38,83,102,105,149,167,
//   int.go:24,43,62, float.go:23,42,61; the error text is the diagnostic's summary
//   (helper/schema/schema.go:611-637), keyed by the flatmap key (ValidateFunc) or the
//   attribute name (ValidateDiagFunc via validation.ToDiagFunc, meta.go:96-114).
import type { ValidatorRule } from "./types";

export interface Problem {
  summary: string;
  detail: string;
}

type Value = string | number | bigint | unknown[] | Record<string, unknown>;

const goF = (n: number): string => n.toFixed(6); // Go %f
const goQ = (s: string | number): string => JSON.stringify(String(s)); // Go %q of simple strings
const goList = (values: (string | number)[], quote: boolean): string =>
  `[${values.map((v) => (quote ? goQ(v) : String(v))).join(" ")}]`;

function sizeOf(v: Value): number {
  return Array.isArray(v) ? v.length : typeof v === "object" ? Object.keys(v).length : 0;
}

/** The problem a validator finds with a known, non-null value, or undefined when it passes. */
export function check(rule: ValidatorRule, value: Value, where: { path: string; key: string }): Problem | undefined {
  const fw = rule.style === "framework";
  const { path, key } = where;
  const fwProblem = (summary: string, description: string, got: string): Problem => ({
    summary,
    detail: `Attribute ${path} ${description}, got: ${got}`,
  });
  const sdk = (message: string): Problem => ({ summary: message, detail: "" });
  switch (rule.kind) {
    case "length": {
      if (typeof value !== "string") return undefined;
      const n = rule.utf8 ? [...value].length : Buffer.byteLength(value, "utf8");
      if ((rule.min === undefined || n >= rule.min) && (rule.max === undefined || n <= rule.max)) return undefined;
      if (!fw) return sdk(`expected length of ${key} to be in the range (${rule.min} - ${rule.max}), got ${value}`);
      const what = rule.utf8 ? "UTF-8 character count" : "string length";
      const bound =
        rule.min !== undefined && rule.max !== undefined
          ? `must be between ${rule.min} and ${rule.max}`
          : rule.min !== undefined
            ? `must be at least ${rule.min}`
            : `must be at most ${rule.max}`;
      return fwProblem("Invalid Attribute Value Length", `${what} ${bound}`, String(n));
    }
    case "range": {
      const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : NaN;
      if (Number.isNaN(n)) return undefined;
      if ((rule.min === undefined || n >= rule.min) && (rule.max === undefined || n <= rule.max)) return undefined;
      const fmt = (x: number) => (rule.integer ? String(x) : goF(x));
      if (fw) {
        const bound =
          rule.min !== undefined && rule.max !== undefined
            ? `must be between ${fmt(rule.min)} and ${fmt(rule.max)}`
            : rule.min !== undefined
              ? `must be at least ${fmt(rule.min)}`
              : `must be at most ${fmt(rule.max ?? 0)}`;
        return fwProblem("Invalid Attribute Value", `value ${bound}`, fmt(n));
      }
      if (rule.min !== undefined && rule.max !== undefined)
        return sdk(`expected ${key} to be in the range (${fmt(rule.min)} - ${fmt(rule.max)}), got ${fmt(n)}`);
      return rule.min !== undefined
        ? sdk(`expected ${key} to be at least (${fmt(rule.min)}), got ${fmt(n)}`)
        : sdk(`expected ${key} to be at most (${fmt(rule.max ?? 0)}), got ${fmt(n)}`);
    }
    case "size": {
      if (typeof value !== "object") return undefined;
      const n = sizeOf(value);
      if ((rule.min === undefined || n >= rule.min) && (rule.max === undefined || n <= rule.max)) return undefined;
      const kind = rule.source.split("validator.")[0] ?? "list";
      const bound =
        rule.min !== undefined && rule.max !== undefined
          ? `must contain at least ${rule.min} elements and at most ${rule.max} elements`
          : rule.min !== undefined
            ? `must contain at least ${rule.min} elements`
            : `must contain at most ${rule.max} elements`;
      return fwProblem("Invalid Attribute Value", `${kind} ${bound}`, String(n));
    }
    case "one_of": {
      if (typeof value !== "string" && typeof value !== "number") return undefined;
      const eq = (a: string | number) =>
        rule.ignore_case ? String(a).toLowerCase() === String(value).toLowerCase() : String(a) === String(value);
      if (rule.values.some(eq)) return undefined;
      if (!fw) return sdk(`expected ${key} to be one of ${goList(rule.values, true)}, got ${String(value)}`);
      const strings = typeof value === "string";
      return fwProblem(
        "Invalid Attribute Value Match",
        `value must be one of: ${goList(rule.values, true)}`,
        strings ? goQ(value) : String(value),
      );
    }
    case "none_of": {
      if (typeof value !== "string" && typeof value !== "number") return undefined;
      if (!rule.values.some((a) => String(a) === String(value))) return undefined;
      if (!fw) return sdk(`expected ${key} to not be any of ${goList(rule.values, false)}, got ${String(value)}`);
      return fwProblem(
        "Invalid Attribute Value Match",
        `value must be none of: ${goList(rule.values, true)}`,
        typeof value === "string" ? goQ(value) : String(value),
      );
    }
    case "regex": {
      if (typeof value !== "string") return undefined;
      const insensitive = rule.pattern.startsWith("(?i)");
      const re = new RegExp(insensitive ? rule.pattern.slice(4) : rule.pattern, insensitive ? "i" : "");
      if (re.test(value)) return undefined;
      if (fw)
        return fwProblem(
          "Invalid Attribute Value Match",
          rule.message || `value must match regular expression '${rule.pattern}'`,
          value,
        );
      return rule.message
        ? sdk(`invalid value for ${key} (${rule.message})`)
        : sdk(`expected value of ${key} to match regular expression ${goQ(rule.pattern)}, got ${value}`);
    }
    case "not_empty": {
      if (typeof value !== "string") return undefined;
      if (rule.whitespace ? value.trim() !== "" : value !== "") return undefined;
      return rule.whitespace
        ? sdk(`expected ${goQ(key)} to not be an empty string or whitespace`)
        : sdk(`expected ${goQ(key)} to not be an empty string, got ${value}`);
    }
  }
}
