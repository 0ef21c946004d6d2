import { describe, expect, it } from "vitest";
import { NO_RULE, checkQuota, effectiveRule, isLateCancellation, quotaPeriodOf, suspensionDue } from "./fair-use.ts";

const at = (iso: string) => Date.parse(iso);

describe("fair use", () => {
  it("lets a resource's fields override its facility's one by one", () => {
    const rule = effectiveRule(
      { ...NO_RULE, quotaPeriod: "WEEK", quotaHours: 20, lateCancelHours: 24 },
      { quotaHours: 8, lateCancelHours: null },
    );
    expect(rule).toMatchObject({ quotaPeriod: "WEEK", quotaHours: 8, lateCancelHours: 24, noShowLimit: null });
  });

  it("finds the local week (from Monday) and month, at the edges of Shanghai days", () => {
    // Sunday 2027-01-03 23:30 in Shanghai is still in the week of Monday 2026-12-28.
    expect(quotaPeriodOf(at("2027-01-03T23:30:00+08:00"), "WEEK")).toEqual({
      start: at("2026-12-28T00:00:00+08:00"),
      end: at("2027-01-04T00:00:00+08:00"),
    });
    expect(quotaPeriodOf(at("2026-12-31T16:30:00Z"), "MONTH")).toEqual({
      start: at("2027-01-01T00:00:00+08:00"),
      end: at("2027-02-01T00:00:00+08:00"),
    });
  });

  it("refuses what goes past the hours or bookings quota, and allows exactly the limit", () => {
    const rule = { ...NO_RULE, quotaPeriod: "WEEK" as const, quotaHours: 10, quotaBookings: 3 };
    expect(checkQuota(rule, { hours: 8, bookings: 1 }, { hours: 2, bookings: 1 })).toBeNull();
    expect(checkQuota(rule, { hours: 8, bookings: 1 }, { hours: 2.5, bookings: 1 })?.params.limitHours).toBe(10);
    expect(checkQuota(rule, { hours: 1, bookings: 3 }, { hours: 1, bookings: 1 })?.message).toMatch(/3 bookings/);
    expect(checkQuota(NO_RULE, { hours: 1e6, bookings: 1e6 }, { hours: 1, bookings: 1 })).toBeNull();
  });

  it("tells late cancellations and due suspensions", () => {
    const rule = { ...NO_RULE, lateCancelHours: 24, noShowLimit: 3, noShowWindowDays: 30, suspensionDays: 14 };
    const start = at("2027-03-10T09:00:00+08:00");
    expect(isLateCancellation(rule, start, start - 23 * 3_600_000)).toBe(true);
    expect(isLateCancellation(rule, start, start - 25 * 3_600_000)).toBe(false);
    expect(isLateCancellation(NO_RULE, start, start - 1)).toBe(false);
    expect(suspensionDue(rule, 2)).toBe(false);
    expect(suspensionDue(rule, 3)).toBe(true);
  });
});
