// Plans without the keys of services that have no read-only ones (Neon, Railway): the plan
// environment holds none. Their providers only need a non-empty key to configure (cited at
// PLACEHOLDER_PROVIDERS), so they get PLACEHOLDER_CREDENTIAL, and a stack that configures one
// of them is planned with -refresh=false: Terraform compares the configuration with the state
// the workspace recorded and never asks the service. The stacks read no Neon or Railway data
// source (constructs/github/credential-roles.ts lists every synthesized type). An `import`
// block of such a type needs the live resource: Terraform reads it to import it even with
// -refresh=false (hashicorp/terraform, internal/terraform/node_resource_plan_instance.go: "The
// import process handles its own refresh"), unless the state already holds it. Such a plan
// fails on the placeholder, and the failure says how to import it first.
import { PLACEHOLDER_CREDENTIAL, PLACEHOLDER_PROVIDERS } from "../../constructs/github/workflow-contract";
import { isJsonObject, type JsonObject } from "../synth/json";

/** Which providers plan with a placeholder, and their key variables (for callers outside constructs/). */
export { PLACEHOLDER_PROVIDERS };

export interface PlaceholderPlan {
  /** The environment variables to set: each placeholder provider's credential. */
  env: Record<string, string>;
  /** False when the stack configures a placeholder provider. */
  refresh: boolean;
  /** What to do when the plan fails: it imports a placeholder provider's resources. */
  importNote?: string;
}

/** The providers named by `--placeholder-credentials neon,railway`; unknown names are refused. */
export function placeholderProviders(list: string | undefined): string[] {
  if (list === undefined) return [];
  const names = list.split(",").map((name) => name.trim());
  const known = PLACEHOLDER_PROVIDERS.map((p) => p.provider);
  const unknown = names.find((name) => !known.includes(name));
  if (unknown !== undefined)
    throw new Error(
      `--placeholder-credentials: unknown provider "${unknown}"; use a comma list of ${known.join(", ")}`,
    );
  return names;
}

/**
 * The placeholder credentials for `providers`, refusing a step that also holds a real value
 * for one (it would reach Terraform), and how `stackJson` is planned with them.
 */
export function placeholderPlan(
  stack: string,
  stackJson: JsonObject,
  providers: readonly string[],
  env: NodeJS.ProcessEnv,
): PlaceholderPlan {
  const specs = PLACEHOLDER_PROVIDERS.filter((p) => providers.includes(p.provider));
  const held = specs.find((p) => (env[p.env] ?? "") !== "" && env[p.env] !== PLACEHOLDER_CREDENTIAL);
  if (held !== undefined) {
    throw new Error(
      `${held.env} is set, but --placeholder-credentials ${held.provider} plans without a ${held.provider} key: remove ${held.env} from the step's env`,
    );
  }
  const placeholderEnv = Object.fromEntries(specs.map((p) => [p.env, PLACEHOLDER_CREDENTIAL]));
  const configured = isJsonObject(stackJson.provider) ? Object.keys(stackJson.provider) : [];
  const used = specs.filter((p) => configured.includes(p.provider)).map((p) => p.provider);
  const imports = Array.isArray(stackJson.import) ? stackJson.import : [];
  const imported = imports
    .map((block) => (isJsonObject(block) && typeof block.to === "string" ? block.to : ""))
    .filter((to) => used.some((provider) => to.startsWith(`${provider}_`)));
  const plan: PlaceholderPlan = { env: placeholderEnv, refresh: used.length === 0 };
  if (imported.length === 0) return plan;
  return {
    ...plan,
    importNote:
      `${stack} imports ${imported.join(", ")}: Terraform reads a resource to import it, and this plan holds no ` +
      `${used.join(" or ")} key (${used.join(" and ")} have no read-only keys). A maintainer imports it into the ` +
      `workspace's state first with the apply keys; the import block is then a no-op here ` +
      `(docs/pipeline.md, "Plans without Neon and Railway keys").`,
  };
}
