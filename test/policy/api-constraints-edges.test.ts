// Edge cases of the API-constraint rules: each branch of their conditions, the boundaries and
// the exact messages, on hand-written Terraform JSON resources (no app synth, so the mutation
// suite can run this file per mutant). The main fail/pass fixtures are api-constraints.test.ts.
import { describe, expect, it } from "vitest";
import { Inventory } from "../../policy/inventory";
import { API_RULES } from "../../policy/api-constraints";
import type { StackFacts } from "../../policy/api-constraints/rule";
import { expressionProblem, templateParts } from "../../policy/api-constraints/terraform";
import type { JsonObject, TfResource } from "../../terraform-json/tf-json";

function res(stack: string, type: string, attrs: JsonObject, logicalId: string): TfResource {
  return { stack, type, logicalId, attrs: { ...attrs, "//": { metadata: { path: `${stack}/${logicalId}` } } } };
}

function run(id: string, resources: TfResource[], stacks: StackFacts[] = []): string[] {
  const rule = API_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule.check({ inventory: new Inventory(resources), stacks }).map((v) => `${v.path}: ${v.message}`);
}

describe("providers-pinned edges", () => {
  it("reports a configured provider missing from required_providers", () => {
    expect(run("providers-pinned", [], [{ name: "s", providers: ["neon"], requiredProviders: {} }])).toEqual([
      "s: provider neon has no version in required_providers",
    ]);
  });
});

describe("cloudflare-ruleset-entrypoint edges", () => {
  const ZONE = "8a1b2c3d4e5f60718293a4b5c6d7e8f9";
  const entrypoint = (id: string, attrs: JsonObject) => res("s", "cloudflare_ruleset", attrs, id);

  it("ignores rulesets without a zone, even two of one phase", () => {
    const attrs = { kind: "zone", phase: "http_ratelimit" };
    expect(run("cloudflare-ruleset-entrypoint", [entrypoint("a", attrs), entrypoint("b", attrs)])).toEqual([]);
  });

  it("ignores rulesets without a phase, even two on one zone", () => {
    const attrs = { kind: "zone", zone_id: ZONE };
    expect(run("cloudflare-ruleset-entrypoint", [entrypoint("a", attrs), entrypoint("b", attrs)])).toEqual([]);
  });

  it("ignores rulesets that are not zone entry points (kind custom or absent)", () => {
    const custom = { kind: "custom", zone_id: ZONE, phase: "http_ratelimit" };
    const noKind = { zone_id: ZONE, phase: "http_ratelimit" };
    expect(
      run("cloudflare-ruleset-entrypoint", [
        entrypoint("a", custom),
        entrypoint("b", custom),
        entrypoint("c", noKind),
        entrypoint("d", noKind),
      ]),
    ).toEqual([]);
  });

  it("counts a zone entry point after custom rulesets of the same phase as the first", () => {
    const custom = { kind: "custom", zone_id: ZONE, phase: "http_ratelimit" };
    const zone = { kind: "zone", zone_id: ZONE, phase: "http_ratelimit" };
    expect(
      run("cloudflare-ruleset-entrypoint", [entrypoint("a", custom), entrypoint("b", zone), entrypoint("c", zone)]),
    ).toEqual([`s/c: second entry-point ruleset for phase http_ratelimit on zone ${ZONE} (first: s/b)`]);
  });
});

describe("service-names edges", () => {
  it("reports the attribute, the quoted value and the schema's message", () => {
    expect(
      run("service-names", [
        res("s", "neon_role", { name: "a".repeat(64) }, "role"),
        res("s", "cloudflare_workers_script", { script_name: "Auto Heal" }, "worker"),
      ]),
    ).toEqual([
      `s/role: name "${"a".repeat(64)}" must be a lower-case PostgreSQL identifier (letters, digits, _; not starting with a digit or pg_); at most 63 characters`,
      `s/worker: script_name "Auto Heal" must be lower-case letters, digits, - and _; at most 63 characters`,
    ]);
  });

  it("skips a resource that does not set the checked attribute", () => {
    expect(run("service-names", [res("s", "railway_service", { name: "backend" }, "service")])).toEqual([]);
  });
});

