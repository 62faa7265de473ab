import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseEngineArgs } from "../../engine/cli-usage";
import { ENGINE_PINS, currentEngine, switchEngine, type PackageJson } from "../../engine/switch";

// The checkout's package.json: cdktf as committed, or cdktn where .ci/cdk-terrain switched it.
const repoPackage = JSON.parse(readFileSync("package.json", "utf8")) as PackageJson;
const committed = switchEngine(repoPackage, "cdktf");

describe("the engine switch", () => {
  it("finds the repository set up for one engine at its pins", () => {
    const engine = currentEngine(repoPackage);
    const { cli } = ENGINE_PINS[engine];
    expect(repoPackage.devDependencies[cli.name]).toBe(cli.version);
    expect(committed.dependencies.cdktf).toBe(ENGINE_PINS.cdktf.library);
    expect(committed.devDependencies["cdktf-cli"]).toBe(ENGINE_PINS.cdktf.cli.version);
  });

  it("installs CDK Terrain under the name cdktf, for every package that names it too", () => {
    const next = switchEngine(committed, "cdktn");
    expect(next.dependencies.cdktf).toBe("npm:cdktn@0.24.0");
    // npm accepts an override of a direct dependency only with the same spec.
    expect(next.overrides?.cdktf).toBe(next.dependencies.cdktf);
    expect(next.devDependencies["cdktn-cli"]).toBe("0.24.0");
    expect(next.devDependencies).not.toHaveProperty("cdktf-cli");
    expect(currentEngine(next)).toBe("cdktn");
  });

  it("keeps every other dependency, script and override as it is", () => {
    const next = switchEngine(committed, "cdktn");
    expect({ ...next.dependencies, cdktf: "x" }).toEqual({ ...committed.dependencies, cdktf: "x" });
    expect(next.overrides).toMatchObject(committed.overrides ?? {});
    expect(next.scripts).toEqual(committed.scripts);
    expect(Object.keys(next.devDependencies).length).toBe(Object.keys(committed.devDependencies).length);
  });

  it("switches back to exactly the package.json it started from", () => {
    const other = currentEngine(repoPackage) === "cdktf" ? "cdktn" : "cdktf";
    const roundTrip = switchEngine(switchEngine(repoPackage, other), currentEngine(repoPackage));
    expect(JSON.stringify(roundTrip, null, 2)).toBe(JSON.stringify(repoPackage, null, 2));
  });

  it("is idempotent", () => {
    const once = switchEngine(committed, "cdktn");
    expect(switchEngine(once, "cdktn")).toEqual(once);
  });

  it("refuses a package.json it did not set up, naming what it expected", () => {
    const odd = { ...committed, dependencies: { ...committed.dependencies, cdktf: "^0.20.0" } };
    expect(() => switchEngine(odd, "cdktn")).toThrow(
      'package.json dependencies.cdktf is "^0.20.0": expected "0.21.0" or "npm:cdktn@0.24.0"',
    );
    expect(() => switchEngine({ name: "x" }, "cdktn")).toThrow(/no dependencies/);
  });
});

describe("npm run engine's command line", () => {
  it("parses each command", () => {
    expect(parseEngineArgs(["use", "cdktn"])).toEqual({ kind: "use", engine: "cdktn", install: true });
    expect(parseEngineArgs(["use", "cdktf", "--no-install"])).toEqual({ kind: "use", engine: "cdktf", install: false });
    expect(parseEngineArgs(["compare", "a", "b"])).toEqual({ kind: "compare", first: "a", second: "b" });
    expect(parseEngineArgs(["--help"])).toEqual({ kind: "help" });
    expect(parseEngineArgs(["use", "-h"])).toEqual({ kind: "help" });
  });

  it.each([
    [[], "no command given"],
    [["deploy"], 'unknown command "deploy"'],
    [["use"], '"use" takes one engine'],
    [["use", "cdktn", "cdktf"], '"use" takes one engine'],
    [["use", "terraform"], 'unknown engine "terraform"'],
    [["use", "cdktn", "--force"], "unknown flag --force"],
    [["compare", "a"], '"compare" takes two synth folders'],
    [["compare", "a", "b", "c"], '"compare" takes two synth folders'],
    [["compare", "a", "--quiet", "b"], "unknown flag --quiet"],
  ])("refuses %j", (args, message) => {
    expect(() => parseEngineArgs(args)).toThrow(message);
  });
});
