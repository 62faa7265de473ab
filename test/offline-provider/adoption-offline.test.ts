// End to end, offline: a fake account that already holds the seed platform
// (test/support/fake-account.ts, loopback fakes of all six APIs). `npm run adopt` (its
// main(), with the base URLs pointing at the fakes) discovers every stack and writes the
// adoption lists; the stacks are synthesised once with those lists, and real Terraform plans
// them against the offline providers: every existing resource is imported, and the only
// creates are what the fake account lacks (the cache rules entry point, the p95 monitor) and
// what no provider can import (GitHub environment secrets). The plan comment says so.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../adopt/cli";
import { NOT_IMPORTABLE } from "../../config/import-ids";
import { type OfflinePlan, planOffline } from "../../offline-provider/plan-offline";
import type { JsonObject } from "../../pipeline/synth/json";
import { parsePlan } from "../../pipeline/plan/plan-json";
import { render } from "../../pipeline/comment/render";
import { synthesize } from "../../synthesize";
import { type List, readList } from "../support/adoption-list";
import { bundledInputs, sourcesOf } from "../support/configs";
import { MISSING_FROM_SEED, PLANTED, startFakeAccount, TOKENS } from "../support/fake-account";

const STACKS = ["neuropilot-platform", "neuropilot-staging", "neuropilot-production", "neuropilot-github"];
/** What the fake account does not hold: the only creates besides the types no provider imports. */
const MISSING = new Set(MISSING_FROM_SEED);

const work = mkdtempSync(join(tmpdir(), "np-adopt-e2e-"));
const plainDir = join(work, "plain");
const adoptedDir = join(work, "adopted");
const lists = new Map<string, List>();
const plans = new Map<string, OfflinePlan>();
const output: string[] = [];
const adoptedStack = (stack: string): JsonObject =>
  JSON.parse(readFileSync(join(adoptedDir, "stacks", stack, "cdk.tf.json"), "utf8")) as JsonObject;

beforeAll(async () => {
  synthesize(sourcesOf(bundledInputs()), { backend: "local", outdir: plainDir });
  const fake = await startFakeAccount();
  const capture = (...args: unknown[]) => void output.push(args.join(" "));
  vi.spyOn(console, "log").mockImplementation(capture);
  vi.spyOn(console, "error").mockImplementation(capture);
  try {
    mkdirSync(join(work, "config", "adopt"), { recursive: true });
    for (const stack of STACKS) {
      const code = await main([stack, "--synth", plainDir], fake.env, work);
      if (code !== 0) throw new Error(`adopt ${stack} exited ${code}: ${output.join("\n")}`);
      lists.set(stack, readList(join(work, "config", "adopt", `${stack}.ts`)));
    }
  } finally {
    vi.restoreAllMocks();
    await fake.close();
  }
  synthesize(sourcesOf(bundledInputs()), {
    backend: "local",
    outdir: adoptedDir,
    adoption: STACKS.map((stack) => ({ file: `config/adopt/${stack}.ts`, value: lists.get(stack) })),
  });
  // Two at a time: Terraform and the provider processes share the machine's two cores.
  for (let i = 0; i < STACKS.length; i += 2) {
    const batch = STACKS.slice(i, i + 2);
    const results = await Promise.all(batch.map((s) => planOffline(join(adoptedDir, "stacks", s))));
    batch.forEach((s, j) => plans.set(s, results[j]));
  }
}, 400_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Change = ReturnType<typeof parsePlan>["resource_changes"][number];
const managed = (stack: string): Change[] =>
  parsePlan(JSON.stringify(plans.get(stack)?.planJson)).resource_changes.filter((c) => c.mode === "managed");

/** Construct path (relative to the stack) of each address, from the synthesised metadata. */
function pathsOf(stack: string): Map<string, string> {
  const json = adoptedStack(stack) as {
    resource: Record<string, Record<string, { "//": { metadata: { path: string } } }>>;
  };
  const out = new Map<string, string>();
  for (const [type, byName] of Object.entries(json.resource))
    for (const [name, body] of Object.entries(byName)) out.set(`${type}.${name}`, body["//"].metadata.path);
  return out;
}

describe.each(STACKS)("adopting %s from the fake account", (stack) => {
  it("imports every discovered resource with its id; creates only what is missing or not importable", () => {
    const changes = managed(stack);
    const paths = pathsOf(stack);
    const listed = lists.get(stack)?.resources ?? [];
    const imported = changes.filter((c) => c.change.importing !== undefined);
    expect(new Set(imported.map((c) => c.change.importing?.id))).toEqual(new Set(listed.map((r) => r.id)));
    expect(imported).toHaveLength(listed.length);
    expect(imported.every((c) => !c.change.actions.includes("create"))).toBe(true);
    const created = changes.filter((c) => c.change.actions.includes("create"));
    const expected = changes.filter(
      (c) => NOT_IMPORTABLE[c.type] !== undefined || MISSING.has(paths.get(c.address) ?? ""),
    );
    expect(created.map((c) => c.address).sort()).toEqual(expected.map((c) => c.address).sort());
    // Nothing else: every resource is either imported or one of those creates.
    expect(imported.length + created.length).toBe(changes.length);
    expect(plans.get(stack)?.planText).toMatch(
      new RegExp(`Plan: ${listed.length} to import, ${created.length} to add, \\d+ to change, 0 to destroy`),
    );
  });

  it("renders a comment that counts the imports, without a data-loss caution", () => {
    const plan = parsePlan(JSON.stringify(plans.get(stack)?.planJson));
    const markdown = render({
      stacks: [{ stack, workspace: stack, status: "planned", plan, synthesized: adoptedStack(stack) }],
    });
    expect(markdown).toContain(`${lists.get(stack)?.resources.length} to import`);
    expect(markdown).not.toContain("CAUTION");
  });
});

describe("the whole platform", () => {
  it("creates nothing stateful and exactly the expected resources", () => {
    const creates = STACKS.flatMap((stack) => {
      const paths = pathsOf(stack);
      return managed(stack)
        .filter((c) => c.change.actions.includes("create"))
        .map((c) => paths.get(c.address) ?? c.address);
    });
    expect(creates.filter((p) => !/\/actions-secrets\/environment-/.test(p))).toEqual([...MISSING]);
    // GitHub environment secrets (not importable): plan 4 read-only plan credentials + 3 TF_VAR_ +
    // record key; drift 4 + Neon and Railway keys + 3 TF_VAR_; platform 6 apply credentials + its
    // 3 TF_VAR_ + record key; staging 6 + record key + CI metrics push token + Sentry release token;
    // production 6 + record key + 6 Worker secrets + CI metrics push token + Sentry release token.
    expect(creates).toHaveLength(MISSING.size + 8 + 9 + 10 + 9 + 15);
    expect(creates.some((p) => /\/database\//.test(p))).toBe(false);
  });

  it("adopts the stateful resources", () => {
    const paths = STACKS.flatMap((stack) => (lists.get(stack)?.resources ?? []).map((r) => `${stack}/${r.path}`));
    expect(paths).toEqual(
      expect.arrayContaining([
        "neuropilot-platform/database/project",
        "neuropilot-staging/database/branch",
        "neuropilot-staging/database/app-role",
        "neuropilot-production/database/app-role",
      ]),
    );
  });

  it("never showed a credential or a secret the fakes returned", () => {
    const text = output.join("\n");
    expect(text).toContain("will import");
    for (const secret of [...Object.values(TOKENS), ...Object.values(PLANTED)]) expect(text).not.toContain(secret);
  });
});
