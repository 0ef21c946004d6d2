import { alignDown, alignUp, earliestStart, isAligned, latestEnd, type BookingPolicy } from "./booking-policy.ts";
import { MINUTE_MS, intersect, merge, subtract, type Range } from "./ranges.ts";

export type FreeSlotsOptions = {
  /** Opening windows (see openWindows). */
  open: readonly Range[];
  /** Blocked ranges of ONE unit, each already including its own booking's buffers (the DB's `blocked`). */
  busy: readonly Range[];
  policy: BookingPolicy;
  now: number;
  window: Range;
};

/**
 * Where a new booking (not its buffers) may lie on one unit: maximal aligned intervals, each at least
 * `minDurationMin` long, such that any aligned sub-range of allowed length fits every rule.
 *
 * A new booking's own buffers must not meet existing blocked time, so each busy range grows by the new
 * booking's after-buffer at its start and its before-buffer at its end: busy [10:00, 11:00) with 15-minute
 * buffers lets a booking end at 09:45 and start at 11:15. Half-open ranges let buffers touch.
 */
export const freeSlots = ({ open, busy, policy, now, window }: FreeSlotsOptions): Range[] => {
  const reach = busy.map((b) => ({
    start: b.start - policy.bufferAfterMin * MINUTE_MS,
    end: b.end + policy.bufferBeforeMin * MINUTE_MS,
  }));
  const bookable = {
    start: Math.max(window.start, earliestStart(now, policy)),
    end: Math.min(window.end, latestEnd(now, policy)),
  };
  const minMs = policy.minDurationMin * MINUTE_MS;
  return intersect(subtract(open, reach), [bookable])
    .map((r) => ({ start: alignUp(r.start, policy.granularityMin), end: alignDown(r.end, policy.granularityMin) }))
    .filter((r) => r.end - r.start >= minMs);
};

export type CandidateStartsOptions = {
  free: readonly Range[];
  policy: BookingPolicy;
  durationMin: number;
  limit: number;
  /** The requested start: suggestions nearest to it come first, before or after. */
  from: number;
};

/** Aligned bookings of `durationMin` inside the free intervals, nearest to `from` first (earlier wins ties). */
export const candidateStarts = ({ free, policy, durationMin, limit, from }: CandidateStartsOptions): Range[] => {
  const durationMs = durationMin * MINUTE_MS;
  const candidates: Range[] = [];
  for (const f of merge(free)) {
    // alignUp(s + 1) rather than s + step: steps restart at each local midnight when they do not divide a day.
    for (
      let s = alignUp(f.start, policy.granularityMin);
      s + durationMs <= f.end;
      s = alignUp(s + 1, policy.granularityMin)
    ) {
      if (isAligned(s + durationMs, policy.granularityMin)) candidates.push({ start: s, end: s + durationMs });
    }
  }
  return candidates
    .sort((a, b) => Math.abs(a.start - from) - Math.abs(b.start - from) || a.start - b.start)
    .slice(0, Math.max(0, limit));
};

export type UnitBusy = { unitId: string; busy: readonly Range[] };

export type ResourceAvailabilityOptions = Omit<FreeSlotsOptions, "busy"> & { units: readonly UnitBusy[] };

export type ResourceAvailability = {
  units: { unitId: string; free: Range[] }[];
  /**
   * Times when at least one unit is free. Intervals of different units that touch are merged, so a booking
   * must still be placed within one unit's interval.
   */
  free: Range[];
};

export const resourceAvailability = ({ units, ...rest }: ResourceAvailabilityOptions): ResourceAvailability => {
  const perUnit = units.map(({ unitId, busy }) => ({ unitId, free: freeSlots({ ...rest, busy }) }));
  return { units: perUnit, free: merge(perUnit.flatMap((u) => u.free)) };
};
