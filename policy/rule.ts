// The shape of a policy rule and of what it reports.
import type { Inventory } from "./inventory";
import type { PolicyRuleId } from "../config/policy-rule-ids";
import type { EnvironmentPolicySubject } from "./subject";

export interface RuleContext {
  subject: EnvironmentPolicySubject;
  /** The environment's stack. */
  stack: string;
  inventory: Inventory;
}

export interface Violation {
  /** Construct path of the offending resource, or the stack where one is missing. */
  path: string;
  message: string;
}

export type RuleOutcome =
  | { kind: "pass" }
  | { kind: "violation"; violations: Violation[] }
  /** The module the rule inspects is not part of the program yet. */
  | { kind: "not-applicable"; reason: string };

export interface PolicyRule {
  id: PolicyRuleId;
  /** What the rule demands, in one line. */
  requirement: string;
  /** How to comply. */
  fix: string;
  check(ctx: RuleContext): RuleOutcome;
}

export const PASS: RuleOutcome = { kind: "pass" };

export function violations(list: Violation[]): RuleOutcome {
  return list.length === 0 ? PASS : { kind: "violation", violations: list };
}
