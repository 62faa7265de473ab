// Decides which stacks a change touches by comparing the normalised synthesised JSON of
// two cdktf.out directories (the PR's base and head). Metadata-only differences (the `//`
// blocks, key order) do not count.
import { deepEqual, normaliseSynthJson } from "./json";
import { isBootstrapStack, orderPipelineStacks, sortByApplyOrder } from "./stack-order";
import { hasManifest, readManifest, readStackJson, type SynthManifest } from "./synth-output";

export interface StackChanges {
  /** Pipeline stacks to plan, in apply order. */
  changed: string[];
  unchanged: string[];
  /** Pipeline stacks the base had and the head no longer synthesises: their resources are orphaned, not destroyed. */
  removed: string[];
  /** Bootstrap stacks (applied from a laptop) whose configuration changed. */
  bootstrapChanged: string[];
}

export function diffSynthOutputs(baseDir: string | undefined, headDir: string): StackChanges {
  const head = readManifest(headDir);
  const headPipeline = orderPipelineStacks(head);
  const headBootstrap = Object.keys(head.stacks).filter(isBootstrapStack);
  if (baseDir === undefined || !hasManifest(baseDir)) {
    // No usable base synth (first PR, or the base failed to synthesise): plan everything.
    return { changed: headPipeline, unchanged: [], removed: [], bootstrapChanged: headBootstrap };
  }
  const base = readManifest(baseDir);
  const differs = (name: string): boolean => stackDiffers(base, baseDir, head, headDir, name);
  return {
    changed: headPipeline.filter(differs),
    unchanged: headPipeline.filter((name) => !differs(name)),
    removed: sortByApplyOrder(
      Object.keys(base.stacks).filter((name) => !isBootstrapStack(name) && !(name in head.stacks)),
    ),
    bootstrapChanged: headBootstrap.filter(differs),
  };
}

function stackDiffers(
  base: SynthManifest,
  baseDir: string,
  head: SynthManifest,
  headDir: string,
  name: string,
): boolean {
  const baseStack = base.stacks[name];
  if (baseStack === undefined) return true;
  const before = normaliseSynthJson(readStackJson(baseDir, baseStack));
  const after = normaliseSynthJson(readStackJson(headDir, head.stacks[name]));
  return !deepEqual(before, after);
}
