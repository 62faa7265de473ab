// The comment size guard at its boundary: a comment exactly at the limit is posted whole,
// one character less and it is cut to fit, with the truncation footer.
import { describe, expect, it } from "vitest";
import { GITHUB_COMMENT_LIMIT, render, type RenderInput } from "../../pipeline/comment/render";
import { productionFailedResult, stagingResult } from "./support";

const RUN_URL = "https://github.com/neuropilot/neuropilot-infra/actions/runs/42";
const TRUNCATED = "_Details truncated to fit GitHub's size limit";

describe("render: size guard boundaries", () => {
  it("uses GitHub's limit of 65,536 characters by default", () => {
    expect(GITHUB_COMMENT_LIMIT).toBe(65_536);
  });

  for (const [name, input] of [
    ["a planned stack", { stacks: [stagingResult()], fullPlanUrl: RUN_URL }],
    ["a failed stack", { stacks: [productionFailedResult()], fullPlanUrl: RUN_URL }],
    ["a planned stack, no plan link", { stacks: [stagingResult()] }],
  ] as Array<[string, RenderInput]>) {
    it(`${name}: whole exactly at the limit, cut one character under it`, () => {
      const whole = render({ ...input, maxChars: 1_000_000 });
      expect(whole).not.toContain(TRUNCATED);
      expect(render({ ...input, maxChars: whole.length })).toBe(whole);
      const cut = render({ ...input, maxChars: whole.length - 1 });
      expect(cut.length).toBeLessThanOrEqual(whole.length - 1);
      expect(cut).toContain(TRUNCATED);
      expect(cut.split("<details").length).toBe(cut.split("</details>").length);
    });
  }

  it("a header too big on its own is cut hard, to exactly the limit", () => {
    const input: RenderInput = { stacks: [stagingResult(), productionFailedResult()], fullPlanUrl: RUN_URL };
    const whole = render({ ...input, maxChars: 1_000_000 });
    const tiny = render({ ...input, maxChars: 300 });
    expect(tiny.length).toBeLessThanOrEqual(300);
    expect(tiny.endsWith("\n\n… (truncated)\n")).toBe(true);
    expect(tiny.startsWith(whole.slice(0, 300 - 40))).toBe(true);
    expect(tiny.length).toBe(300 - 40 + "\n\n… (truncated)\n".length);
  });

  it("keeps the end of a failed plan's output when it must cut it", () => {
    const failed = productionFailedResult();
    const whole = render({ stacks: [failed], maxChars: 1_000_000 });
    const cut = render({ stacks: [failed], maxChars: whole.length - 50 });
    expect(cut).toContain("… (earlier output omitted)");
    const error = failed.status === "failed" ? failed.error : "";
    expect(cut).toContain(error.trimEnd().slice(-40));
    expect(cut).not.toContain(error.slice(0, 40));
  });
});
