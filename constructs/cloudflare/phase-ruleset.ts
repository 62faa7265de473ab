// The zone's entry-point ruleset for one phase. Cloudflare allows exactly one per
// (zone, phase) — a second one fails to apply (provider issues #5599, #3219) — so each
// phase's rules are collected here. Every rule carries a stable `ref` and a
// `description`, without which the provider reports churn on every plan (#2690).
import { Construct } from "constructs";
import { Ruleset, type RulesetRules } from "@cdktf/provider-cloudflare/lib/ruleset";
import type { CloudflarePlan } from "../../config/cloudflare-plans";
import { expressionProblems, type RulesetPhase } from "./rules-language";

/** One rule; `ref` must stay the same for the rule's whole life. */
export type PhaseRule = Omit<RulesetRules, "ref" | "description" | "enabled"> & {
  ref: string;
  description: string;
};

export interface PhaseRulesetProps {
  zoneId: string;
  plan: CloudflarePlan;
  phase: RulesetPhase;
  name: string;
  description: string;
  rules: PhaseRule[];
}

export class PhaseRuleset extends Construct {
  readonly ruleset: Ruleset;
  readonly phase: RulesetPhase;

  constructor(scope: Construct, id: string, props: PhaseRulesetProps) {
    super(scope, id);
    if (props.rules.length === 0)
      throw new Error(`${this.node.path}: a ${props.phase} ruleset needs at least one rule`);
    const refs = new Set<string>();
    for (const rule of props.rules) {
      if (refs.has(rule.ref)) throw new Error(`${this.node.path}: duplicate rule ref ${rule.ref}`);
      refs.add(rule.ref);
      const problems = expressionProblems(rule.expression, { phase: props.phase, plan: props.plan });
      // Terraform would read these as template sequences and rewrite the expression.
      if (/[$%]\{/.test(rule.expression)) problems.push("contains a Terraform template sequence (${ or %{)");
      if (problems.length > 0) {
        throw new Error(`${this.node.path}: rule ${rule.ref} expression ${rule.expression}: ${problems.join("; ")}`);
      }
    }
    this.phase = props.phase;
    this.ruleset = new Ruleset(this, "ruleset", {
      zoneId: props.zoneId,
      kind: "zone",
      phase: props.phase,
      name: props.name,
      description: props.description,
      // `enabled` is written out because the API always returns it.
      rules: props.rules.map((rule) => ({ ...rule, enabled: true })),
    });
  }
}
