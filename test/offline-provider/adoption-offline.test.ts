// End to end, offline: a fake account that already holds the whole seed platform. Every
// resource of the platform, staging and production stacks is listed for adoption (ids in
// each provider's import id format, agreeing with what the constructs declare), the stacks
// are synthesised with those lists, and real Terraform plans them against the offline
// providers: every resource is imported, none is created, and the plan comment says so.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdoptionListInput } from "../../config/adoption";
import { IMPORT_ID_FORMATS } from "../../config/import-ids";
import { type OfflinePlan, planOffline } from "../../offline-provider/plan-offline";
import type { JsonObject } from "../../pipeline/json";
import { parsePlan } from "../../pipeline/plan-json";
import { render } from "../../pipeline/render";
import { synthesize } from "../../synthesize";
import { bundledInputs, sourcesOf } from "../support/configs";
import { type SynthOutput, bundledSynth } from "../support/synth";

const STACKS = ["neuropilot-platform", "neuropilot-staging", "neuropilot-production"];

type Resource = Record<string, unknown> & { "//": { metadata: { path: string } } };

/** A value for one id part: the construct's literal attribute when it declares one, else a made-up one. */
function partValue(pattern: RegExp, declared: unknown, seed: string): string {
  const literal = /^\^([a-z]+)\$$/.exec(pattern.source);
  if (literal) return literal[1];
  if (typeof declared === "string" && !declared.includes("${") && pattern.test(declared)) return declared;
  const hex = createHash("sha256").update(seed).digest("hex");
  const candidates = [
    hex.slice(0, 32),
    `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`,
    `br-${hex.slice(0, 8)}`,
    `ep-${hex.slice(0, 8)}`,
    `shiny-cell-${parseInt(hex.slice(0, 6), 16)}`,
    String(parseInt(hex.slice(0, 6), 16) + 1),
    `n${hex.slice(0, 8)}`,
  ];
  const value = candidates.find((candidate) => pattern.test(candidate));
  if (value === undefined) throw new Error(`no sample value for ${pattern.source}`);
  return value;
}

/** What discovery would find in the fake account: an import id for every resource of the stack. */
function fakeAccountList(
  stack: string,
  json: { resource?: Record<string, Record<string, Resource>> },
): AdoptionListInput {
  const resources: AdoptionListInput["resources"] = [];
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    const format = IMPORT_ID_FORMATS[type];
    for (const resource of Object.values(byName)) {
      const path = resource["//"].metadata.path.slice(stack.length + 1);
      const id = format.variants[0]
        .map((segment) =>
          partValue(segment.pattern, segment.attribute && resource[segment.attribute], `${path}/${segment.name}`),
        )
        .join(format.separator);
      resources.push({ path, id });
    }
  }
  return { stack, resources };
}

let plain: SynthOutput;
let adoptedDir: string;
const adoptedStack = (stack: string): JsonObject =>
  JSON.parse(readFileSync(join(adoptedDir, "stacks", stack, "cdk.tf.json"), "utf8")) as JsonObject;
const lists = new Map<string, AdoptionListInput>();
const plans = new Map<string, OfflinePlan>();

beforeAll(async () => {
  plain = bundledSynth("local");
  for (const stack of STACKS) lists.set(stack, fakeAccountList(stack, plain.stack(stack) as never));
  adoptedDir = mkdtempSync(join(tmpdir(), "np-adopted-"));
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
afterAll(() => {
  plain?.cleanup();
  if (adoptedDir) rmSync(adoptedDir, { recursive: true, force: true });
});

describe.each(STACKS)("adopting all of %s", (stack) => {
  it("imports every declared resource with its listed id and creates none", () => {
    const plan = parsePlan(JSON.stringify(plans.get(stack)?.planJson));
    const managed = plan.resource_changes.filter((c) => c.mode === "managed");
    const declared = lists.get(stack)?.resources ?? [];
    expect(managed).toHaveLength(declared.length);
    expect(managed.filter((c) => c.change.actions.includes("create")).map((c) => c.address)).toEqual([]);
    expect(new Set(managed.map((c) => c.change.importing?.id))).toEqual(new Set(declared.map((r) => r.id)));
    expect(plans.get(stack)?.planText).toMatch(
      new RegExp(`Plan: ${declared.length} to import, 0 to add, \\d+ to change, 0 to destroy`),
    );
  });

  it("renders a comment that counts the imports and adds nothing", () => {
    const plan = parsePlan(JSON.stringify(plans.get(stack)?.planJson));
    const markdown = render({
      stacks: [{ stack, workspace: stack, status: "planned", plan, synthesized: adoptedStack(stack) }],
    });
    const count = lists.get(stack)?.resources.length;
    // The stack name itself may be masked: the plan marks whole blocks holding it sensitive.
    expect(markdown).toMatch(new RegExp(`\\| 0 \\| \\d+ \\| 0 \\| 0 \\| ${count} \\| 0 \\| 📝 changes \\|`));
    expect(markdown).toContain(`: 0 to add, `);
    expect(markdown).toContain(`${count} to import`);
    expect(markdown).not.toContain("CAUTION");
  });
});

describe("the fake account's lists", () => {
  it("cover the stateful resources", () => {
    const paths = STACKS.flatMap((stack) => (lists.get(stack)?.resources ?? []).map((r) => `${stack}/${r.path}`));
    expect(paths).toEqual(
      expect.arrayContaining([
        "neuropilot-platform/database/project",
        "neuropilot-staging/database/branch",
        "neuropilot-production/database/app-role",
      ]),
    );
  });
});
