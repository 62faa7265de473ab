// How a stack's diff is cut to its share of the comment: the first blocks in order, then
// one note counting the rest, and as many blocks as fit — exactly at the threshold a block
// is shown, one character less it is not. Short blocks (shorter than the note) make the
// note's own length decide, which is where an off-by-one hides.
import { describe, expect, it } from "vitest";
import { parsePlan, type TerraformPlan } from "../../pipeline/plan/plan-json";
import { render, type StackResult } from "../../pipeline/comment/render";
import { productionFailedResult } from "./support";

const BLOCKS = 12;

function planWith(count: number): TerraformPlan {
  const name = (i: number) => `item_${String(i).padStart(2, "0")}`;
  return parsePlan(
    JSON.stringify({
      format_version: "1.2",
      terraform_version: "1.11.4",
      resource_drift: [],
      resource_changes: Array.from({ length: count }, (_, i) => ({
        address: `terraform_data.${name(i)}`,
        mode: "managed",
        type: "terraform_data",
        name: name(i),
        provider_name: "terraform.io/builtin/terraform",
        change: {
          actions: ["create"],
          before: null,
          after: { input: `v${i}` },
          after_unknown: { id: true },
          before_sensitive: false,
          after_sensitive: {},
        },
      })),
      output_changes: {},
      configuration: {},
      applyable: true,
      complete: true,
      errored: false,
    }),
  );
}

const stack = (count: number, name = "neuropilot-staging"): StackResult => ({
  stack: name,
  workspace: name,
  status: "planned",
  plan: planWith(count),
});
const TRUNCATED_FOOTER = "_Details truncated to fit GitHub's size limit._\n";
const HARD_CUT = "\n\n… (truncated)\n";
const STUB = "Details omitted to fit GitHub's size limit; see the full plan.";

/** What the comment is without any stack section: everything before the first one, then the footer. */
const headerOf = (comment: string) => comment.slice(0, comment.indexOf("<details"));
const blockLine = (i: number) => `+ create  terraform_data.item_${String(i).padStart(2, "0")}  (terraform_data)`;

/** The diff lines of the rendered comment's (only) stack section. */
function diffLines(comment: string): string[] {
  const match = /```diff\n([\s\S]*?)```/.exec(comment);
  return match ? match[1].split("\n").filter((line) => line !== "") : [];
}

