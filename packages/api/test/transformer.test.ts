import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { isoString, serializeOutput } from "../src/transformer.js";

/** What a client sees: superjson decoding what the server wrote. */
const roundTrip = (value: unknown) => superjson.deserialize(JSON.parse(JSON.stringify(serializeOutput(value))));

describe("serializeOutput", () => {
  it("round-trips procedure outputs through superjson on the client exactly", () => {
    const page = {
      items: Array.from({ length: 3 }, (_, i) => ({
        id: `id-${i}`,
        email: `x${i}@example.com`,
        name: i === 1 ? null : "Ada",
        missing: undefined,
        created: new Date(1_700_000_000_000 + i),
        tags: ["a", "b"],
        nested: { at: new Date(0), n: i * 1.5, ok: true },
      })),
      nextCursor: null,
    };
    expect(roundTrip(page)).toEqual(page);
    expect(roundTrip(new Date(5))).toEqual(new Date(5));
    expect(roundTrip(undefined)).toBeUndefined();
    expect(roundTrip({ "a.b": new Date(1), "c\\d": new Date(2) })).toEqual({ "a.b": new Date(1), "c\\d": new Date(2) });
    expect(roundTrip([new Date(3), { x: [new Date(4)] }])).toEqual([new Date(3), { x: [new Date(4)] }]);
  });

  it("writes the same JSON as superjson for plain data", () => {
    const value = { items: [{ a: new Date(0), b: undefined, c: null, n: 1 }], s: "t" };
    const ours = serializeOutput(value);
    const theirs = superjson.serialize(value);
    expect(ours.json).toEqual(theirs.json);
    expect(ours.meta?.values).toEqual(theirs.meta?.values);
    expect(serializeOutput({ x: 1 })).toEqual(superjson.serialize({ x: 1 }));
    // Paths through empty, dotted and numeric-looking keys, at every depth.
    const awkward = { "": { at: new Date(1), "": [undefined, new Date(2)] }, "a.b": { "0": new Date(3) } };
    expect(serializeOutput(awkward)).toEqual(superjson.serialize(awkward));
    expect(roundTrip(awkward)).toEqual(awkward);
  });

  it("falls back to superjson for values outside the fast path", () => {
    for (const value of [
      { big: 10n },
      { map: new Map([["k", 1]]) },
      { set: new Set([1]) },
      { nan: Number.NaN, inf: Number.POSITIVE_INFINITY, neg: -0 },
      { bad: new Date(Number.NaN) },
      { re: /x/g },
    ]) {
      expect(roundTrip(value)).toEqual(superjson.deserialize(JSON.parse(JSON.stringify(superjson.serialize(value)))));
    }
  });
});

describe("isoString", () => {
  it("writes exactly what Date.prototype.toISOString writes", () => {
    const edges = [
      0, -1, 1, 951_782_400_000, 253_402_300_799_999, 253_402_300_800_000, -62_167_219_200_000, -62_167_219_200_001,
    ];
    // Every year from 0 to about 10 000, at odd hours and milliseconds.
    const spread = Array.from({ length: 2000 }, (_, i) => -62_167_219_200_000 + i * 158_000_000_123 + i * 7);
    for (const ms of [...edges, ...spread, Date.now()]) {
      const date = new Date(ms);
      expect(isoString(date)).toBe(date.toISOString());
    }
  });
});
