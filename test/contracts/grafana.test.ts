// Grafana: adoption discovery against Grafana's description (grafana/grafana-openapi-client-go
// 6029e6c, generated from Grafana's merged OpenAPI; extract in contracts/descriptions/grafana.json).
import { describe, expect, it } from "vitest";
import { callProblems, loadDescription } from "./support/openapi";
import { restContract } from "./support/vendor";
import { GRAFANA_DISCOVERY_CALLS } from "../../vendors/grafana";

restContract("grafana", { "vendors/grafana.ts": GRAFANA_DISCOVERY_CALLS });

describe("Grafana's deprecated data-source-by-name endpoint", () => {
  it("is refused as deprecated", () => {
    const call = { id: "by name", method: "GET", path: "/api/datasources/name/{name}", reads: ["uid"] } as const;
    expect(callProblems(loadDescription("grafana"), call)).toEqual([
      "by name (GET /api/datasources/name/{name}): deprecated in the description",
    ]);
  });
});
