// Turns the adoption lists (config/adopt/) into Terraform `import` blocks: each listed
// construct path must name a resource of its stack, each id must have the import id format
// of that resource's type, and no resource of a type may be adopted twice. Every problem is
// reported at once, before anything is synthesised.
//
// The blocks are the JSON CDKTF's own TerraformResource.importFrom() renders
// (`import: [{ to: "<type>.<name>", id }]`, cdktf 0.21 lib/terraform-resource.js), written
// by one element per stack instead: importFrom() adds a validation to every resource that
// runs `terraform version` at synth, which cost 20.7 s for the 108 resources of the bundled
// stacks on the 2-core machine (0.49 s without), and made synth need Terraform. Terraform
// below 1.5 rejects `import` blocks by itself; the README requires 1.6.
import { TerraformElement, TerraformResource, TerraformStack, Token } from "cdktf";
import type { IConstruct } from "constructs";
import { importIdConfigProblem, type LoadedAdoption } from "../config/adoption";
import { importIdAttributes } from "../config/import-ids";
import { liveAttributes, REPLACE_ATTRIBUTES, replaceConflicts } from "../config/replace-attributes";
import { ConfigError, type ConfigProblem } from "../config/load";

/** Resources of a stack by construct path relative to the stack (`edge/dns/api-record`). */
export function resourcesByPath(stack: TerraformStack): Map<string, TerraformResource> {
  const prefix = `${stack.node.path}/`;
  const out = new Map<string, TerraformResource>();
  for (const node of stack.node.findAll()) {
    if (TerraformResource.isTerraformResource(node)) out.set(node.node.path.slice(prefix.length), node);
  }
  return out;
}

