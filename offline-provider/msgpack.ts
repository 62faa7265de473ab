// Minimal MessagePack codec: just the formats cty's msgpack encoding produces or
// accepts (nil, bool, int, float, str, bin, array, map, ext). Typed meaning is
// layered on top in cty-msgpack.ts.

export class MsgExt {
  constructor(
    readonly code: number,
    readonly data: Uint8Array,
  ) {}
}

export type MsgValue =
  null | boolean | number | bigint | string | Uint8Array | MsgExt | MsgValue[] | Map<MsgValue, MsgValue>;

class Writer {
  private buf = Buffer.alloc(256);
  private len = 0;

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf.writeUInt8(v, this.len);
    this.len += 1;
  }
  u16(v: number): void {
    this.ensure(2);
    this.buf.writeUInt16BE(v, this.len);
    this.len += 2;
  }
  u32(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32BE(v, this.len);
    this.len += 4;
  }
  i64(v: bigint): void {
    this.ensure(8);
    this.buf.writeBigInt64BE(v, this.len);
    this.len += 8;
  }
  u64(v: bigint): void {
    this.ensure(8);
    this.buf.writeBigUInt64BE(v, this.len);
    this.len += 8;
  }
  f64(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleBE(v, this.len);
    this.len += 8;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  result(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.len));
  }
}

function writeInt(w: Writer, v: bigint): void {
  if (v >= 0n && v < 128n) return w.u8(Number(v));
  if (v < 0n && v >= -32n) return w.u8(0x100 + Number(v));
  if (v >= 0n) {
    if (v < 0x100n) {
      w.u8(0xcc);
      w.u8(Number(v));
    } else if (v < 0x10000n) {
      w.u8(0xcd);
      w.u16(Number(v));
    } else if (v < 0x100000000n) {
      w.u8(0xce);
      w.u32(Number(v));
    } else {
      w.u8(0xcf);
      w.u64(v);
    }
  } else if (v >= -128n) {
    w.u8(0xd0);
    w.u8(0x100 + Number(v));
  } else if (v >= -32768n) {
    w.u8(0xd1);
    w.u16(0x10000 + Number(v));
  } else if (v >= -2147483648n) {
    w.u8(0xd2);
    w.u32(0x100000000 + Number(v));
  } else {
    w.u8(0xd3);
    w.i64(v);
  }
}

/** Length header: fix form (when given) or the 8/16/32-bit form. */
function writeLen(
  w: Writer,
  n: number,
  fix: number | null,
  fixMax: number,
  c8: number | null,
  c16: number,
  c32: number,
): void {
  if (fix !== null && n <= fixMax) {
    w.u8(fix | n);
  } else if (c8 !== null && n < 0x100) {
    w.u8(c8);
    w.u8(n);
  } else if (n < 0x10000) {
    w.u8(c16);
    w.u16(n);
  } else {
    w.u8(c32);
    w.u32(n);
  }
}

function writeValue(w: Writer, v: MsgValue): void {
  if (v === null) return w.u8(0xc0);
  if (typeof v === "boolean") return w.u8(v ? 0xc3 : 0xc2);
  if (typeof v === "bigint") return writeInt(w, v);
  if (typeof v === "number") {
    if (Number.isSafeInteger(v)) return writeInt(w, BigInt(v));
    w.u8(0xcb);
    return w.f64(v);
  }
  if (typeof v === "string") {
    const b = Buffer.from(v, "utf8");
    writeLen(w, b.length, 0xa0, 31, 0xd9, 0xda, 0xdb);
    return w.bytes(b);
  }
  if (v instanceof MsgExt) {
    const fixed: Record<number, number> = { 1: 0xd4, 2: 0xd5, 4: 0xd6, 8: 0xd7, 16: 0xd8 };
    const code = fixed[v.data.length];
    if (code !== undefined) w.u8(code);
    else writeLen(w, v.data.length, null, 0, 0xc7, 0xc8, 0xc9);
    w.u8(v.code & 0xff);
    return w.bytes(v.data);
  }
  if (v instanceof Uint8Array) {
    writeLen(w, v.length, null, 0, 0xc4, 0xc5, 0xc6);
    return w.bytes(v);
  }
  if (Array.isArray(v)) {
    writeLen(w, v.length, 0x90, 15, null, 0xdc, 0xdd);
    for (const item of v) writeValue(w, item);
    return;
  }
  writeLen(w, v.size, 0x80, 15, null, 0xde, 0xdf);
  for (const [k, item] of v) {
    writeValue(w, k);
    writeValue(w, item);
  }
}

