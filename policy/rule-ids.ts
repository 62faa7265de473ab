// The names of the policy rules, as config waivers spell them. Kept free of CDKTF imports
// so config validation can check waiver names cheaply.
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
] as const;

export type PolicyRuleId = (typeof POLICY_RULE_IDS)[number];

export interface PolicyWaiver {
  rule: PolicyRuleId;
  /** Why the environment may do without the rule; shown wherever the waiver applies. */
  reason: string;
}
