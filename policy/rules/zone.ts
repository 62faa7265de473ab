// Edge rules. Zone-wide settings and rulesets live in the stack of the environment that
// manages the zone, and protect every environment served by that zone, so each
// environment is checked against its zone wherever the settings are declared.
import {
  arrayAt,
  constructPath,
  isJsonObject,
  numberAt,
  objectAt,
  stringAt,
  type TfResource,
} from "../../terraform-json/tf-json";
import { PASS, type PolicyRule, type RuleContext, type Violation, violations } from "../rule";

/** Six months, the minimum HSTS max-age config allows and preload lists expect. */
const MIN_HSTS_MAX_AGE_SECONDS = 15_552_000;

function zoneSettings(ctx: RuleContext, settingId: string): TfResource[] {
  return ctx.inventory
    .ofType("cloudflare_zone_setting")
    .filter(
      (s) => stringAt(s.attrs, "zone_id") === ctx.subject.zoneId && stringAt(s.attrs, "setting_id") === settingId,
    );
}

function zoneRulesets(ctx: RuleContext, phase: string): TfResource[] {
  return ctx.inventory
    .ofType("cloudflare_ruleset")
    .filter((r) => stringAt(r.attrs, "zone_id") === ctx.subject.zoneId && stringAt(r.attrs, "phase") === phase);
}

function enabledRules(ruleset: TfResource) {
  return arrayAt(ruleset.attrs, "rules")
    .filter(isJsonObject)
    .filter((rule) => rule.enabled !== false);
}

function missing(ctx: RuleContext, what: string): Violation[] {
  return [{ path: ctx.stack, message: `no stack declares ${what} for zone ${ctx.subject.zoneName}` }];
}

/** One rule per zone setting: the setting must exist and every declaration must pass `ok`. */
function settingRule(
  id: PolicyRule["id"],
  settingId: string,
  requirement: string,
  fix: string,
  problem: (setting: TfResource) => string | null,
): PolicyRule {
  return {
    id,
    requirement,
    fix,
    check(ctx) {
      const settings = zoneSettings(ctx, settingId);
      if (settings.length === 0) return violations(missing(ctx, `the ${settingId} zone setting`));
      return violations(
        settings.flatMap((s) => {
          const message = problem(s);
          return message ? [{ path: constructPath(s), message }] : [];
        }),
      );
    },
  };
}

const MANAGES_ZONE = "in the environment with cloudflare.managesZone: true";

export const tlsStrict = settingRule(
  "tls-strict",
  "ssl",
  "the zone's SSL mode is Full (strict): Cloudflare verifies the origin certificate",
  `declare ZoneTls (constructs/cloudflare/tls.ts, ssl = "strict") ${MANAGES_ZONE}`,
  (s) => (s.attrs.value === "strict" ? null : `ssl is ${JSON.stringify(s.attrs.value)}; it must be "strict"`),
);

export const tlsMinVersion = settingRule(
  "tls-min-version",
  "min_tls_version",
  "clients need TLS 1.2 or newer",
  `set cloudflare.tls.minVersion to "1.2" or "1.3" ${MANAGES_ZONE}`,
  (s) =>
    s.attrs.value === "1.2" || s.attrs.value === "1.3"
      ? null
      : `min_tls_version is ${JSON.stringify(s.attrs.value)}; it must be "1.2" or "1.3"`,
);

export const hsts = settingRule(
  "hsts",
  "security_header",
  `HSTS is on with a max-age of at least ${MIN_HSTS_MAX_AGE_SECONDS} s (six months)`,
  `set cloudflare.tls.hsts ${MANAGES_ZONE} (ZoneTls writes the security_header setting)`,
  (s) => {
    const sts = objectAt(objectAt(s.attrs, "value"), "strict_transport_security");
    if (sts?.enabled !== true) return "strict_transport_security is not enabled";
    const maxAge = numberAt(sts, "max_age") ?? 0;
    return maxAge >= MIN_HSTS_MAX_AGE_SECONDS
      ? null
      : `HSTS max_age is ${maxAge} s; it must be at least ${MIN_HSTS_MAX_AGE_SECONDS}`;
  },
);

export const wafManaged: PolicyRule = {
  id: "waf-managed",
  requirement: "a managed WAF ruleset runs on the zone (http_request_firewall_managed phase)",
  fix: `set cloudflare.waf.enabled: true ${MANAGES_ZONE} (Pro plan or above for the Cloudflare Managed Ruleset)`,
  check(ctx) {
    const rulesets = zoneRulesets(ctx, "http_request_firewall_managed");
    if (rulesets.length === 0) return violations(missing(ctx, "a managed WAF ruleset (http_request_firewall_managed)"));
    const executing = rulesets.some((r) => enabledRules(r).some((rule) => rule.action === "execute"));
    return executing
      ? PASS
      : violations(
          rulesets.map((r) => ({ path: constructPath(r), message: "no enabled rule executes a managed ruleset" })),
        );
  },
};

export const loginRateLimit: PolicyRule = {
  id: "login-rate-limit",
  requirement: "an http_ratelimit rule covers the login endpoint",
  fix: `set cloudflare.rateLimit.enabled: true with the login path ${MANAGES_ZONE}`,
  check(ctx) {
    const rulesets = zoneRulesets(ctx, "http_ratelimit");
    if (rulesets.length === 0) return violations(missing(ctx, "a rate-limiting ruleset (http_ratelimit)"));
    const covers = rulesets.some((r) =>
      enabledRules(r).some(
        (rule) =>
          isJsonObject(rule.ratelimit) && stringAt(rule, "expression")?.includes(ctx.subject.loginPath) === true,
      ),
    );
    return covers
      ? PASS
      : violations(
          rulesets.map((r) => ({
            path: constructPath(r),
            message: `no enabled rate-limiting rule mentions the login path ${ctx.subject.loginPath}`,
          })),
        );
  },
};