describe("neon-compute-size edges", () => {
  const endpoint = (id: string, attrs: JsonObject) => res("s", "neon_endpoint", attrs, id);

  it("reports a minimum above the maximum", () => {
    expect(
      run("neon-compute-size", [endpoint("ep", { autoscaling_limit_min_cu: 2, autoscaling_limit_max_cu: 1 })]),
    ).toEqual(["s/ep: autoscaling_limit_min_cu (2) exceeds autoscaling_limit_max_cu (1)"]);
  });

  it("reports an off-step maximum", () => {
    expect(
      run("neon-compute-size", [endpoint("ep", { autoscaling_limit_min_cu: 1, autoscaling_limit_max_cu: 3.5 })]),
    ).toEqual(["s/ep: autoscaling_limit_max_cu = 3.5 is not a Neon compute size"]);
  });

  it("passes an endpoint that sets only one bound, or none", () => {
    expect(
      run("neon-compute-size", [
        endpoint("max-only", { autoscaling_limit_max_cu: 2 }),
        endpoint("min-only", { autoscaling_limit_min_cu: 0.25 }),
        endpoint("none", {}),
      ]),
    ).toEqual([]);
  });

  it("passes the boundaries: autoscaling up to 16 CU, a fixed size above it, a spread of 8", () => {
    expect(
      run("neon-compute-size", [
        endpoint("to-16", { autoscaling_limit_min_cu: 8, autoscaling_limit_max_cu: 16 }),
        endpoint("fixed-18", { autoscaling_limit_min_cu: 18, autoscaling_limit_max_cu: 18 }),
        endpoint("spread-8", { autoscaling_limit_min_cu: 0.5, autoscaling_limit_max_cu: 8 }),
      ]),
    ).toEqual([]);
  });

  it("reports one past the boundaries: 18 CU autoscaling, a spread of 9", () => {
    expect(
      run("neon-compute-size", [
        endpoint("to-18", { autoscaling_limit_min_cu: 10, autoscaling_limit_max_cu: 18 }),
        endpoint("spread-9", { autoscaling_limit_min_cu: 1, autoscaling_limit_max_cu: 10 }),
      ]),
    ).toEqual([
      "s/to-18: autoscaling above 16 CU (10–18)",
      "s/spread-9: autoscaling range 1–10 CU spans more than 8 CU",
    ]);
  });

  it("checks a project's default endpoint settings", () => {
    const project = res(
      "p",
      "neon_project",
      { default_endpoint_settings: { autoscaling_limit_min_cu: 0.3, autoscaling_limit_max_cu: 1 } },
      "project",
    );
    expect(run("neon-compute-size", [project])).toEqual([
      "p/project: autoscaling_limit_min_cu = 0.3 is not a Neon compute size",
    ]);
  });
});

describe("neon-branch-objects-unique edges", () => {
  const DEFAULT = "${neon_project.project.default_branch_id}";
  const project = (branch: JsonObject, id = "project") => res("platform", "neon_project", { branch }, id);
  const PROJECT = project({ name: "main", database_name: "neuropilot", role_name: "app_owner" });
  const CREATED = "platform/project (created with the project)";

  it("reports the project's owner role declared again on the default branch", () => {
    const role = res("production", "neon_role", { branch_id: DEFAULT, name: "app_owner" }, "role");
    expect(run("neon-branch-objects-unique", [PROJECT, role])).toEqual([
      `production/role: role app_owner already exists on this branch when it is applied: ${CREATED}`,
    ]);
  });

  it("resolves the default branch through a cross-stack output", () => {
    const crossStack =
      "${data.terraform_remote_state.cross-stack-from-platform.outputs.cross-stack-output-neon_projectprojectdefault_branch_id}";
    const database = res("production", "neon_database", { branch_id: crossStack, name: "neuropilot" }, "database");
    expect(run("neon-branch-objects-unique", [PROJECT, database])).toEqual([
      `production/database: database neuropilot already exists on this branch when it is applied: ${CREATED}`,
    ]);
  });

  it("matches no project for a default branch it cannot resolve", () => {
    const role = res("production", "neon_role", { branch_id: "${var.default_branch_id}", name: "app_owner" }, "role");
    expect(run("neon-branch-objects-unique", [PROJECT, role])).toEqual([]);
  });

  it("claims no role or database the project does not name", () => {
    const bare = project({ name: "main" });
    const role = res("production", "neon_role", { branch_id: DEFAULT, name: "undefined" }, "role");
    const database = res("production", "neon_database", { branch_id: DEFAULT, name: "undefined" }, "database");
    expect(run("neon-branch-objects-unique", [bare, role, database])).toEqual([]);
  });

  it("ignores roles and databases on no known branch", () => {
    const resources = [
      PROJECT,
      res("s", "neon_role", { name: "app_owner" }, "no-branch"),
      res("s", "neon_role", { name: "app_owner" }, "no-branch-2"),
      res("s", "neon_database", { branch_id: "${var.branch}", name: "neuropilot" }, "unknown-branch"),
    ];
    expect(run("neon-branch-objects-unique", resources)).toEqual([]);
  });

  it("reports a second unnamed role on one branch", () => {
    const first = res("s", "neon_role", { branch_id: DEFAULT }, "first");
    const second = res("s", "neon_role", { branch_id: DEFAULT }, "second");
    expect(run("neon-branch-objects-unique", [PROJECT, first, second])).toEqual([
      "s/second: role  already exists on this branch when it is applied: s/first",
    ]);
  });

  it("accepts branches without a parent or a name", () => {
    const resources = [
      PROJECT,
      res("s", "neon_branch", { name: "orphan" }, "orphan"),
      res("s", "neon_branch", { parent_id: DEFAULT }, "unnamed"),
      res("s", "neon_branch", { parent_id: DEFAULT }, "unnamed-2"),
    ];
    expect(run("neon-branch-objects-unique", resources)).toEqual([]);
  });

  it("passes differently named branches of one project", () => {
    const resources = [
      PROJECT,
      res("staging", "neon_branch", { name: "staging", parent_id: DEFAULT }, "staging"),
      res("preview", "neon_branch", { name: "preview", parent_id: DEFAULT }, "preview"),
    ];
    expect(run("neon-branch-objects-unique", resources)).toEqual([]);
  });

  it("passes one branch name in two projects", () => {
    const other = project({ name: "main" }, "other");
    const resources = [
      PROJECT,
      other,
      res("a", "neon_branch", { name: "staging", parent_id: DEFAULT }, "staging"),
      res("b", "neon_branch", { name: "staging", parent_id: "${neon_project.other.default_branch_id}" }, "staging"),
    ];
    expect(run("neon-branch-objects-unique", resources)).toEqual([]);
  });

  it("reports a grandchild branch named like a branch of the same project", () => {
    const resources = [
      PROJECT,
      res("s", "neon_branch", { name: "staging", parent_id: DEFAULT }, "staging"),
      res("s", "neon_branch", { name: "preview", parent_id: DEFAULT }, "preview"),
      res("s", "neon_branch", { name: "preview", parent_id: "${neon_branch.staging.id}" }, "nested"),
    ];
    expect(run("neon-branch-objects-unique", resources)).toEqual([
      "s/nested: branch name preview is already used by s/preview",
    ]);
  });
});

