// The observability rules on hand-built Grafana and Railway resources: alert routing as
// Grafana evaluates it (each matcher kind, anchored regexes, first match wins unless
// `continue`, inherited contact points) and SENTRY_DSN's source.
import { describe, expect, it } from "vitest";
import { alerting, sentryDsn } from "../../../policy/rules/observability";
import type { JsonObject } from "../../../terraform-json/tf-json";
import { context, lines, ref, resource, STACK } from "./fixtures";

const GROUP_PATH = `${STACK}/monitoring/rules`;
const group = (rules: JsonObject[]) => resource("grafana_rule_group", "rules", { rule: rules }, GROUP_PATH);
const rule = (name: string, severity?: string): JsonObject => ({
  name,
  uid: name.toLowerCase().replace(/\W+/g, "-"),
  ...(severity === undefined ? {} : { labels: { severity, team: "api" } }),
});
const pagerduty = resource("grafana_contact_point", "cp_pd", { name: "pagerduty", pagerduty: [{ summary: "x" }] });
const email = resource("grafana_contact_point", "cp_mail", { name: "email", email: [{ addresses: ["a@b.c"] }] });
const PD_REF = ref("grafana_contact_point", "cp_pd", "name");
const policy = (attrs: JsonObject) => resource("grafana_notification_policy", "policy", attrs);
const matcher = (match: string, value: string, label = "severity") => ({ label, match, value });
const route = (matchers: JsonObject[], contactPoint?: string, extra: JsonObject = {}): JsonObject => ({
  matcher: matchers,
  ...(contactPoint === undefined ? {} : { contact_point: contactPoint }),
  ...extra,
});

const RULES = group([rule("API latency p95", "critical"), rule("Error rate", "critical")]);
const routed = (policyAttrs: JsonObject, rules = RULES) =>
  lines(alerting.check(context([rules, pagerduty, email, policy(policyAttrs)])));
const NOT_ROUTED = (severities: string) => [
  `${GROUP_PATH}: no latency or error rule is routed to PagerDuty (severities: ${severities})`,
];

