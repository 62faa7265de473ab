// Defaults, UseStateForUnknown and validators as the recorded provider rules say, driven
// through the planner's pure entry points with the real schemas and rule data.
import { describe, expect, it } from "vitest";
import { type CtyValue, UNKNOWN } from "../../../offline-provider/cty";
import { planResourceChange, validateResourceConfig } from "../../../offline-provider/planner";
import type { ResourceRules, ValidatorRule } from "../../../offline-provider/rules/types";
import { resource } from "./support";

type Obj = Record<string, CtyValue>;

function dnsRecord(over: Obj = {}): Obj {
  const { block } = resource("cloudflare_dns_record");
  const o: Obj = Object.fromEntries(Object.keys(block.attributes ?? {}).map((k) => [k, null]));
  return {
    ...o,
    name: "api.example.com",
    ttl: 1,
    type: "CNAME",
    zone_id: "z1",
    content: "origin.example.com",
    ...over,
  };
}

describe("defaults (framework *default.Static*, SDKv2 Default)", () => {
  it("cloudflare_dns_record.proxied unset plans false (schema.go booldefault.StaticBool(false))", () => {
    const { block, rules } = resource("cloudflare_dns_record");
    expect(rules.attributes.proxied.default).toMatchObject({
      value: false,
      file: "internal/services/dns_record/schema.go",
    });
    const config = dnsRecord();
    const plan = planResourceChange({ prior: null, proposed: config, config, block, rules });
    expect((plan.planned as Obj).proxied).toBe(false);
    const set = dnsRecord({ proxied: true });
    expect((planResourceChange({ prior: null, proposed: set, config: set, block, rules }).planned as Obj).proxied).toBe(
      true,
    );
  });

  it("SDKv2 defaults fill unset attributes: github_actions_secret.destroy_on_drift = true", () => {
    const { block, rules } = resource("github_actions_secret");
    const config: Obj = Object.fromEntries(Object.keys(block.attributes ?? {}).map((k) => [k, null]));
    Object.assign(config, { repository: "infra", secret_name: "TOKEN" });
    const plan = planResourceChange({ prior: null, proposed: config, config, block, rules });
    expect((plan.planned as Obj).destroy_on_drift).toBe(true);
    expect(plan.legacyTypeSystem).toBe(true);
  });
});

describe("computed values on update (plugin framework)", () => {
  const { block, rules } = resource("cloudflare_dns_record");
  const prior = dnsRecord({
    id: "rec-1",
    proxied: false,
    created_on: "2026-01-01T00:00:00Z",
    modified_on: "2026-01-01T00:00:00Z",
    proxiable: true,
  });

  it("an in-place change keeps UseStateForUnknown values (id) and leaves other computed values unknown", () => {
    const config = dnsRecord({ content: "other.example.com" });
    const proposed = { ...prior, content: "other.example.com" };
    const plan = planResourceChange({ prior, proposed, config, block, rules });
    const planned = plan.planned as Obj;
    expect(rules.attributes.id.use_state_for_unknown?.line).toBe(34);
    expect(planned.id).toBe("rec-1");
    expect(planned.modified_on).toBe(UNKNOWN);
    expect(planned.created_on).toBe(UNKNOWN);
    expect(planned.content).toBe("other.example.com");
    expect(plan.requiresReplace).toEqual([]);
    expect(plan.legacyTypeSystem).toBe(false);
  });

  it("no change: the prior computed values stay as they are", () => {
    const config = dnsRecord();
    const plan = planResourceChange({ prior, proposed: { ...prior }, config, block, rules });
    expect(plan.planned).toEqual(prior);
  });

  it("the inputs are not modified", () => {
    const config = dnsRecord({ content: "x.example.com" });
    const proposed = { ...prior, content: "x.example.com" };
    const before = JSON.stringify([prior, proposed, config]);
    planResourceChange({ prior, proposed, config, block, rules });
    expect(JSON.stringify([prior, proposed, config])).toBe(before);
  });
});

/** A rules set holding one validator on attribute `name` of a one-attribute block. */
function only(validator: ValidatorRule): ResourceRules {
  return {
    sdk: validator.style === "framework" ? "framework" : "sdkv2",
    file: validator.file,
    attributes: { name: { validators: [validator] } },
  };
}

function problems(rules: ResourceRules, value: CtyValue, type: unknown = "string"): string[] {
  const block = { attributes: { name: { type, optional: true } } };
  return validateResourceConfig({ config: { name: value }, block, rules }).map((d) => `${d.summary} | ${d.detail}`);
}

/** The recorded validator of `type`.`path` with this source. */
function recorded(type: string, path: string, source: string): ValidatorRule {
  const v = resource(type).rules.attributes[path]?.validators?.find((x) =>
    x.source.replace(/\s/g, "").includes(source),
  );
  if (!v) throw new Error(`no validator ${source} on ${type}.${path}`);
  return v;
}

