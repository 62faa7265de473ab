// Config validation of policy waivers: only non-production tiers may waive, each rule at
// most once. (Whether a waived rule is actually violated is reported at synth.)
import type { PolicyWaiver } from "../config/policy-rule-ids";

export interface WaiverIssue {
  path: Array<string | number>;
  message: string;
}

export function waiverIssues(env: { tier: string; policy: { waive: readonly PolicyWaiver[] } }): WaiverIssue[] {
  const issues: WaiverIssue[] = [];
  if (env.tier === "production" && env.policy.waive.length > 0) {
    issues.push({
      path: ["policy", "waive"],
      message: `production may not waive policy rules (found ${env.policy.waive.map((w) => w.rule).join(", ")}); fix the configuration instead`,
    });
  }
  const seen = new Set<string>();
  env.policy.waive.forEach((waiver, index) => {
    if (seen.has(waiver.rule)) {
      issues.push({
        path: ["policy", "waive", index, "rule"],
        message: `${waiver.rule} is waived twice; keep one entry`,
      });
    }
    seen.add(waiver.rule);
  });
  return issues;
}
