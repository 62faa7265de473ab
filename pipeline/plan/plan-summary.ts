// Classifies resource changes and counts them per stack.
import type { ResourceChange, TerraformPlan } from "./plan-json";

export type ChangeKind = "create" | "update" | "replace" | "delete" | "read" | "forget" | "import" | "no-op";

/**
 * Resource types whose destruction loses data or takes traffic down: a destroy or a
 * replacement of one of these gets a loud warning at the top of the comment.
 */
export const STATEFUL_TYPES: ReadonlySet<string> = new Set([
  "neon_project",
  "neon_branch",
  "neon_database",
  "neon_role",
  "neon_endpoint",
  "cloudflare_dns_record",
  "cloudflare_load_balancer",
  "cloudflare_load_balancer_pool",
  "railway_service",
  "railway_project",
  "grafana_folder",
  "sentry_project",
]);

/** Resource types that hold data: a second, empty one beside the real one is the worst outcome. */
export const DATA_TYPES: ReadonlySet<string> = new Set(["neon_project", "neon_branch", "neon_database", "neon_role"]);

/**
 * Creates of data-holding resources in a plan that imports (a stack being adopted): the
 * adoption list (config/adopt/) most likely misses them, and applying would create a
 * second, empty database beside the real one. The pipeline fails the plan on these.
 */
export function dataCreatesWhileAdopting(plan: TerraformPlan): ResourceChange[] {
  const managed = plan.resource_changes.filter((resource) => resource.mode === "managed");
  if (!managed.some((resource) => resource.change.importing !== undefined)) return [];
  return managed.filter((resource) => DATA_TYPES.has(resource.type) && changeKind(resource) === "create");
}

export function changeKind(change: ResourceChange): ChangeKind {
  const actions = change.change.actions;
  const has = (action: string): boolean => actions.includes(action);
  if (has("delete") && has("create")) return "replace";
  if (has("delete")) return "delete";
  if (has("create")) return "create";
  if (has("update")) return "update";
  if (has("forget")) return "forget";
  if (has("read")) return "read";
  // An import with no other change plans as a no-op with `importing` set.
  if (change.change.importing !== undefined) return "import";
  return "no-op";
}

export interface ChangeCounts {
  add: number;
  change: number;
  replace: number;
  destroy: number;
  forget: number;
  import: number;
  /** Resources changed outside Terraform since the last apply (`resource_drift`). */
  drift: number;
}

export function countChanges(plan: TerraformPlan): ChangeCounts {
  const counts: ChangeCounts = { add: 0, change: 0, replace: 0, destroy: 0, forget: 0, import: 0, drift: 0 };
  for (const resource of plan.resource_changes) {
    if (resource.mode !== "managed") continue;
    if (resource.change.importing !== undefined) counts.import++;
    switch (changeKind(resource)) {
      case "create":
        counts.add++;
        break;
      case "update":
        counts.change++;
        break;
      case "replace":
        counts.replace++;
        break;
      case "delete":
        counts.destroy++;
        break;
      case "forget":
        counts.forget++;
        break;
      default:
        break;
    }
  }
  counts.drift = plan.resource_drift.filter((resource) => resource.mode === "managed").length;
  return counts;
}

/** Managed resources the plan will create, update, replace, destroy, forget or import. */
export function plannedChanges(plan: TerraformPlan): ResourceChange[] {
  return plan.resource_changes.filter((resource) => resource.mode === "managed" && isChange(changeKind(resource)));
}

export function isStatefulLoss(resource: ResourceChange): boolean {
  const kind = changeKind(resource);
  return (kind === "delete" || kind === "replace") && STATEFUL_TYPES.has(resource.type);
}

function isChange(kind: ChangeKind): boolean {
  return kind !== "no-op" && kind !== "read";
}
