// autoheal.telemetry: the Grafana Cloud push endpoint and ids the Worker publishes with.
import { describe, expect, it } from "vitest";
import { bundledInputs } from "../support/configs";
import { problemsOf } from "../cost/support";

function production(telemetry: Record<string, unknown>) {
  const env = bundledInputs().production;
  env.autoheal = { ...env.autoheal, enabled: true, telemetry: { ...env.autoheal?.telemetry, ...telemetry } as never };
  return env;
}

describe("autoheal.telemetry", () => {
  it("accepts the bundled production settings", () => {
    expect(problemsOf(production({}))).toEqual([]);
  });

  it("requires Grafana's Influx write endpoint over https", () => {
    expect(problemsOf(production({ pushUrl: "https://prometheus-prod-13.grafana.net/api/prom/push" }))).toEqual([
      "autoheal.telemetry.pushUrl: must be the Influx write endpoint, ending in /api/v1/push/influx/write",
    ]);
    expect(problemsOf(production({ pushUrl: "http://x.grafana.net/api/v1/push/influx/write" }))).toHaveLength(1);
  });

  it("requires a numeric instance id and a Neon organization id", () => {
    expect(problemsOf(production({ pushUser: "glc_token" }))).toEqual([
      "autoheal.telemetry.pushUser: must be the numeric metrics instance id",
    ]);
    expect(problemsOf(production({ neonOrgId: "quiet-snow-1" }))).toEqual([
      "autoheal.telemetry.neonOrgId: must be a Neon organization id such as org-quiet-snow-12345678",
    ]);
  });

  it("bounds the upstream deadline at 1 and 25 seconds", () => {
    expect(problemsOf(production({ timeoutSeconds: 1 }))).toEqual([]);
    expect(problemsOf(production({ timeoutSeconds: 25 }))).toEqual([]);
    expect(problemsOf(production({ timeoutSeconds: 0 }))).toHaveLength(1);
    expect(problemsOf(production({ timeoutSeconds: 26 }))).toHaveLength(1);
  });
});
