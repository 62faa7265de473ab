// Every declared-call table a client exports is checked by a vendor's contract test: a table
// that moves (adoption's clients moved to vendors/) or a new one cannot drop out unnoticed.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { programFiles } from "../architecture/imports";

const ROOT = join(__dirname, "..", "..");
const TABLE = /export const (\w+_CALLS)\b/g;

/** Table name → the program file that exports it. */
function declaredTables(): Map<string, string> {
  const tables = new Map<string, string>();
  for (const file of programFiles(ROOT))
    for (const match of readFileSync(join(ROOT, file), "utf8").matchAll(TABLE)) tables.set(match[1], file);
  return tables;
}

describe("contract test coverage", () => {
  const tables = declaredTables();
  const tests = readdirSync(__dirname)
    .filter((name) => name.endsWith(".test.ts") && name !== "coverage.test.ts")
    .map((name) => readFileSync(join(__dirname, name), "utf8"))
    .join("\n");

  it("finds the vendors' tables where they now live", () => {
    expect(tables.get("CLOUDFLARE_DISCOVERY_CALLS")).toBe("vendors/cloudflare/discovery.ts");
    expect(tables.get("WORKER_SECRETS_CALLS")).toBe("vendors/cloudflare/worker-secrets.ts");
    expect(tables.get("NEON_DRILL_CALLS")).toBe("vendors/neon/branches.ts");
    expect(tables.get("SENTRY_RELEASE_CALLS")).toBe("vendors/sentry.ts");
  });

  it("checks every exported table in a vendor's contract test", () => {
    const unchecked = [...tables].filter(([name]) => !new RegExp(`:\\s*${name}\\b`).test(tests));
    expect(unchecked.map(([name, file]) => `${name} (${file})`)).toEqual([]);
  });
});
