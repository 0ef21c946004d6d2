import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  billedMinutes,
  divRoundHalfUp,
  formatYuan,
  paymentStatus,
  periodOf,
  periodRange,
  priceLine,
} from "./charging.ts";

const t = (iso: string) => new Date(iso).getTime();

describe("billedMinutes: started increments", () => {
  it("bills started half-hours", () => {
    const start = t("2026-12-01T09:00:00+08:00");
    expect(billedMinutes({ startedAt: start, endedAt: start + 30 * 60_000, incrementMin: 30 })).toBe(30);
    expect(billedMinutes({ startedAt: start, endedAt: start + 30 * 60_000 + 1, incrementMin: 30 })).toBe(60);
    expect(billedMinutes({ startedAt: start, endedAt: start + 42 * 60_000, incrementMin: 30 })).toBe(60);
    expect(billedMinutes({ startedAt: start, endedAt: start + 1000, incrementMin: 15 })).toBe(15);
  });
  it("bills nothing for no time and never a negative duration", () => {
    expect(billedMinutes({ startedAt: 5, endedAt: 5, incrementMin: 30 })).toBe(0);
    expect(billedMinutes({ startedAt: 10, endedAt: 5, incrementMin: 30 })).toBe(0);
  });
  it("is a multiple of the increment covering the actual time", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 * 86_400_000 }), fc.integer({ min: 1, max: 240 }), (ms, inc) => {
        const billed = billedMinutes({ startedAt: 0, endedAt: ms, incrementMin: inc });
        expect(billed % inc).toBe(0);
        expect(billed * 60_000).toBeGreaterThanOrEqual(ms);
        expect((billed - inc) * 60_000).toBeLessThan(ms || 1);
      }),
    );
  });
});

describe("priceLine", () => {
  it("prices hours per billed minute, rounding half up to the fen", () => {
    expect(priceLine({ unit: "HOUR", unitPriceFen: 20000, quantity: 90 })).toEqual({
      grossFen: 30000,
      discountFen: 0,
      amountFen: 30000,
    });
    // 333 fen/h × 30 min = 166.5 fen → 167
    expect(priceLine({ unit: "HOUR", unitPriceFen: 333, quantity: 30 }).grossFen).toBe(167);
  });
  it("prices samples and items per piece and applies a discount rounded half up", () => {
    expect(priceLine({ unit: "SAMPLE", unitPriceFen: 15000, quantity: 3, discountBp: 1000 })).toEqual({
      grossFen: 45000,
      discountFen: 4500,
      amountFen: 40500,
    });
    expect(priceLine({ unit: "ITEM", unitPriceFen: 5, quantity: 1, discountBp: 1000 }).discountFen).toBe(1); // 0.5 → 1
  });
  it("refuses fractions of a fen and lines the ledger cannot hold", () => {
    expect(() => priceLine({ unit: "SAMPLE", unitPriceFen: 2_000_000_000, quantity: 2 })).toThrow(RangeError);
    expect(() => priceLine({ unit: "SAMPLE", unitPriceFen: 1.5, quantity: 1 })).toThrow(RangeError);
  });
  it("keeps amount = gross − discount, 0 ≤ discount ≤ gross, all integers", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("HOUR" as const, "SAMPLE" as const, "ITEM" as const),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 2_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (unit, unitPriceFen, quantity, discountBp) => {
          const l = priceLine({ unit, unitPriceFen, quantity, discountBp });
          expect(Number.isInteger(l.grossFen) && Number.isInteger(l.discountFen)).toBe(true);
          expect(l.amountFen).toBe(l.grossFen - l.discountFen);
          expect(l.discountFen).toBeGreaterThanOrEqual(0);
          expect(l.discountFen).toBeLessThanOrEqual(l.grossFen);
        },
      ),
    );
  });
});

describe("divRoundHalfUp", () => {
  it("rounds half up", () => {
    expect(divRoundHalfUp(1, 2)).toBe(1);
    expect(divRoundHalfUp(149, 100)).toBe(1);
    expect(divRoundHalfUp(150, 100)).toBe(2);
    expect(divRoundHalfUp(0, 7)).toBe(0);
  });
});

describe("periods in Asia/Shanghai", () => {
  it("puts an instant in its Shanghai month", () => {
    expect(periodOf(t("2026-11-30T16:00:00Z"))).toBe("2026-12"); // 00:00 on 1 Dec in Shanghai
    expect(periodOf(t("2026-11-30T15:59:59Z"))).toBe("2026-11");
  });
  it("gives half-open month ranges, December rolling over", () => {
    expect(periodRange("2026-12")).toEqual({
      start: t("2026-12-01T00:00:00+08:00"),
      end: t("2027-01-01T00:00:00+08:00"),
    });
    const { start, end } = periodRange("2027-02");
    expect(periodOf(start)).toBe("2027-02");
    expect(periodOf(end - 1)).toBe("2027-02");
    expect(periodOf(end)).toBe("2027-03");
  });
});

describe("paymentStatus and formatYuan", () => {
  it("derives unpaid / partly paid / paid", () => {
    expect(paymentStatus({ totalFen: 100, settledFen: 0 })).toBe("UNPAID");
    expect(paymentStatus({ totalFen: 100, settledFen: 40 })).toBe("PARTLY_PAID");
    expect(paymentStatus({ totalFen: 100, settledFen: 100 })).toBe("PAID");
    expect(paymentStatus({ totalFen: 0, settledFen: 0 })).toBe("PAID");
  });
  it("formats fen as yuan without floating point", () => {
    expect(formatYuan(123456)).toBe("1234.56");
    expect(formatYuan(5)).toBe("0.05");
    expect(formatYuan(-105)).toBe("-1.05");
  });
});
