// Every stack pins every provider it uses to exactly the version the code was checked
// against: the schema snapshots' provenance (providers/*.json, providers/offline/*.json) and
// the prebuilt bindings' own provider version. Without the pin, `terraform init` in
// Terraform Cloud installs whatever release is newest.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { GithubProvider } from "@cdktf/provider-github/lib/provider";
import { App, TerraformStack } from "cdktf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENVIRONMENT_SOURCES } from "../../config";
import { listBoundProviders, readSnapshot, ROOT } from "../../providers/snapshots";
import { PROVIDER_VERSIONS } from "../../stacks/providers";
import { type SynthOutput, synthToTemp } from "../support/synth";

const STACKS = ["neuropilot-platform", "neuropilot-staging", "neuropilot-production", "neuropilot-github"];

function provenanceVersion(file: string): string {
  return (JSON.parse(readFileSync(join(ROOT, "providers", file), "utf8")) as { provenance: { version: string } })
    .provenance.version;
}

function bindingVersion(provider: typeof CloudflareProvider | typeof GithubProvider): string | undefined {
  const stack = new TerraformStack(new App(), "probe");
  const instance = new provider(stack, "p", {});
  return instance.terraformGeneratorMetadata?.providerVersion;
}

describe("provider pins", () => {
  let out: SynthOutput;
  beforeAll(() => {
    out = synthToTemp([...ENVIRONMENT_SOURCES]);
  });
  afterAll(() => out.cleanup());

  it("agree with the schema snapshots and the prebuilt bindings", () => {
    for (const provider of listBoundProviders()) {
      expect(PROVIDER_VERSIONS[provider.name as keyof typeof PROVIDER_VERSIONS], provider.name).toBe(
        readSnapshot(provider).provenance.version,
      );
    }
    expect(PROVIDER_VERSIONS.cloudflare).toBe(provenanceVersion("offline/cloudflare.json"));
    expect(PROVIDER_VERSIONS.github).toBe(provenanceVersion("offline/github.json"));
    expect(PROVIDER_VERSIONS.cloudflare).toBe(bindingVersion(CloudflareProvider));
    expect(PROVIDER_VERSIONS.github).toBe(bindingVersion(GithubProvider));
  });

  it("pin every provider of every stack to exactly its version", () => {
    for (const name of STACKS) {
      const stack = out.stack(name);
      const required = (stack.terraform?.required_providers ?? {}) as Record<string, { version?: string }>;
      const used = Object.keys((stack as { provider?: Record<string, unknown> }).provider ?? {});
      expect(used.length, name).toBeGreaterThan(0);
      expect(Object.keys(required).sort(), name).toEqual(used.sort());
      for (const [provider, entry] of Object.entries(required)) {
        expect(entry.version, `${name} ${provider}`).toBe(
          PROVIDER_VERSIONS[provider as keyof typeof PROVIDER_VERSIONS],
        );
      }
    }
  });
});
