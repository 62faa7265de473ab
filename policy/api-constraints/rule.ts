// The shape of an API-constraint rule: a rule the services (or Terraform) enforce at apply
// time that no provider schema shows. Like tflint's provider rulesets, each rule names the
// resource types it covers, a one-line fix and the source it was read from. They run once
// over every stack's synthesised resources and cannot be waived: a violation would fail the
// apply anyway.
import type { Violation } from "../rule";
import type { Inventory } from "../inventory";

export interface StackFacts {
  name: string;
  /** Provider local names the stack configures (its `provider` block keys). */
  providers: string[];
  /** `terraform.required_providers`, as written. */
  requiredProviders: Record<string, { source?: string; version?: string }>;
}

export interface ApiRuleContext {
  inventory: Inventory;
  stacks: StackFacts[];
}

export interface Source {
  /** Provider file at a tag, or a documentation URL. */
  ref: string;
  /** The provider version, or the date the page was read. */
  version: string;
}

export interface ApiRule {
  id: string;
  resourceTypes: readonly string[];
  /** The constraint, in one line. */
  requirement: string;
  fix: string;
  source: Source;
  check(ctx: ApiRuleContext): Violation[];
}

/**
 * A constraint enforced by config validation rather than on the synthesised JSON (plan
 * limits are known only from config): listed in the same pack so the README's table and
 * the tests cover it, with the config path that checks it.
 */
export interface ConfigEnforcedRule {
  id: string;
  resourceTypes: readonly string[];
  requirement: string;
  fix: string;
  source: Source;
  /** Where config validation checks it. */
  checkedAt: string;
}