describe("alerting", () => {
  it("is not applicable until the Grafana module is in the program", () => {
    expect(lines(alerting.check(context([])))).toBe(
      "n/a: the Grafana module (constructs/grafana) is not wired into any stack yet",
    );
    // Either resource type makes it applicable.
    expect(lines(alerting.check(context([email])))).toEqual([
      `${STACK}: no alert rule on latency (grafana_rule_group)`,
      `${STACK}: no alert rule on errors (grafana_rule_group)`,
      `${STACK}: no grafana_contact_point with a pagerduty integration in any stack`,
    ]);
    expect(lines(alerting.check(context([group([])])))).toHaveLength(3);
  });

  it("passes when a critical latency or error rule reaches PagerDuty by reference", () => {
    expect(routed({ contact_point: "email", policy: [route([matcher("=", "critical")], PD_REF)] })).toBe("pass");
  });

  it("with no latency or error rule at all reports both, and no routing", () => {
    const outcome = alerting.check(
      context([group([rule("Disk full", "critical")]), pagerduty, policy({ contact_point: "pagerduty" })]),
    );
    expect(lines(outcome)).toEqual([
      `${STACK}: no alert rule on latency (grafana_rule_group)`,
      `${STACK}: no alert rule on errors (grafana_rule_group)`,
    ]);
  });

  it("needs a latency rule and an error rule", () => {
    const base = [pagerduty, policy({ contact_point: "pagerduty" })];
    expect(lines(alerting.check(context([group([rule("Error rate", "critical")]), ...base])))).toEqual([
      `${STACK}: no alert rule on latency (grafana_rule_group)`,
    ]);
    expect(lines(alerting.check(context([group([rule("API Latency", "critical")]), ...base])))).toEqual([
      `${STACK}: no alert rule on errors (grafana_rule_group)`,
    ]);
  });

  it("finds rules by name alone", () => {
    const byName = group([
      { name: "API latency p95", uid: "r1", labels: { severity: "critical" } },
      { name: "Error rate", uid: "r2", labels: { severity: "critical" } },
    ]);
    expect(routed({ contact_point: "pagerduty" }, byName)).toBe("pass");
  });

  it("finds rules by uid too", () => {
    const byUid = group([
      { name: "p95", uid: "latency-p95", labels: { severity: "critical" } },
      { name: "5xx", uid: "errors", labels: { severity: "critical" } },
    ]);
    expect(routed({ contact_point: "pagerduty" }, byUid)).toBe("pass");
  });

  it("fails when no rule is routed to PagerDuty, listing the severities", () => {
    const rules = group([rule("API latency p95", "warning"), rule("Error rate")]);
    expect(routed({ contact_point: "email", policy: [route([matcher("=", "critical")], PD_REF)] }, rules)).toEqual(
      NOT_ROUTED("warning, none"),
    );
  });

  it("passes when one of the rules pages, even if another does not", () => {
    const rules = group([rule("API latency p95", "critical"), rule("Error rate", "warning")]);
    expect(routed({ contact_point: "email", policy: [route([matcher("=", "critical")], PD_REF)] }, rules)).toBe("pass");
  });

  it("reads a label that is not a string as missing", () => {
    const rules = group([
      { name: "API latency p95", uid: "latency", labels: { severity: 1 } },
      { name: "Error rate", uid: "errors", labels: { severity: true } },
    ]);
    expect(routed({ contact_point: "email", policy: [route([matcher("=", "critical")], PD_REF)] }, rules)).toEqual(
      NOT_ROUTED("none"),
    );
  });

  it.each([
    ["=", "critical", true],
    ["=", "crit", false],
    ["!=", "warning", true],
    ["!=", "critical", false],
    ["=~", "crit.*", true],
    ["=~", "crit", false],
    ["=~", "warning|critical", true],
    ["!~", "warn.*", true],
    ["!~", "crit.*", false],
    ["!~", "crit", true],
    ["==", "critical", false],
  ])("matches severity %s %s: %s", (match, value, pages) => {
    const outcome = routed({ contact_point: "email", policy: [route([matcher(match, value)], PD_REF)] });
    expect(outcome).toEqual(pages ? "pass" : NOT_ROUTED("critical"));
  });

  it("needs every matcher of a route to match, and reads a missing label as empty", () => {
    const both = [matcher("=", "critical"), matcher("=", "api", "team")];
    expect(routed({ contact_point: "email", policy: [route(both, PD_REF)] })).toBe("pass");
    const wrongTeam = [matcher("=", "critical"), matcher("=", "web", "team")];
    expect(routed({ contact_point: "email", policy: [route(wrongTeam, PD_REF)] })).toEqual(NOT_ROUTED("critical"));
    expect(routed({ contact_point: "email", policy: [route([matcher("=", "", "missing")], PD_REF)] })).toBe("pass");
    // A matcher without a value expects the empty value.
    const noValue = { label: "missing", match: "=" };
    expect(routed({ contact_point: "email", policy: [route([noValue], PD_REF)] })).toBe("pass");
  });

  it("stops at the first matching route unless it continues", () => {
    const first = route([matcher("=", "critical")], "email");
    const second = route([matcher("=", "critical")], PD_REF);
    expect(routed({ contact_point: "email", policy: [first, second] })).toEqual(NOT_ROUTED("critical"));
    expect(routed({ contact_point: "email", policy: [{ ...first, continue: true }, second] })).toBe("pass");
  });

  it("falls back to the node's contact point when no route matches, and routes inherit it", () => {
    expect(routed({ contact_point: "pagerduty", policy: [route([matcher("=", "info")], "email")] })).toBe("pass");
    expect(routed({ contact_point: "email", policy: [route([matcher("=", "info")], PD_REF)] })).toEqual(
      NOT_ROUTED("critical"),
    );
    // A matching route with no contact point of its own uses its parent's.
    expect(routed({ contact_point: "pagerduty", policy: [route([matcher("=", "critical")])] })).toBe("pass");
    expect(routed({ policy: [route([matcher("=", "critical")])] })).toEqual(NOT_ROUTED("critical"));
    // A matching route replaces the node's own contact point: PagerDuty at the root is not reached.
    expect(routed({ contact_point: "pagerduty", policy: [route([matcher("=", "critical")], "email")] })).toEqual(
      NOT_ROUTED("critical"),
    );
  });

  it("follows nested routes", () => {
    const nested = route([matcher("=", "critical")], "email", {
      policy: [route([matcher("=", "api", "team")], PD_REF)],
    });
    expect(routed({ contact_point: "email", policy: [nested] })).toBe("pass");
  });

  it("routes nothing without a notification policy, and any one policy that pages is enough", () => {
    expect(lines(alerting.check(context([RULES, pagerduty])))).toEqual(NOT_ROUTED("critical"));
    const other = resource("grafana_notification_policy", "other", { contact_point: "email" });
    expect(
      lines(alerting.check(context([RULES, pagerduty, email, other, policy({ contact_point: "pagerduty" })]))),
    ).toBe("pass");
  });

  it("counts only contact points with a PagerDuty integration", () => {
    const fake = resource("grafana_contact_point", "cp_fake", { name: "pager", pagerduty: [] });
    const outcome = alerting.check(context([RULES, fake, policy({ contact_point: "pager" })]));
    expect(lines(outcome)).toEqual([`${STACK}: no grafana_contact_point with a pagerduty integration in any stack`]);
    // A reference to a contact point that does not page does not count.
    const toEmail = ref("grafana_contact_point", "cp_mail", "name");
    expect(routed({ contact_point: toEmail })).toEqual(NOT_ROUTED("critical"));
  });
});

