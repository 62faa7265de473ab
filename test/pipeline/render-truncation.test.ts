// How a stack's diff is cut to its share of the comment: the first blocks in order, then
// one note counting the rest, and as many blocks as fit — exactly at the threshold a block
// is shown, one character less it is not. Short blocks (shorter than the note) make the
// note's own length decide, which is where an off-by-one hides.
import { describe, expect, it } from "vitest";
import { parsePlan, type TerraformPlan } from "../../pipeline/plan-json";
import { render, type StackResult } from "../../pipeline/render";

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

const stack = (count: number): StackResult => ({
  stack: "neuropilot-staging",
  workspace: "neuropilot-staging",
  status: "planned",
  plan: planWith(count),
});
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
    // Every count from there down to 0 was shown at some size: the note's digits count too.
    const counts = Array.from({ length: seen[0].shown + 1 }, (_, i) => i);
    expect(new Set(seen.map((s) => s.shown))).toEqual(new Set(counts));
    expect(counts.length).toBeGreaterThan(BLOCKS - 4);
  });
});
