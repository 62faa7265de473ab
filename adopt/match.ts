// Small helpers every service's discovery shares: literal attribute values and findings.
import type { DeclaredResource, Finding, Reference } from "./types";

/** A literal string attribute (not a `${…}` reference). */
export const literal = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" && !value.includes("${") ? value : undefined;

export const found = (
  resource: DeclaredResource,
  id: string,
  match: string,
  live?: Record<string, string | number | boolean>,
): Finding => ({
  ...resource,
  status: "import",
  id,
  match,
  ...(live === undefined || Object.keys(live).length === 0 ? {} : { live }),
});
export const absent = (resource: DeclaredResource, match: string): Finding => ({
  ...resource,
  status: "create",
  match,
});
export const unmatched = (resource: DeclaredResource, hint: string): Finding => ({
  ...resource,
  status: "unmatched",
  hint,
});

/** A live object no declared resource matched: shown, never written to the list. */
export const unmanaged = (type: string, name: string, hint: string): Finding => ({
  path: name,
  type,
  attributes: {},
  status: "unmanaged",
  hint,
});

/** The reference of `attribute` when it points at a resource of `type`. */
export function referenceTo(
  resource: Pick<DeclaredResource, "references">,
  attribute: string,
  type: string,
): Reference | undefined {
  const ref = resource.references?.[attribute];
  return ref?.type === type ? ref : undefined;
}

/** Memoises one promise per key (a list fetched once per run). */
export function memo<T>(): (key: string, load: () => Promise<T>) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (key, load) => {
    if (!cache.has(key)) cache.set(key, load());
    return cache.get(key) as Promise<T>;
  };
}
