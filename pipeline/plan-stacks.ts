// CLI: plans stacks one after another and leaves plan-results files in --out.
//   tsx pipeline/plan-stacks.ts --synth cdktf.out --out plans [--no-lock] [--lock-timeout 5m] [--offline]
//       [--placeholder-credentials neon,railway] [stack ...]
// Every stack is vetted first (pipeline/vet/): when any is refused, no terraform process
// starts at all, each refused stack gets a failed result whose output is the refusal (the
// comment shows it) and the others are not planned. --offline allows the local backend (the
// credential-free preview). --unvetted skips vetting for tests that plan terraform_data
// stacks; no workflow may pass it (test/pipeline/workflows.test.ts).
// Stacks come as arguments or as a JSON array (--stacks '["neuropilot-staging"]', straight
// from a step output); without either it plans every pipeline stack. Sensitive input variables come from
// the TF_VAR_<NAME> variables the workflow step names one by one, see stack-variables.ts.
// Step outputs: `changed` and `failed` (JSON arrays). Exits 1 when any plan failed, or when
// a plan that imports also creates a data resource (plan-summary.ts dataCreatesWhileAdopting).
// --placeholder-credentials (the plan environment, which holds no Neon or Railway key): those
// providers get a non-secret placeholder, and a stack configuring one is planned with
// -refresh=false against its recorded state (placeholder-credentials.ts).
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { commandLine, flag, setOutput, warning } from "./github-actions";
import { parsePlan } from "./plan-json";
import { planJsonFile, stderrFile, writePlanResult } from "./plan-results";
import { dataCreatesWhileAdopting } from "./plan-summary";
import { placeholderPlan, placeholderProviders } from "./placeholder-credentials";
import { orderPipelineStacks, sortByApplyOrder } from "./stack-order";
import { terraformVariableEnv, variableSecretsFromEnv, withoutVariables } from "./stack-variables";
import { readManifest, readStackJson, stackWorkingDirectory, variableNames, workspaceOf } from "./synth-output";
import { planStack } from "./terraform-runner";
import { bundledVetPolicy, refusalText, vetStack } from "./vet/vet-stack";

function main(): void {
  const args = commandLine(process.argv.slice(2), {
    command: "pipeline/plan-stacks.ts",
    flags: ["synth", "out", "stacks", "lock-timeout", "placeholder-credentials"],
    switches: ["no-lock", "offline", "unvetted"],
  });
  const synthDir = flag(args, "synth") ?? "cdktf.out";
  const outDir = flag(args, "out") ?? "plans";
  mkdirSync(outDir, { recursive: true });
  const manifest = readManifest(synthDir);
  const requested = [...args.positional, ...parseStackList(flag(args, "stacks"))];
  const stacks = requested.length > 0 ? sortByApplyOrder(new Set(requested)) : orderPipelineStacks(manifest);
  const placeholders = placeholderProviders(flag(args, "placeholder-credentials"));
  const secrets = variableSecretsFromEnv(process.env);
  // Terraform gets only the variables its stack declares, not every secret.
  const baseEnv = withoutVariables(process.env);

  if (flag(args, "unvetted") !== "true" && !vetAll(stacks, synthDir, outDir, flag(args, "offline") === "true")) {
    setOutput("changed", "[]");
    setOutput("failed", JSON.stringify(stacks));
    process.exitCode = 1;
    return;
  }

  const results = stacks.map((stack) => {
    const entry = manifest.stacks[stack];
    if (entry === undefined) throw new Error(`${stack} is not in ${synthDir}/manifest.json`);
    const stackJson = readStackJson(synthDir, entry);
    const variables = terraformVariableEnv(stack, variableNames(stackJson), secrets);
    if (variables.unmatched.length > 0) {
      console.log(
        `${stack}: no TF_VAR_* secret for ${variables.unmatched.join(", ")} (defaults or the environment apply)`,
      );
    }
    const placeholder = placeholderPlan(stack, stackJson, placeholders, baseEnv);
    if (!placeholder.refresh)
      console.log(`${stack}: -refresh=false, ${placeholders.join(" and ")} get a placeholder key`);
    console.log(`::group::terraform plan ${stack}`);
    const result = planStack({
      stack,
      workspace: workspaceOf(stackJson),
      workingDirectory: stackWorkingDirectory(synthDir, entry),
      outDir,
      env: { ...variables.env, ...baseEnv, ...placeholder.env },
      lock: flag(args, "no-lock") !== "true",
      lockTimeout: flag(args, "lock-timeout"),
      refresh: placeholder.refresh,
    });
    console.log("::endgroup::");
    if (result.status === "failed" && placeholder.importNote !== undefined) {
      console.log(`::error title=Import needs the live resource::${placeholder.importNote}`);
      appendFileSync(stderrFile(outDir, stack), `\n${placeholder.importNote}\n`);
    }
    console.log(`${stack}: ${result.status}`);
    return result;
  });

  const failed = results.filter((result) => result.status === "failed").map((result) => result.stack);
  setOutput("changed", JSON.stringify(results.filter((r) => r.status === "changes").map((r) => r.stack)));
  setOutput("failed", JSON.stringify(failed));
  if (failed.length > 0) {
    warning(`terraform plan failed for ${failed.join(", ")}`);
    process.exitCode = 1;
  }
  for (const result of results.filter((r) => r.status === "changes")) {
    const creates = dataCreatesWhileAdopting(parsePlan(readFileSync(planJsonFile(outDir, result.stack), "utf8")));
    if (creates.length === 0) continue;
    warning(
      `${result.stack} imports existing resources but creates ${creates.map((r) => r.address).join(", ")}: ` +
        `add them to config/adopt/${result.stack}.ts with their import ids, or confirm they are new`,
    );
    process.exitCode = 1;
  }
}

/** Vets every stack before any is planned; false (with results written) when one is refused. */
function vetAll(stacks: string[], synthDir: string, outDir: string, offline: boolean): boolean {
  const manifest = readManifest(synthDir);
  const refusals = new Map<string, string>();
  for (const stack of stacks) {
    const entry = manifest.stacks[stack];
    if (entry === undefined) throw new Error(`${stack} is not in ${synthDir}/manifest.json`);
    const findings = vetStack(readStackJson(synthDir, entry), bundledVetPolicy(stack, offline));
    if (findings.length > 0) refusals.set(stack, refusalText(stack, findings));
  }
  if (refusals.size === 0) return true;
  for (const stack of stacks) {
    const refusal =
      refusals.get(stack) ?? `Not planned: ${[...refusals.keys()].join(", ")} was refused, so nothing was planned.`;
    console.log(`::error title=Refused before planning::${stack}: ${refusal.replace(/[\r\n]+/g, "%0A")}`);
    writeFileSync(stderrFile(outDir, stack), `${refusal}\n`);
    writePlanResult(outDir, { stack, workspace: stack, status: "failed" });
  }
  return false;
}

function parseStackList(json: string | undefined): string[] {
  if (json === undefined) return [];
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed) || parsed.length === 0)
    throw new Error("--stacks must be a non-empty JSON array of stack names");
  return parsed.map(String);
}

main();
