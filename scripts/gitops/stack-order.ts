// Which synthesised stacks the pipeline plans and applies, and in what order. Stack names
// come from cdktf.out/manifest.json; this list only fixes their order (shared resources
// first, production last). Keep it in step with app.ts (test/gitops/stack-order.test.ts
// checks both agree).
import type { SynthManifest } from "./synth-output";

/** Applied once from a laptop with `cdktf deploy`; the pipeline never plans or applies them. */
export const BOOTSTRAP_STACKS: readonly string[] = ["neuropilot-github"];

export const PIPELINE_STACK_ORDER: readonly string[] = [
  "neuropilot-platform",
  "neuropilot-staging",
  "neuropilot-production",
];

export function isBootstrapStack(name: string): boolean {
  return BOOTSTRAP_STACKS.includes(name);
}

/**
 * The manifest's pipeline stacks in apply order. A stack missing from the order list is an
 * error rather than a guess: applying a new stack at the wrong moment is worse than a red build.
 */
export function orderPipelineStacks(manifest: SynthManifest): string[] {
  const names = Object.keys(manifest.stacks).filter((name) => !isBootstrapStack(name));
  const unknown = names.filter((name) => !PIPELINE_STACK_ORDER.includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `stack(s) ${unknown.join(", ")} are not in PIPELINE_STACK_ORDER (scripts/gitops/stack-order.ts); ` +
        "add them where they belong in the apply order",
    );
  }
  const ordered = PIPELINE_STACK_ORDER.filter((name) => names.includes(name));
  checkDependenciesComeFirst(manifest, ordered);
  return ordered;
}

/** Sorts any list of stack names by apply order; names outside the order list go last, alphabetically. */
export function sortByApplyOrder(names: Iterable<string>): string[] {
  const rank = (name: string): number => {
    const index = PIPELINE_STACK_ORDER.indexOf(name);
    return index === -1 ? PIPELINE_STACK_ORDER.length : index;
  };
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function checkDependenciesComeFirst(manifest: SynthManifest, ordered: string[]): void {
  ordered.forEach((name, index) => {
    for (const dependency of manifest.stacks[name].dependencies) {
      const dependencyIndex = ordered.indexOf(dependency);
      if (dependencyIndex > index) {
        throw new Error(`${name} depends on ${dependency}, which PIPELINE_STACK_ORDER applies after it`);
      }
    }
  });
}
