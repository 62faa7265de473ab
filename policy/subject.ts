// What the policy rules need to know about an environment beyond its resources.
import type { PolicyWaiver } from "../config/policy-rule-ids";

export interface EnvironmentPolicySubject {
  environment: string;
  tier: "production" | "staging";
  /** The zone serving the environment's hosts; zone-wide settings may live in another stack. */
  zoneId: string;
  zoneName: string;
  /** The login endpoint the rate-limiting rule must cover. */
  loginPath: string;
  waivers: readonly PolicyWaiver[];
}

export interface PolicySubjectConfig {
  name: string;
  tier: "production" | "staging";
  cloudflare: { zoneId: string; zoneName: string; rateLimit: { loginPath: string } };
  policy: { waive: readonly PolicyWaiver[] };
}

export function policySubject(config: PolicySubjectConfig): EnvironmentPolicySubject {
  return {
    environment: config.name,
    tier: config.tier,
    zoneId: config.cloudflare.zoneId,
    zoneName: config.cloudflare.zoneName,
    loginPath: config.cloudflare.rateLimit.loginPath,
    waivers: config.policy.waive,
  };
}
