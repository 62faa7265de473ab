// The names of the policy rules, as config waivers spell them: config's vocabulary, so the
// schema can check a waiver's name in the same pass as everything else. policy/ implements
// one rule per name (policy/rules/index.ts; a test checks the two lists agree).
export const POLICY_RULE_IDS = [
  "tls-strict",
  "tls-min-version",
  "hsts",
  "waf-managed",
  "login-rate-limit",
  "failover-load-balancer",
  "database-prevent-destroy",
  "read-replica",
  "alerting",
  "sentry-dsn",
  "residency-database",
  "residency-replica",
  "residency-fallback",
  "residency-region-unique",
  "residency-observability",
] as const;

export type PolicyRuleId = (typeof POLICY_RULE_IDS)[number];

export function isPolicyRuleId(name: string): name is PolicyRuleId {
  return (POLICY_RULE_IDS as readonly string[]).includes(name);
}

export interface PolicyWaiver {
  rule: PolicyRuleId;
  /** Why the environment may do without the rule; shown wherever the waiver applies. */
  reason: string;
}
