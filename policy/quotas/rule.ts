// The shape of a service-quota rule: a limit a service enforces on usage rather than on a
// resource's attributes (KV writes a day, outbound requests a run, active series), so no
// plan or apply shows it; it bites days later. Each rule computes the usage from config and
// the chosen plans, names its limit per plan and the source it was read from, and runs at
// synth over every environment (some quotas are per account, shared by environments).
import type { SUBSCRIPTIONS } from "../../config/prices";
import type { EnvironmentConfig } from "../../config/schema";

/** The account-wide tiers (config/prices.ts SUBSCRIPTIONS): Grafana and Sentry quotas follow them. */
export type Subscriptions = typeof SUBSCRIPTIONS;

export interface QuotaSource {
  /** Documentation URL, or a provider/repository file at a commit. */
  ref: string;
  /** The date the page was read (YYYY-MM-DD), or the commit. */
  read: string;
}

export interface QuotaFinding {
  /** The environment whose config the fix goes in. */
  environment: string;
  /** Config path inside that environment. */
  path: Array<string | number>;
  used: number;
  limit: number;
  /** The plan whose limit applies, e.g. "Workers free". */
  plan: string;
  /** How `used` was computed, in a few words. */
  detail: string;
}

export interface QuotaRule {
  id: string;
  /** What is limited, in a few words. */
  what: string;
  /** The limit per plan, one line. */
  limits: string;
  source: QuotaSource;
  fix: string;
  /** Every environment of the app: account-wide quotas add theirs up. */
  check(environments: readonly EnvironmentConfig[], subscriptions: Subscriptions): QuotaFinding[];
}

const figure = (n: number) => (Number.isInteger(n) ? n.toLocaleString("en-US") : n.toFixed(1));

/** The one-line message of a finding: the quota, the figures, the source and the fix. */
export function quotaMessage(rule: QuotaRule, finding: QuotaFinding): string {
  return (
    `exceeds quota ${rule.id} (${rule.what}): ${figure(finding.used)} > ${figure(finding.limit)} on ${finding.plan} ` +
    `(${finding.detail}); source: ${rule.source.ref} (read ${rule.source.read}); fix: ${rule.fix}`
  );
}
