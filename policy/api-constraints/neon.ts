// Neon constraints the API enforces at apply time (kislerdm/neon 0.15.0 and Neon's docs).
import { NEON_AUTOSCALING_MAX_CU, NEON_AUTOSCALING_MAX_SPREAD_CU, NEON_COMPUTE_STEPS } from "../../config/neon-limits";
import {
  constructPath,
  type JsonObject,
  numberAt,
  objectAt,
  stringAt,
  type TfResource,
} from "../../terraform-json/tf-json";
import type { Violation } from "../rule";
import type { ApiRule } from "./rule";

export const NEON_PROVIDER = "kislerdm/terraform-provider-neon v0.15.0";

function computeProblem(limits: JsonObject | undefined): string | null {
  const min = numberAt(limits, "autoscaling_limit_min_cu");
  const max = numberAt(limits, "autoscaling_limit_max_cu");
  for (const [name, value] of [
    ["autoscaling_limit_min_cu", min],
    ["autoscaling_limit_max_cu", max],
  ] as const) {
    if (value !== undefined && !NEON_COMPUTE_STEPS.includes(value))
      return `${name} = ${value} is not a Neon compute size`;
  }
  if (min === undefined || max === undefined) return null;
  if (min > max) return `autoscaling_limit_min_cu (${min}) exceeds autoscaling_limit_max_cu (${max})`;
  if (min < max && max > NEON_AUTOSCALING_MAX_CU)
    return `autoscaling above ${NEON_AUTOSCALING_MAX_CU} CU (${min}–${max})`;
  if (max - min > NEON_AUTOSCALING_MAX_SPREAD_CU) {
    return `autoscaling range ${min}–${max} CU spans more than ${NEON_AUTOSCALING_MAX_SPREAD_CU} CU`;
  }
  return null;
}

export const neonComputeSize: ApiRule = {
  id: "neon-compute-size",
  resourceTypes: ["neon_endpoint", "neon_project"],
  requirement:
    "compute sizes are Neon steps (0.25, 0.5, 1…16, even sizes to 56); autoscaling stays within 16 CU and a spread of 8 CU",
  fix: "set neon.compute.minCu/maxCu to Neon compute sizes (config/neon-limits.ts lists them)",
  source: {
    ref: "https://neon.com/docs/manage/computes#compute-size-and-autoscaling-configuration",
    version: "read 2026-12",
  },
  check(ctx) {
    const endpoints = ctx.inventory.ofType("neon_endpoint").map((e) => [e, e.attrs] as const);
    const projects = ctx.inventory
      .ofType("neon_project")
      .map((p) => [p, objectAt(p.attrs, "default_endpoint_settings")] as const);
    return [...endpoints, ...projects].flatMap(([resource, limits]) => {
      const message = computeProblem(limits);
      return message ? [{ path: constructPath(resource), message }] : [];
    });
  },
};

/**
 * Which branch a `branch_id`/`parent_id` expression names: a project's default branch
 * (`default:<project logical id>`; one project per cell), or a neon_branch by logical id.
 */
function branchKey(value: string | undefined, stack: string): string | undefined {
  if (!value) return undefined;
  if (value.includes("default_branch_id")) {
    // In-stack `neon_project.<id>.default_branch_id`, or the cross-stack output
    // `cross-stack-output-neon_project<id>default_branch_id`.
    const project =
      /\bneon_project\.([\w-]+)\.default_branch_id/.exec(value) ??
      /cross-stack-output-neon_project([\w-]+?)default_branch_id/.exec(value);
    // Stryker disable next-line StringLiteral: an unrecognised reference keys to no project whatever the text: logical ids are [\w-]+, never empty, never this placeholder
    const id = project?.[1] ?? "";
    return `default:${id}`;
  }
  const match = /\$\{neon_branch\.([\w-]+)\.id\}/.exec(value);
  return match ? `${stack}/${match[1]}` : undefined;
}

/** The branch and its ancestors, nearest first (a project's default branch last). */
function ancestryOf(branches: ReadonlyMap<string, BranchNode>, key: string | undefined): string[] {
  // Stryker disable next-line ArrayDeclaration: a seed entry is never a branch key (those hold "/" or ":"), and it lengthens every chain alike (depth order and root unchanged)
  const chain: string[] = [];
  for (let at = key; at !== undefined && !chain.includes(at); at = branches.get(at)?.parent) chain.push(at);
  return chain;
}

