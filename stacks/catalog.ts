// The one list of stacks: their names, which the pipeline applies, and in what order.
// The app builds exactly these stacks; the pipeline and the workflows read the order from
// here (through pipeline/synth/stack-order.ts), so adding an environment is a config change only.

export const PLATFORM_STACK_NAME = "neuropilot-platform";
export const GITHUB_STACK_NAME = "neuropilot-github";

/** Applied once from a laptop with `cdktf deploy`; the pipeline never plans or applies them. */
export const BOOTSTRAP_STACKS: readonly string[] = [GITHUB_STACK_NAME];

export function stackNameFor(environment: string): string {
  return `neuropilot-${environment}`;
}

/**
 * Stacks the pipeline applies, in order: the shared platform first (every environment reads
 * its outputs), then the environments in config order (staging before production).
 */
export function pipelineStackOrder(environmentNames: readonly string[]): string[] {
  return [PLATFORM_STACK_NAME, ...environmentNames.map(stackNameFor)];
}

export function isBootstrapStack(name: string): boolean {
  return BOOTSTRAP_STACKS.includes(name);
}
