// Railway: every GraphQL document the project sends (adoption discovery, the Worker's heal
// actions and usage read) validates against Railway's schema (railwayapp/cli v5.43.1
// src/gql/schema.json; extract in contracts/descriptions/railway.graphql), with graphql-js's
// own validation rules: fields, arguments, argument types, variables.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildSchema, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import type { GraphQlCall } from "../../contracts/call";
import { RAILWAY_CALLS } from "../../vendors/railway";
import { RAILWAY_HEAL_CALLS } from "../../workers/autoheal/src/railway";
import { RAILWAY_USAGE_CALLS } from "../../workers/autoheal/src/telemetry/usage";

const schema = buildSchema(
  readFileSync(join(__dirname, "..", "..", "contracts", "descriptions", "railway.graphql"), "utf8"),
);
const problems = (call: GraphQlCall): string[] => validate(schema, parse(call.document)).map((e) => e.message);

const TABLES: Record<string, readonly GraphQlCall[]> = {
  "vendors/railway.ts": RAILWAY_CALLS,
  "workers railway.ts": RAILWAY_HEAL_CALLS,
  "workers telemetry/usage.ts": RAILWAY_USAGE_CALLS,
};

describe("Railway GraphQL documents against railwayapp/cli v5.43.1 src/gql/schema.json", () => {
  it.each(Object.entries(TABLES).flatMap(([t, calls]) => calls.map((c) => [`${t}: ${c.id}`, c] as const)))(
    "%s validates",
    (_name, call) => expect(problems(call)).toEqual([]),
  );

  it("catches a field, an argument and an argument type the schema lacks", () => {
    const [projects] = RAILWAY_CALLS;
    expect(problems({ id: "x", document: projects.document.replace("endCursor", "lastCursor") })).toEqual([
      'Cannot query field "lastCursor" on type "PageInfo". Did you mean "endCursor"?',
    ]);
    expect(problems({ id: "x", document: projects.document.replace("first: 50", "limit: 50") })[0]).toContain(
      'Unknown argument "limit" on field "Query.projects".',
    );
    const [, redeploy] = RAILWAY_HEAL_CALLS;
    expect(
      problems({ id: "x", document: redeploy.document.replace("$serviceId: String!", "$serviceId: Int!") }),
    ).toEqual(['Variable "$serviceId" of type "Int!" used in position expecting type "String!".']);
  });
});
