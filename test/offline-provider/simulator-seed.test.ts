// Seeding the simulated account from adoption lists (offline-provider/simulator/seed.ts):
// each adopted object holds its import id's attributes and every replace-forcing attribute
// by its guard, so importing it plans no replacement; data sources read what the account holds.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { BlockJson } from "../../offline-provider/schema";
import { dataKey, readLiveData } from "../../offline-provider/simulator/account";
import { seedObjects } from "../../offline-provider/simulator/seed";
import { updateStore } from "../../offline-provider/simulator/store";

const work = mkdtempSync(join(tmpdir(), "np-seed-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const PROJECT = { staging: "11111111-1111-4111-8111-111111111111", production: "22222222-2222-4222-8222-222222222222" };
const SERVICE = { staging: "33333333-3333-4333-8333-333333333333", production: "44444444-4444-4444-8444-444444444444" };
const WORKSPACE = "99999999-9999-4999-8999-999999999999";

/** Both stacks declare the same addresses, as the environments do. */
function stackJson(stack: string): unknown {
  const meta = (path: string) => ({ "//": { metadata: { path: `${stack}/${path}` } } });
  return {
    resource: {
      railway_project: {
        api_project_A1: {
          ...meta("api/project"),
          name: stack,
          workspace_id: WORKSPACE,
          default_environment: { name: "production" },
        },
      },
      railway_service: {
        api_service_B2: { ...meta("api/service"), project_id: "${railway_project.api_project_A1.id}" },
      },
      grafana_contact_point: { alerts_slack_C3: { ...meta("alerts/slack"), name: `${stack}-slack` } },
    },
  };
}

function synth(): string {
  const dir = join(work, "cdktf.out");
  const stacks: Record<string, unknown> = {};
  for (const stack of ["neuropilot-staging", "neuropilot-production"]) {
    mkdirSync(join(dir, "stacks", stack), { recursive: true });
    writeFileSync(join(dir, "stacks", stack, "cdk.tf.json"), JSON.stringify(stackJson(stack)));
    stacks[stack] = {
      name: stack,
      synthesizedStackPath: `stacks/${stack}/cdk.tf.json`,
      workingDirectory: `stacks/${stack}`,
    };
  }
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks }));
  return dir;
}

const SCHEMAS: Record<string, BlockJson> = {
  railway_project: {
    attributes: {
      id: { type: "string", computed: true },
      name: { type: "string", required: true },
      workspace_id: { type: "string", optional: true },
      default_environment: {
        nested_type: {
          nesting_mode: "single",
          attributes: { id: { type: "string", computed: true }, name: { type: "string", optional: true } },
        },
        optional: true,
      },
    },
  },
  railway_service: {
    attributes: { id: { type: "string", computed: true }, project_id: { type: "string", required: true } },
  },
  grafana_contact_point: {
    attributes: {
      id: { type: "string", computed: true },
      name: { type: "string", required: true },
      org_id: { type: "string", optional: true },
      disable_provenance: { type: "bool", optional: true },
    },
  },
};

describe("seedObjects", () => {
  const objects = seedObjects(
    synth(),
    (["staging", "production"] as const).map((env) => ({
      stack: `neuropilot-${env}`,
      resources: [
        { path: "api/project", id: PROJECT[env] },
        { path: "api/service", id: SERVICE[env] },
        { path: "alerts/slack", id: `neuropilot-${env}-slack` },
      ],
    })),
    (type) => SCHEMAS[type],
    (type, attribute) => (type === "grafana_contact_point" && attribute === "disable_provenance" ? false : undefined),
  );

  it("keys each object by the id its import id names", () => {
    expect(Object.keys(objects.railway_project).sort()).toEqual([PROJECT.staging, PROJECT.production].sort());
    expect(Object.keys(objects.grafana_contact_point).sort()).toEqual([
      "neuropilot-production-slack",
      "neuropilot-staging-slack",
    ]);
  });

  it("resolves a reference to the adopted object of the same stack, though the address repeats", () => {
    expect(objects.railway_service[SERVICE.staging].project_id).toBe(PROJECT.staging);
    expect(objects.railway_service[SERVICE.production].project_id).toBe(PROJECT.production);
  });

  it("holds identity attributes, nested ones in the schema's nesting", () => {
    expect(objects.railway_project[PROJECT.staging]).toEqual({
      id: PROJECT.staging,
      workspace_id: WORKSPACE,
      default_environment: { name: "production" },
    });
    expect(objects.grafana_contact_point["neuropilot-staging-slack"].name).toBe("neuropilot-staging-slack");
  });

  it("gives an unset replace-forcing attribute the provider's default, and leaves one without a default unset", () => {
    const point = objects.grafana_contact_point["neuropilot-production-slack"];
    expect(point.disable_provenance).toBe(false);
    expect("org_id" in point).toBe(false);
  });

  it("refuses a list entry whose path the stack does not declare, naming it", () => {
    expect(() =>
      seedObjects(
        synth(),
        [{ stack: "neuropilot-staging", resources: [{ path: "api/nothing", id: "x" }] }],
        (t) => SCHEMAS[t],
      ),
    ).toThrow("neuropilot-staging declares no resource at api/nothing");
  });
});

describe("readLiveData", () => {
  const block: BlockJson = {
    attributes: {
      id: { type: "string", computed: true },
      name: { type: "string", required: true },
      provider_key: { type: "string", required: true },
    },
  };
  const dir = join(work, "account");
  updateStore(dir, (store) => {
    store.objects[dataKey("sentry_organization_integration")] = {
      "77": { id: "77", name: "neuropilot", provider_key: "github" },
      "78": { id: "78", name: "neuropilot", provider_key: "slack" },
    };
  });

  it("answers with the object every configured argument matches, filling what the configuration leaves unset", () => {
    const config = { id: null, name: "neuropilot", provider_key: "slack" };
    expect(readLiveData(dir, "sentry_organization_integration", block, config)).toEqual({ ...config, id: "78" });
  });

  it("is undefined when no object matches every argument (the planner's placeholder answers)", () => {
    const config = { id: null, name: "neuropilot", provider_key: "gitlab" };
    expect(readLiveData(dir, "sentry_organization_integration", block, config)).toBeUndefined();
    expect(
      readLiveData(dir, "sentry_organization", block, { id: null, name: "neuropilot", provider_key: "github" }),
    ).toBeUndefined();
  });
});
