// Every attribute we emit for the offline-bound providers must exist in the pinned
// provider's schema snapshot: the generated bindings only know what the snapshot says,
// and the snapshot is what the real provider documents at that version.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AttributeSchema,
  type BlockSchema,
  listBoundProviders,
  providerEntry,
  readSnapshot,
} from "../../providers/snapshots";

import { type SynthOutput, bundledSynth } from "../support/synth";

const providers = listBoundProviders();
const schemas = new Map(
  providers.map((p) => {
    const entry = providerEntry(p);
    return [p.name, entry] as const;
  }),
);
const META_ARGUMENTS = new Set(["//", "count", "for_each", "depends_on", "lifecycle", "provider", "connection"]);

/** Paths of attributes in `value` that `block` does not define. */
function unknownAttributes(value: Record<string, unknown>, block: BlockSchema, path: string): string[] {
  const problems: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (META_ARGUMENTS.has(key)) continue;
    const attribute = block.attributes?.[key];
    const nestedBlock = block.block_types?.[key];
    if (attribute) {
      problems.push(...unknownNested(child, attribute, `${path}.${key}`));
    } else if (nestedBlock) {
      for (const item of Array.isArray(child) ? child : [child]) {
        if (item && typeof item === "object") {
          problems.push(...unknownAttributes(item as Record<string, unknown>, nestedBlock.block, `${path}.${key}`));
        }
      }
    } else {
      problems.push(`${path}.${key}`);
    }
  }
  return problems;
}

function unknownNested(value: unknown, attribute: AttributeSchema, path: string): string[] {
  if (!attribute.nested_type || typeof value !== "object" || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item) =>
    typeof item === "object" && item !== null
      ? unknownAttributes(item as Record<string, unknown>, { attributes: attribute.nested_type!.attributes }, path)
      : [],
  );
}

function missingRequired(value: Record<string, unknown>, block: BlockSchema, path: string): string[] {
  return Object.entries(block.attributes ?? {})
    .filter(([name, attr]) => attr.required && !(name in value))
    .map(([name]) => `${path}.${name}`);
}

let out: SynthOutput;
beforeAll(() => {
  out = bundledSynth();
});
afterAll(() => out.cleanup());

describe("schema snapshots", () => {
  it.each(providers.map((p) => [p.source, p] as const))("%s names its version and sources", (_, provider) => {
    const { provenance } = readSnapshot(provider);
    expect(provenance.version).toBe(provider.version);
    expect(provenance.tag).toBe(`v${provider.version}`);
    expect(provenance.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(provenance.files.length).toBeGreaterThan(0);
    expect(provenance.repository).toMatch(/^https:\/\/github\.com\//);
  });
});

describe("emitted configuration matches the pinned schemas", () => {
  const stacks = ["neuropilot-platform", "neuropilot-staging", "neuropilot-production"];
  it.each(stacks)("%s sets only attributes the providers define, and every required one", (stackName) => {
    const stack = out.stack(stackName);
    const problems: string[] = [];
    let checked = 0;
    for (const [kind, byType] of [
      ["resource_schemas", stack.resource ?? {}],
      ["data_source_schemas", stack.data ?? {}],
    ] as const) {
      for (const [type, instances] of Object.entries(byType)) {
        const providerName = type.split("_")[0];
        const schema = schemas.get(providerName);
        if (!schema) continue; // prebuilt bindings (cloudflare, github) and terraform_remote_state
        const typeSchema = schema[kind]?.[type];
        if (!typeSchema) {
          problems.push(`${type} is not in the ${providerName} snapshot`);
          continue;
        }
        for (const [id, value] of Object.entries(instances)) {
          checked++;
          problems.push(...unknownAttributes(value, typeSchema.block, `${type}.${id}`));
          problems.push(...missingRequired(value, typeSchema.block, `${type}.${id}`).map((p) => `missing ${p}`));
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });

  it("catches an attribute the schema lacks (the check has teeth)", () => {
    const block = schemas.get("neon")!.resource_schemas!.neon_endpoint.block;
    expect(
      unknownAttributes({ project_id: "p", branch_id: "b", replica_region: "x" }, block, "neon_endpoint.x"),
    ).toEqual(["neon_endpoint.x.replica_region"]);
    expect(missingRequired({ project_id: "p" }, block, "neon_endpoint.x")).toEqual(["neon_endpoint.x.branch_id"]);
  });
});
