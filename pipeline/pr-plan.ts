// CLI: the trusted plan of a pull request in one process (plan-pr.yml's `plan` job): the
// stacks that differ between the base and head synth outputs (stack-diff.ts) → vetting of
// each (pipeline/vet/) → `terraform init / plan -out / show -json` of the changed ones,
// `--concurrency` at a time (plan-run.ts). Leaves the plan-results files in --out, and the
// changes (changed-stacks.ts's JSON) in --changes when given.
//   node app-runner/run-app.mjs pipeline/pr-plan.ts --synth cdktf.out --base-synth base-cdktf.out \
//     --out plans [--changes changes.json] [--no-lock] [--lock-timeout 5m] [--offline] [--concurrency 2]
// Rendering with the reviewed-plan record (render-plan.ts, the record key) and posting
// (post-comment.ts, a token that can write to the PR) stay separate processes on purpose:
// neither secret may be in the environment of a process that starts terraform and its
// providers, which could read it (test/pipeline/workflows.test.ts, "trust boundary").
// Step outputs: `stacks` (the changed stacks, JSON), `any`, `changed`, `failed`. Exits 0 when
// nothing changed or every plan succeeded; 1 when a stack was refused or a plan failed (or a
// plan that imports creates a data resource); 2 for bad usage.
// The work is pull-request-plan.ts's `main(argv, env, io)`, exported here too so a caller in
// this process (the rehearsal) runs it as the workflow step does; the command runs only when
// this file is the process's entry (script-entry.ts isEntry).
import { runCommand } from "../cli/run";
import { main, USAGE } from "./plan/pull-request-plan";
import { isEntry } from "./script-entry";

export { main };

if (isEntry("pr-plan")) runCommand(() => main(process.argv.slice(2), process.env), { name: "pr-plan", usage: USAGE });
