// The extractor on small hand-written Go fixtures (test/offline-provider/fixtures/go):
// what each kind of rule becomes, with file and line, and what is left unmodelled.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extractResource, type GoFile } from "../../../offline-provider/rules/extract";

const DIR = join(__dirname, "..", "fixtures", "go");
const file = (name: string): GoFile => ({ path: `pkg/${name}`, source: readFileSync(join(DIR, name), "utf8") });
/** 1-based line of the first line containing `text` in a fixture. */
const lineOf = (name: string, text: string): number =>
  readFileSync(join(DIR, name), "utf8")
    .split("\n")
    .findIndex((l) => l.includes(text)) + 1;

describe("plugin-framework schema", () => {
  const F = "framework_widget.go";
  const rules = () => extractResource([file(F)], `pkg/${F}`);

  it("records RequiresReplace, RequiresReplaceIfConfigured and UseStateForUnknown where they are written", async () => {
    const r = await rules();
    expect(r.sdk).toBe("framework");
    expect(r.attributes.account_id.requires_replace).toEqual({
      file: `pkg/${F}`,
      line: lineOf(F, "stringplanmodifier.RequiresReplace(),"),
      if_configured: false,
    });
    expect(r.attributes.name.requires_replace?.if_configured).toBe(true);
    expect(r.attributes.id.use_state_for_unknown?.line).toBe(lineOf(F, "UseStateForUnknown()"));
    expect(r.attributes["settings.region"].requires_replace?.if_configured).toBe(false);
  });

  it("records static defaults, also in nested blocks", async () => {
    const r = await rules();
    expect(r.attributes.mode.default).toMatchObject({ value: "auto", line: lineOf(F, 'StaticString("auto")') });
    expect(r.attributes["rule.enabled"].default?.value).toBe(true);
  });

  it("records validators, resolving package constants; custom ones are unmodelled", async () => {
    const r = await rules();
    expect(r.attributes.name.validators).toEqual([
      expect.objectContaining({ kind: "length", min: 1, max: 63, utf8: false, style: "framework" }),
    ]);
    expect(r.attributes.mode.validators).toEqual([
      expect.objectContaining({ kind: "one_of", values: ["auto", "manual"], ignore_case: false }),
    ]);
    expect(r.attributes.account_id.validators).toEqual([
      expect.objectContaining({ kind: "regex", pattern: "^[0-9a-f]{32}$", message: "must be 32 hex characters" }),
    ]);
    expect(r.attributes.replicas.validators).toEqual([
      expect.objectContaining({ kind: "range", min: -1, max: 10, integer: true }),
    ]);
    expect(r.attributes.replicas.unmodelled).toEqual([
      { file: `pkg/${F}`, line: lineOf(F, "customCheck()"), source: "customCheck()" },
    ]);
  });
});

describe("SDKv2 schema", () => {
  const S = "sdk_gadget.go";
  const rules = () => extractResource([file(S), file("sdk_gadget_helpers.go")], `pkg/${S}`);

  it("takes the resource's own schema.Resource, not an Elem declared before it", async () => {
    const r = await rules();
    expect(r.sdk).toBe("sdkv2");
    expect(Object.keys(r.attributes)).not.toContain("ignored");
  });

  it("records ForceNew, also through package vars and on nested Elem attributes", async () => {
    const r = await rules();
    expect(r.attributes.region.requires_replace).toEqual({
      file: `pkg/${S}`,
      line: lineOf(S, "ForceNew:     true,"),
      if_configured: false,
    });
    expect(r.attributes.branch.requires_replace?.line).toBe(lineOf(S, "ForceNew: true,"));
    expect(r.attributes["branch.owner"].requires_replace?.file).toBe(`pkg/${S}`);
  });

  it("records Default from constants and from a schema returned by a function in another file", async () => {
    const r = await rules();
    expect(r.attributes.retention.default).toMatchObject({
      value: 3600,
      line: lineOf(S, "Default:          defaultRetention"),
    });
    expect(r.attributes.shared.default).toEqual({ file: "pkg/sdk_gadget_helpers.go", line: 8, value: "on" });
    expect(r.attributes.shared.validators).toEqual([
      expect.objectContaining({ kind: "length", min: 2, max: 8, file: "pkg/sdk_gadget_helpers.go" }),
    ]);
  });

  it("records validation.* (through ToDiagFunc) and leaves function literals unmodelled", async () => {
    const r = await rules();
    expect(r.attributes.region.validators).toEqual([
      expect.objectContaining({ kind: "one_of", values: ["eu", "us"], ignore_case: false, diag_func: false }),
    ]);
    expect(r.attributes.retention.validators).toEqual([
      expect.objectContaining({ kind: "range", min: 0, integer: true, diag_func: true }),
    ]);
    expect(r.attributes.label.validators).toBeUndefined();
    expect(r.attributes.label.unmodelled?.[0].source).toMatch(/^func\(v interface\{\}, k string\)/);
  });

  it("fails clearly when the file declares no resource schema", async () => {
    await expect(extractResource([file("sdk_gadget_helpers.go")], "pkg/sdk_gadget_helpers.go")).rejects.toThrow(
      /no framework schema.Schema or SDKv2 schema.Resource literal/,
    );
  });
});