describe("validators, with the providers' messages", () => {
  it("framework string length at least (cloudflare_ruleset.name LengthAtLeast(1)): 1 passes, 0 fails", () => {
    const rules = only(recorded("cloudflare_ruleset", "name", "LengthAtLeast(1)"));
    expect(problems(rules, "a")).toEqual([]);
    expect(problems(rules, "")).toEqual([
      "Invalid Attribute Value Length | Attribute name string length must be at least 1, got: 0",
    ]);
  });

  it("framework UTF-8 length (railway_custom_domain.domain UTF8LengthAtLeast(1))", () => {
    const rules = only(recorded("railway_custom_domain", "domain", "UTF8LengthAtLeast(1)"));
    expect(problems(rules, "é")).toEqual([]);
    expect(problems(rules, "")).toEqual([
      "Invalid Attribute Value Length | Attribute name UTF-8 character count must be at least 1, got: 0",
    ]);
  });

  it("framework float range (cloudflare_dns_record.priority Between(0, 65535)): the bounds pass, one past fails", () => {
    const rules = only(recorded("cloudflare_dns_record", "priority", "float64validator.Between(0,65535)"));
    expect(problems(rules, 0, "number")).toEqual([]);
    expect(problems(rules, 65535, "number")).toEqual([]);
    expect(problems(rules, 65536, "number")).toEqual([
      "Invalid Attribute Value | Attribute name value must be between 0.000000 and 65535.000000, got: 65536.000000",
    ]);
    expect(problems(rules, -1, "number")).toHaveLength(1);
  });

  it("framework one-of, case-insensitive (cloudflare_dns_record.type)", () => {
    const rules = only(recorded("cloudflare_dns_record", "type", "OneOfCaseInsensitive("));
    expect(problems(rules, "cname")).toEqual([]);
    const [p] = problems(rules, "CNAMEX");
    expect(p).toMatch(/^Invalid Attribute Value Match \| Attribute name value must be one of: \["A" "AAAA" "CNAME" /);
    expect(p).toMatch(/, got: "CNAMEX"$/);
  });

  it("framework regex with its message (cloudflare_ruleset.account_id: 32 hex characters)", () => {
    const rules = only(recorded("cloudflare_ruleset", "account_id", "RegexMatches("));
    expect(problems(rules, "0123456789abcdef0123456789abcdef")).toEqual([]);
    expect(problems(rules, "0123456789abcdef0123456789abcde")).toEqual([
      "Invalid Attribute Value Match | Attribute name value must be a 32-character hexadecimal string, got: 0123456789abcdef0123456789abcde",
    ]);
  });

  it("framework list size (cloudflare_ruleset additional_cacheable_ports SizeAtLeast(1))", () => {
    const rules = only(
      recorded("cloudflare_ruleset", "rules.action_parameters.additional_cacheable_ports", "SizeAtLeast(1)"),
    );
    expect(problems(rules, [8443], ["list", "number"])).toEqual([]);
    expect(problems(rules, [], ["list", "number"])).toEqual([
      "Invalid Attribute Value | Attribute name list must contain at least 1 elements, got: 0",
    ]);
  });

  it("SDKv2 int range via ValidateDiagFunc (github_repository_environment.wait_timer 0..43200)", () => {
    const rules = only(recorded("github_repository_environment", "wait_timer", "IntBetween(0,43200)"));
    expect(problems(rules, 43200, "number")).toEqual([]);
    expect(problems(rules, 43201, "number")).toEqual(["expected name to be in the range (0 - 43200), got 43201 | "]);
  });

  it("SDKv2 string length (github_repository_ruleset.name StringLenBetween(1, 100))", () => {
    const rules = only(recorded("github_repository_ruleset", "name", "StringLenBetween(1,100)"));
    expect(problems(rules, "x".repeat(100))).toEqual([]);
    expect(problems(rules, "x".repeat(101))).toEqual([
      `expected length of name to be in the range (1 - 100), got ${"x".repeat(101)} | `,
    ]);
  });

  it("SDKv2 one-of (github_repository_ruleset bypass_actors.bypass_mode)", () => {
    const rules = only(recorded("github_repository_ruleset", "bypass_actors.bypass_mode", "StringInSlice("));
    expect(problems(rules, "always")).toEqual([]);
    expect(problems(rules, "never")).toEqual([
      'expected name to be one of ["always" "pull_request" "exempt"], got never | ',
    ]);
  });

  it("SDKv2 regex with its message (grafana_folder.uid)", () => {
    const rules = only(recorded("grafana_folder", "uid", "StringMatch("));
    expect(problems(rules, "team-a_1")).toEqual([]);
    expect(problems(rules, "team a")).toEqual([
      "invalid value for name (folder UIDs can only be alphanumeric, dashes, or underscores) | ",
    ]);
  });

  it("unknown and null values are not validated; the diagnostic carries the attribute path", () => {
    const rules = only(recorded("cloudflare_ruleset", "name", "LengthAtLeast(1)"));
    expect(problems(rules, UNKNOWN)).toEqual([]);
    expect(problems(rules, null)).toEqual([]);
    const block = { attributes: { name: { type: "string", optional: true } } };
    expect(validateResourceConfig({ config: { name: "" }, block, rules })[0].attribute).toEqual({
      steps: [{ attribute_name: "name" }],
    });
  });

  it("nested positions are checked per element with their path (github_repository_ruleset bypass_actors[1])", () => {
    const { block, rules } = resource("github_repository_ruleset");
    const actor = (mode: string): Obj => ({ actor_id: 1, actor_type: "Team", bypass_mode: mode });
    const config: Obj = {
      name: "main",
      enforcement: "active",
      target: "branch",
      bypass_actors: [actor("always"), actor("never")],
    };
    const diags = validateResourceConfig({ config, block, rules });
    expect(diags.map((d) => d.summary)).toEqual([
      // ValidateFunc (resource_github_repository_ruleset.go:76) gets the flatmap key.
      'expected bypass_actors.1.bypass_mode to be one of ["always" "pull_request" "exempt"], got never',
    ]);
    expect(diags[0].attribute?.steps).toEqual([
      { attribute_name: "bypass_actors" },
      { element_key_int: 1 },
      { attribute_name: "bypass_mode" },
    ]);
  });
});
