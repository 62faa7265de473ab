// The provider's RPC handlers with a simulated account named: apply writes the object,
// refresh reads it back (null once it is gone), import finds it or refuses a missing one.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UNKNOWN, type CtyValue } from "../../offline-provider/cty";
import { decodeCty, encodeCty } from "../../offline-provider/cty-msgpack";
import { createHandlers } from "../../offline-provider/provider-service";
import { blockType, readSnapshot } from "../../offline-provider/schema";
import { SIMULATOR_DIR_ENV, updateStore } from "../../offline-provider/simulator/store";

const snapshot = readSnapshot(join(__dirname, "../../providers/neon.json"));
const block = snapshot.schema.resource_schemas?.neon_role.block;
if (!block) throw new Error("neon snapshot has no neon_role");
const type = blockType(block);
const handlers = createHandlers(snapshot);
const wire = (v: CtyValue) => ({ msgpack: encodeCty(v, type) });
const value = (res: Record<string, unknown>, field: string): CtyValue =>
  decodeCty((res[field] as { msgpack: Buffer }).msgpack, type);

let dir = "";
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "np-sim-rpc-"));
  process.env[SIMULATOR_DIR_ENV] = dir;
});
afterEach(() => {
  delete process.env[SIMULATOR_DIR_ENV];
  rmSync(dir, { recursive: true, force: true });
});

const planned: CtyValue = {
  id: UNKNOWN,
  name: "neuropilot_app",
  project_id: "shiny-cell-31746257",
  branch_id: "br-main-12345678",
  password: UNKNOWN,
  protected: UNKNOWN,
};

describe("the offline provider against a simulated account", () => {
  it("applies, refreshes, imports, and sees a deleted object as gone", () => {
    const applied = handlers.ApplyResourceChange({
      type_name: "neon_role",
      prior_state: {},
      planned_state: wire(planned),
    });
    expect(applied.diagnostics).toEqual([]);
    const state = value(applied, "new_state") as Record<string, CtyValue>;
    expect(state.id).toBe("shiny-cell-31746257/br-main-12345678/neuropilot_app");
    expect(state.password).toMatch(/^npg[0-9a-f]{12}$/);

    const read = handlers.ReadResource({ type_name: "neon_role", current_state: wire(state) });
    expect(value(read, "new_state")).toEqual(state);

    const imported = handlers.ImportResourceState({ type_name: "neon_role", id: String(state.id) });
    expect(imported.diagnostics).toEqual([]);
    const [resource] = imported.imported_resources as { state: { msgpack: Buffer } }[];
    expect(decodeCty(resource.state.msgpack, type)).toEqual(state);

    updateStore(dir, (s) => void delete s.objects.neon_role[String(state.id)]);
    expect(
      value(handlers.ReadResource({ type_name: "neon_role", current_state: wire(state) }), "new_state"),
    ).toBeNull();
    const missing = handlers.ImportResourceState({ type_name: "neon_role", id: String(state.id) });
    expect(missing.diagnostics).toEqual([
      expect.objectContaining({ severity: "ERROR", summary: "Cannot import non-existent remote object" }),
    ]);
  });

  it("refuses apply without a simulated account, naming the variable", () => {
    delete process.env[SIMULATOR_DIR_ENV];
    const refused = handlers.ApplyResourceChange({
      type_name: "neon_role",
      prior_state: {},
      planned_state: wire(planned),
    });
    expect(refused.diagnostics).toEqual([
      expect.objectContaining({
        summary: "Offline schema provider cannot apply",
        detail: expect.stringContaining(SIMULATOR_DIR_ENV),
      }),
    ]);
  });
});
