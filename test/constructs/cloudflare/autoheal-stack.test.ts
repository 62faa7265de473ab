// The auto-healing Worker in the synthesised stacks: production deploys the script, its
// cron trigger and KV namespace; its secrets are no Terraform input (kept across uploads,
// set by pipeline/worker-secrets.ts); the uploaded file is the bundle whose sha256 the resource declares.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AutohealConfig } from "../../../workers/autoheal/src/config";

import { onlyResource, resourcesOf, type SynthOutput, bundledSynth } from "../../support/synth";

let out: SynthOutput;
beforeAll(() => {
  out = bundledSynth();
});
afterAll(() => out.cleanup());

interface Binding {
  type: string;
  name: string;
  text?: string;
  namespace_id?: string;
}

describe("auto-healing Worker in the stacks", () => {
  it("deploys the script, a per-minute cron trigger and a KV namespace in production", () => {
    const prod = out.stack("neuropilot-production");
    const script = onlyResource(prod, "cloudflare_workers_script");
    expect(script).toMatchObject({
      script_name: "neuropilot-production-autoheal",
      main_module: "autoheal.mjs",
      compatibility_date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect(onlyResource(prod, "cloudflare_workers_cron_trigger")).toMatchObject({
      schedules: [{ cron: "* * * * *" }],
      script_name: expect.stringMatching(/^\$\{cloudflare_workers_script\.[^.]+\.script_name\}$/),
    });
    expect(onlyResource(prod, "cloudflare_workers_kv_namespace")).toMatchObject({
      title: "neuropilot-production-autoheal-state",
    });
    const bindings = script.bindings as Binding[];
    expect(bindings.find((b) => b.name === "STATE")).toMatchObject({
      type: "kv_namespace",
      namespace_id: expect.stringMatching(/^\$\{cloudflare_workers_kv_namespace\.[^.]+\.id\}$/),
    });
  });

  it("declares no secret: keeps the secret bindings set outside Terraform, with no variable for them", () => {
    const prod = out.stack("neuropilot-production");
    const script = onlyResource(prod, "cloudflare_workers_script");
    expect(script.keep_bindings).toEqual(["secret_text"]);
    expect((script.bindings as Binding[]).map((b) => b.type).sort()).toEqual(["kv_namespace", "plain_text"]);
    expect(Object.keys(prod.variable ?? {}).filter((v) => v.includes("autoheal"))).toEqual([]);
    expect(out.raw("neuropilot-production")).not.toMatch(/secret_text"\s*,\s*"name"|"type":\s*"secret_text"/);
  });

  it("passes thresholds and origins as plain-text JSON wired to the Railway services", () => {
    const prod = out.stack("neuropilot-production");
    const bindings = onlyResource(prod, "cloudflare_workers_script").bindings as Binding[];
    const config = JSON.parse(bindings.find((b) => b.name === "CONFIG")?.text ?? "") as AutohealConfig;
    expect(config).toMatchObject({
      environment: "production",
      dryRun: false,
      enableAutoRestart: true,
      latencyThresholdMs: 1000,
      errorRateThresholdPct: 5,
      consecutiveFailures: 3,
      cooldownMinutes: 15,
      maxRestartsPerHour: 3,
      probeTimeoutMs: 10_000,
      purge: { mode: "hosts", hosts: ["api.neuropilot.ai", "inventory.neuropilot.ai"] },
    });
    expect(config.regions.map((r) => r.name)).toEqual(["us-east", "us-west"]);
    for (const region of config.regions) {
      expect(region.healthUrl).toMatch(/^https:\/\/\$\{railway_service_domain\.[^}]+\.domain\}\/health$/);
      expect(region.serviceId).toMatch(/^\$\{railway_service\.[^}]+\.id\}$/);
      expect(region.environmentId).toMatch(/^\$\{railway_project\.[^}]+\.default_environment\.id\}$/);
    }
  });

  it("configures telemetry with the Railway and Neon project ids and the cost model's prices", () => {
    const prod = out.stack("neuropilot-production");
    const bindings = onlyResource(prod, "cloudflare_workers_script").bindings as Binding[];
    const config = JSON.parse(bindings.find((b) => b.name === "CONFIG")?.text ?? "") as AutohealConfig;
    expect(config.telemetry).toEqual({
      pushUrl: "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/v1/push/influx/write",
      pushUser: "1234567",
      timeoutMs: 10_000,
      railwayProjectId: expect.stringMatching(/^\$\{railway_project\.[^}]+\.id\}$/),
      neonProjectIds: [expect.stringMatching(/^\$\{data\.terraform_remote_state\.[^}]+neon_project[^}]+\}$/)],
      neonOrgId: "org-neuropilot-41c7e9a2",
      // config/prices.ts; the fixed part is Cloudflare Pro $25 + load balancing $5.
      prices: {
        railwayVcpuMonthUsd: 20,
        railwayMemoryGbMonthUsd: 10,
        railwayPlanFeeUsd: 5,
        railwayIncludedUsageUsd: 5,
        neonCuHourUsd: 0.106,
        neonStorageGbMonthUsd: 0.35,
        fixedMonthlyUsd: 30,
      },
      // Daily cost digest to the Worker's Slack channel at 08:00 UTC, against production's budget.
      dailySummary: { hourUtc: 8, warningUsd: 90, criticalUsd: 120 },
    });
  });

  it("uploads the bundle whose sha256 it declares", () => {
    const script = onlyResource(out.stack("neuropilot-production"), "cloudflare_workers_script");
    const file = readFileSync(join(out.outdir, "stacks", "neuropilot-production", String(script.content_file)));
    expect(createHash("sha256").update(file).digest("hex")).toBe(script.content_sha256);
    expect(script.content).toBeUndefined();
  });

  it("is not deployed where auto-healing is disabled (staging)", () => {
    const staging = out.stack("neuropilot-staging");
    for (const type of [
      "cloudflare_workers_script",
      "cloudflare_workers_cron_trigger",
      "cloudflare_workers_kv_namespace",
    ]) {
      expect(resourcesOf(staging, type)).toEqual({});
    }
    expect(Object.keys(staging.variable ?? {}).filter((v) => v.startsWith("autoheal_"))).toEqual([]);
  });
});
