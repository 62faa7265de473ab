// The complete plan digest, unit by unit: every part of a change that main must apply
// exactly as reviewed moves the digest (after and before values, actions, moves, imports,
// replace paths, the unknown mask, outputs), and nothing else does (order, no-op outputs,
// data sources). Issue 30: a mutation ignoring `after` (replicas 1→2 and 1→50 got one
// digest) survived the suite; "after" below fails on it.
import { describe, expect, it } from "vitest";
import { RECORD_KEY_SECRET } from "../../constructs/github/workflow-contract";
import {
  canonical,
  compareDigests,
  hmac,
  MIN_RECORD_KEY_CHARS,
  noChangesDigest,
  planDigest,
  recordKeyFromEnv,
} from "../../pipeline/record/plan-digest";
import type { Change, ResourceChange, TerraformPlan } from "../../pipeline/plan/plan-json";

const KEY = "k".repeat(MIN_RECORD_KEY_CHARS);

function resourceChange(name: string, change: Partial<Change>, extra: Partial<ResourceChange> = {}): ResourceChange {
  return {
    address: `railway_service.${name}`,
    mode: "managed",
    type: "railway_service",
    name,
    change: { actions: ["update"], before: { num_replicas: 1 }, after: { num_replicas: 2 }, ...change },
    ...extra,
  };
}

function plan(changes: ResourceChange[], outputs: Record<string, Change> = {}): TerraformPlan {
  return { format_version: "1.2", resource_changes: changes, resource_drift: [], output_changes: outputs };
}

const digestOf = (changes: ResourceChange[], outputs: Record<string, Change> = {}) =>
  planDigest(plan(changes, outputs), KEY).digest;
const BASE = digestOf([resourceChange("api", {})]);

describe("planDigest", () => {
  it("is an HMAC-SHA256, the same for the same plan and key, and different under another key", () => {
    expect(BASE).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(digestOf([resourceChange("api", {})])).toBe(BASE);
    expect(planDigest(plan([resourceChange("api", {})]), "x".repeat(32)).digest).not.toBe(BASE);
  });

  it("gives every after value its own digest: replicas 1→2 is not 1→50 (issue 30 survivor)", () => {
    const values = [2, 50, 51].map((n) => digestOf([resourceChange("api", { after: { num_replicas: n } })]));
    expect(new Set(values).size).toBe(3);
    expect(values[0]).toBe(BASE);
  });

  it.each<[string, Partial<Change>, Partial<ResourceChange>]>([
    ["the before value", { before: { num_replicas: 3 } }, {}],
    ["the actions", { actions: ["delete", "create"] }, {}],
    ["the unknown mask", { after_unknown: { id: true } }, {}],
    ["the replace paths", { replace_paths: [["num_replicas"]] }, {}],
    ["the import id", { importing: { id: "svc-123" } }, {}],
    ["the previous address", {}, { previous_address: "railway_service.old" }],
  ])("changes with %s", (_what, change, extra) => {
    expect(digestOf([resourceChange("api", change, extra)])).not.toBe(BASE);
  });

  it("distinguishes one import id from another, and an absent before from null", () => {
    const a = digestOf([resourceChange("api", { importing: { id: "a" } })]);
    const b = digestOf([resourceChange("api", { importing: { id: "b" } })]);
    expect(a).not.toBe(b);
    expect(digestOf([resourceChange("api", { importing: {} })])).toBe(BASE);
    expect(digestOf([resourceChange("api", { before: undefined })])).toBe(
      digestOf([resourceChange("api", { before: null })]),
    );
  });

  it("takes an absent value as null whatever its sensitivity mask (nothing to hide)", () => {
    const absent = digestOf([resourceChange("api", { before: undefined })]);
    expect(digestOf([resourceChange("api", { before: undefined, before_sensitive: true })])).toBe(absent);
    // A present null marked sensitive is a hashed value, not an absent one.
    expect(digestOf([resourceChange("api", { before: null, before_sensitive: true })])).not.toBe(absent);
  });

  it("hashes a sensitive value with the key, so the value never appears and a new one moves the digest", () => {
    const secret = (value: string) =>
      planDigest(plan([resourceChange("api", { after: { token: value }, after_sensitive: { token: true } })]), KEY);
    expect(secret("one").digest).not.toBe(secret("two").digest);
    expect(JSON.stringify(secret("one"))).not.toContain("one");
    // The same value marked sensitive or not digests differently (the mask is part of it).
    expect(secret("one").digest).not.toBe(digestOf([resourceChange("api", { after: { token: "one" } })]));
    // Whole-value and before-side sensitivity count too.
    const whole = (value: string) => digestOf([resourceChange("api", { after: value, after_sensitive: true })]);
    expect(whole("a")).not.toBe(whole("b"));
    const before = (value: string) =>
      digestOf([resourceChange("api", { before: { token: value }, before_sensitive: { token: true } })]);
    expect(before("a")).not.toBe(before("b"));
  });

  it("notices two masked list items swapped, and reads the mask per item", () => {
    const list = (items: string[], mask: boolean[]) =>
      digestOf([resourceChange("api", { after: { keys: items }, after_sensitive: { keys: mask } })]);
    expect(list(["a", "b"], [true, true])).not.toBe(list(["b", "a"], [true, true]));
    expect(list(["a", "b"], [true, false])).not.toBe(list(["a", "b"], [false, true]));
    expect(list(["a", "b"], [false, false])).toBe(digestOf([resourceChange("api", { after: { keys: ["a", "b"] } })]));
  });

  it("does not depend on the order of changes or of object keys", () => {
    const a = resourceChange("a", { after: { x: 1, y: 2 } });
    const b = resourceChange("b", {});
    const swapped = resourceChange("a", { after: { y: 2, x: 1 } });
    expect(digestOf([a, b])).toBe(digestOf([b, swapped]));
  });

  it("leaves out no-op changes and data sources, and keeps a changed output", () => {
    const noop = resourceChange("same", { actions: ["no-op"] });
    const read = resourceChange("data", { actions: ["read"] }, { mode: "data" });
    expect(digestOf([resourceChange("api", {}), noop, read])).toBe(BASE);
    const output = (after: string, actions = ["update"]): Record<string, Change> => ({
      url: { actions, before: "a", after },
    });
    expect(digestOf([resourceChange("api", {})], output("b", ["no-op"]))).toBe(BASE);
    // One no-op action among others still counts: only an all-no-op output is left out.
    expect(digestOf([resourceChange("api", {})], output("b", ["no-op", "update"]))).not.toBe(BASE);
    expect(digestOf([resourceChange("api", {})], output("b"))).not.toBe(
      digestOf([resourceChange("api", {})], output("c")),
    );
    const keys = Object.keys(planDigest(plan([resourceChange("api", {})], output("b")), KEY).resources);
    expect(keys).toEqual(["output.url", "railway_service.api"]);
  });

  it("lists each resource's entry as 16 hex characters, sorted by address", () => {
    const result = planDigest(plan([resourceChange("b", {}), resourceChange("a", {})]), KEY);
    expect(Object.keys(result.resources)).toEqual(["railway_service.a", "railway_service.b"]);
    for (const value of Object.values(result.resources)) expect(value).toMatch(/^[0-9a-f]{16}$/);
    // The entry includes its address: two equal changes of two resources differ.
    expect(result.resources["railway_service.a"]).not.toBe(result.resources["railway_service.b"]);
  });

  it("of no changes equals the no-changes digest", () => {
    expect(planDigest(plan([]), KEY)).toEqual(noChangesDigest(KEY));
    expect(noChangesDigest(KEY).resources).toEqual({});
  });
});

