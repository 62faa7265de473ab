// The edge rules on hand-built zone settings and rulesets: each setting at and one past its
// limit, settings of other zones ignored, and the WAF and rate-limit rules counting only
// enabled rules. Issue 30: a mutation making the WAF filter keep disabled rules survived the
// suite, because the synthesised app never has a disabled rule: here the only executing
// rule is disabled, which must fail.
import { describe, expect, it } from "vitest";
import { hsts, loginRateLimit, tlsMinVersion, tlsStrict, wafManaged } from "../../../policy/rules/zone";
import type { JsonObject } from "../../../terraform-json/tf-json";
import { context, lines, resource, STACK } from "./fixtures";

const setting = (id: string, settingId: string, value: JsonObject[string], zone = "zone-1") =>
  resource("cloudflare_zone_setting", id, { zone_id: zone, setting_id: settingId, value }, `${STACK}/zone/${id}`);

const ruleset = (id: string, phase: string, rules: JsonObject[string][], zone = "zone-1") =>
  resource("cloudflare_ruleset", id, { zone_id: zone, phase, rules }, `${STACK}/zone/${id}`);

const MISSING = (what: string) => [`${STACK}: no stack declares ${what} for zone example.com`];

describe("tls-strict", () => {
  it("passes on ssl strict, and fails naming the value otherwise", () => {
    expect(lines(tlsStrict.check(context([setting("ssl", "ssl", "strict")])))).toBe("pass");
    expect(lines(tlsStrict.check(context([setting("ssl", "ssl", "full")])))).toEqual([
      `${STACK}/zone/ssl: ssl is "full"; it must be "strict"`,
    ]);
  });

  it("reports every declaration of the setting, not only the first", () => {
    const outcome = tlsStrict.check(context([setting("a", "ssl", "strict"), setting("b", "ssl", "flexible")]));
    expect(lines(outcome)).toEqual([`${STACK}/zone/b: ssl is "flexible"; it must be "strict"`]);
  });

  it("reads only the environment's zone and only the ssl setting", () => {
    expect(lines(tlsStrict.check(context([])))).toEqual(MISSING("the ssl zone setting"));
    expect(lines(tlsStrict.check(context([setting("ssl", "ssl", "strict", "zone-2")])))).toEqual(
      MISSING("the ssl zone setting"),
    );
    expect(lines(tlsStrict.check(context([setting("tls", "min_tls_version", "strict")])))).toEqual(
      MISSING("the ssl zone setting"),
    );
    // Another zone's weak setting does not fail this environment.
    const both = [setting("ssl", "ssl", "strict"), setting("other", "ssl", "off", "zone-2")];
    expect(lines(tlsStrict.check(context(both)))).toBe("pass");
  });
});

describe("tls-min-version", () => {
  it.each(["1.2", "1.3"])("passes on %s", (version) => {
    expect(lines(tlsMinVersion.check(context([setting("tls", "min_tls_version", version)])))).toBe("pass");
  });

  it.each(["1.1", "1.0"])("fails on %s", (version) => {
    expect(lines(tlsMinVersion.check(context([setting("tls", "min_tls_version", version)])))).toEqual([
      `${STACK}/zone/tls: min_tls_version is "${version}"; it must be "1.2" or "1.3"`,
    ]);
  });
});

describe("hsts", () => {
  const sts = (value: JsonObject) => setting("hsts", "security_header", { strict_transport_security: value });

  it("passes at six months exactly and fails one second below", () => {
    expect(lines(hsts.check(context([sts({ enabled: true, max_age: 15_552_000 })])))).toBe("pass");
    expect(lines(hsts.check(context([sts({ enabled: true, max_age: 15_551_999 })])))).toEqual([
      `${STACK}/zone/hsts: HSTS max_age is 15551999 s; it must be at least 15552000`,
    ]);
  });

  it("fails when disabled, and counts a missing max_age as 0", () => {
    expect(lines(hsts.check(context([sts({ enabled: false, max_age: 31_536_000 })])))).toEqual([
      `${STACK}/zone/hsts: strict_transport_security is not enabled`,
    ]);
    expect(lines(hsts.check(context([sts({ enabled: true })])))).toEqual([
      `${STACK}/zone/hsts: HSTS max_age is 0 s; it must be at least 15552000`,
    ]);
  });
});

