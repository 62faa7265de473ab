// Runs the policy aspects over the construct tree and evaluates every rule for every
// environment, before synth writes anything. Violations that are not waived in config
// fail with one list: construct path, rule, what is wrong and how to fix it.
import { Annotations, type App, Aspects, TerraformStack } from "cdktf";
import { PolicyAspect } from "./aspect";
import { Inventory, resolveResource } from "./inventory";
import { POLICY_RULE_IDS, type PolicyRuleId } from "../config/policy-rule-ids";
import { POLICY_RULES } from "./rules";
import { API_RULES } from "./api-constraints";
import type { ApiRuleContext, StackFacts } from "./api-constraints/rule";
import { asTfJson, isJsonObject, type TfJson } from "../terraform-json/tf-json";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface PolicyFinding {
  /** A policy rule, or an API-constraint rule (policy/api-constraints/), which cannot be waived. */
  rule: PolicyRuleId | (typeof API_RULES)[number]["id"];
  /** The environment; for API-constraint rules, the stack. */
  environment: string;
  path: string;
  message: string;
  fix: string;
}

export interface PolicyReport {
  findings: PolicyFinding[];
  /** Violations config waives (non-production only), with the waiver's reason. */
  waived: Array<PolicyFinding & { reason: string }>;
  notApplicable: Array<{ rule: PolicyRuleId; environment: string; reason: string }>;
  /** Waivers for rules the environment meets (or that do not apply yet): candidates for removal. */
  unusedWaivers: Array<{ rule: PolicyRuleId; environment: string }>;
}

function policyAspects(stack: TerraformStack): PolicyAspect[] {
  return Aspects.of(stack).all.filter((aspect): aspect is PolicyAspect => aspect instanceof PolicyAspect);
}

export function checkPolicy(app: App): PolicyReport {
  const stacks = app.node.findAll().filter((node): node is TerraformStack => TerraformStack.isStack(node));
  const visits = stacks.flatMap((stack) => policyAspects(stack).map((aspect) => ({ stack, aspect })));
  for (const { stack, aspect } of visits) {
    for (const node of stack.node.findAll()) aspect.visit(node);
  }
  const inventory = new Inventory(visits.flatMap(({ aspect }) => aspect.collected().map(resolveResource)));

  const report: PolicyReport = { findings: [], waived: [], notApplicable: [], unusedWaivers: [] };
  // API constraints first: once over every stack's resources, never waived. Stack-level
  // facts (provider pins) are checked on the written JSON instead: checkSynthesizedStacks.
  report.findings.push(...apiFindings({ inventory, stacks: [] }));
  for (const { stack, aspect } of visits) {
    const subject = aspect.subject;
    if (!subject) continue;
    const ctx = { subject, stack: stack.node.id, inventory };
    for (const rule of POLICY_RULES) {
      const outcome = rule.check(ctx);
      const waiver = subject.waivers.find((w) => w.rule === rule.id);
      if (outcome.kind === "not-applicable") {
        report.notApplicable.push({ rule: rule.id, environment: subject.environment, reason: outcome.reason });
      }
      if (outcome.kind !== "violation") {
        if (waiver) report.unusedWaivers.push({ rule: rule.id, environment: subject.environment });
        continue;
      }
      for (const violation of outcome.violations) {
        const finding = { rule: rule.id, environment: subject.environment, ...violation, fix: rule.fix };
        if (waiver) report.waived.push({ ...finding, reason: waiver.reason });
        else report.findings.push(finding);
      }
    }
    annotate(stack, report, subject.environment);
  }
  return report;
}

function apiFindings(ctx: ApiRuleContext): PolicyFinding[] {
  return API_RULES.flatMap((rule) =>
    rule.check(ctx).map((violation) => ({
      rule: rule.id,
      environment: violation.path.split("/")[0],
      ...violation,
      fix: rule.fix,
    })),
  );
}

/** A stack's provider facts from its cdk.tf.json, exactly as written (overrides applied). */
export function stackFactsOf(name: string, json: TfJson): StackFacts {
  const required = isJsonObject(json.terraform) ? json.terraform.required_providers : undefined;
  return {
    name,
    providers: Object.keys(json.provider ?? {}),
    requiredProviders: isJsonObject(required) ? (required as StackFacts["requiredProviders"]) : {},
  };
}

/**
 * The API rules on stack-level facts (provider pins), run on the synthesised JSON: the
 * construct tree holds them only after a whole-stack resolution, which would cost every
 * synthesis a second one. synthesize() calls it on its staging folder, before anything
 * is copied to the output directory.
 */
export function checkSynthesizedStacks(synthDir: string): PolicyReport {
  const stacksDir = join(synthDir, "stacks");
  const stacks = readdirSync(stacksDir).map((name) => {
    const file = join(stacksDir, name, "cdk.tf.json");
    return stackFactsOf(name, asTfJson(JSON.parse(readFileSync(file, "utf8")), file));
  });
  return {
    findings: apiFindings({ inventory: new Inventory([]), stacks }),
    waived: [],
    notApplicable: [],
    unusedWaivers: [],
  };
}

/** Notes for `cdktf synth`, which prints a stack's annotations. */
function annotate(stack: TerraformStack, report: PolicyReport, environment: string): void {
  const notes = policyNotices(report).filter((note) => note.environment === environment);
  for (const note of notes) Annotations.of(stack).addInfo(note.text);
}

export class PolicyError extends Error {
  constructor(readonly report: PolicyReport) {
    super(formatFindings(report));
    this.name = "PolicyError";
  }
}

/** Checks the app and throws PolicyError on any unwaived violation. */
export function enforcePolicy(app: App): PolicyReport {
  const report = checkPolicy(app);
  if (report.findings.length > 0) throw new PolicyError(report);
  return report;
}

export function formatFindings(report: PolicyReport): string {
  const n = report.findings.length;
  const lines = report.findings.map((f) => `  ${f.path} [${f.rule}]: ${f.message}\n      fix: ${f.fix}`);
  return [
    `Policy check failed (${n} finding${n === 1 ? "" : "s"}); nothing was synthesised:`,
    ...lines,
    `Policy rules: ${POLICY_RULE_IDS.join(", ")} (docs/guardrails.md); staging may waive one by name in config with a reason.`,
    `API-constraint rules (README "Apply-time rules", never waived): ${API_RULES.map((r) => r.id).join(", ")}.`,
  ].join("\n");
}

export function policyNotices(report: PolicyReport): Array<{ environment: string; text: string }> {
  const waived = new Map<string, { environment: string; rule: string; reason: string; count: number }>();
  for (const w of report.waived) {
    const key = `${w.environment}/${w.rule}`;
    const entry = waived.get(key) ?? { environment: w.environment, rule: w.rule, reason: w.reason, count: 0 };
    entry.count++;
    waived.set(key, entry);
  }
  return [
    ...[...waived.values()].map((w) => ({
      environment: w.environment,
      text: `policy ${w.rule} waived for ${w.environment} (${w.count} finding${w.count === 1 ? "" : "s"}): ${w.reason}`,
    })),
    ...report.notApplicable.map((n) => ({
      environment: n.environment,
      text: `policy ${n.rule} not yet applicable to ${n.environment}: ${n.reason}`,
    })),
    ...report.unusedWaivers.map((u) => ({
      environment: u.environment,
      text: `policy ${u.rule} is waived for ${u.environment} but nothing violates it; remove the waiver if it stays unused`,
    })),
  ];
}