describe("compareDigests", () => {
  it("names the resources added, removed and changed", () => {
    const reviewed = planDigest(plan([resourceChange("a", {}), resourceChange("b", {})]), KEY);
    const actual = planDigest(
      plan([resourceChange("b", { after: { num_replicas: 50 } }), resourceChange("c", {})]),
      KEY,
    );
    expect(compareDigests(reviewed, actual)).toEqual({
      equal: false,
      added: ["railway_service.c"],
      removed: ["railway_service.a"],
      changed: ["railway_service.b"],
    });
    expect(compareDigests(reviewed, reviewed)).toEqual({ equal: true, added: [], removed: [], changed: [] });
  });
});

describe("recordKeyFromEnv", () => {
  it(`accepts ${MIN_RECORD_KEY_CHARS} characters and refuses one fewer or none, naming the secret`, () => {
    expect(recordKeyFromEnv({ [RECORD_KEY_SECRET]: KEY })).toBe(KEY);
    const message = `${RECORD_KEY_SECRET} must be set to at least 32 characters (an environment secret of the plan and deployment environments; create one with \`openssl rand -hex 32\`)`;
    expect(() => recordKeyFromEnv({ [RECORD_KEY_SECRET]: KEY.slice(1) })).toThrow(message);
    expect(() => recordKeyFromEnv({})).toThrow(message);
  });
});

describe("hmac and canonical", () => {
  it("hmac is HMAC-SHA256 in hex (RFC 4231-style known vector)", () => {
    expect(hmac("key", "The quick brown fox jumps over the lazy dog")).toBe(
      "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
    );
  });

  it("canonical sorts object keys at every depth and writes undefined as null", () => {
    expect(canonical({ b: [1, { d: 1, c: "x" }], a: null })).toBe('{"a":null,"b":[1,{"c":"x","d":1}]}');
    expect(canonical(undefined)).toBe("null");
    expect(canonical('a"b')).toBe('"a\\"b"');
    expect(canonical([])).toBe("[]");
    expect(canonical({})).toBe("{}");
  });
});
