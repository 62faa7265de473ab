// The sentences the PR comment adds around the plans: what was not planned, and why.
import type { StackChanges } from "../synth/stack-diff";

export const FORK_REASON =
  "not planned — a maintainer must run the plan. This pull request comes from a fork, and fork PRs get no credentials; " +
  "after reading the change, a maintainer pushes its branch to this repository and opens the PR from there. " +
  "The required `plan` check stays red until a plan exists";

export function changeNotices(changes: StackChanges, cli: string): string[] {
  const notices: string[] = [];
  if (changes.changed.length === 0) {
    notices.push("No pipeline stack's synthesised configuration changed, so nothing was planned.");
  } else if (changes.unchanged.length > 0) {
    notices.push(`Unchanged, not planned: ${changes.unchanged.map((s) => `\`${s}\``).join(", ")}.`);
  }
  for (const stack of changes.removed) {
    notices.push(
      `> [!WARNING]\n> \`${stack}\` is no longer synthesised. Removing a stack destroys nothing: its resources stay ` +
        `in workspace \`${stack}\`, unmanaged. Destroy them deliberately first (\`npx ${cli} destroy ${stack}\` ` +
        "before the stack is removed) or move them to another stack.",
    );
  }
  for (const stack of changes.bootstrapChanged) {
    notices.push(
      `\`${stack}\` changed. The pipeline never applies it: after merging, run \`npx ${cli} deploy ${stack}\` ` +
        "from a laptop (see docs/pipeline.md).",
    );
  }
  return notices;
}
