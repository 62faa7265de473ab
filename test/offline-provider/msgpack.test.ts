import { describe, expect, it } from "vitest";
import { type CtyType, type CtyValue, DynamicValue, UNKNOWN, UnknownValue } from "../../offline-provider/cty";
import { decodeCty, encodeCty } from "../../offline-provider/cty-msgpack";
import { MsgExt, decodeMsgpack, encodeMsgpack } from "../../offline-provider/msgpack";

const roundTrip = (v: CtyValue, t: CtyType): CtyValue => decodeCty(encodeCty(v, t), t);

describe("msgpack codec", () => {
  it.each([
    0,
    1,
    127,
    128,
    255,
    256,
    65535,
    65536,
    2 ** 32 - 1,
    2 ** 32,
    Number.MAX_SAFE_INTEGER,
    -1,
    -32,
    -33,
    -128,
    -129,
    -32768,
    -32769,
    -(2 ** 31),
    -(2 ** 31) - 1,
    Number.MIN_SAFE_INTEGER,
    0.5,
    -1.25,
    1e300,
  ])("round-trips the number %s", (n) => {
    expect(decodeMsgpack(encodeMsgpack(n))).toBe(n);
  });

  it("keeps 64-bit integers beyond float precision exact", () => {
    expect(decodeMsgpack(encodeMsgpack(2n ** 63n - 1n))).toBe(2n ** 63n - 1n);
    expect(decodeMsgpack(encodeMsgpack(-(2n ** 63n)))).toBe(-(2n ** 63n));
  });

  it.each([0, 31, 32, 255, 256, 70_000])("round-trips strings of %i bytes", (len) => {
    const s = "é".repeat(len / 2) + "x".repeat(len % 2);
    expect(decodeMsgpack(encodeMsgpack(s))).toBe(s);
  });

  it("round-trips containers across the fix/16/32 size boundaries", () => {
    for (const n of [0, 15, 16, 70_000]) {
      const arr = Array.from({ length: n }, (_, i) => i);
      expect(decodeMsgpack(encodeMsgpack(arr))).toEqual(arr);
      const map = new Map(arr.slice(0, 300).map((i) => [`k${i}`, i] as const));
      expect(decodeMsgpack(encodeMsgpack(map))).toEqual(map);
    }
  });

  it("uses the exact bytes cty writes for nil, bools and an unknown", () => {
    expect([...encodeMsgpack(null)]).toEqual([0xc0]);
    expect([...encodeMsgpack([true, false])]).toEqual([0x92, 0xc3, 0xc2]);
    expect([...encodeCty(UNKNOWN, "string")]).toEqual([0xd4, 0x00, 0x00]);
  });

  it("reads ext of every size and bin data", () => {
    for (const len of [1, 2, 4, 8, 16, 3, 300]) {
      const ext = decodeMsgpack(encodeMsgpack(new MsgExt(5, new Uint8Array(len).fill(7))));
      expect(ext).toBeInstanceOf(MsgExt);
      expect((ext as MsgExt).data.length).toBe(len);
    }
    expect(decodeMsgpack(encodeMsgpack(Uint8Array.of(1, 2, 3)))).toEqual(Uint8Array.of(1, 2, 3));
  });

  it("rejects truncated and trailing input", () => {
    expect(() => decodeMsgpack(Uint8Array.of(0x92, 0x01))).toThrow(/truncated/);
    expect(() => decodeMsgpack(Uint8Array.of(0x01, 0x02))).toThrow(/trailing/);
  });
});

describe("cty values over msgpack", () => {
  const resourceType: CtyType = [
    "object",
    {
      id: "string",
      ttl: "number",
      proxied: "bool",
      tags: ["set", "string"],
      labels: ["map", "string"],
      rules: ["list", ["object", { expression: "string", enabled: "bool" }]],
      pair: ["tuple", ["string", "number"]],
      value: "dynamic",
    },
  ];

  it("round-trips a known object value with every kind of type", () => {
    const v: CtyValue = {
      id: "abc",
      ttl: 300,
      proxied: true,
      tags: ["a", "b"],
      labels: { env: "prod" },
      rules: [{ expression: "true", enabled: false }],
      pair: ["x", 1.5],
      value: new DynamicValue(["list", "string"], ["strict"]),
    };
    expect(roundTrip(v, resourceType)).toEqual(v);
  });

  it("fills absent object attributes with null", () => {
    expect(roundTrip({ id: "x" }, ["object", { id: "string", ttl: "number" }])).toEqual({ id: "x", ttl: null });
  });

  it("round-trips unknowns at any depth, including dynamic positions", () => {
    const v: CtyValue = {
      id: UNKNOWN,
      ttl: null,
      proxied: null,
      tags: UNKNOWN,
      labels: { a: UNKNOWN },
      rules: [{ expression: UNKNOWN, enabled: true }],
      pair: UNKNOWN,
      value: UNKNOWN,
    };
    const back = roundTrip(v, resourceType) as Record<string, CtyValue>;
    expect(back.id).toBeInstanceOf(UnknownValue);
    expect(back.tags).toBeInstanceOf(UnknownValue);
    expect((back.labels as Record<string, CtyValue>).a).toBeInstanceOf(UnknownValue);
    expect(back.value).toBeInstanceOf(UnknownValue);
  });

  it("keeps refined unknowns (ext 12) byte for byte", () => {
    // refinement map {1: false} = "definitely not null"
    const refined = new MsgExt(12, encodeMsgpack(new Map([[1, false]])));
    const bytes = encodeMsgpack(new Map([["id", refined]]));
    const v = decodeCty(bytes, ["object", { id: "string" }]) as Record<string, CtyValue>;
    expect(v.id).toBeInstanceOf(UnknownValue);
    expect([...encodeCty(v, ["object", { id: "string" }])]).toEqual([...bytes]);
  });

  it("treats any extension code as unknown", () => {
    expect(decodeCty(encodeMsgpack(new MsgExt(3, Uint8Array.of(9))), "number")).toBeInstanceOf(UnknownValue);
  });

  it("decodes numbers sent as strings or 64-bit integers", () => {
    expect(decodeCty(encodeMsgpack("123456789012345678901234567890"), "number")).toBe("123456789012345678901234567890");
    expect(decodeCty(encodeMsgpack(2n ** 62n), "number")).toBe((2n ** 62n).toString());
  });

  it("infers the type of plain values at dynamic positions", () => {
    const back = roundTrip({ value: "strict" }, ["object", { value: "dynamic" }]) as Record<string, CtyValue>;
    expect(back.value).toEqual(new DynamicValue("string", "strict"));
  });

  it("reports where a value does not fit its type", () => {
    expect(() =>
      encodeCty({ ttl: "x", rules: [{ enabled: "yes" }] }, [
        "object",
        { ttl: "number", rules: ["list", ["object", { enabled: "bool" }]] },
      ]),
    ).toThrow(/\$\.rules\[0\]\.enabled: expected bool/);
  });
});
