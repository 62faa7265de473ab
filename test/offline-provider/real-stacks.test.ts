// The real synthesised stacks, validated and planned by the real Terraform CLI against
// the offline schema providers: every attribute, block and type we emit is checked by
// Terraform itself, and the plan creates exactly the resources we declared.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OfflinePlan, planOffline } from "../../offline-provider/plan-offline";

import { type SynthOutput, bundledSynth } from "../support/synth";
import { toolsOrSkip } from "../support/tools";

const STACKS = ["neuropilot-platform", "neuropilot-staging", "neuropilot-production", "neuropilot-github"];

let out: SynthOutput;
const plans = new Map<string, OfflinePlan>();
const tools = toolsOrSkip("real stacks under offline terraform validate + plan", ["terraform"]);
beforeAll(async () => {
  if (!tools) return;
  out = bundledSynth("local");
  // Two at a time: Terraform and the provider processes share the machine's two cores.
  for (let i = 0; i < STACKS.length; i += 2) {
    const batch = STACKS.slice(i, i + 2);
    const results = await Promise.all(batch.map((s) => planOffline(join(out.outdir, "stacks", s))));
    batch.forEach((s, j) => plans.set(s, results[j]));
  }
}, 300_000);
afterAll(() => out?.cleanup());

interface PlanJson {
  resource_changes?: Array<{ address: string; mode: string; change: { actions: string[] } }>;
}

function declaredResources(stack: string): string[] {
  const resources = out.stack(stack).resource ?? {};
  return Object.entries(resources).flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`));
}

describe.skipIf(!tools).each(STACKS)("%s", (stack) => {
  let plan: OfflinePlan;
  beforeAll(() => {
    plan = plans.get(stack)!;
  });

  it("passes terraform validate", () => {
    expect(plan.validate.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(plan.validate.valid).toBe(true);
  });

  it("plans a create for every declared resource, and nothing else", () => {
    const managed = ((plan.planJson as PlanJson).resource_changes ?? []).filter((c) => c.mode === "managed");
    expect(managed.map((c) => c.address).sort()).toEqual(declaredResources(stack).sort());
    expect(new Set(managed.flatMap((c) => c.change.actions))).toEqual(new Set(["create"]));
  });
});
