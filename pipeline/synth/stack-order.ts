// Which synthesised stacks the pipeline plans and applies, and in what order. Stack names
// come from cdktf.out/manifest.json; their order comes from stacks/catalog.ts, the same
// list the app is built from, fed with the bundled environments in config order.
import { ENVIRONMENT_SOURCES } from "../../config";
import { isBootstrapStack, pipelineStackOrder } from "../../stacks/catalog";
import type { SynthManifest } from "./synth-output";

export { isBootstrapStack };

/** Applied once from a laptop with `cdktf deploy`; the pipeline never plans or applies them. */
/** Apply order of the pipeline's stacks, from the one stack list (stacks/catalog.ts). */
export const PIPELINE_STACK_ORDER: readonly string[] = pipelineStackOrder(ENVIRONMENT_SOURCES.map((s) => s.value.name));

/**
 * The manifest's pipeline stacks in apply order. A stack missing from the order list is an
 * error rather than a guess: applying a new stack at the wrong moment is worse than a red build.
 */
export function orderPipelineStacks(manifest: SynthManifest): string[] {
  const names = Object.keys(manifest.stacks).filter((name) => !isBootstrapStack(name));
  const unknown = names.filter((name) => !PIPELINE_STACK_ORDER.includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `stack(s) ${unknown.join(", ")} are not in the apply order; a new environment belongs in config/index.ts ` +
        "and any other stack in stacks/catalog.ts",
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
