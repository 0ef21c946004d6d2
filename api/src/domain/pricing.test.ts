import { describe, expect, it } from "vitest";
import { quotePrice } from "./pricing.ts";

describe("quotePrice", () => {
  it("charges whole hours exactly", () => {
    expect(quotePrice({ priceUnit: "HOUR", priceFen: 50_000, durationMin: 120 })).toBe(100_000);
  });
  it("charges per started minute", () => {
    expect(quotePrice({ priceUnit: "HOUR", priceFen: 6_000, durationMin: 30.2 })).toBe(3_100);
  });
  it("rounds half a fen up and less than half down", () => {
    expect(quotePrice({ priceUnit: "HOUR", priceFen: 30, durationMin: 1 })).toBe(1); // 0.5 fen
    expect(quotePrice({ priceUnit: "HOUR", priceFen: 29, durationMin: 1 })).toBe(0); // 0.483 fen
    expect(quotePrice({ priceUnit: "HOUR", priceFen: 100, durationMin: 50 })).toBe(83); // 83.33 fen
  });
  it("charges per sample, one by default", () => {
    expect(quotePrice({ priceUnit: "SAMPLE", priceFen: 80_000, durationMin: 600, samples: 3 })).toBe(240_000);
    expect(quotePrice({ priceUnit: "SAMPLE", priceFen: 80_000, durationMin: 600 })).toBe(80_000);
  });
  it("returns integers", () => {
    expect(Number.isInteger(quotePrice({ priceUnit: "HOUR", priceFen: 12_345, durationMin: 97 }))).toBe(true);
  });
});

describe("quotePrice for sample submission", () => {
  it("counts samples and items, never time", () => {
    expect(quotePrice({ priceUnit: "SAMPLE", priceFen: 30000, durationMin: 600, samples: 4 })).toBe(120000);
    expect(quotePrice({ priceUnit: "ITEM", priceFen: 5000, durationMin: 60, samples: 3, items: 2 })).toBe(30000);
    expect(quotePrice({ priceUnit: "BATCH", priceFen: 800000, durationMin: 6000, samples: 20 })).toBe(800000);
  });
});