/** Applies every list to its stack of `scope` (the App); throws ConfigError listing all problems. */
export function adoptExisting(scope: IConstruct, adoption: readonly LoadedAdoption[]): void {
  const stacks = new Map(
    scope.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c)).map((s) => [s.node.id, s]),
  );
  const problems: ConfigProblem[] = [];
  const imports: Array<{ resource: TerraformResource; id: string }> = [];
  for (const { file, list } of adoption) {
    const stack = stacks.get(list.stack);
    if (stack === undefined) {
      problems.push({
        file,
        path: "adopt.stack",
        message: `no stack named ${list.stack}; the app builds ${[...stacks.keys()].join(", ")}`,
      });
      continue;
    }
    const resources = resourcesByPath(stack);
    const adoptedIds = new Map<string, number>();
    list.resources.forEach((entry, index) => {
      const resource = resources.get(entry.path);
      if (resource === undefined) {
        problems.push({
          file,
          path: `adopt.resources[${index}].path`,
          message: unknownPath(entry.path, stack, resources),
        });
        return;
      }
      const type = resource.terraformResourceType;
      const idProblem = importIdConfigProblem(file, index, type, entry.id);
      if (idProblem !== undefined) problems.push(idProblem);
      const mismatch = idProblem === undefined ? configMismatch(resource, entry.id) : undefined;
      if (mismatch !== undefined) {
        problems.push({ file, path: `adopt.resources[${index}].id`, message: `${type}: ${mismatch}` });
      }
      const key = `${type} ${entry.id}`;
      const earlier = adoptedIds.get(key);
      if (earlier !== undefined) {
        problems.push({
          file,
          path: `adopt.resources[${index}].id`,
          message: `${type} "${entry.id}" is adopted twice (also resources[${earlier}] ${list.resources[earlier].path}); one existing resource can back one construct`,
        });
      } else adoptedIds.set(key, index);
      const replaced = liveProblems(file, index, entry.path, resource, entry.live ?? {});
      problems.push(...replaced);
      if (idProblem === undefined && mismatch === undefined && replaced.length === 0)
        imports.push({ resource, id: entry.id });
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const blocks = new Map<TerraformStack, ImportBlocks>();
  for (const { resource, id } of imports) {
    const stack = TerraformStack.of(resource);
    const element = blocks.get(stack) ?? new ImportBlocks(stack, "adoption-imports");
    blocks.set(stack, element);
    element.entries.push({ resource, id });
  }
}

/** The stack's `import` blocks, one per adopted resource, addressed as at synth time. */
export class ImportBlocks extends TerraformElement {
  readonly entries: Array<{ resource: TerraformResource; id: string }> = [];

  private address(resource: TerraformResource): string {
    return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
  }

  override toTerraform(): Record<string, unknown> {
    return { import: this.entries.map(({ resource, id }) => ({ to: this.address(resource), id })) };
  }

  override toHclTerraform(): Record<string, unknown> {
    return {
      import: this.entries.map(({ resource, id }) => ({
        to: { value: this.address(resource), type: "simple", storageClassType: "reference" },
        id: { value: id, type: "simple", storageClassType: "string" },
      })),
    };
  }

  override toMetadata(): Record<string, unknown> {
    const imports: Record<string, string[]> = {};
    for (const { resource } of this.entries) {
      (imports[resource.terraformResourceType] ??= []).push(resource.friendlyUniqueId);
    }
    return { imports };
  }
}

/**
 * The recorded live values of attributes that force a replacement: each must be one of the
 * type's (config/replace-attributes.ts); an `override` one is written over the declared
 * value, any other must already be what the stack declares (the stacks build with them),
 * or the import would be followed by a replacement.
 */
function liveProblems(
  file: string,
  index: number,
  path: string,
  resource: TerraformResource,
  live: Readonly<Record<string, string | number | boolean>>,
): ConfigProblem[] {
  const type = resource.terraformResourceType;
  const known = liveAttributes(type);
  const problems: ConfigProblem[] = [];
  for (const name of Object.keys(live).filter((name) => !known.includes(name)))
    problems.push({
      file,
      path: `adopt.resources[${index}].live.${name}`,
      message: `${type}: ${name} is not an attribute adoption keeps (${known.join(", ") || "none for this type"}); remove it`,
    });
  if (problems.length > 0) return problems;
  const guards = new Map((REPLACE_ATTRIBUTES[type] ?? []).map((a) => [a.attribute, a.guard]));
  for (const [name, value] of Object.entries(live))
    if (guards.get(name) === "override") resource.addOverride(name, value);
  const body = resource.toTerraform() as { resource?: Record<string, Record<string, Record<string, unknown>>> };
  const declared = Object.values(body.resource?.[type] ?? {})[0] ?? {};
  for (const conflict of replaceConflicts(type, declared, live)) {
    problems.push({
      file,
      path: `adopt.resources[${index}].live.${conflict.attribute}`,
      message: `${type} ${path}: the live object has ${conflict.attribute} = ${JSON.stringify(conflict.live)} but the stack declares ${JSON.stringify(conflict.declared)}, which replaces it (${conflict.source}); ${
        conflict.configField !== undefined
          ? `set ${conflict.configField} to ${JSON.stringify(conflict.live)}`
          : "run npm run adopt again, or drop the entry to create a new one"
      }`,
    });
  }
  return problems;
}

/**
 * An id part that names something the construct also declares literally (the zone, the
 * setting, the Worker's name, the role's name…) must agree with it, or the import would
 * adopt a different object than the one configured (and plan to rename or replace it).
 */
function configMismatch(resource: TerraformResource, id: string): string | undefined {
  const fromId = Object.entries(importIdAttributes(resource.terraformResourceType, id));
  if (fromId.length === 0) return undefined;
  const body = resource.toTerraform() as { resource?: Record<string, Record<string, Record<string, unknown>>> };
  const attributes = Object.values(body.resource?.[resource.terraformResourceType] ?? {})[0] ?? {};
  for (const [name, value] of fromId) {
    const declared = attributes[name];
    if (typeof declared !== "string" || Token.isUnresolved(declared) || declared === value) continue;
    return `the import id's ${name} is "${value}" but the construct declares ${name} = "${declared}"; import the object the construct describes`;
  }
  return undefined;
}

function unknownPath(path: string, stack: TerraformStack, resources: Map<string, TerraformResource>): string {
  const name = stack.node.id;
  if (path.startsWith(`${name}/`) && resources.has(path.slice(name.length + 1))) {
    return `${path}: write it without the stack name: ${path.slice(name.length + 1)}`;
  }
  const nearest = nearestPaths(path, [...resources.keys()], 3);
  return `no resource at ${path} in ${name}; nearest: ${nearest.join(", ")}`;
}

/** The `count` candidates closest to `path` by edit distance (ties: alphabetical). */
export function nearestPaths(path: string, candidates: readonly string[], count: number): string[] {
  return candidates
    .map((candidate) => ({ candidate, distance: editDistance(path, candidate) }))
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, count)
    .map((entry) => entry.candidate);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}
