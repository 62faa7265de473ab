// The shared shape of a vendor's contract test: every declared call conforms to the recorded
// description, and a deliberately wrong call (a path, a query parameter, a body field and a
// read field the description lacks) is caught, one problem each.
import { describe, expect, it } from "vitest";
import type { RestCall } from "../../../contracts/call";
import { callProblems, loadDescription } from "./openapi";

export function restContract(vendor: string, tables: Record<string, readonly RestCall[]>): void {
  const description = loadDescription(vendor);
  const calls = Object.entries(tables).flatMap(([table, list]) => list.map((call) => ({ table, call })));

  describe(`${vendor} calls against ${description.source.split(",")[0]}`, () => {
    it.each(calls.map(({ table, call }) => [`${table}: ${call.id}`, call] as const))("%s conforms", (_name, call) => {
      expect(callProblems(description, call)).toEqual([]);
    });

    it("catches a wrong path, query parameter, body field and read field", () => {
      const [{ call }] = calls;
      expect(callProblems(description, { ...call, path: `${call.path}/not-described` })).toEqual([
        `${call.id} (${call.method} ${call.path}/not-described): no such operation in the description`,
      ]);
      const where = `${call.id} (${call.method} ${call.path})`;
      expect(callProblems(description, { ...call, query: ["not_described"] })).toEqual([
        `${where}: query parameter "not_described" is not described`,
      ]);
      expect(callProblems(description, { ...call, reads: ["not_described.field"] })).toEqual([
        `${where}: response field "not_described.field" is not described`,
      ]);
      const sending = calls.find(({ call: c }) => c.body !== undefined)?.call;
      if (sending)
        expect(callProblems(description, { ...sending, body: ["not_described"] })).toEqual([
          `${sending.id} (${sending.method} ${sending.path}): body field "not_described" is not described`,
        ]);
      // The wrong method on a described path is as unknown as a wrong path.
      expect(callProblems(description, { ...call, method: "DELETE" })[0]).toContain("no such operation");
    });
  });
}
