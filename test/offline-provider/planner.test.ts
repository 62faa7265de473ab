import { describe, expect, it } from "vitest";
import { type CtyValue, DynamicValue, UNKNOWN, UnknownValue } from "../../offline-provider/cty";
import { placeholder, planResource, readDataSource } from "../../offline-provider/planner";
import type { BlockJson } from "../../offline-provider/schema";

const block: BlockJson = {
  attributes: {
    id: { type: "string", computed: true },
    name: { type: "string", required: true },
    region: { type: "string", optional: true, computed: true },
    comment: { type: "string", optional: true },
    secret: { type: "string", optional: true, write_only: true },
    settings: {
      nested_type: {
        nesting_mode: "single",
        attributes: {
          ipv4_only: { type: "bool", optional: true, computed: true },
          mode: { type: "string", optional: true },
        },
      },
      optional: true,
    },
    rules: {
      nested_type: {
        nesting_mode: "list",
        attributes: { id: { type: "string", computed: true }, expression: { type: "string", required: true } },
      },
      optional: true,
    },
  },
  block_types: {
    branch: {
      nesting_mode: "list",
      block: { attributes: { id: { type: "string", computed: true }, name: { type: "string", optional: true } } },
    },
  },
};

describe("planResource", () => {
  const proposed: CtyValue = {
    id: null,
    name: "api",
    region: null,
    comment: null,
    secret: "s3cret",
    settings: { ipv4_only: null, mode: "x" },
    rules: [{ id: null, expression: "true" }],
    branch: [{ id: null, name: "main" }],
  };

  it("leaves unset computed attributes unknown on create, at every depth", () => {
    const planned = planResource(null, proposed, block) as Record<string, CtyValue>;
    expect(planned.id).toBe(UNKNOWN);
    expect(planned.region).toBe(UNKNOWN);
    expect(planned.comment).toBeNull();
    expect(planned.name).toBe("api");
    expect(planned.settings).toEqual({ ipv4_only: UNKNOWN, mode: "x" });
    expect(planned.rules).toEqual([{ id: UNKNOWN, expression: "true" }]);
    expect(planned.branch).toEqual([{ id: UNKNOWN, name: "main" }]);
  });

  it("never plans write-only values", () => {
    expect((planResource(null, proposed, block) as Record<string, CtyValue>).secret).toBeNull();
  });

  it("keeps config unknowns as they are", () => {
    const planned = planResource(null, { ...(proposed as object), name: UNKNOWN, rules: UNKNOWN }, block) as Record<
      string,
      CtyValue
    >;
    expect(planned.name).toBe(UNKNOWN);
    expect(planned.rules).toBe(UNKNOWN);
  });

  it("returns the proposal for updates and null for destroys", () => {
    const prior = { ...(proposed as object), id: "r-1" };
    expect(planResource(prior, proposed, block)).toBe(proposed);
    expect(planResource(prior, null, block)).toBeNull();
  });
});

describe("readDataSource", () => {
  it("echoes config and fills computed attributes with typed placeholders", () => {
    const state = readDataSource(
      "cloudflare_zone",
      {
        id: null,
        name: "neuropilot.dev",
        region: null,
        comment: null,
        secret: null,
        settings: null,
        rules: null,
        branch: [],
      },
      block,
    ) as Record<string, CtyValue>;
    expect(state.name).toBe("neuropilot.dev");
    // ids are digit strings (usable as numbers too), stable across runs
    expect(state.id).toMatch(/^\d{8}$/);
    expect(readDataSource("cloudflare_zone", { name: "x" }, block)).toMatchObject({ id: state.id });
    expect(state.region).toBe("offline-cloudflare_zone-region");
    expect(state.comment).toBeNull();
    expect(Object.values(state).some((v) => v instanceof UnknownValue)).toBe(false);
  });

  it("builds placeholders for every type", () => {
    expect(placeholder("number", ".n")).toBe(0);
    expect(placeholder("bool", ".b")).toBe(false);
    expect(placeholder(["list", "string"], ".l")).toEqual([]);
    expect(placeholder(["map", "string"], ".m")).toEqual({});
    expect(placeholder(["object", { a: "string", b: ["tuple", ["number"]] }], "-x")).toEqual({
      a: "offline-x-a",
      b: [0],
    });
    expect(placeholder("dynamic", "-d")).toEqual(new DynamicValue("string", "offline-d"));
  });
});
