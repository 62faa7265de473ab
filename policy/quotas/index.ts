// The service-quota rule pack (docs/guardrails.md#service-quotas): usage computed from config
// and the chosen plans against each service's published limit, checked at synth over every
// environment together (several quotas are per account). A config past a quota fails
// validation with the quota's id, its figures, its source and the fix.
import { type ConfigProblem, type EnvironmentSource } from "../../config/load";
import { SUBSCRIPTIONS } from "../../config/prices";
import type { EnvironmentConfig } from "../../config/schema";
import { grafanaActiveSeries } from "./grafana";
import { loadBalancerMonitorInterval } from "./load-balancing";
import { neonBranches, neonProjects } from "./neon";
import { quotaMessage, type QuotaRule, type Subscriptions } from "./rule";
import { sentryErrorQuota } from "./sentry";
import {
  workersCpu,
  workersCronTriggers,
  workersKvOperations,
  workersKvReads,
  workersKvWrites,
  workersSubrequests,
} from "./workers";

export const QUOTA_RULES: readonly QuotaRule[] = [
  workersKvWrites,
  workersKvReads,
  workersKvOperations,
  workersSubrequests,
  workersCronTriggers,
  workersCpu,
  loadBalancerMonitorInterval,
  neonProjects,
  neonBranches,
  grafanaActiveSeries,
  sentryErrorQuota,
];

/** Every quota exceeded by the environments together, as config problems on the environment to fix. */
export function quotaProblems(
  sources: readonly EnvironmentSource[],
  environments: readonly EnvironmentConfig[],
  subscriptions: Subscriptions = SUBSCRIPTIONS,
  rules: readonly QuotaRule[] = QUOTA_RULES,
): ConfigProblem[] {
  const fileOf = (name: string) => sources[environments.findIndex((e) => e.name === name)]?.file ?? "config";
  return rules.flatMap((rule) =>
    rule.check(environments, subscriptions).map((finding) => ({
      file: fileOf(finding.environment),
      path: [finding.environment, ...finding.path].join("."),
      message: quotaMessage(rule, finding),
    })),
  );
}
