import { describe, expect, it } from "vitest";
import { parseCalendarImport } from "./calendar-import.ts";

describe("parseCalendarImport", () => {
  it("reads CSV with quoted fields and a Chinese kind", () => {
    const csv = [
      "date,kind,name,source",
      '2027-01-01,HOLIDAY,元旦,"国办发明电〔2026〕1号, item 1"',
      "2027-02-14,班,春节调休,国办发明电〔2026〕1号",
    ].join("\n");
    const { entries, problems } = parseCalendarImport("csv", csv, 2027);
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      { date: "2027-01-01", kind: "HOLIDAY", nameZh: "元旦", nameEn: "元旦", source: "国办发明电〔2026〕1号, item 1" },
      { date: "2027-02-14", kind: "WORKDAY", nameZh: "春节调休", nameEn: "春节调休", source: "国办发明电〔2026〕1号" },
    ]);
  });

  it("reads JSON and keeps an English name when given", () => {
    const json = JSON.stringify([
      { date: "2027-10-01", kind: "HOLIDAY", name: "国庆节", nameEn: "National Day", source: "notice" },
    ]);
    expect(parseCalendarImport("json", json, 2027).entries[0]).toMatchObject({ nameEn: "National Day" });
  });

  it("refuses the whole file and names each bad line", () => {
    const csv = [
      "date,kind,name,source",
      "2027-02-30,HOLIDAY,x,s",
      "2027-13-01,HOLIDAY,x,s",
      "2026-01-01,HOLIDAY,元旦,s",
      "2027-03-01,OFF,,",
    ].join("\n");
    const { entries, problems } = parseCalendarImport("csv", csv, 2027);
    expect(entries).toEqual([]);
    expect(problems.map((p) => p.line)).toEqual([2, 3, 4, 5, 5, 5]);
  });

  it("refuses a header without the needed columns, bad JSON and duplicates", () => {
    expect(parseCalendarImport("csv", "day,kind\n", 2027).problems.length).toBeGreaterThan(0);
    expect(parseCalendarImport("json", "{", 2027).problems).toHaveLength(1);
    const dup = JSON.stringify([
      { date: "2027-01-01", kind: "HOLIDAY", name: "a", source: "s" },
      { date: "2027-01-01", kind: "HOLIDAY", name: "a", source: "s" },
    ]);
    expect(parseCalendarImport("json", dup, 2027).problems[0]!.message).toMatch(/twice/);
  });
});
