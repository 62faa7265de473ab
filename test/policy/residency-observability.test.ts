// residency-observability (issue 29) on the all-strict 3-cell example
// (config/examples/global-strict.ts): only the cell in the Sentry organization's data region
// gets a SENTRY_DSN, the rule passes as built, and each break (a DSN in a strict cell outside
// Sentry's region, telemetry to a foreign Grafana Cloud region) fails it with its message.
import { join } from "node:path";
import { tmpdir } from "node:os";
import { type App, TerraformResource, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { buildApp } from "../../app";
import { STRICT_SOURCES, strictProduction } from "../../config/examples/global-strict";
import { ConfigError } from "../../config/load";
import { grafanaJurisdiction, grafanaRegionOf, sentryAllowed } from "../../config/observability-regions";
import type { EnvironmentInput } from "../../config/schema";
import { checkPolicy } from "../../policy/check";
import { validateEnvironments } from "../../policy/config-guardrails";

const P = "neuropilot-production";

function strictApp(
  mutate: (p: EnvironmentInput) => void = () => {},
  mutateStaging: (s: EnvironmentInput) => void = () => {},
): App {
  const production = structuredClone(strictProduction);
  mutate(production);
  const staging = structuredClone(STRICT_SOURCES[0].value) as EnvironmentInput;
  mutateStaging(staging);
  const sources = [
    { file: STRICT_SOURCES[0].file, value: staging },
    { file: STRICT_SOURCES[1].file, value: production },
  ];
  return buildApp(validateEnvironments(sources), { backend: "cloud", outdir: join(tmpdir(), "unused") });
}

function resourceAt(app: App, path: string): TerraformResource | undefined {
  const node = app.node.findAll().find((n) => n.node.path === path);
  return node && TerraformResource.isTerraformResource(node) ? node : undefined;
}

const findings = (app: App) =>
  checkPolicy(app)
    .findings.filter((f) => f.rule === "residency-observability")
    .map((f) => `${f.path}: ${f.message}`);

describe("Sentry data region", () => {
  it("sends SENTRY_DSN only from the strict cell in Sentry's jurisdiction (us)", () => {
    const app = strictApp();
    const dsn = (region: string) => resourceAt(app, `${P}/api-backend/${region}/variable-SENTRY_DSN`) !== undefined;
    expect(["us-east", "us-west", "eu-west", "ap-southeast"].map(dsn)).toEqual([true, true, false, false]);
    expect(findings(app)).toEqual([]);
  });

  it("with dataRegion de, the EU cell reports to Sentry through de.sentry.io and the US cell does not", () => {
    // One Sentry organization: every environment names its data region (config/load.ts).
    const app = strictApp(
      (p) => {
        p.sentry.dataRegion = "de";
      },
      (s) => {
        s.sentry.dataRegion = "de";
      },
    );
    const dsn = (region: string) => resourceAt(app, `${P}/api-backend/${region}/variable-SENTRY_DSN`) !== undefined;
    expect(["us-east", "eu-west", "ap-southeast"].map(dsn)).toEqual([false, true, false]);
    const stack = app.node.findChild(P);
    const providers = JSON.parse(Testing.synth(stack as never)).provider as Record<string, unknown>;
    expect(providers.sentry).toEqual([{ base_url: "https://de.sentry.io/api/" }]);
  });

  it("a non-strict cell may report anywhere; a strict one only in its jurisdiction", () => {
    expect(sentryAllowed({ residency: "none", jurisdiction: "ap" }, "us")).toBe(true);
    expect(sentryAllowed({ residency: "strict", jurisdiction: "eu" }, "de")).toBe(true);
    expect(sentryAllowed({ residency: "strict", jurisdiction: "eu" }, "us")).toBe(false);
  });
});

describe("residency-observability (failing fixtures)", () => {
  it("flags a SENTRY_DSN on a strict cell outside Sentry's data region", () => {
    const app = strictApp();
    resourceAt(app, `${P}/api-backend/ap-southeast/variable-APP_ENV`)?.addOverride("name", "SENTRY_DSN");
    expect(findings(app)).toEqual([
      `${P}/api-backend/ap-southeast/variable-APP_ENV: SENTRY_DSN of ap-southeast (strict cell ap, ap) sends errors to a Sentry organization storing data in us (us)`,
    ]);
  });

  it("flags telemetry from a strict cell to a Grafana Cloud region outside it, and passes its own region", () => {
    const app = strictApp();
    const otlp = (region: string) => `https://otlp-gateway-${region}.grafana.net/otlp`;
    resourceAt(app, `${P}/api-backend/eu-west/variable-NODE_ENV`)?.addOverride("value", otlp("prod-us-east-0"));
    resourceAt(app, `${P}/api-backend/ap-southeast/variable-NODE_ENV`)?.addOverride(
      "value",
      otlp("prod-ap-southeast-0"),
    );
    expect(findings(app)).toEqual([
      `${P}/api-backend/eu-west/variable-NODE_ENV: NODE_ENV of eu-west (strict cell eu, eu) sends telemetry to Grafana Cloud prod-us-east-0 (us)`,
    ]);
  });
});

describe("Grafana Cloud region", () => {
  it("reads the region from a stack's service host", () => {
    const region = grafanaRegionOf("https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom");
    expect(region).toBe("prod-us-east-0");
    expect(grafanaJurisdiction(region)).toBe("us");
    expect(grafanaJurisdiction(grafanaRegionOf("https://otlp-gateway-prod-eu-west-2.grafana.net/otlp"))).toBe("eu");
    expect(grafanaJurisdiction(grafanaRegionOf("https://neuropilot.grafana.net"))).toBeUndefined();
    expect(grafanaJurisdiction("prod-sa-east-0")).toBeUndefined();
  });

  it("refuses strict cells when the Prometheus URL names no region", () => {
    const production = structuredClone(strictProduction);
    production.grafana.prometheusUrl = "https://prometheus.example.com/api/prom";
    const run = () =>
      validateEnvironments([STRICT_SOURCES[0], { file: "config/examples/global-strict.ts", value: production }]);
    expect(run).toThrow(ConfigError);
    expect(run).toThrow("production.grafana.prometheusUrl: strict cells need the Grafana Cloud stack's region");
  });
});
