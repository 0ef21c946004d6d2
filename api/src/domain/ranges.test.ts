import { describe, expect, it } from "vitest";
import { clip, intersect, isCovered, merge, overlaps, subtract, totalDuration, type Range } from "./ranges.ts";

const r = (start: number, end: number): Range => ({ start, end });

describe("overlaps", () => {
  it("treats back-to-back ranges as not overlapping", () => {
    expect(overlaps(r(0, 10), r(10, 20))).toBe(false);
    expect(overlaps(r(10, 20), r(0, 10))).toBe(false);
  });
  it("detects partial overlap and containment", () => {
    expect(overlaps(r(0, 10), r(9, 20))).toBe(true);
    expect(overlaps(r(0, 100), r(40, 50))).toBe(true);
    expect(overlaps(r(40, 50), r(0, 100))).toBe(true);
  });
  it("never overlaps with a zero-length range", () => {
    expect(overlaps(r(0, 10), r(5, 5))).toBe(false);
  });
});

describe("merge", () => {
  it("sorts unsorted input and coalesces overlapping and touching ranges", () => {
    expect(merge([r(30, 40), r(0, 10), r(10, 20), r(15, 25), r(50, 60)])).toEqual([r(0, 25), r(30, 40), r(50, 60)]);
  });
  it("drops zero-length and inverted ranges", () => {
    expect(merge([r(5, 5), r(9, 3), r(0, 1)])).toEqual([r(0, 1)]);
  });
  it("absorbs contained ranges", () => {
    expect(merge([r(0, 100), r(10, 20)])).toEqual([r(0, 100)]);
  });
  it("does not mutate its input", () => {
    const input = [r(0, 10), r(5, 20)];
    merge(input);
    expect(input).toEqual([r(0, 10), r(5, 20)]);
  });
});

describe("subtract", () => {
  it("cuts holes and trims edges", () => {
    expect(subtract([r(0, 100)], [r(20, 30), r(90, 120), r(-10, 5)])).toEqual([r(5, 20), r(30, 90)]);
  });
  it("leaves touching ranges intact", () => {
    expect(subtract([r(10, 20)], [r(0, 10), r(20, 30)])).toEqual([r(10, 20)]);
  });
  it("removes fully contained ranges", () => {
    expect(subtract([r(10, 20), r(40, 50)], [r(0, 30)])).toEqual([r(40, 50)]);
  });
  it("handles unsorted input on both sides", () => {
    expect(subtract([r(40, 50), r(0, 30)], [r(45, 46), r(10, 20)])).toEqual([
      r(0, 10),
      r(20, 30),
      r(40, 45),
      r(46, 50),
    ]);
  });
  it("ignores zero-length cuts", () => {
    expect(subtract([r(0, 10)], [r(5, 5)])).toEqual([r(0, 10)]);
  });
});

describe("intersect and clip", () => {
  it("keeps only common time", () => {
    expect(intersect([r(0, 10), r(20, 30)], [r(5, 25)])).toEqual([r(5, 10), r(20, 25)]);
  });
  it("gives nothing for touching ranges", () => {
    expect(intersect([r(0, 10)], [r(10, 20)])).toEqual([]);
  });
  it("clips to a window", () => {
    expect(clip([r(0, 10), r(20, 30), r(40, 50)], r(5, 45))).toEqual([r(5, 10), r(20, 30), r(40, 45)]);
  });
});

describe("totalDuration and isCovered", () => {
  it("counts overlapping time once", () => {
    expect(totalDuration([r(0, 10), r(5, 15), r(20, 20)])).toBe(15);
  });
  it("treats touching windows as one cover", () => {
    expect(isCovered(r(5, 15), [r(0, 10), r(10, 20)])).toBe(true);
    expect(isCovered(r(5, 15), [r(0, 10), r(11, 20)])).toBe(false);
  });
});
