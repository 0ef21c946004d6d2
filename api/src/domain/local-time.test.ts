import { describe, expect, it } from "vitest";
import { addDays, eachLocalDate, isoWeekday, localDate, localMidnight, localMinuteOfDay } from "./local-time.ts";

const at = (iso: string) => Date.parse(iso);

describe("local time in Asia/Shanghai", () => {
  it("maps instants to the local date, crossing the UTC date line at 16:00Z", () => {
    expect(localDate(at("2025-09-30T15:59:59Z"))).toBe("2025-09-30");
    expect(localDate(at("2025-09-30T16:00:00Z"))).toBe("2025-10-01");
  });
  it("gives ISO weekdays", () => {
    expect(isoWeekday("2025-09-29")).toBe(1); // Monday
    expect(isoWeekday("2025-09-28")).toBe(7); // Sunday
    expect(isoWeekday("2025-10-11")).toBe(6); // Saturday
  });
  it("finds local midnight", () => {
    expect(localMidnight("2025-10-01")).toBe(at("2025-10-01T00:00:00+08:00"));
    expect(localMinuteOfDay(at("2025-10-01T09:30:00+08:00"))).toBe(570);
  });
  it("adds days across months and years", () => {
    expect(addDays("2025-12-31", 1)).toBe("2026-01-01");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
  });
  it("lists every local date touched by a window, excluding the end instant", () => {
    expect(eachLocalDate({ start: at("2025-10-01T22:00:00+08:00"), end: at("2025-10-03T00:00:00+08:00") })).toEqual([
      "2025-10-01",
      "2025-10-02",
    ]);
    expect(
      eachLocalDate({ start: at("2025-10-01T22:00:00+08:00"), end: at("2025-10-03T00:00:01+08:00") }),
    ).toHaveLength(3);
    expect(eachLocalDate({ start: 5, end: 5 })).toEqual([]);
  });
  it("rejects malformed dates", () => {
    expect(() => isoWeekday("2025-1-1")).toThrow();
  });
});

describe("startOfLocalDay", () => {
  it("agrees with the string-based local midnight on every hour of a year, including instants before 1970", async () => {
    const { startOfLocalDay, localMidnight, localDate } = await import("./local-time.ts");
    for (let ms = Date.UTC(2025, 0, 1); ms < Date.UTC(2026, 0, 1); ms += 3_600_000 + 17_000) {
      expect(startOfLocalDay(ms)).toBe(localMidnight(localDate(ms)));
    }
    const early = Date.UTC(1969, 11, 31, 20, 30);
    expect(startOfLocalDay(early)).toBe(localMidnight(localDate(early)));
  });
});
