// Adoption lists: resources that already exist in the live accounts and that a stack
// takes over by import instead of creating them again. One list per stack, kept in
// config/adopt/<stack>.ts (import ids are not secrets). This module checks the shape
// and the ids on their own; stacks/adoption.ts checks them against the stack's constructs.
import { z } from "zod";
import { importIdProblem } from "./import-ids";
import { literalIssues } from "./literals";
import { ConfigError, formatPath, type ConfigProblem } from "./load";

/** A construct path relative to its stack, as the plan comment shows it: `edge/dns/api-record`. */
const constructPath = z
  .string()
  .regex(/^[^/\s]+(\/[^/\s]+)*$/, "a construct path relative to the stack, such as edge/dns/api-record");

export const AdoptedResourceSchema = z.strictObject({
  path: constructPath,
  /** The provider's import id, e.g. `<zone_id>/<dns_record_id>` for a Cloudflare DNS record. */
  id: z.string().min(1),
  /** Where the id came from (cf-terraforming, an API call…), for the reviewer. */
  note: z.string().optional(),
  /**
   * The live object's values of attributes that force a replacement when they differ
   * (config/replace-attributes.ts), as discovery read them: the stacks build with them.
   */
  live: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});

export const AdoptionListSchema = z.strictObject({
  stack: z.string().regex(/^[a-z0-9-]+$/, "a stack name such as neuropilot-production"),
  resources: z.array(AdoptedResourceSchema),
});

export type AdoptedResource = z.infer<typeof AdoptedResourceSchema>;
export type AdoptionList = z.infer<typeof AdoptionListSchema>;
export type AdoptionListInput = z.input<typeof AdoptionListSchema>;

export interface AdoptionSource {
  /** The list's file, relative to the repository root. */
  file: string;
  value: unknown;
}

export interface LoadedAdoption {
  file: string;
  list: AdoptionList;
}

/**
 * Validates every list's shape, one list per stack, and no construct path
 * listed twice in a list. Throws one ConfigError with every problem (file, path, fix).
 */
export function loadAdoption(sources: readonly AdoptionSource[]): LoadedAdoption[] {
  const problems: ConfigProblem[] = [];
  const loaded: LoadedAdoption[] = [];
  const fileOfStack = new Map<string, string>();
  for (const source of sources) {
    // Every string is data: template sequences, control and invisible characters are refused
    // before the schema (config/literals.ts), as in environment files.
    const literals = literalIssues(source.value).map((issue) => ({
      file: source.file,
      path: formatPath("adopt", issue.path),
      message: issue.message,
    }));
    if (literals.length > 0) {
      problems.push(...literals);
      continue;
    }
    const result = AdoptionListSchema.safeParse(source.value);
    if (!result.success) {
      for (const issue of result.error.issues) {
        problems.push({ file: source.file, path: formatPath("adopt", issue.path), message: issue.message });
      }
      continue;
    }
    const list = result.data;
    const earlier = fileOfStack.get(list.stack);
    if (earlier !== undefined) {
      problems.push({
        file: source.file,
        path: "adopt.stack",
        message: `${list.stack} already has an adoption list in ${earlier}; keep one list per stack`,
      });
      continue;
    }
    fileOfStack.set(list.stack, source.file);
    problems.push(...duplicates(source.file, list));
    loaded.push({ file: source.file, list });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return loaded;
}

function duplicates(file: string, list: AdoptionList): ConfigProblem[] {
  // The same id under two paths is checked per resource type in stacks/adoption.ts: a
  // Worker script and its cron trigger share "<account_id>/<script_name>".
  const problems: ConfigProblem[] = [];
  const byPath = new Map<string, number>();
  list.resources.forEach((entry, index) => {
    const samePath = byPath.get(entry.path);
    if (samePath === undefined) byPath.set(entry.path, index);
    else
      problems.push({
        file,
        path: `adopt.resources[${index}].path`,
        message: `${entry.path} is adopted twice (also resources[${samePath}]); a construct imports one existing resource`,
      });
  });
  return problems;
}

/** The problem with `id` for a resource of `type`, as a ConfigProblem of entry `index`. */
export function importIdConfigProblem(
  file: string,
  index: number,
  type: string,
  id: string,
): ConfigProblem | undefined {
  const problem = importIdProblem(type, id);
  return problem === undefined
    ? undefined
    : { file, path: `adopt.resources[${index}].id`, message: `${type}: ${problem}` };
}
