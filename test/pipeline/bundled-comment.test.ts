// Issue 25's done-when, the other half: no over-redaction. The bundled stacks, synthesised
// and planned by Terraform against the offline schema-only providers, render as one comment
// (and one job summary) in which every stack name, workspace (one Terraform Cloud workspace
// per stack, named after it: stacks/backend.ts) and construct path reads as written — Railway
// marks every variable value sensitive, and NODE_ENV's "production" once blanked them all —
// while every real secret (sensitive variables, sensitive values the configuration does not
// write as literals) stays masked. Skipped when terraform is missing.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { JsonObject } from "../../pipeline/synth/json";
import { parsePlan, type TerraformPlan } from "../../pipeline/plan/plan-json";
import { plannedChanges } from "../../pipeline/plan/plan-summary";
import { configLiterals, planSecrets } from "../../pipeline/plan/plan-secrets";
import { render, STEP_SUMMARY_LIMIT, type StackResult } from "../../pipeline/comment/render";
import { constructPaths } from "../../pipeline/synth/synth-output";
import { planOffline } from "../../offline-provider/plan-offline";
import { MIN_SECRET_LENGTH, SENSITIVE } from "../../secrets/redact";
import { bundledSynth } from "../support/synth";
import { toolsOrSkip } from "../support/tools";

const SUITE = "the bundled stacks' comment: names intact, secrets masked";
const STACKS = ["neuropilot-platform", "neuropilot-staging", "neuropilot-production", "neuropilot-github"];
const tools = toolsOrSkip(SUITE, ["terraform"]);

interface Planned {
  stack: string;
  plan: TerraformPlan;
  synthesized: JsonObject;
}
const planned: Planned[] = [];
let comment = "";
let summary = "";

beforeAll(async () => {
  if (!tools) return;
  const out = bundledSynth("local");
  // Two at a time: Terraform and the provider processes share the machine's two cores.
  for (let i = 0; i < STACKS.length; i += 2) {
    const batch = STACKS.slice(i, i + 2);
    const plans = await Promise.all(batch.map((stack) => planOffline(join(out.outdir, "stacks", stack))));
    batch.forEach((stack, j) => {
      expect(plans[j].validate.valid, JSON.stringify(plans[j].validate.diagnostics)).toBe(true);
      const plan = parsePlan(JSON.stringify(plans[j].planJson));
      planned.push({ stack, plan, synthesized: out.stack(stack) as JsonObject });
    });
  }
  const stacks: StackResult[] = planned.map(({ stack, plan, synthesized }) => ({
    stack,
    workspace: stack,
    status: "planned",
    plan,
    synthesized,
  }));
  comment = render({ stacks });
  summary = render({ stacks, maxChars: STEP_SUMMARY_LIMIT });
}, 600_000);

/** Each planned resource's label as the comment prints it: its construct path (plus index), else its address. */
function labels({ plan, synthesized }: Planned): string[] {
  const paths = constructPaths(synthesized);
  return plannedChanges(plan).map((resource) => {
    const path = paths.get(`${resource.mode === "data" ? "data." : ""}${resource.type}.${resource.name}`);
    if (path === undefined) return resource.address;
    return resource.index === undefined ? path : `${path}[${JSON.stringify(resource.index)}]`;
  });
}

describe.skipIf(!tools)(SUITE, () => {
  it("the comment and the summary show every stack and workspace by name", () => {
    for (const text of [comment, summary]) {
      for (const stack of STACKS) expect(text).toContain(`| \`${stack}\` | \`${stack}\` |`);
      expect(text).not.toContain(`-${SENSITIVE}`);
    }
  });

  it("the summary shows every planned resource's construct path intact", () => {
    let checked = 0;
    for (const stack of planned) {
      for (const label of labels(stack)) {
        expect(summary, `${stack.stack}: ${label}`).toContain(`  ${label}  (`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
    // The paths that named an environment, which "production" blanked before.
    expect(summary).toContain("environment-production/environment");
  });

  it('the premise: a plan marks "production" sensitive, and its stack\'s configuration writes it as a literal', () => {
    const literal = planned.find(({ plan, synthesized }) => {
      const all = planSecrets(plan);
      return all.has("production") && !planSecrets(plan, configLiterals(synthesized)).has("production");
    });
    expect(literal?.stack).toBeDefined();
  });

  it("every real secret stays masked: sensitive variables and sensitive values the configuration does not write", () => {
    const secrets = new Set<string>();
    for (const { plan, synthesized } of planned) {
      for (const value of planSecrets(plan, configLiterals(synthesized))) {
        if (value.length >= MIN_SECRET_LENGTH) secrets.add(value);
      }
    }
    const variables = planned.flatMap(({ plan }) => {
      const declared = plan.configuration?.root_module?.variables ?? {};
      return Object.entries(declared)
        .filter(([, variable]) => variable.sensitive === true)
        .map(([name]) => String(plan.variables?.[name]?.value ?? ""));
    });
    expect(variables.length).toBeGreaterThan(5);
    for (const value of variables) if (value.length >= MIN_SECRET_LENGTH) expect(secrets).toContain(value);
    for (const value of secrets) {
      expect(comment, value).not.toContain(value);
      expect(summary, value).not.toContain(value);
    }
  });
});
