// Every alert rule's runbook link lands on a section of the runbook page: the anchors the
// synthesised rules carry (runbook_url annotations) against the anchors GitHub renders for
// docs/observability.md (heading slugs and explicit <a id>). A renamed heading or a new rule
// without its section fails here, not in the middle of an incident.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundledSynth } from "../support/synth";

const ROOT = join(__dirname, "../..");
const PAGE = "docs/observability.md";

/** GitHub's heading anchor: lower case, punctuation but hyphens dropped, spaces to hyphens. */
function headingSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, "")
    .replace(/\s/g, "-");
}

function pageAnchors(markdown: string): Set<string> {
  const headings = [...markdown.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => headingSlug(m[1]));
  const explicit = [...markdown.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]);
  return new Set([...headings, ...explicit]);
}

/** Anchors of every runbook_url in a stack's JSON, with the page they point at. */
function runbookLinks(json: string): Array<{ page: string; anchor: string }> {
  return [...json.matchAll(/"runbook_url",\s*"value":\s*"([^"#]+)#([^"]+)"|"runbook_url":\s*"([^"#]+)#([^"]+)"/g)].map(
    (m) => ({ page: m[1] ?? m[3], anchor: m[2] ?? m[4] }),
  );
}

describe("runbook links", () => {
  it("slugs headings as GitHub does", () => {
    expect(headingSlug("Auto-heal success")).toBe("auto-heal-success");
    expect(headingSlug("Latency p95")).toBe("latency-p95");
    expect(headingSlug("SLO error rate")).toBe("slo-error-rate");
    expect(headingSlug("DB pool (saturation)")).toBe("db-pool-saturation");
  });

  it("every synthesised rule's anchor is a section of docs/observability.md", () => {
    const anchors = pageAnchors(readFileSync(join(ROOT, PAGE), "utf8"));
    const synth = bundledSynth();
    const links = ["neuropilot-staging", "neuropilot-production"].flatMap((stack) => runbookLinks(synth.raw(stack)));
    // Both stacks carry the latency, SLO and auto-heal rules at least.
    expect(new Set(links.map((l) => l.anchor)).size).toBeGreaterThanOrEqual(13);
    for (const link of links) {
      expect(link.page, link.anchor).toMatch(/\/docs\/observability\.md$/);
      expect(anchors.has(link.anchor), `#${link.anchor} is no section of ${PAGE}`).toBe(true);
    }
  });
});
