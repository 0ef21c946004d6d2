import { describe, expect, it } from "vitest";
import { candidateStarts, freeSlots, resourceAvailability } from "./availability.ts";
import { blockedRange, type BookingPolicy } from "./booking-policy.ts";
import { openWindows, type WeeklyHours } from "./opening-hours.ts";
import { DAY_MS, type Range } from "./ranges.ts";

const at = (local: string) => Date.parse(`${local}+08:00`);
const range = (start: string, end: string): Range => ({ start: at(start), end: at(end) });
const day = (date: string): Range => ({ start: at(`${date}T00:00:00`), end: at(`${date}T00:00:00`) + DAY_MS });

const policy: BookingPolicy = {
  granularityMin: 15,
  minDurationMin: 60,
  maxDurationMin: 480,
  minNoticeMin: 0,
  horizonDays: 60,
  bufferBeforeMin: 0,
  bufferAfterMin: 0,
};
const withBuffers: BookingPolicy = { ...policy, bufferBeforeMin: 15, bufferAfterMin: 15 };
const now = at("2025-09-20T08:00:00");
const officeHours: WeeklyHours[] = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensMin: 480, closesMin: 1080 }));
const allDay: WeeklyHours[] = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opensMin: 0, closesMin: 1440 }));
const calendar = { "2025-10-01": "HOLIDAY", "2025-10-11": "WORKDAY" } as const;
const open = openWindows({ window: day("2025-10-14"), weeklyHours: officeHours, calendar, closures: [] });

describe("freeSlots", () => {
  it("keeps back-to-back gaps free and drops gaps shorter than the minimum duration", () => {
    const busy = [
      range("2025-10-14T09:00:00", "2025-10-14T10:00:00"),
      range("2025-10-14T10:30:00", "2025-10-14T12:00:00"),
    ];
    expect(freeSlots({ open, busy, policy, now, window: day("2025-10-14") })).toEqual([
      range("2025-10-14T08:00:00", "2025-10-14T09:00:00"),
      range("2025-10-14T12:00:00", "2025-10-14T18:00:00"),
    ]);
  });

  it("shrinks free time by the new booking's buffers around blocked time", () => {
    const busy = [range("2025-10-14T10:00:00", "2025-10-14T11:00:00")];
    expect(freeSlots({ open, busy, policy: withBuffers, now, window: day("2025-10-14") })).toEqual([
      range("2025-10-14T08:00:00", "2025-10-14T09:45:00"),
      range("2025-10-14T11:15:00", "2025-10-14T18:00:00"),
    ]);
  });

  it("allows two bookings whose buffers touch", () => {
    const first = range("2025-10-14T09:00:00", "2025-10-14T10:00:00");
    const busy = [blockedRange(first, withBuffers)]; // [08:45, 10:15)
    const free = freeSlots({ open, busy, policy: withBuffers, now, window: day("2025-10-14") });
    // [08:00, 08:30) is too short. The next booking may start at 10:30: its blocked range [10:15, …)
    // touches the first one's without overlapping.
    expect(free[0]?.start).toBe(at("2025-10-14T10:30:00"));
  });

  it("gives one interval across midnight on a 24-hour line", () => {
    const window = range("2025-10-14T00:00:00", "2025-10-16T00:00:00");
    const lineOpen = openWindows({ window, weeklyHours: allDay, calendar, closures: [] });
    const busy = [range("2025-10-14T06:00:00", "2025-10-14T20:00:00")];
    const free = freeSlots({ open: lineOpen, busy, policy, now, window });
    expect(free).toContainEqual(range("2025-10-14T20:00:00", "2025-10-16T00:00:00"));
  });

  it("has no slots on a holiday and slots on a make-up Saturday", () => {
    const holiday = openWindows({ window: day("2025-10-01"), weeklyHours: officeHours, calendar, closures: [] });
    expect(freeSlots({ open: holiday, busy: [], policy, now, window: day("2025-10-01") })).toEqual([]);
    const makeUp = openWindows({ window: day("2025-10-11"), weeklyHours: officeHours, calendar, closures: [] });
    expect(freeSlots({ open: makeUp, busy: [], policy, now, window: day("2025-10-11") })).toEqual([
      range("2025-10-11T08:00:00", "2025-10-11T18:00:00"),
    ]);
  });

  it("respects notice (aligned up) and horizon", () => {
    const noticeNow = at("2025-10-14T09:07:00");
    const notice: BookingPolicy = { ...policy, minNoticeMin: 120, horizonDays: 1 };
    const window = range("2025-10-14T00:00:00", "2025-10-16T00:00:00");
    const twoDays = openWindows({ window, weeklyHours: officeHours, calendar, closures: [] });
    expect(freeSlots({ open: twoDays, busy: [], policy: notice, now: noticeNow, window })).toEqual([
      range("2025-10-14T11:15:00", "2025-10-14T18:00:00"),
      range("2025-10-15T08:00:00", "2025-10-15T09:00:00"),
    ]);
  });
});

describe("candidateStarts", () => {
  it("lists aligned bookings nearest to the requested start, on both sides", () => {
    const free = [
      range("2025-10-14T08:00:00", "2025-10-14T10:00:00"),
      range("2025-10-14T12:00:00", "2025-10-14T14:00:00"),
    ];
    const result = candidateStarts({
      free,
      policy: { ...policy, granularityMin: 60 },
      durationMin: 60,
      limit: 3,
      from: at("2025-10-14T11:00:00"),
    });
    expect(result).toEqual([
      range("2025-10-14T12:00:00", "2025-10-14T13:00:00"),
      range("2025-10-14T09:00:00", "2025-10-14T10:00:00"), // as far as 13:00, earlier first
      range("2025-10-14T13:00:00", "2025-10-14T14:00:00"),
    ]);
  });
  it("returns nothing when the duration does not fit", () => {
    const free = [range("2025-10-14T08:00:00", "2025-10-14T09:00:00")];
    expect(candidateStarts({ free, policy, durationMin: 90, limit: 5, from: free[0]!.start })).toEqual([]);
  });
});

describe("resourceAvailability", () => {
  it("reports each unit and the union of their free time", () => {
    const result = resourceAvailability({
      open,
      policy,
      now,
      window: day("2025-10-14"),
      units: [
        { unitId: "a", busy: [range("2025-10-14T08:00:00", "2025-10-14T12:00:00")] },
        { unitId: "b", busy: [range("2025-10-14T12:00:00", "2025-10-14T18:00:00")] },
      ],
    });
    expect(result.units).toEqual([
      { unitId: "a", free: [range("2025-10-14T12:00:00", "2025-10-14T18:00:00")] },
      { unitId: "b", free: [range("2025-10-14T08:00:00", "2025-10-14T12:00:00")] },
    ]);
    expect(result.free).toEqual([range("2025-10-14T08:00:00", "2025-10-14T18:00:00")]);
  });
});
