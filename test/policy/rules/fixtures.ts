// Hand-built Terraform JSON resources for the policy rules' unit tests: each rule reads an
// Inventory and a subject, so a few resources exercise it without synthesising the app
// (what keeps the mutation run short; the synth tests in test/policy/ check the real app).
import { Inventory } from "../../../policy/inventory";
import type { RuleContext, RuleOutcome } from "../../../policy/rule";
import type { EnvironmentPolicySubject, PolicyCell } from "../../../policy/subject";
import type { JsonObject, TfResource } from "../../../terraform-json/tf-json";

export const STACK = "neuropilot-production";
export const PLATFORM = "neuropilot-platform";

/** A resource; `path` becomes its construct path (cdktf's `//.metadata.path`). */
export function resource(type: string, logicalId: string, attrs: JsonObject, path?: string, stack = STACK): TfResource {
  return { stack, type, logicalId, attrs: path === undefined ? attrs : { ...attrs, "//": { metadata: { path } } } };
}

/** A Terraform reference to an attribute of a resource. */
export const ref = (type: string, logicalId: string, attribute = "id"): string =>
  `\${${type}.${logicalId}.${attribute}}`;

export const US_CELL: PolicyCell = {
  id: "us",
  jurisdiction: "us",
  residency: "none",
  countries: ["US"],
  pops: [],
  regions: [{ name: "us-east", railwayRegion: "us-east4-eqdc4a" }],
};

export const EU_CELL: PolicyCell = {
  id: "eu",
  jurisdiction: "eu",
  residency: "strict",
  countries: ["DE"],
  pops: ["FRA"],
  regions: [{ name: "eu-west", railwayRegion: "europe-west4-drams3a" }],
};

export function subject(overrides: Partial<EnvironmentPolicySubject> = {}): EnvironmentPolicySubject {
  return {
    environment: "production",
    tier: "production",
    zoneId: "zone-1",
    zoneName: "example.com",
    loginPath: "/auth/login",
    waivers: [],
    cells: [US_CELL, EU_CELL],
    observability: {
      sentryDataRegion: "de",
      grafanaPrometheusUrl: "https://prometheus-prod-24-prod-eu-west-2.grafana.net/api/prom",
    },
    ...overrides,
  };
}

export function context(resources: TfResource[], overrides: Partial<EnvironmentPolicySubject> = {}): RuleContext {
  return { subject: subject(overrides), stack: STACK, inventory: new Inventory(resources) };
}

/** A rule's outcome as "path: message" lines, or "pass" / "n/a: reason". */
export function lines(outcome: RuleOutcome): string[] | string {
  if (outcome.kind === "pass") return "pass";
  if (outcome.kind === "not-applicable") return `n/a: ${outcome.reason}`;
  return outcome.violations.map((v) => `${v.path}: ${v.message}`);
}
