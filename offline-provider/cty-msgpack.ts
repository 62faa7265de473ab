// cty values <-> MessagePack, following Terraform's object wire format
// (docs/plugin-protocol/object-wire-format.md): unknown = any ext (code 12 carries
// refinements), "dynamic" = [type JSON bytes, value].
import { type CtyType, type CtyValue, DynamicValue, UnknownValue, UNKNOWN, isObjectValue, parseType } from "./cty";
import { MsgExt, type MsgValue, decodeMsgpack, encodeMsgpack } from "./msgpack";

// cty writes an unrefined unknown as fixext1, code 0, payload 0.
const PLAIN_UNKNOWN = new MsgExt(0, Uint8Array.of(0));

export function encodeCty(value: CtyValue, type: CtyType): Buffer {
  return encodeMsgpack(toMsg(value, type, "$"));
}

export function decodeCty(bytes: Uint8Array, type: CtyType): CtyValue {
  return fromMsg(decodeMsgpack(bytes), type, "$");
}

/** Best-effort type of a plain JS value, for values at "dynamic" positions. */
export function inferType(value: CtyValue): CtyType {
  if (value instanceof DynamicValue) return value.type;
  if (typeof value === "string" || value === null || value instanceof UnknownValue) return "string";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "bool";
  if (Array.isArray(value)) return ["tuple", value.map(inferType)];
  const attrs: Record<string, CtyType> = {};
  for (const [k, v] of Object.entries(value)) attrs[k] = inferType(v);
  return ["object", attrs];
}

function fail(path: string, want: string, got: unknown): never {
  const shown = got instanceof Uint8Array ? "bytes" : typeof got === "bigint" ? got.toString() : JSON.stringify(got);
  throw new Error(`cty value at ${path}: expected ${want}, got ${shown}`);
}

function toMsg(value: CtyValue, type: CtyType, path: string): MsgValue {
  if (value === null) return null;
  if (value instanceof UnknownValue) return value.raw ? new MsgExt(value.raw.code, value.raw.data) : PLAIN_UNKNOWN;
  if (type === "dynamic") {
    const dyn = value instanceof DynamicValue ? value : new DynamicValue(inferType(value), value);
    return [Buffer.from(JSON.stringify(dyn.type)), toMsg(dyn.value, dyn.type, path)];
  }
  if (value instanceof DynamicValue) return toMsg(value.value, type, path);
  if (type === "string") return typeof value === "string" ? value : fail(path, "string", value);
  if (type === "bool") return typeof value === "boolean" ? value : fail(path, "bool", value);
  if (type === "number") {
    // Numbers beyond float64 precision travel as decimal strings.
    return typeof value === "number" || typeof value === "string" ? value : fail(path, "number", value);
  }
  const [kind] = type;
  if (kind === "list" || kind === "set") {
    if (!Array.isArray(value)) return fail(path, kind, value);
    return value.map((v, i) => toMsg(v, type[1], `${path}[${i}]`));
  }
  if (kind === "tuple") {
    const elems = type[1];
    if (!Array.isArray(value) || value.length !== elems.length) return fail(path, `tuple of ${elems.length}`, value);
    return value.map((v, i) => toMsg(v, elems[i], `${path}[${i}]`));
  }
  if (!isObjectValue(value)) return fail(path, kind, value);
  const out = new Map<MsgValue, MsgValue>();
  if (kind === "map") {
    for (const [k, v] of Object.entries(value)) out.set(k, toMsg(v, type[1], `${path}.${k}`));
  } else {
    // Objects always carry every attribute of their type, null when absent.
    for (const [k, t] of Object.entries(type[1])) out.set(k, toMsg(value[k] ?? null, t, `${path}.${k}`));
  }
  return out;
}

function fromMsg(m: MsgValue, type: CtyType, path: string): CtyValue {
  if (m === null) return null;
  if (m instanceof MsgExt) return m.code === 0 ? UNKNOWN : new UnknownValue({ code: m.code, data: m.data });
  if (type === "dynamic") {
    if (!Array.isArray(m) || m.length !== 2) return fail(path, "[type, value] for dynamic", m);
    const [rawType, inner] = m;
    const typeJson =
      typeof rawType === "string"
        ? rawType
        : rawType instanceof Uint8Array
          ? Buffer.from(rawType).toString("utf8")
          : null;
    if (typeJson === null) return fail(path, "type JSON", rawType);
    const concrete = parseType(JSON.parse(typeJson));
    return new DynamicValue(concrete, fromMsg(inner, concrete, path));
  }
  if (type === "string") return typeof m === "string" ? m : fail(path, "string", m);
  if (type === "bool") return typeof m === "boolean" ? m : fail(path, "bool", m);
  if (type === "number") {
    if (typeof m === "number" || typeof m === "string") return m;
    return typeof m === "bigint" ? m.toString() : fail(path, "number", m);
  }
  const [kind] = type;
  if (type[0] === "tuple") {
    const elems = type[1];
    return Array.isArray(m) ? m.map((v, i) => fromMsg(v, elems[i] ?? "dynamic", `${path}[${i}]`)) : fail(path, kind, m);
  }
  if (type[0] === "list" || type[0] === "set") {
    const elem = type[1];
    return Array.isArray(m) ? m.map((v, i) => fromMsg(v, elem, `${path}[${i}]`)) : fail(path, kind, m);
  }
  if (!(m instanceof Map)) return fail(path, kind, m);
  const out: { [key: string]: CtyValue } = {};
  if (type[0] === "map") {
    for (const [k, v] of m) out[String(k)] = fromMsg(v, type[1], `${path}.${String(k)}`);
    return out;
  }
  const attrs = type[1];
  for (const [k, v] of m) {
    if (typeof k === "string" && k in attrs) out[k] = fromMsg(v, attrs[k], `${path}.${k}`);
  }
  for (const k of Object.keys(attrs)) out[k] ??= null;
  return out;
}
