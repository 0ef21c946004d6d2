import { describe, expect, it } from "vitest";
import { statutoryHolidayOn, statutoryHolidays, withStatutoryDays } from "./statutory-holidays.ts";

const dates = (year: number) => statutoryHolidays(year).map((d) => d.date);

describe("statutoryHolidays", () => {
  it("derives the statutory days of 2027, lunar festivals and 清明 included", () => {
    expect(dates(2027)).toEqual([
      "2027-01-01",
      "2027-02-05", // 除夕
      "2027-02-06", // 初一
      "2027-02-07",
      "2027-02-08",
      "2027-04-05", // 清明 solar term
      "2027-05-01",
      "2027-05-02",
      "2027-06-09", // 端午 (5/5 lunar)
      "2027-09-15", // 中秋 (8/15 lunar)
      "2027-10-01",
      "2027-10-02",
      "2027-10-03",
    ]);
  });

  it("matches the dates of the 2025 and 2026 notices", () => {
    expect(dates(2025)).toEqual(
      expect.arrayContaining(["2025-01-28", "2025-01-29", "2025-01-31", "2025-04-04", "2025-05-31", "2025-10-06"]),
    );
    expect(dates(2026)).toEqual(
      expect.arrayContaining(["2026-02-16", "2026-02-19", "2026-04-05", "2026-06-19", "2026-09-25"]),
    );
  });

  it("names every day in both languages and never repeats a date", () => {
    for (const year of [2027, 2028, 2030, 2040]) {
      const days = statutoryHolidays(year);
      expect(new Set(days.map((d) => d.date)).size).toBe(days.length);
      expect(days.length).toBeGreaterThanOrEqual(12);
      for (const d of days) expect(d.nameZh && d.nameEn).toBeTruthy();
    }
  });

  it("tells a statutory day from 2025 on, and none before the 2024 revision took effect", () => {
    expect(statutoryHolidayOn("2027-02-05")).toMatchObject({ nameZh: "春节" });
    expect(statutoryHolidayOn("2027-02-09")).toBeUndefined();
    expect(statutoryHolidayOn("2024-05-02")).toBeUndefined();
  });

  it("adds the statutory days a notice leaves out and reports any it makes working days", () => {
    const notice = [
      { date: "2027-01-01", kind: "HOLIDAY" as const, nameZh: "元旦", nameEn: "New Year", source: "notice" },
      { date: "2027-02-13", kind: "WORKDAY" as const, nameZh: "调休", nameEn: "Make-up", source: "notice" },
    ];
    const { entries, problems } = withStatutoryDays(2027, notice, "law");
    expect(problems).toEqual([]);
    expect(entries.map((e) => e.date)).toEqual([...dates(2027), "2027-02-13"].sort());
    expect(entries.find((e) => e.date === "2027-01-01")!.source).toBe("notice");
    expect(entries.find((e) => e.date === "2027-10-02")).toMatchObject({ kind: "HOLIDAY", source: "law" });

    const wrong = withStatutoryDays(2027, [{ ...notice[1]!, date: "2027-10-03" }], "law");
    expect(wrong.problems).toEqual([{ date: "2027-10-03", message: expect.stringMatching(/National Day/) }]);
    expect(withStatutoryDays(2024, [], "law").entries).toEqual([]);
  });
});