export function encodeMsgpack(v: MsgValue): Buffer {
  const w = new Writer();
  writeValue(w, v);
  return w.result();
}

class Reader {
  pos = 0;
  constructor(private readonly buf: Buffer) {}

  need(n: number): void {
    if (this.pos + n > this.buf.length) throw new Error(`msgpack: truncated input at byte ${this.pos}`);
  }
  u8(): number {
    this.need(1);
    return this.buf.readUInt8(this.pos++);
  }
  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  take(n: number): Buffer {
    this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  atEnd(): boolean {
    return this.pos >= this.buf.length;
  }
}

// Integers outside the safe range stay exact as bigint.
function narrow(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

function readValue(r: Reader): MsgValue {
  const b = r.u8();
  if (b <= 0x7f) return b;
  if (b >= 0xe0) return b - 0x100;
  if ((b & 0xf0) === 0x80) return readMap(r, b & 0x0f);
  if ((b & 0xf0) === 0x90) return readArray(r, b & 0x0f);
  if ((b & 0xe0) === 0xa0) return r.take(b & 0x1f).toString("utf8");
  switch (b) {
    case 0xc0:
      return null;
    case 0xc2:
      return false;
    case 0xc3:
      return true;
    case 0xc4:
      return Uint8Array.from(r.take(r.u8()));
    case 0xc5:
      return Uint8Array.from(r.take(r.u16()));
    case 0xc6:
      return Uint8Array.from(r.take(r.u32()));
    case 0xc7:
    case 0xc8:
    case 0xc9: {
      const n = b === 0xc7 ? r.u8() : b === 0xc8 ? r.u16() : r.u32();
      const code = r.take(1).readInt8(0);
      return new MsgExt(code, Uint8Array.from(r.take(n)));
    }
    case 0xca:
      return r.take(4).readFloatBE(0);
    case 0xcb:
      return r.take(8).readDoubleBE(0);
    case 0xcc:
      return r.u8();
    case 0xcd:
      return r.u16();
    case 0xce:
      return r.u32();
    case 0xcf:
      return narrow(r.take(8).readBigUInt64BE(0));
    case 0xd0:
      return r.take(1).readInt8(0);
    case 0xd1:
      return r.take(2).readInt16BE(0);
    case 0xd2:
      return r.take(4).readInt32BE(0);
    case 0xd3:
      return narrow(r.take(8).readBigInt64BE(0));
    case 0xd4:
    case 0xd5:
    case 0xd6:
    case 0xd7:
    case 0xd8: {
      const n = 1 << (b - 0xd4);
      const code = r.take(1).readInt8(0);
      return new MsgExt(code, Uint8Array.from(r.take(n)));
    }
    case 0xd9:
      return r.take(r.u8()).toString("utf8");
    case 0xda:
      return r.take(r.u16()).toString("utf8");
    case 0xdb:
      return r.take(r.u32()).toString("utf8");
    case 0xdc:
      return readArray(r, r.u16());
    case 0xdd:
      return readArray(r, r.u32());
    case 0xde:
      return readMap(r, r.u16());
    case 0xdf:
      return readMap(r, r.u32());
    default:
      throw new Error(`msgpack: unsupported format byte 0x${b.toString(16)}`);
  }
}

function readArray(r: Reader, n: number): MsgValue[] {
  const out: MsgValue[] = [];
  for (let i = 0; i < n; i++) out.push(readValue(r));
  return out;
}

function readMap(r: Reader, n: number): Map<MsgValue, MsgValue> {
  const out = new Map<MsgValue, MsgValue>();
  for (let i = 0; i < n; i++) {
    const k = readValue(r);
    out.set(k, readValue(r));
  }
  return out;
}

export function decodeMsgpack(bytes: Uint8Array): MsgValue {
  const r = new Reader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const v = readValue(r);
  if (!r.atEnd()) throw new Error("msgpack: trailing bytes after value");
  return v;
}
