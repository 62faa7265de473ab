// Every output path of the renderer (comment, job summary, drift issue) scrubs by pattern
// and by value BEFORE any cut: planted secrets in planned values, in drift, in plan errors,
// and across each truncation point never survive.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { MAX_VALUE_CHARS } from "../../pipeline/comment/attribute-diff";
import { parsePlan, type TerraformPlan } from "../../pipeline/plan/plan-json";
import { stderrFile } from "../../pipeline/plan/plan-results";
import { render, type StackResult } from "../../pipeline/comment/render";
import { planStack } from "../../pipeline/plan/terraform-runner";
import { SENSITIVE } from "../../secrets/redact";
import { NEON_PASSWORD, NEON_URL, PLANTED } from "../secrets/planted";

const KINDS = [...PLANTED, { kind: "neon connection string", secret: NEON_URL }];
/** What must not survive of a planted secret: the connection string's password, else the secret. */
const core = (secret: string): string => (secret === NEON_URL ? NEON_PASSWORD : secret);

function planWith(after: Record<string, string>, drift = false): TerraformPlan {
  const resource = {
    address: "terraform_data.app",
    mode: "managed",
    type: "terraform_data",
    name: "app",
    change: { actions: ["update"], before: { input: { note: "old" } }, after: { input: after } },
  };
  return parsePlan(
    JSON.stringify({
      format_version: "1.2",
      resource_changes: drift ? [] : [resource],
      resource_drift: drift ? [resource] : [],
    }),
  );
}

const planned = (plan: TerraformPlan): StackResult => ({ stack: "demo", workspace: "demo", status: "planned", plan });
const failed = (error: string): StackResult => ({ stack: "demo", workspace: "demo", status: "failed", error });

function expectGone(markdown: string, secret: string): void {
  const value = core(secret);
  expect(markdown).not.toContain(value);
  // No fragment long enough to be useful either (a cut secret is still a leak).
  expect(markdown).not.toContain(value.slice(-12));
  expect(markdown).not.toContain(JSON.stringify(value).slice(1, -1).slice(-12));
}

describe("planted secrets never reach the rendered comment", () => {
  for (const { kind, secret } of KINDS) {
    it(`${kind}: in a planned value the plan does not mark sensitive`, () => {
      const markdown = render({ stacks: [planned(planWith({ note: `token is ${secret}` }))] });
      expectGone(markdown, secret);
      expect(markdown).toContain(SENSITIVE);
    });

    it(`${kind}: JSON-encoded inside a planned value`, () => {
      const markdown = render({ stacks: [planned(planWith({ config: JSON.stringify({ url: secret }) }))] });
      expectGone(markdown, secret);
    });

    it(`${kind}: in drift, and in a failed plan's error output`, () => {
      const drift = render({ stacks: [planned(planWith({ note: secret }, true))] });
      expectGone(drift, secret);
      const error = render({ stacks: [failed(`Error: provider said 401 for ${secret}\n`)] });
      expectGone(error, secret);
    });

    it(`${kind}: crossing the ${MAX_VALUE_CHARS}-character value cut`, () => {
      // The secret's core starts 12 characters before the cut, so a cut made before the
      // scrub would print its first 11 characters and no pattern would match them any more.
      const corePos = MAX_VALUE_CHARS - 12;
      const lead = secret.indexOf(core(secret));
      const note = `${"n".repeat(corePos - lead - 2)} ${secret} ${"t".repeat(50)}`; // JSON adds the opening quote
      expect(JSON.stringify(note).indexOf(core(secret))).toBe(corePos);
      const markdown = render({ stacks: [planned(planWith({ note }))] });
      expectGone(markdown, secret);
      expect(markdown).not.toContain(core(secret).slice(0, 11));
    });

    it(`${kind}: crossing the comment's size cut of a failed plan's output`, () => {
      // The renderer keeps the end of the output; sweep the tail length so that some cut
      // lands inside the secret, whatever the exact overhead. Steps of 7 characters land
      // inside even the shortest secret (20 characters) more than once.
      let cutInside = 0;
      for (let tail = 1900; tail <= 2500; tail += 7) {
        const error = `${". ".repeat(1500)}${secret} ${". ".repeat(tail / 2)}Error: boom`;
        const markdown = render({ stacks: [failed(error)], maxChars: 2500 });
        expect(markdown.length).toBeLessThanOrEqual(2500);
        expect(markdown).toContain("earlier output omitted");
        expectGone(markdown, secret);
        if (!markdown.includes(SENSITIVE) && markdown.includes("Error: boom")) continue;
        cutInside++;
      }
      expect(cutInside).toBeGreaterThan(0);
    });
  }

  it("cuts values exactly at the limit: 160 characters shown whole, 161 cut", () => {
    const exact = "v".repeat(MAX_VALUE_CHARS - 2); // + 2 quotes = exactly the limit
    const over = "w".repeat(MAX_VALUE_CHARS - 1);
    const markdown = render({ stacks: [planned(planWith({ a: exact, b: over }))] });
    expect(markdown).toContain(`"${exact}"`);
    expect(markdown).toContain(`"${"w".repeat(MAX_VALUE_CHARS - 2)}…`);
    expect(markdown).not.toContain(`"${over}"`);
  });

  it("fences a resource key holding backticks so it cannot break out of its code span", () => {
    const plan = parsePlan(
      JSON.stringify({
        format_version: "1.2",
        resource_changes: [
          {
            address: 'neon_branch.b["x` **pwned** `y"]',
            mode: "managed",
            type: "neon_branch",
            name: "b",
            index: "x` **pwned** `y",
            change: { actions: ["delete"], before: {}, after: null },
          },
        ],
      }),
    );
    const markdown = render({ stacks: [planned(plan)] });
    const line = markdown.split("\n").find((l) => l.includes("**DESTROY**")) as string;
    expect(line).toContain('``neon_branch.b["x` **pwned** `y"]``');
  });
});

describe("Terraform's output is scrubbed where the credentials are, before it is logged or saved", () => {
  it("removes the job's credential values and secret patterns from the saved error output", async () => {
    const dir = mkdtempSync(join(tmpdir(), "runner-"));
    try {
      const credential = "old-format-cloudflare-token-0123456789";
      const planted = PLANTED.map((p) => p.secret).join(" ");
      const fake = join(dir, "terraform");
      writeFileSync(fake, `#!/bin/sh\necho "Error: 403 with token $CLOUDFLARE_API_TOKEN and ${planted}" >&2\nexit 1\n`);
      chmodSync(fake, 0o755);
      const logged: string[] = [];
      const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
        logged.push(String(chunk));
        return true;
      });
      const result = await planStack({
        stack: "demo",
        workspace: "demo",
        workingDirectory: dir,
        outDir: dir,
        env: { PATH: process.env.PATH, TERRAFORM_BIN: fake, CLOUDFLARE_API_TOKEN: credential },
        lock: false,
      });
      spy.mockRestore();
      expect(result.status).toBe("failed");
      const saved = readFileSync(stderrFile(dir, "demo"), "utf8");
      for (const text of [saved, logged.join("")]) {
        expect(text).toContain("Error: 403 with token (sensitive value)");
        expect(text).not.toContain(credential);
        for (const { secret } of PLANTED) expect(text).not.toContain(secret);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
