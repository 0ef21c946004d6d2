import { describe, expect, it } from "vitest";
import {
  alignDown,
  alignUp,
  blockedRange,
  checkBookingRequest,
  isAligned,
  type BookingPolicy,
} from "./booking-policy.ts";
import type { Range } from "./ranges.ts";

const at = (local: string) => Date.parse(`${local}+08:00`);
const range = (start: string, end: string): Range => ({ start: at(start), end: at(end) });

const policy: BookingPolicy = {
  granularityMin: 30,
  minDurationMin: 60,
  maxDurationMin: 480,
  minNoticeMin: 120,
  horizonDays: 60,
  bufferBeforeMin: 15,
  bufferAfterMin: 30,
};
const now = at("2025-10-13T08:00:00");
const open = [range("2025-10-14T08:30:00", "2025-10-14T17:30:00")];
const codes = (r: Range, o: readonly Range[] = open) =>
  checkBookingRequest({ range: r, policy, now, open: o }).map((v) => v.code);

describe("checkBookingRequest", () => {
  it("accepts a valid request", () => {
    expect(codes(range("2025-10-14T09:00:00", "2025-10-14T11:00:00"))).toEqual([]);
  });
  it("accepts a booking that fills the opening window exactly, though its buffers lie outside", () => {
    expect(codes(range("2025-10-14T08:30:00", "2025-10-14T17:30:00"))).toEqual(["TOO_LONG"]);
    expect(codes(range("2025-10-14T08:30:00", "2025-10-14T10:00:00"))).toEqual([]);
  });
  it("rejects an empty or inverted range alone", () => {
    expect(codes(range("2025-10-14T09:00:00", "2025-10-14T09:00:00"))).toEqual(["RANGE_INVALID"]);
    expect(codes(range("2025-10-14T10:00:00", "2025-10-14T09:00:00"))).toEqual(["RANGE_INVALID"]);
  });
  it("requires alignment from local midnight", () => {
    expect(codes(range("2025-10-14T09:15:00", "2025-10-14T10:45:00"))).toEqual(["NOT_ALIGNED"]);
    expect(codes(range("2025-10-14T09:00:00", "2025-10-14T10:00:01"))).toEqual(["NOT_ALIGNED"]);
  });
  it("checks duration bounds", () => {
    expect(codes(range("2025-10-14T09:00:00", "2025-10-14T09:30:00"))).toEqual(["TOO_SHORT"]);
  });
  it("checks notice and horizon", () => {
    const soonOpen = [range("2025-10-13T08:00:00", "2025-10-13T17:00:00")];
    expect(codes(range("2025-10-13T09:00:00", "2025-10-13T10:00:00"), soonOpen)).toEqual(["TOO_SOON"]);
    expect(codes(range("2025-10-13T10:00:00", "2025-10-13T11:00:00"), soonOpen)).toEqual([]);
    const farOpen = [range("2025-12-12T00:00:00", "2025-12-13T00:00:00")];
    expect(codes(range("2025-12-12T07:00:00", "2025-12-12T08:00:00"), farOpen)).toEqual([]);
    expect(codes(range("2025-12-12T07:30:00", "2025-12-12T08:30:00"), farOpen)).toEqual(["BEYOND_HORIZON"]);
  });
  it("requires the booking inside opening hours, merged across adjacent windows", () => {
    expect(codes(range("2025-10-14T17:00:00", "2025-10-14T18:00:00"))).toEqual(["OUTSIDE_OPENING_HOURS"]);
    const overnight = [
      range("2025-10-14T00:00:00", "2025-10-15T00:00:00"),
      range("2025-10-15T00:00:00", "2025-10-16T00:00:00"),
    ];
    expect(codes(range("2025-10-14T22:00:00", "2025-10-15T02:00:00"), overnight)).toEqual([]);
  });
  it("reports several violations with params", () => {
    const result = checkBookingRequest({
      range: range("2025-10-14T18:10:00", "2025-10-14T18:20:00"),
      policy,
      now,
      open,
    });
    expect(result.map((v) => v.code)).toEqual(["NOT_ALIGNED", "TOO_SHORT", "OUTSIDE_OPENING_HOURS"]);
    expect(result[1]?.params).toEqual({ minDurationMin: 60, durationMin: 10 });
  });
});

describe("blockedRange and alignment", () => {
  it("adds the buffers on both sides", () => {
    expect(blockedRange(range("2025-10-14T09:00:00", "2025-10-14T10:00:00"), policy)).toEqual(
      range("2025-10-14T08:45:00", "2025-10-14T10:30:00"),
    );
  });
  it("aligns to local steps and treats midnight as aligned for any granularity", () => {
    expect(isAligned(at("2025-10-14T00:00:00"), 45)).toBe(true);
    expect(alignUp(at("2025-10-14T09:01:00"), 30)).toBe(at("2025-10-14T09:30:00"));
    expect(alignDown(at("2025-10-14T09:59:00"), 30)).toBe(at("2025-10-14T09:30:00"));
    expect(alignUp(at("2025-10-14T23:50:00"), 45)).toBe(at("2025-10-15T00:00:00"));
    expect(alignUp(at("2025-10-14T09:30:00"), 30)).toBe(at("2025-10-14T09:30:00"));
  });
});
