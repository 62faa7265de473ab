// Locating the real Prometheus tools (Debian's `prometheus` package). Tests fail, never
// skip, when they are missing: a green run must mean the queries were really checked.
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

export function requireExecutable(name: "promtool" | "prometheus"): string {
  const override = process.env[name.toUpperCase()];
  const candidates = override
    ? [override]
    : [...(process.env.PATH ?? "").split(delimiter), "/usr/bin"].map((dir) => join(dir, name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error(
    `${name} not found (looked in ${candidates.join(", ")}). Install Debian's "prometheus" package ` +
      `(apt-get install prometheus) or set ${name.toUpperCase()} to the binary.`,
  );
}
