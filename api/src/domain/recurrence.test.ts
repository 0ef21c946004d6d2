import { describe, expect, it } from "vitest";
import { expandCampaign, expandRecurrence, MAX_OCCURRENCES } from "./recurrence.ts";
import { localDate } from "./local-time.ts";
import type { Range } from "./ranges.ts";

const at = (local: string) => Date.parse(`${local}+08:00`);
const range = (start: string, end: string): Range => ({ start: at(start), end: at(end) });
const starts = (result: ReturnType<typeof expandRecurrence>) =>
  "occurrences" in result ? result.occurrences.map((o) => localDate(o.start)) : result.error;

describe("expandRecurrence", () => {
  const start = at("2025-10-13T22:00:00"); // Monday, 22:00 local, which is 14:00Z the same day

  it("repeats daily at the same local time, crossing midnight with the duration", () => {
    const result = expandRecurrence({ start, durationMin: 240, rule: { freq: "DAILY", count: 3 } });
    expect(result).toEqual({
      occurrences: [
        range("2025-10-13T22:00:00", "2025-10-14T02:00:00"),
        range("2025-10-14T22:00:00", "2025-10-15T02:00:00"),
        range("2025-10-15T22:00:00", "2025-10-16T02:00:00"),
      ],
    });
  });

  it("honours the interval and an inclusive until", () => {
    const rule = { freq: "DAILY", interval: 2, until: at("2025-10-17T22:00:00") } as const;
    expect(starts(expandRecurrence({ start, durationMin: 60, rule }))).toEqual([
      "2025-10-13",
      "2025-10-15",
      "2025-10-17",
    ]);
  });

  it("expands weekly by weekday, skipping days before the start", () => {
    const wed = at("2025-10-15T09:00:00");
    const rule = { freq: "WEEKLY", byWeekday: [5, 1, 3], count: 5 } as const;
    expect(starts(expandRecurrence({ start: wed, durationMin: 60, rule }))).toEqual([
      "2025-10-15",
      "2025-10-17",
      "2025-10-20",
      "2025-10-22",
      "2025-10-24",
    ]);
  });

  it("defaults weekly to the start weekday and skips weeks by interval", () => {
    const rule = { freq: "WEEKLY", interval: 2, count: 3 } as const;
    expect(starts(expandRecurrence({ start, durationMin: 60, rule }))).toEqual([
      "2025-10-13",
      "2025-10-27",
      "2025-11-10",
    ]);
  });

  it("stops at whichever of count and until comes first", () => {
    const rule = { freq: "DAILY", count: 10, until: at("2025-10-14T23:00:00") } as const;
    expect(starts(expandRecurrence({ start, durationMin: 60, rule }))).toEqual(["2025-10-13", "2025-10-14"]);
  });

  it("refuses open-ended, oversized and malformed rules", () => {
    expect(expandRecurrence({ start, durationMin: 60, rule: { freq: "DAILY" } })).toEqual({
      error: "NEEDS_COUNT_OR_UNTIL",
    });
    expect(expandRecurrence({ start, durationMin: 60, rule: { freq: "DAILY", count: MAX_OCCURRENCES + 1 } })).toEqual({
      error: "TOO_MANY",
    });
    expect(
      expandRecurrence({ start, durationMin: 60, rule: { freq: "DAILY", until: at("2027-01-01T00:00:00") } }),
    ).toEqual({ error: "TOO_MANY" });
    expect(expandRecurrence({ start, durationMin: 60, rule: { freq: "DAILY", count: 2, interval: 0 } })).toEqual({
      error: "INVALID_RULE",
    });
    expect(expandRecurrence({ start, durationMin: 60, rule: { freq: "WEEKLY", count: 2, byWeekday: [8] } })).toEqual({
      error: "INVALID_RULE",
    });
  });

  it("allows exactly the cap", () => {
    const result = expandRecurrence({ start, durationMin: 60, rule: { freq: "DAILY", count: MAX_OCCURRENCES } });
    expect("occurrences" in result && result.occurrences).toHaveLength(MAX_OCCURRENCES);
  });
});

describe("expandCampaign", () => {
  it("chains steps with their gaps", () => {
    const result = expandCampaign({
      start: at("2025-10-14T08:00:00"),
      steps: [
        { resourceId: "reactor", durationMin: 240, gapAfterMin: 30 },
        { resourceId: "dryer", durationMin: 120, gapAfterMin: 0 },
        { resourceId: "lab", durationMin: 60, gapAfterMin: 15 },
      ],
    });
    expect(result).toEqual([
      { resourceId: "reactor", range: range("2025-10-14T08:00:00", "2025-10-14T12:00:00") },
      { resourceId: "dryer", range: range("2025-10-14T12:30:00", "2025-10-14T14:30:00") },
      { resourceId: "lab", range: range("2025-10-14T14:30:00", "2025-10-14T15:30:00") },
    ]);
  });
  it("gives nothing for no steps", () => {
    expect(expandCampaign({ start: 0, steps: [] })).toEqual([]);
  });
});
