// Offline import: the provider answers ImportResourceState from the id alone (the
// attributes the real importer sets from it, nothing else), refuses an id the real
// importer would refuse, and plans the imported resource's unset computed attributes as
// unknown, since a real read would have filled them.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CtyValue, UNKNOWN } from "../../offline-provider/cty";
import { decodeCty } from "../../offline-provider/cty-msgpack";
import { REPO_ROOT } from "../../offline-provider/paths";
import { IMPORTED_PRIVATE, importedState, planResource } from "../../offline-provider/planner";
import { createHandlers } from "../../offline-provider/provider-service";
import { blockType, readSnapshot } from "../../offline-provider/schema";

const neon = readSnapshot(join(REPO_ROOT, "providers", "neon.json"));
const roleBlock = neon.schema.resource_schemas!.neon_role.block;
const ROLE_ID = "shiny-cell-31746257/br-snowy-mountain-a5jkb18i/neuropilot_app";

describe("importedState", () => {
  it("sets what the id names and leaves every other attribute null", () => {
    expect(importedState("neon_role", ROLE_ID, roleBlock)).toEqual({
      id: ROLE_ID,
      project_id: "shiny-cell-31746257",
      branch_id: "br-snowy-mountain-a5jkb18i",
      name: "neuropilot_app",
      password: null,
      protected: null,
    });
  });

  it("types numeric id parts as numbers and empties nested list blocks", () => {
    const state = importedState(
      "github_repository_ruleset",
      "neuropilot-infra:42",
      readSnapshot(join(REPO_ROOT, "providers", "offline", "github.json")).schema.resource_schemas!
        .github_repository_ruleset.block,
    ) as Record<string, CtyValue>;
    expect(state.ruleset_id).toBe(42);
    expect(state.repository).toBe("neuropilot-infra");
    expect(state.rules).toEqual([]);
  });
});

describe("planResource after an offline import", () => {
  it("plans the unset computed attributes unknown, the configured ones as configured", () => {
    const prior = importedState("neon_role", ROLE_ID, roleBlock);
    const proposed = { ...(prior as object), password: null, protected: null };
    const planned = planResource(prior, proposed, roleBlock, true) as Record<string, CtyValue>;
    expect(planned.password).toBe(UNKNOWN);
    expect(planned.name).toBe("neuropilot_app");
    // An ordinary update keeps the proposal as it is.
    expect(planResource(prior, proposed, roleBlock)).toBe(proposed);
  });
});

describe("ImportResourceState", () => {
  const handlers = createHandlers(neon);

  it("answers with the placeholder state, marked as an offline import", () => {
    const response = handlers.ImportResourceState({ type_name: "neon_role", id: ROLE_ID }) as {
      imported_resources: Array<{ type_name: string; state: { msgpack: Buffer }; private: Buffer }>;
      diagnostics: unknown[];
    };
    expect(response.diagnostics).toEqual([]);
    const [imported] = response.imported_resources;
    expect(imported.type_name).toBe("neon_role");
    expect(imported.private.equals(IMPORTED_PRIVATE)).toBe(true);
    expect(decodeCty(imported.state.msgpack, blockType(roleBlock))).toEqual(
      importedState("neon_role", ROLE_ID, roleBlock),
    );
  });

  it("refuses an id the provider's importer would refuse, saying why", () => {
    const response = handlers.ImportResourceState({ type_name: "neon_role", id: "shiny-cell-31746257/neuropilot_app" });
    expect(response).toEqual({
      diagnostics: [
        expect.objectContaining({
          severity: "ERROR",
          summary: "Cannot import neon_role",
          detail: expect.stringContaining("expected <project_id>/<branch_id>/<role_name>"),
        }),
      ],
    });
  });
});
