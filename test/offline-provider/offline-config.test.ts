import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { offlineConfig } from "../../offline-provider/offline-config";
import { REPO_ROOT } from "../../offline-provider/paths";
import { readSnapshot } from "../../offline-provider/schema";

const root = mkdtempSync(join(tmpdir(), "offline-config-test-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function stack(name: string, config: object): string {
  const dir = join(root, "stacks", name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(config));
  return dir;
}

describe("offlineConfig", () => {
  stack("platform", {
    output: {
      "cross-stack-output-host": { value: "${neon_project.p.database_host}" },
      "cross-stack-output-pg": { value: "${neon_project.p.pg_version}" },
      "cross-stack-output-expr": { value: "${upper(neon_project.p.name)}" },
    },
  });
  const consumer = {
    terraform: { cloud: { organization: "o" }, required_providers: {} },
    data: {
      terraform_remote_state: {
        "cross-stack-reference-input-platform": {
          backend: "remote",
          workspace: "x",
          config: { organization: "o", workspaces: { name: "platform" } },
        },
      },
    },
    variable: {
      dsn: { type: "string" },
      regions: { type: "list(string)" },
      size: { type: "number", default: 1 },
      from_env: { type: "string" },
    },
    resource: {
      r: {
        a: {
          host: "${data.terraform_remote_state.cross-stack-reference-input-platform.outputs.cross-stack-output-host}",
          pg: "${data.terraform_remote_state.cross-stack-reference-input-platform.outputs.cross-stack-output-pg}",
          x: "${data.terraform_remote_state.cross-stack-reference-input-platform.outputs.cross-stack-output-expr}",
        },
      },
    },
  };
  const snapshots = [readSnapshot(join(REPO_ROOT, "providers/neon.json"))];
  process.env.TF_VAR_from_env = "set by the user";
  const out = offlineConfig(consumer, stack("consumer", consumer), join(root, "state"), snapshots);
  delete process.env.TF_VAR_from_env;
  const config = out.config as typeof consumer;

  it("drops the cloud backend and leaves the input untouched", () => {
    expect(config.terraform).toEqual({ required_providers: {} });
    expect(consumer.terraform.cloud).toBeDefined();
  });

  it("points cross-stack remote state at a local state with typed placeholder outputs", () => {
    const ds = config.data.terraform_remote_state["cross-stack-reference-input-platform"] as unknown as {
      backend: string;
      config: { path: string };
      workspace?: string;
    };
    expect(ds.backend).toBe("local");
    expect(ds.workspace).toBeUndefined();
    const state = JSON.parse(readFileSync(ds.config.path, "utf8")) as {
      version: number;
      outputs: Record<string, { value: unknown; type: unknown }>;
    };
    expect(state.version).toBe(4);
    expect(state.outputs).toEqual({
      "cross-stack-output-host": { value: "offline-remote-cross-stack-output-host", type: "string" },
      "cross-stack-output-pg": { value: 0, type: "number" },
      "cross-stack-output-expr": { value: "offline-remote-cross-stack-output-expr", type: "string" },
    });
  });

  it("fills required variables, respecting defaults and TF_VAR_ values", () => {
    expect(out.variables).toEqual({ dsn: "offline-var-dsn", regions: [] });
  });
});
