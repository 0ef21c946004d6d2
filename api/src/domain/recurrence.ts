import { addDays, isoWeekday, localDate, localMidnight } from "./local-time.ts";
import { MINUTE_MS, type Range } from "./ranges.ts";

export type RecurrenceRule = {
  freq: "DAILY" | "WEEKLY";
  /** Every n days or weeks; 1 when absent. */
  interval?: number;
  /** Total number of occurrences. */
  count?: number;
  /** Last allowed start, inclusive (as RFC 5545 UNTIL). */
  until?: number;
  /** ISO weekdays (1 = Monday) for WEEKLY; the start's weekday when absent. */
  byWeekday?: readonly number[];
};

/** One request may not book more than this many slots; longer series are split by the requester. */
export const MAX_OCCURRENCES = 200;

export type ExpandRecurrenceResult =
  { occurrences: Range[] } | { error: "TOO_MANY" | "NEEDS_COUNT_OR_UNTIL" | "INVALID_RULE" };

export type ExpandRecurrenceOptions = { start: number; durationMin: number; rule: RecurrenceRule };

/**
 * Occurrences of a series in Asia/Shanghai local time: every occurrence starts at the same local time of
 * day as `start`. Only dates matching the rule count, so `start` itself is skipped when its weekday is not
 * in `byWeekday`. Holidays are not skipped here: each occurrence is checked like a single booking.
 */
export const expandRecurrence = ({ start, durationMin, rule }: ExpandRecurrenceOptions): ExpandRecurrenceResult => {
  const interval = rule.interval ?? 1;
  const firstDate = localDate(start);
  const weekdays = [...new Set(rule.byWeekday ?? [isoWeekday(firstDate)])].sort((a, b) => a - b);
  if (!Number.isInteger(interval) || interval < 1 || weekdays.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
    return { error: "INVALID_RULE" };
  }
  if (rule.count !== undefined && (!Number.isInteger(rule.count) || rule.count < 1)) return { error: "INVALID_RULE" };
  if (rule.count === undefined && rule.until === undefined) return { error: "NEEDS_COUNT_OR_UNTIL" };
  if (rule.count !== undefined && rule.count > MAX_OCCURRENCES) return { error: "TOO_MANY" };

  const timeOfDay = start - localMidnight(firstDate);
  const durationMs = durationMin * MINUTE_MS;
  const datesOfPeriod = (k: number): string[] => {
    if (rule.freq === "DAILY") return [addDays(firstDate, k * interval)];
    const monday = addDays(firstDate, 1 - isoWeekday(firstDate) + 7 * interval * k);
    return weekdays.map((d) => addDays(monday, d - 1)).filter((date) => date >= firstDate);
  };

  const occurrences: Range[] = [];
  for (let k = 0; ; k++) {
    for (const date of datesOfPeriod(k)) {
      const s = localMidnight(date) + timeOfDay;
      if (rule.until !== undefined && s > rule.until) return { occurrences };
      if (occurrences.length === MAX_OCCURRENCES) return { error: "TOO_MANY" };
      occurrences.push({ start: s, end: s + durationMs });
      if (occurrences.length === rule.count) return { occurrences };
    }
  }
};

export type CampaignStep = { resourceId: string; durationMin: number; gapAfterMin: number };

export type ExpandCampaignOptions = { start: number; steps: readonly CampaignStep[] };

/**
 * A pilot campaign books several resources one after another (e.g. reactor, then dryer, then lab test):
 * each step starts when the previous one ends plus its gap.
 */
export const expandCampaign = ({ start, steps }: ExpandCampaignOptions): { resourceId: string; range: Range }[] => {
  let cursor = start;
  return steps.map(({ resourceId, durationMin, gapAfterMin }) => {
    const range = { start: cursor, end: cursor + durationMin * MINUTE_MS };
    cursor = range.end + gapAfterMin * MINUTE_MS;
    return { resourceId, range };
  });
};