describe("templateParts edges", () => {
  it("finds a directive after the first character, but not an escaped one", () => {
    expect(templateParts("x%{ if true }y%{ endif }").directive).toBe(true);
    expect(templateParts("x%%{ if true }").directive).toBe(false);
  });

  it("takes braces without a dollar for literal text", () => {
    expect(templateParts('json {"a": 1} %%{x}')).toEqual({ expressions: [], directive: false });
  });

  it("skips a dollar-brace at the very end", () => {
    expect(templateParts("price ${").expressions).toEqual([]);
  });

  it("reads an expression right after a quote", () => {
    expect(templateParts('say "${var.name}"').expressions).toEqual(["var.name"]);
  });

  it("keeps a closing brace inside a multi-character quoted string", () => {
    expect(templateParts('${jsonencode({ a = "x}y" })}').expressions).toEqual(['jsonencode({ a = "x}y" })']);
  });

  it("skips an escaped quote inside a quoted string", () => {
    expect(templateParts('${jsonencode("a\\"}b")} tail').expressions).toEqual(['jsonencode("a\\"}b")']);
  });
});

describe("expressionProblem edges", () => {
  const none = () => false;

  it("reports a call written with a space before the parenthesis", () => {
    expect(expressionProblem('file ("/etc/passwd")', none)).toBe("calls file(), which no construct writes");
  });

  it("ignores calls and references inside string literals", () => {
    expect(expressionProblem('replace(var.x, "file(a.b)", "")', none)).toBeNull();
  });

  it("reports an expression of literals only", () => {
    expect(expressionProblem(" 42 ", none)).toBe("is an empty or literal expression");
    expect(expressionProblem('"text"', none)).toBe("is an empty or literal expression");
  });
});

describe("no-template-sequences edges", () => {
  it("reports a template of a literal only", () => {
    const r = res("s", "railway_variable", { value: "${ 42 }" }, "v");
    expect(run("no-template-sequences", [r])).toEqual(['s/v: "${ 42 }" is an empty or literal expression']);
  });

  it("reads strings in arrays and nested objects, and skips null, numbers and booleans", () => {
    const r = res(
      "s",
      "railway_variable",
      { list: ["ok", { deep: "${aws_instance.x.id}" }], none: null, count: 3, enabled: true },
      "v",
    );
    expect(run("no-template-sequences", [r])).toEqual([
      's/v: "${aws_instance.x.id}" refers to aws_instance.x, which no stack declares',
    ]);
  });

  it("does not read cdktf's // metadata", () => {
    const r: TfResource = {
      stack: "s",
      type: "railway_variable",
      logicalId: "v",
      attrs: { value: "plain", "//": { metadata: { path: "s/v", comment: "${aws_instance.x.id} %{ if }" } } },
    };
    expect(run("no-template-sequences", [r])).toEqual([]);
  });
});