interface BranchNode {
  key: string;
  parent: string | undefined;
  path: string;
}

export const neonBranchObjectsUnique: ApiRule = {
  id: "neon-branch-objects-unique",
  resourceTypes: ["neon_project", "neon_branch", "neon_role", "neon_database"],
  requirement:
    "no role or database is declared on a branch that already has it: the project creates branch.role_name and branch.database_name on the default branch, and a child branch starts with its parent's roles and databases",
  fix: "do not declare the project's database or owner role again (reference them by name); give each environment's role a name no parent branch has (config neon.roleName)",
  source: {
    ref: "provider/resource_project.go (schemaDefaultBranch: role_name, database_name created with the project); https://neon.com/docs/introduction/branching (a branch is a copy of its parent)",
    version: NEON_PROVIDER,
  },
  check(ctx) {
    const found: Violation[] = [];
    const branches = new Map<string, BranchNode>();
    const branchNames = new Map<string, string>();
    for (const branch of ctx.inventory.ofType("neon_branch")) {
      const key = `${branch.stack}/${branch.logicalId}`;
      branches.set(key, {
        key,
        parent: branchKey(stringAt(branch.attrs, "parent_id"), branch.stack),
        path: constructPath(branch),
      });
      // Branch names are unique per project: key them by the project the branch descends from.
      // Stryker disable next-line StringLiteral: the chain starts with key itself, so at(-1) is never undefined
      const root = ancestryOf(branches, key).at(-1) ?? "";
      const name = stringAt(branch.attrs, "name") && `${root} ${stringAt(branch.attrs, "name")}`;
      if (name && branchNames.has(name)) {
        found.push({
          path: constructPath(branch),
          message: `branch name ${stringAt(branch.attrs, "name")} is already used by ${branchNames.get(name)}`,
        });
      }
      if (name) branchNames.set(name, constructPath(branch));
    }

    // What each branch holds from the start: the project's implicit objects on the default branch.
    const own = new Map<string, Map<string, string>>();
    const hold = (branch: string, object: string, by: string) => {
      const held = own.get(branch) ?? new Map<string, string>();
      own.set(branch, held);
      held.set(object, by);
    };
    for (const project of ctx.inventory.ofType("neon_project")) {
      const implicit = objectAt(project.attrs, "branch");
      const role = stringAt(implicit, "role_name");
      const database = stringAt(implicit, "database_name");
      const root = `default:${project.logicalId}`;
      if (role) hold(root, `role ${role}`, `${constructPath(project)} (created with the project)`);
      if (database) hold(root, `database ${database}`, `${constructPath(project)} (created with the project)`);
    }

    const ancestry = (key: string | undefined): string[] => ancestryOf(branches, key);
    const declared: Array<[TfResource, string]> = [
      ...ctx.inventory.ofType("neon_role").map((r): [TfResource, string] => [r, "role"]),
      ...ctx.inventory.ofType("neon_database").map((d): [TfResource, string] => [d, "database"]),
    ];
    // Parents first, so a child's duplicate is reported against the parent's declaration.
    const depth = (r: TfResource) => ancestry(branchKey(stringAt(r.attrs, "branch_id"), r.stack)).length;
    for (const [resource, kind] of declared.sort((a, b) => depth(a[0]) - depth(b[0]))) {
      const branch = branchKey(stringAt(resource.attrs, "branch_id"), resource.stack);
      const object = `${kind} ${stringAt(resource.attrs, "name") ?? ""}`;
      if (!branch) continue;
      const holder = ancestry(branch)
        .map((b) => own.get(b)?.get(object))
        .find((by) => by !== undefined);
      if (holder) {
        found.push({
          path: constructPath(resource),
          message: `${object} already exists on this branch when it is applied: ${holder}${branch.startsWith("default:") ? "" : " (inherited from the parent branch)"}`,
        });
        continue;
      }
      hold(branch, object, constructPath(resource));
    }
    return found;
  },
};