describe("waf-managed", () => {
  const execute = { action: "execute", expression: "true" };

  it("passes when an enabled rule executes a managed ruleset (enabled unset means enabled)", () => {
    expect(lines(wafManaged.check(context([ruleset("waf", "http_request_firewall_managed", [execute])])))).toBe("pass");
    const explicit = ruleset("waf", "http_request_firewall_managed", [null, { ...execute, enabled: true }]);
    expect(lines(wafManaged.check(context([explicit])))).toBe("pass");
  });

  it("fails when the only executing rule is disabled (issue 30 survivor)", () => {
    const disabled = ruleset("waf", "http_request_firewall_managed", [
      { ...execute, enabled: false },
      { action: "skip", expression: "true" },
    ]);
    expect(lines(wafManaged.check(context([disabled])))).toEqual([
      `${STACK}/zone/waf: no enabled rule executes a managed ruleset`,
    ]);
  });

  it("passes when any one of several rulesets executes, and names each when none does", () => {
    const idle = ruleset("idle", "http_request_firewall_managed", [{ action: "log" }]);
    const active = ruleset("active", "http_request_firewall_managed", [execute]);
    expect(lines(wafManaged.check(context([idle, active])))).toBe("pass");
    const idle2 = ruleset("idle2", "http_request_firewall_managed", []);
    expect(lines(wafManaged.check(context([idle, idle2])))).toEqual([
      `${STACK}/zone/idle: no enabled rule executes a managed ruleset`,
      `${STACK}/zone/idle2: no enabled rule executes a managed ruleset`,
    ]);
  });

  it("reads only the zone's rulesets of the managed phase", () => {
    const missing = MISSING("a managed WAF ruleset (http_request_firewall_managed)");
    expect(lines(wafManaged.check(context([])))).toEqual(missing);
    expect(lines(wafManaged.check(context([ruleset("waf", "http_ratelimit", [execute])])))).toEqual(missing);
    expect(
      lines(wafManaged.check(context([ruleset("waf", "http_request_firewall_managed", [execute], "zone-2")]))),
    ).toEqual(missing);
  });
});

describe("login-rate-limit", () => {
  const limit = (expression: string | undefined, extra: JsonObject = {}): JsonObject => ({
    action: "block",
    ratelimit: { period: 60 },
    ...(expression === undefined ? {} : { expression }),
    ...extra,
  });
  const NONE = [`${STACK}/zone/rl: no enabled rate-limiting rule mentions the login path /auth/login`];

  it("passes on an enabled rate-limiting rule whose expression mentions the login path", () => {
    const rules = ruleset("rl", "http_ratelimit", [limit('http.request.uri.path eq "/auth/login"')]);
    expect(lines(loginRateLimit.check(context([rules])))).toBe("pass");
  });

  it("fails on a disabled rule, a rule without ratelimit, another path or no expression", () => {
    const path = 'http.request.uri.path eq "/auth/login"';
    for (const rule of [
      limit(path, { enabled: false }),
      { action: "block", expression: path },
      limit('http.request.uri.path eq "/api"'),
      limit(undefined),
    ]) {
      expect(lines(loginRateLimit.check(context([ruleset("rl", "http_ratelimit", [rule])])))).toEqual(NONE);
    }
  });

  it("passes when one ruleset of several covers the path", () => {
    const other = ruleset("other", "http_ratelimit", [limit("true")]);
    const rules = ruleset("rl", "http_ratelimit", [limit("/auth/login")]);
    expect(lines(loginRateLimit.check(context([other, rules])))).toBe("pass");
  });

  it("reads only the zone's rate-limiting rulesets", () => {
    const missing = MISSING("a rate-limiting ruleset (http_ratelimit)");
    expect(lines(loginRateLimit.check(context([])))).toEqual(missing);
    expect(
      lines(loginRateLimit.check(context([ruleset("rl", "http_request_firewall_managed", [limit("/auth/login")])]))),
    ).toEqual(missing);
    expect(
      lines(loginRateLimit.check(context([ruleset("rl", "http_ratelimit", [limit("/auth/login")], "zone-2")]))),
    ).toEqual(missing);
  });
});
