// railway.workspaceId: the provider needs railway_project.workspace_id when the token reaches
// more than one workspace; without the setting the attribute is left out (the provider's own
// default), and a value that is not a UUID (the provider's check) is a config error naming the path.
import { describe, expect, it } from "vitest";
import { bundledInputs, problemsAfter, sourcesOf } from "../support/configs";
import { bundledSynth, onlyResource, synthToTemp } from "../support/synth";

const WORKSPACE = "9e1d2c3b-4a59-4687-9a1b-2c3d4e5f6a7b";

describe("railway.workspaceId", () => {
  it("is left out of the project when not configured", () => {
    const project = onlyResource(bundledSynth().stack("neuropilot-staging"), "railway_project");
    expect(project).not.toHaveProperty("workspace_id");
  });

  it("sets the project's workspace_id when configured", () => {
    const inputs = bundledInputs();
    inputs.staging.railway.workspaceId = WORKSPACE;
    const out = synthToTemp(sourcesOf(inputs));
    try {
      expect(onlyResource(out.stack("neuropilot-staging"), "railway_project")).toMatchObject({
        workspace_id: WORKSPACE,
      });
      expect(onlyResource(out.stack("neuropilot-production"), "railway_project")).not.toHaveProperty("workspace_id");
    } finally {
      out.cleanup();
    }
  });

  it("rejects an id with a space, naming the file and path", () => {
    expect(problemsAfter((i) => (i.production.railway.workspaceId = "my workspace"))).toContain(
      "config/production.ts: production.railway.workspaceId: must be a Railway workspace id, a UUID",
    );
  });
});
