import { describe, expect, it } from "vitest";
import {
  ACTIVE_STATUSES,
  BOOKING_ACTIONS,
  BOOKING_STATUSES,
  canNoShow,
  isActive,
  transition,
  type BookingAction,
  type BookingStatus,
} from "./booking-state.ts";

const allowed: Record<string, BookingStatus> = {
  "PENDING/approve": "APPROVED",
  "PENDING/reject": "REJECTED",
  "PENDING/expire": "EXPIRED",
  "PENDING/cancel": "CANCELLED",
  "APPROVED/checkIn": "CHECKED_IN",
  "APPROVED/cancel": "CANCELLED",
  "APPROVED/noShow": "NO_SHOW",
  "CHECKED_IN/checkOut": "COMPLETED",
};

const table: [BookingStatus, BookingAction][] = BOOKING_STATUSES.flatMap((s) =>
  BOOKING_ACTIONS.map((a) => [s, a] as [BookingStatus, BookingAction]),
);

describe("transition", () => {
  it("covers every status × action", () => {
    expect(table).toHaveLength(8 * 7);
  });
  it.each(table)("%s + %s", (status, action) => {
    const to = allowed[`${status}/${action}`];
    const result = transition(status, action);
    if (to) expect(result).toEqual({ ok: true, to });
    else expect(result).toEqual({ ok: false, reason: expect.stringContaining(status) });
  });
});

describe("active statuses", () => {
  it("are the ones that hold a unit", () => {
    expect(ACTIVE_STATUSES).toEqual(["PENDING", "APPROVED", "CHECKED_IN"]);
    expect(BOOKING_STATUSES.filter(isActive)).toEqual(["PENDING", "APPROVED", "CHECKED_IN"]);
  });
  it("are left only by transitions out of them, never back into them from a final status", () => {
    const finals = BOOKING_STATUSES.filter((s) => !isActive(s));
    for (const s of finals) for (const a of BOOKING_ACTIONS) expect(transition(s, a).ok).toBe(false);
  });
});

describe("canNoShow", () => {
  const startsAt = Date.parse("2025-10-14T09:00:00+08:00");
  it("waits for the grace period", () => {
    expect(canNoShow({ startsAt, now: startsAt + 14 * 60_000, graceMin: 15 })).toBe(false);
    expect(canNoShow({ startsAt, now: startsAt + 15 * 60_000, graceMin: 15 })).toBe(true);
  });
});
