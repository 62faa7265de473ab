// What one service fills in when it creates an object: the values Terraform plans as
// "known after apply". Each service model answers for its own types; anything it does not
// name gets a deterministic placeholder of the attribute's type (account.ts).
import { createHash } from "node:crypto";
import type { CtyValue } from "../../cty";

/** The object being created: its known attributes and a seed unique to it in the account. */
export interface Creation {
  type: string;
  known: Readonly<Record<string, CtyValue>>;
  seed: string;
}

export interface ServiceModel {
  /** Resource type prefix, e.g. `neon_`. */
  prefix: string;
  /** The object's `id` as the service writes it. */
  id(c: Creation): string;
  /** Other computed top-level attributes the service fills (undefined: generic placeholder). */
  computed(c: Creation, attribute: string, id: string): CtyValue | undefined;
}

export const digest = (seed: string): string => createHash("sha256").update(seed).digest("hex");
export const hex32 = (seed: string): string => digest(seed).slice(0, 32);
export const digits = (seed: string, n: number): string =>
  String(BigInt(`0x${digest(seed).slice(0, 15)}`) % 10n ** BigInt(n)).padStart(n, "1");
export const uuid = (seed: string): string => {
  const h = digest(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
export const str = (v: CtyValue | undefined): string | undefined => (typeof v === "string" ? v : undefined);
