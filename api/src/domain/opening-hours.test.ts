import { describe, expect, it } from "vitest";
import { openWindows, type WeeklyHours } from "./opening-hours.ts";
import { DAY_MS, type Range } from "./ranges.ts";

const at = (local: string) => Date.parse(`${local}+08:00`);
const day = (date: string): Range => ({ start: at(`${date}T00:00:00`), end: at(`${date}T00:00:00`) + DAY_MS });
const range = (start: string, end: string): Range => ({ start: at(start), end: at(end) });

/** Office hours Monday to Friday 08:30–17:30, closed at the weekend. */
const officeHours: WeeklyHours[] = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensMin: 510, closesMin: 1050 }));
const allDay: WeeklyHours[] = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opensMin: 0, closesMin: 1440 }));

// Official 2025 National Day arrangement: 10-01..10-08 off, Sunday 09-28 and Saturday 10-11 worked.
const calendar = new Map([
  ...["01", "02", "03", "04", "05", "06", "07", "08"].map((d) => [`2025-10-${d}`, "HOLIDAY"] as const),
  ["2025-09-28", "WORKDAY"] as const,
  ["2025-10-11", "WORKDAY"] as const,
]);

describe("openWindows", () => {
  it("follows weekly hours on an ordinary weekday", () => {
    expect(openWindows({ window: day("2025-09-29"), weeklyHours: officeHours, calendar, closures: [] })).toEqual([
      range("2025-09-29T08:30:00", "2025-09-29T17:30:00"),
    ]);
  });

  it("is closed on a public holiday that falls on a weekday", () => {
    expect(openWindows({ window: day("2025-10-01"), weeklyHours: officeHours, calendar, closures: [] })).toEqual([]);
  });

  it("opens on make-up working days (调休) with Monday hours, on a Sunday and a Saturday", () => {
    expect(openWindows({ window: day("2025-09-28"), weeklyHours: officeHours, calendar, closures: [] })).toEqual([
      range("2025-09-28T08:30:00", "2025-09-28T17:30:00"),
    ]);
    expect(openWindows({ window: day("2025-10-11"), weeklyHours: officeHours, calendar, closures: [] })).toEqual([
      range("2025-10-11T08:30:00", "2025-10-11T17:30:00"),
    ]);
  });

  it("stays closed on an ordinary Saturday", () => {
    expect(openWindows({ window: day("2025-10-18"), weeklyHours: officeHours, calendar, closures: [] })).toEqual([]);
  });

  it("accepts the calendar as a plain record", () => {
    expect(
      openWindows({
        window: day("2025-10-11"),
        weeklyHours: officeHours,
        calendar: { "2025-10-11": "WORKDAY" },
        closures: [],
      }),
    ).toHaveLength(1);
  });

  it("subtracts closures", () => {
    const closures = [range("2025-09-29T12:00:00", "2025-09-29T13:00:00")];
    expect(openWindows({ window: day("2025-09-29"), weeklyHours: officeHours, calendar, closures })).toEqual([
      range("2025-09-29T08:30:00", "2025-09-29T12:00:00"),
      range("2025-09-29T13:00:00", "2025-09-29T17:30:00"),
    ]);
  });

  it("merges 24-hour days into one range across midnight and clips to the window", () => {
    const window = range("2025-10-13T18:00:00", "2025-10-15T06:00:00");
    expect(openWindows({ window, weeklyHours: allDay, calendar, closures: [] })).toEqual([window]);
  });

  it("splits lunch breaks given as two rows for the same weekday", () => {
    const hours: WeeklyHours[] = [
      { weekday: 1, opensMin: 480, closesMin: 720 },
      { weekday: 1, opensMin: 840, closesMin: 1080 },
    ];
    expect(openWindows({ window: day("2025-09-29"), weeklyHours: hours, calendar, closures: [] })).toHaveLength(2);
  });

  it("carries hours past midnight into the next day", () => {
    const nightShift: WeeklyHours[] = [{ weekday: 1, opensMin: 1320, closesMin: 1800 }]; // Mon 22:00 – Tue 06:00
    expect(openWindows({ window: day("2025-09-30"), weeklyHours: nightShift, calendar, closures: [] })).toEqual([
      range("2025-09-30T00:00:00", "2025-09-30T06:00:00"),
    ]);
  });
});
