// MessagePack through @msgpack/msgpack (measured faster than the hand-written codec it
// replaced: offline-provider/README.md), with the value model cty-msgpack.ts works on:
// maps as Map, every extension as MsgExt (cty: code 0 unknown, 12 refined unknown),
// 64-bit integers beyond float precision as bigint.
import { Decoder, Encoder, ExtData } from "@msgpack/msgpack";

export class MsgExt {
  constructor(
    readonly code: number,
    readonly data: Uint8Array,
  ) {}
}

export type MsgValue =
  null | boolean | number | bigint | string | Uint8Array | MsgExt | MsgValue[] | Map<MsgValue, MsgValue>;

const encoder = new Encoder({ useBigInt64: true, initialBufferSize: 4096 });
// Extensions come back as ExtData (no codec registered) and become MsgExt in fromLib.
// Map keys stay as decoded (strings for cty; numbers in refinement payloads).
const decoder = new Decoder({ useBigInt64: true, mapKeyConverter: (k) => k as string });

/** Safe integers as numbers, so callers never see bigint for ordinary values. */
function fromLib(v: unknown): MsgValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint")
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  if (typeof v !== "object") return v as MsgValue;
  if (v instanceof MsgExt) return v;
  if (v instanceof Uint8Array) return new Uint8Array(v); // bin: a copy, not a view of the input
  if (v instanceof ExtData)
    return new MsgExt(v.type, v.data instanceof Uint8Array ? new Uint8Array(v.data) : new Uint8Array());
  if (Array.isArray(v)) return v.map(fromLib);
  const out = new Map<MsgValue, MsgValue>();
  for (const [k, x] of Object.entries(v)) out.set(k, fromLib(x));
  return out;
}

/**
 * Maps as plain objects (the library's map form; cty's keys are strings); extensions as
 * ExtData, which the library writes as they are (no per-type codec to consult).
 */
function toLib(v: MsgValue): unknown {
  if (v instanceof MsgExt) return new ExtData(v.code, v.data);
  if (Array.isArray(v)) return v.map(toLib);
  if (v instanceof Map) {
    const m: Record<string, unknown> = {};
    for (const [k, x] of v) m[String(k)] = toLib(x);
    return m;
  }
  return v;
}

export function encodeMsgpack(v: MsgValue): Buffer {
  const bytes = encoder.encode(toLib(v));
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Decodes exactly one value; truncated or trailing input is an error. */
export function decodeMsgpack(bytes: Uint8Array): MsgValue {
  try {
    return fromLib(decoder.decode(bytes));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/^Insufficient data|outside the bounds/.test(message))
      throw new Error(`msgpack: truncated input (${message})`, { cause: e });
    if (/^Extra \d+ of/.test(message))
      throw new Error(`msgpack: trailing bytes after value (${message})`, { cause: e });
    throw new Error(`msgpack: ${message}`, { cause: e });
  }
}
