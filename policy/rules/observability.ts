// Observability rules: latency and error alerts that can page someone, and the backend's
// SENTRY_DSN wired from a Sentry client key. Both modules land separately; until a module
// is part of the program its rule reports "not yet applicable" instead of failing.
import {
  arrayAt,
  constructPath,
  isJsonObject,
  type Json,
  type JsonObject,
  stringAt,
  type TfResource,
} from "../../terraform-json/tf-json";
import type { Inventory } from "../inventory";
import { type PolicyRule, type Violation, violations } from "../rule";

/** The label alert rules carry and the notification policy routes on (constructs/grafana). */
const SEVERITY_LABEL = "severity";

function matcherMatches(labels: Record<string, string>, matcher: JsonObject): boolean {
  const value = labels[stringAt(matcher, "label") ?? ""] ?? "";
  const expected = stringAt(matcher, "value") ?? "";
  switch (stringAt(matcher, "match")) {
    case "=":
      return value === expected;
    case "!=":
      return value !== expected;
    case "=~":
      return new RegExp(`^(?:${expected})$`).test(value);
    case "!~":
      return !new RegExp(`^(?:${expected})$`).test(value);
    default:
      return false;
  }
}

/**
 * The contact points a label set reaches, as Grafana routes: children in order, the first
 * match wins unless it has `continue`; with no matching child, the node's own contact point.
 */
function receivers(labels: Record<string, string>, node: JsonObject, inherited: string | undefined): string[] {
  const own = stringAt(node, "contact_point") ?? inherited;
  const out: string[] = [];
  let matched = false;
  for (const child of arrayAt(node, "policy").filter(isJsonObject)) {
    if (
      !arrayAt(child, "matcher")
        .filter(isJsonObject)
        .every((m) => matcherMatches(labels, m))
    )
      continue;
    matched = true;
    out.push(...receivers(labels, child, own));
    if (child.continue !== true) break;
  }
  if (!matched && own) out.push(own);
  return out;
}

/** Contact points with a PagerDuty integration, by logical id and by name (undefined: no name, matches no receiver). */
function pagingContactPoints(inventory: Inventory): { ids: Set<string>; names: Set<string | undefined> } {
  const paging = inventory.ofType("grafana_contact_point").filter((cp) => arrayAt(cp.attrs, "pagerduty").length > 0);
  return {
    ids: new Set(paging.map((cp) => cp.logicalId)),
    names: new Set(paging.map((cp) => stringAt(cp.attrs, "name"))),
  };
}

function pages(labels: Record<string, string>, inventory: Inventory): boolean {
  const paging = pagingContactPoints(inventory);
  return inventory.ofType("grafana_notification_policy").some((policy) =>
    receivers(labels, policy.attrs, undefined).some((receiver) => {
      const ref = /\bgrafana_contact_point\.([\w-]+)\./.exec(receiver);
      return ref ? paging.ids.has(ref[1]) : paging.names.has(receiver);
    }),
  );
}

/**
 * A string attribute, or "" when absent or not a string. Used only where the text is searched
 * for a word (an alert title for latency/error, SENTRY_DSN for a sentry_key reference).
 */
function textAt(object: JsonObject, key: string): string {
  // Stryker disable next-line StringLiteral: any fallback without "latency", "error" or "${" is searched with the same outcome
  return stringAt(object, key) ?? "";
}

interface AlertRule {
  group: TfResource;
  title: string;
  labels: Record<string, string>;
}

function alertRules(groups: TfResource[]): AlertRule[] {
  return groups.flatMap((group) =>
    arrayAt(group.attrs, "rule")
      .filter(isJsonObject)
      .map((rule) => ({
        group,
        title: `${textAt(rule, "name")} ${textAt(rule, "uid")}`,
        labels: Object.fromEntries(
          Object.entries(isJsonObject(rule.labels) ? rule.labels : {}).filter(
            (e): e is [string, string] => typeof e[1] === "string",
          ),
        ),
      })),
  );
}

export const alerting: PolicyRule = {
  id: "alerting",
  requirement: "Grafana alert rules for latency and for errors, routed to a PagerDuty contact point",
  fix: "keep EnvironmentMonitoring (constructs/grafana) in the stack with critical error alerts; GrafanaFoundation routes severity=critical to PagerDuty",
  check(ctx) {
    const inventory = ctx.inventory;
    if (!inventory.has("grafana_rule_group") && !inventory.has("grafana_contact_point")) {
      return {
        kind: "not-applicable",
        reason: "the Grafana module (constructs/grafana) is not wired into any stack yet",
      };
    }
    const rules = alertRules(inventory.ofType("grafana_rule_group", ctx.stack));
    const found: Violation[] = [];
    const latency = rules.filter((r) => /latency/i.test(r.title));
    const errors = rules.filter((r) => /error/i.test(r.title));
    if (latency.length === 0) found.push({ path: ctx.stack, message: "no alert rule on latency (grafana_rule_group)" });
    if (errors.length === 0) found.push({ path: ctx.stack, message: "no alert rule on errors (grafana_rule_group)" });
    if (pagingContactPoints(inventory).ids.size === 0) {
      found.push({ path: ctx.stack, message: "no grafana_contact_point with a pagerduty integration in any stack" });
    } else if (latency.length + errors.length > 0 && ![...latency, ...errors].some((r) => pages(r.labels, inventory))) {
      const severities = [...new Set([...latency, ...errors].map((r) => r.labels[SEVERITY_LABEL] ?? "none"))].join(
        ", ",
      );
      found.push({
        path: constructPath([...errors, ...latency][0].group),
        message: `no latency or error rule is routed to PagerDuty (severities: ${severities})`,
      });
    }
    return violations(found);
  },
};

function describeValue(value: Json | undefined): string {
  if (typeof value !== "string") return "not a string";
  if (!value.includes("${")) return "a literal value";
  const refs = [...value.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1].split(".").slice(0, 2).join("."));
  return `a reference to ${refs.join(", ")}`;
}

export const sentryDsn: PolicyRule = {
  id: "sentry-dsn",
  requirement: "the backend's SENTRY_DSN comes from a sentry_key resource, not from a variable or a literal",
  fix: "wire SentryEnvironment.backendDsn into the Railway service's SENTRY_DSN (stacks/environment-stack.ts)",
  check(ctx) {
    if (!ctx.inventory.has("sentry_key")) {
      return {
        kind: "not-applicable",
        reason: "the Sentry module (constructs/sentry) is not wired into any stack yet",
      };
    }
    const variables = ctx.inventory
      .ofType("railway_variable", ctx.stack)
      .filter((v) => stringAt(v.attrs, "name") === "SENTRY_DSN");
    if (variables.length === 0) return violations([{ path: ctx.stack, message: "no SENTRY_DSN railway_variable" }]);
    const unwired = variables.filter((v) => !/\$\{[^}]*\bsentry_key\./.test(textAt(v.attrs, "value")));
    return violations(
      unwired.map((v) => ({ path: constructPath(v), message: `SENTRY_DSN is ${describeValue(v.attrs.value)}` })),
    );
  },
};
