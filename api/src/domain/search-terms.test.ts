import { describe, expect, it } from "vitest";
import { compact, looksLikeStandard, searchTerms } from "./search-terms.ts";

describe("search terms", () => {
  it("compacts standard numbers so spacing and case do not matter", () => {
    expect(compact("GB 38031-2025")).toBe("gb38031-2025");
    expect(compact(" gb38031 ")).toBe(compact("GB 38031"));
    expect(compact("GB/T 228.1-2021").includes(compact("gb/t 228.1"))).toBe(true);
  });
  it("recognizes standard numbers", () => {
    for (const s of ["GB 38031", "GB/T 17626.2", "HJ 700-2014", "gb4806.7", "YY 9706.102"])
      expect(looksLikeStandard(s), s).toBe(true);
    for (const s of ["重金属", "EMC", "保质期", "lead"]) expect(looksLikeStandard(s), s).toBe(false);
  });
  it("expands umbrella words to the items scopes list", () => {
    expect(searchTerms("重金属")).toEqual(expect.arrayContaining(["铅", "镉", "重金属"]));
    expect(searchTerms("EMC")).toEqual(expect.arrayContaining(["emc", "电磁兼容"]));
    expect(searchTerms(" 保质期 ")).toContain("shelf life");
    expect(searchTerms("拉伸")).toEqual(["拉伸"]);
    expect(searchTerms("   ")).toEqual([]);
  });
});