describe("render: cutting a stack's diff to its share", () => {
  it("shows every block, one per line, in plan order when the comment fits", () => {
    const whole = render({ stacks: [stack(3)], maxChars: 1_000_000 });
    expect(diffLines(whole)).toEqual([blockLine(0), blockLine(1), blockLine(2)]);
    expect(whole).toContain(`\`\`\`diff\n${blockLine(0)}\n${blockLine(1)}\n${blockLine(2)}\n\`\`\``);
  });

  it("posts the whole comment at exactly its own length, though each block is shorter than the note", () => {
    const whole = render({ stacks: [stack(BLOCKS)], maxChars: 1_000_000 });
    expect(render({ stacks: [stack(BLOCKS)], maxChars: whole.length })).toBe(whole);
    expect(diffLines(whole)).toHaveLength(BLOCKS);
  });

  it("at every size: a prefix of the blocks, the rest counted, and each block shown exactly when it fits", () => {
    const input = { stacks: [stack(BLOCKS)] };
    const whole = render({ ...input, maxChars: 1_000_000 });
    const seen: Array<{ maxChars: number; shown: number; length: number }> = [];
    for (let maxChars = whole.length - 1; ; maxChars--) {
      const comment = render({ ...input, maxChars });
      expect(comment.length, `maxChars ${maxChars}`).toBeLessThanOrEqual(maxChars);
      const lines = diffLines(comment);
      const blocks = lines.filter((line) => line.startsWith("+ "));
      expect(blocks, `maxChars ${maxChars}`).toEqual(Array.from({ length: blocks.length }, (_, i) => blockLine(i)));
      const rest = BLOCKS - blocks.length;
      const note = `# … ${rest} more resource change(s) not shown; see the full plan`;
      if (lines.length > 0) expect(lines, `maxChars ${maxChars}`).toEqual([...blocks, ...(rest > 0 ? [note] : [])]);
      seen.push({ maxChars, shown: blocks.length, length: comment.length });
      if (lines.length === 0) break;
    }
    // One character under the whole comment, blocks go (the truncation footer needs room too).
    expect(seen[0].shown).toBeLessThan(BLOCKS);
    // Fewer characters never show more; where one more block appears, it fills the comment exactly.
    for (let i = 1; i < seen.length; i++) {
      const [larger, smaller] = [seen[i - 1], seen[i]];
      expect(smaller.shown, `maxChars ${smaller.maxChars}`).toBeLessThanOrEqual(larger.shown);
      if (larger.shown > smaller.shown) expect(larger.length, `maxChars ${larger.maxChars}`).toBe(larger.maxChars);
    }
    // Below the last block: the stub, then no section at all; never a hard cut. The stub is
    // shown down to exactly its own size.
    const stubs: Array<{ maxChars: number; length: number }> = [];
    const header = headerOf(whole);
    for (
      let maxChars = seen[seen.length - 1].maxChars - 1;
      maxChars >= header.length + TRUNCATED_FOOTER.length;
      maxChars--
    ) {
      const comment = render({ ...input, maxChars });
      expect(comment.endsWith(HARD_CUT), `maxChars ${maxChars}`).toBe(false);
      if (comment.includes("<details")) {
        expect(stubs.length === 0 || stubs[stubs.length - 1].maxChars === maxChars + 1, `maxChars ${maxChars}`).toBe(
          true,
        );
        expect(comment).toContain(
          `<details><summary><b>neuropilot-staging</b>: 12 to add, 0 to change, 0 to replace, 0 to destroy</summary>\n\n${STUB}`,
        );
        expect(comment).not.toContain("```");
        stubs.push({ maxChars, length: comment.length });
      } else {
        expect(comment, `maxChars ${maxChars}`).toBe(`${header}${TRUNCATED_FOOTER}`);
      }
    }
    expect(stubs.length).toBeGreaterThan(0);
    const smallest = stubs[stubs.length - 1];
    expect(smallest.length).toBe(smallest.maxChars);
    // Every count from there down to 0 was shown at some size: the note's digits count too.
    const counts = Array.from({ length: seen[0].shown + 1 }, (_, i) => i);
    expect(new Set(seen.map((s) => s.shown))).toEqual(new Set(counts));
    expect(counts.length).toBeGreaterThan(BLOCKS - 4);
  });

  it("keeps sections closed for plans, open for failures, one blank line apart, under the header's table", () => {
    const comment = render({
      stacks: [stack(1, "neuropilot-platform"), stack(2), productionFailedResult()],
      maxChars: 1_000_000,
    });
    expect(comment).toContain("\n## Terraform plan\n\n| Stack | Workspace |");
    expect(comment).toContain("<details><summary><b>neuropilot-platform</b>: ");
    expect(comment).toContain("</details>\n\n<details><summary><b>neuropilot-staging</b>: ");
    expect(comment).toContain(
      "</details>\n\n<details open><summary><b>neuropilot-production</b>: plan failed</summary>",
    );
  });
});

describe("render: cutting a failed stack's output to its share", () => {
  const failed = productionFailedResult();
  const error = failed.status === "failed" ? failed.error.trim() : "";
  const input = { stacks: [failed] };

  it("shows the whole output when the comment fits, also at exactly its length", () => {
    const whole = render({ ...input, maxChars: 1_000_000 });
    expect(whole).toContain(`\`\`\`text\n${error}\n\`\`\``);
    expect(whole).not.toContain("earlier output omitted");
    expect(render({ ...input, maxChars: whole.length })).toBe(whole);
  });

  it("at every smaller size: the end of the output, never an empty tail, then no section; never a hard cut", () => {
    const whole = render({ ...input, maxChars: 1_000_000 });
    const header = headerOf(whole);
    let dropped = false;
    for (let maxChars = whole.length - 1; maxChars >= header.length + TRUNCATED_FOOTER.length; maxChars--) {
      const comment = render({ ...input, maxChars });
      expect(comment.length, `maxChars ${maxChars}`).toBeLessThanOrEqual(maxChars);
      expect(comment.endsWith(HARD_CUT), `maxChars ${maxChars}`).toBe(false);
      const kept = /… \(earlier output omitted\)\n([\s\S]*?)\n```/.exec(comment)?.[1];
      if (kept !== undefined) {
        expect(dropped, `maxChars ${maxChars}: a section again after it was dropped`).toBe(false);
        expect(kept.length, `maxChars ${maxChars}`).toBeGreaterThan(0);
        expect(error.endsWith(kept), `maxChars ${maxChars}`).toBe(true);
      } else {
        dropped = true;
        expect(comment, `maxChars ${maxChars}`).toBe(`${header}${TRUNCATED_FOOTER}`);
      }
    }
    expect(dropped).toBe(true);
  });
});
