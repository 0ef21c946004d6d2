import { startOfLocalDay } from "./local-time.ts";
import { DAY_MS, MINUTE_MS, isCovered, type Range } from "./ranges.ts";

/** A resource's booking policy, copied from the Resource row. */
export type BookingPolicy = {
  granularityMin: number;
  minDurationMin: number;
  maxDurationMin: number;
  minNoticeMin: number;
  horizonDays: number;
  bufferBeforeMin: number;
  bufferAfterMin: number;
};

export type RuleViolationCode =
  "RANGE_INVALID" | "NOT_ALIGNED" | "TOO_SHORT" | "TOO_LONG" | "TOO_SOON" | "BEYOND_HORIZON" | "OUTSIDE_OPENING_HOURS";

/** English message for logs and tests; the API and the portal translate by `code` with `params`. */
export type RuleViolation = { code: RuleViolationCode; message: string; params?: Record<string, unknown> };

export type CheckBookingRequestOptions = {
  range: Range;
  policy: BookingPolicy;
  now: number;
  /** Opening windows covering at least the requested range (see openWindows). */
  open: readonly Range[];
};

/** Granularity counts from local midnight, so 30-minute slots start at :00 and :30 Shanghai time. */
export const isAligned = (ms: number, granularityMin: number): boolean =>
  (ms - startOfLocalDay(ms)) % (granularityMin * MINUTE_MS) === 0;

/** The earliest aligned instant at or after `ms`. Local midnight is always aligned, whatever the granularity. */
export const alignUp = (ms: number, granularityMin: number): number => {
  const midnight = startOfLocalDay(ms);
  const step = granularityMin * MINUTE_MS;
  return Math.min(midnight + Math.ceil((ms - midnight) / step) * step, midnight + DAY_MS);
};

/** The latest aligned instant at or before `ms`. */
export const alignDown = (ms: number, granularityMin: number): number => {
  const midnight = startOfLocalDay(ms);
  const step = granularityMin * MINUTE_MS;
  return midnight + Math.floor((ms - midnight) / step) * step;
};

/** Start times must be at least `minNoticeMin` after now. */
export const earliestStart = (now: number, policy: BookingPolicy): number => now + policy.minNoticeMin * MINUTE_MS;

/** A booking must end within `horizonDays` of now, so no part of it lies beyond what may be booked. */
export const latestEnd = (now: number, policy: BookingPolicy): number => now + policy.horizonDays * DAY_MS;

/** The time a booking keeps its unit from others: the booking plus the policy's buffers (the DB's `blocked`). */
export const blockedRange = (range: Range, policy: BookingPolicy): Range => ({
  start: range.start - policy.bufferBeforeMin * MINUTE_MS,
  end: range.end + policy.bufferAfterMin * MINUTE_MS,
});

/**
 * The rules the database cannot check. Only the booking itself must lie within opening hours: buffers
 * (set-up, cleaning) may run outside them, since staff prepare the line before opening and clean after.
 * Overlap with other bookings is left to the exclusion constraint.
 */
export const checkBookingRequest = ({ range, policy, now, open }: CheckBookingRequestOptions): RuleViolation[] => {
  if (!Number.isFinite(range.start) || !Number.isFinite(range.end) || range.end <= range.start) {
    return [{ code: "RANGE_INVALID", message: "The end must be after the start." }];
  }
  const violations: RuleViolation[] = [];
  const durationMin = (range.end - range.start) / MINUTE_MS;
  if (!isAligned(range.start, policy.granularityMin) || !isAligned(range.end, policy.granularityMin)) {
    violations.push({
      code: "NOT_ALIGNED",
      message: `Start and end must fall on ${policy.granularityMin}-minute steps from local midnight.`,
      params: { granularityMin: policy.granularityMin },
    });
  }
  if (durationMin < policy.minDurationMin) {
    violations.push({
      code: "TOO_SHORT",
      message: `A booking must last at least ${policy.minDurationMin} minutes.`,
      params: { minDurationMin: policy.minDurationMin, durationMin },
    });
  }
  if (durationMin > policy.maxDurationMin) {
    violations.push({
      code: "TOO_LONG",
      message: `A booking may last at most ${policy.maxDurationMin} minutes.`,
      params: { maxDurationMin: policy.maxDurationMin, durationMin },
    });
  }
  if (range.start < earliestStart(now, policy)) {
    violations.push({
      code: "TOO_SOON",
      message: `A booking must start at least ${policy.minNoticeMin} minutes from now.`,
      params: { minNoticeMin: policy.minNoticeMin, earliestStart: earliestStart(now, policy) },
    });
  }
  if (range.end > latestEnd(now, policy)) {
    violations.push({
      code: "BEYOND_HORIZON",
      message: `A booking must end within ${policy.horizonDays} days from now.`,
      params: { horizonDays: policy.horizonDays, latestEnd: latestEnd(now, policy) },
    });
  }
  if (!isCovered(range, open)) {
    violations.push({ code: "OUTSIDE_OPENING_HOURS", message: "The booking must lie within opening hours." });
  }
  return violations;
};
