// Issue 30: a mutation making adoption match `${…}` references as literal names survived the
// suite. A declared attribute that is a reference (resolved only at apply) never names a live
// object; only a plain, non-empty string does.
import { describe, expect, it } from "vitest";
import { absent, found, literal, memo, referenceTo, unmanaged, unmatched } from "../../adopt/match";
import type { DeclaredResource } from "../../adopt/types";

describe("literal (the names discovery matches live objects by)", () => {
  it("takes a plain name", () => {
    expect(literal("neuropilot-production")).toBe("neuropilot-production");
  });

  it.each([
    ["a whole reference", "${neon_project.database.id}"],
    ["a reference inside a name", "api-${var.environment}"],
    ["an empty string", ""],
    ["a number", 42],
    ["undefined", undefined],
  ])("refuses %s", (_what, value) => {
    expect(literal(value)).toBeUndefined();
  });
});

const declared: DeclaredResource = { path: "api/service", type: "railway_service", attributes: { name: "api" } };

describe("findings", () => {
  it("found: imports the id, with the live values only when there are some", () => {
    expect(found(declared, "svc-1", "name api")).toEqual({
      ...declared,
      status: "import",
      id: "svc-1",
      match: "name api",
    });
    expect(found(declared, "svc-1", "name api", {})).not.toHaveProperty("live");
    expect(found(declared, "svc-1", "name api", { replicas: 2 })).toEqual({
      ...declared,
      status: "import",
      id: "svc-1",
      match: "name api",
      live: { replicas: 2 },
    });
  });

  it("absent, unmatched and unmanaged carry their status and reason", () => {
    expect(absent(declared, "no service named api")).toEqual({
      ...declared,
      status: "create",
      match: "no service named api",
    });
    expect(unmatched(declared, "two services named api")).toEqual({
      ...declared,
      status: "unmatched",
      hint: "two services named api",
    });
    expect(unmanaged("railway_service", "old-api", "not declared")).toEqual({
      path: "old-api",
      type: "railway_service",
      attributes: {},
      status: "unmanaged",
      hint: "not declared",
    });
  });
});

describe("referenceTo", () => {
  const project = { type: "railway_project", attributes: { name: "p" }, attribute: "id" };
  it("returns the reference only when it points at the given type", () => {
    const resource = { references: { project_id: project } };
    expect(referenceTo(resource, "project_id", "railway_project")).toBe(project);
    expect(referenceTo(resource, "project_id", "neon_project")).toBeUndefined();
    expect(referenceTo(resource, "environment_id", "railway_project")).toBeUndefined();
    expect(referenceTo({}, "project_id", "railway_project")).toBeUndefined();
  });
});

describe("memo", () => {
  it("loads each key once and keeps keys apart", async () => {
    const cached = memo<number>();
    let calls = 0;
    const load = (value: number) => () => Promise.resolve((calls++, value));
    expect(await cached("a", load(1))).toBe(1);
    expect(await cached("a", load(2))).toBe(1);
    expect(await cached("b", load(3))).toBe(3);
    expect(calls).toBe(2);
  });
});
