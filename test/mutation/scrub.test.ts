// Stryker's reports keep each test's failure text: a killed mutant's is dropped, any other
// is redacted, so no credential-shaped fixture reaches stryker-incremental.json.
import { describe, expect, it } from "vitest";
import { scrubReport } from "../../mutation/scrub";
import { strykerArgs } from "../../mutation/run";

const TOKEN = "gh" + "p_" + "A".repeat(36);

describe("scrubReport", () => {
  it("drops a killed mutant's reason and redacts a survivor's", () => {
    const report = {
      files: {
        "a.ts": {
          mutants: [
            { status: "Killed", statusReason: `expected '${TOKEN}' to be ''` },
            { status: "Survived", statusReason: `expected '${TOKEN}' to be ''` },
            { status: "NoCoverage" },
          ],
        },
      },
    };
    const [killed, survived, uncovered] = scrubReport(report).files["a.ts"].mutants;
    expect(killed).toEqual({ status: "Killed" });
    expect(survived.statusReason).not.toContain(TOKEN);
    expect(survived.statusReason).toMatch(/^expected '.+' to be ''$/);
    expect(uncovered).toEqual({ status: "NoCoverage" });
  });
});

describe("strykerArgs", () => {
  it("runs incrementally by default and forces every mutant with --full, passing the rest through", () => {
    expect(strykerArgs([])).toEqual({ full: false, argv: ["stryker", "run"] });
    expect(strykerArgs(["--full", "--concurrency", "1"])).toEqual({
      full: true,
      argv: ["stryker", "run", "--force", "--concurrency", "1"],
    });
  });
});