describe("sentry-dsn", () => {
  const dsn = (value: JsonObject[string]) =>
    resource(
      "railway_variable",
      "dsn",
      { name: "SENTRY_DSN", value },
      `${STACK}/api-backend/us-east/variable-SENTRY_DSN`,
    );
  const key = resource("sentry_key", "key", {});
  const DSN_PATH = `${STACK}/api-backend/us-east/variable-SENTRY_DSN`;

  it("is not applicable until the Sentry module is in the program", () => {
    expect(lines(sentryDsn.check(context([dsn("x")])))).toBe(
      "n/a: the Sentry module (constructs/sentry) is not wired into any stack yet",
    );
  });

  it("passes on a value wired from a sentry_key", () => {
    expect(lines(sentryDsn.check(context([key, dsn(ref("sentry_key", "key", "dsn_public"))])))).toBe("pass");
  });

  it("fails without a SENTRY_DSN variable", () => {
    const other = resource("railway_variable", "lvl", { name: "LOG_LEVEL", value: "info" });
    expect(lines(sentryDsn.check(context([key, other])))).toEqual([`${STACK}: no SENTRY_DSN railway_variable`]);
  });

  it("describes a literal, a reference to something else and a non-string without showing the value", () => {
    expect(lines(sentryDsn.check(context([key, dsn("https://abc@o1.ingest.sentry.io/1")])))).toEqual([
      `${DSN_PATH}: SENTRY_DSN is a literal value`,
    ]);
    expect(lines(sentryDsn.check(context([key, dsn("${var.sentry_dsn}/${data.x.y.z}")])))).toEqual([
      `${DSN_PATH}: SENTRY_DSN is a reference to var.sentry_dsn, data.x`,
    ]);
    expect(lines(sentryDsn.check(context([key, dsn(42)])))).toEqual([`${DSN_PATH}: SENTRY_DSN is not a string`]);
    // A function over a sentry_key reference counts; a reference that merely mentions sentry_key elsewhere does not.
    expect(lines(sentryDsn.check(context([key, dsn("${trimspace(sentry_key.key.dsn_public)}")])))).toBe("pass");
    expect(lines(sentryDsn.check(context([key, dsn("sentry_key.key.dsn")])))).toEqual([
      `${DSN_PATH}: SENTRY_DSN is a literal value`,
    ]);
  });
});
