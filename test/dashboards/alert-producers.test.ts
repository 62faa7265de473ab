// Every alert rule of every synthesized stack reads only series that something in that
// stack's environment produces: the backend (a Railway service of the stack) scraped from
// /metrics, or the auto-heal Worker (a Worker script of the stack whose CONFIG carries
// telemetry) pushing to Grafana Cloud. Staging runs no Worker, so a cost or telemetry rule
// there could only ever report "no data" (issue 26). The drills and the load test run from
// workflows, not from stack resources: their producers come from the environment's config
// (environmentProducers: drills in DRILL_TIERS, the load test everywhere).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertRuleSpecs, producedIn } from "../../dashboards/alert-rules";
import { DRILL_TIERS, type Producer, producerOf } from "../../dashboards/produced-series";
import { vectorSelectors } from "../../dashboards/promql";
import { bundledSynth, resourcesOf, type SynthOutput } from "../support/synth";
import { bundledEnvironments } from "./support/queries";

let out: SynthOutput;
beforeAll(() => {
  out = bundledSynth();
});
afterAll(() => out.cleanup());

const ENVIRONMENT_STACKS = ["neuropilot-staging", "neuropilot-production"];

/** What produces series in a synthesized stack, read from its resources. */
function producersIn(stack: string): Producer[] {
  const json = out.stack(stack);
  const producers: Producer[] = [];
  if (Object.keys(resourcesOf(json, "railway_service")).length > 0) producers.push("backend");
  const workers = Object.values(resourcesOf(json, "cloudflare_workers_script"));
  const pushes = workers.some((w) =>
    (w.bindings as Array<{ name: string; text?: string }>).some(
      (b) => b.name === "CONFIG" && b.text !== undefined && "telemetry" in (JSON.parse(b.text) as object),
    ),
  );
  if (pushes) producers.push("autoheal-worker");
  const config = bundledEnvironments().find((e) => `neuropilot-${e.name}` === stack);
  if (config && DRILL_TIERS.includes(config.tier)) producers.push("drill");
  producers.push("load-test");
  return producers;
}

/** Every alert rule's PromQL in a synthesized stack, by rule title. */
function alertQueries(stack: string): Array<{ title: string; expr: string }> {
  return Object.values(resourcesOf(out.stack(stack), "grafana_rule_group")).flatMap((group) =>
    (group.rule as Array<{ name: string; data: Array<{ model: string }> }>).flatMap((rule) =>
      rule.data
        .map((d) => (JSON.parse(d.model) as { expr?: string }).expr)
        .filter((expr): expr is string => typeof expr === "string")
        .map((expr) => ({ title: rule.name, expr })),
    ),
  );
}

describe("alert rules and their producers", () => {
  it("staging produces backend, drill and load-test series; production the Worker's too", () => {
    expect(producersIn("neuropilot-staging")).toEqual(["backend", "drill", "load-test"]);
    expect(producersIn("neuropilot-production")).toEqual(["backend", "autoheal-worker", "drill", "load-test"]);
  });

  it.each(ENVIRONMENT_STACKS)("every alert rule of %s reads series produced in that environment", (stack) => {
    const producers = producersIn(stack);
    const queries = alertQueries(stack);
    expect(queries.length).toBeGreaterThan(0);
    const orphans = queries.flatMap(({ title, expr }) =>
      vectorSelectors(expr)
        .filter(({ metric }) => !producers.includes(producerOf(metric)?.producer ?? ("none" as Producer)))
        .map(({ metric }) => `${title}: ${metric}`),
    );
    expect(orphans).toEqual([]);
  });

  it("staging declares no cost or telemetry rule; production keeps them", () => {
    const titles = (stack: string) => alertQueries(stack).map((q) => q.title);
    expect(titles("neuropilot-staging").filter((t) => /cost|[Tt]elemetry/.test(t))).toEqual([]);
    expect(titles("neuropilot-production").filter((t) => /cost above|Telemetry upstream/.test(t))).toHaveLength(3);
  });

  it("a rule is kept only when all its series are produced (control)", () => {
    const cost = 'sum(neuropilot_estimated_monthly_cost_usd{environment="x"})';
    expect(producedIn(cost, ["backend"])).toBe(false);
    expect(producedIn(cost, ["backend", "autoheal-worker"])).toBe(true);
    expect(producedIn('sum(neuropilot_made_up{environment="x"})', ["backend", "autoheal-worker"])).toBe(false);
    const [staging] = bundledEnvironments().filter((e) => e.name === "staging");
    const specs = (producers: Producer[]) =>
      alertRuleSpecs({
        environment: staging.name,
        tier: staging.tier,
        regions: staging.regions,
        alerts: staging.grafana.alerts,
        budget: staging.budget,
        readReplicas: staging.neon.readReplicas,
        producers,
        objectives: staging.grafana.objectives,
      }).map((r) => r.uid);
    expect(specs(["backend", "autoheal-worker"]).filter((uid) => !specs(["backend"]).includes(uid))).toEqual([
      "np-staging-cost-warning",
      "np-staging-cost-critical",
      "np-staging-telemetry-upstream",
      "np-staging-autoheal-success",
    ]);
  });
});
