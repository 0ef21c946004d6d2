import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoInstant } from "./catalog.mappers.ts";

describe("isoInstant formats like Date.prototype.toISOString", () => {
  it("on boundaries: epoch, leap days, century years, the ends of the fast range, before 1970", () => {
    const instants = [
      0,
      -1,
      1,
      Date.UTC(2000, 1, 29, 23, 59, 59, 999),
      Date.UTC(1900, 1, 28),
      Date.UTC(2100, 2, 1),
      Date.UTC(2026, 11, 31, 16, 0, 0, 0),
      Date.UTC(1969, 11, 31, 23, 59, 59, 999),
      -62_135_596_800_000,
      253_402_300_799_999,
      253_402_300_800_000,
      -62_135_596_800_001,
      Date.UTC(999, 0, 1),
    ];
    for (const ms of instants) expect(isoInstant(ms), String(ms)).toBe(new Date(ms).toISOString());
  });

  it("on any millisecond in years 0001–9999 and beyond", () => {
    fc.assert(
      fc.property(fc.integer({ min: -8_640_000_000_000_000, max: 8_640_000_000_000_000 }), (ms) => {
        expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1960, 0, 1), max: Date.UTC(2200, 0, 1) }), (ms) => {
        expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 20_000 },
    );
  });

  it("throws on what toISOString throws on", () => {
    expect(() => isoInstant(Number.NaN)).toThrow(RangeError);
  });
});
