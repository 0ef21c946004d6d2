import { addDays, eachLocalDate, isoWeekday, localMidnight, type LocalDate } from "./local-time.ts";
import { MINUTE_MS, clip, merge, subtract, type Range } from "./ranges.ts";
import type { CalendarDayKind } from "../enums.ts";

/** One row of weekly opening hours: ISO weekday (1 = Monday) and minutes after local midnight. */
export type WeeklyHours = { weekday: number; opensMin: number; closesMin: number };

export type { CalendarDayKind };

/** Official holiday calendar keyed by local date 'YYYY-MM-DD'; dates not listed follow the weekly rule. */
export type HolidayCalendar = ReadonlyMap<LocalDate, CalendarDayKind> | Readonly<Record<LocalDate, CalendarDayKind>>;

export type OpenWindowsOptions = {
  window: Range;
  weeklyHours: readonly WeeklyHours[];
  calendar: HolidayCalendar;
  closures: readonly Range[];
};

/**
 * A make-up working day (调休) is worked "as a normal working day" without naming which one, so we apply
 * the Monday hours: Monday is never itself shortened by the weekend and every facility defines it.
 */
export const MAKE_UP_DAY_WEEKDAY = 1;

const kindOf = (calendar: HolidayCalendar, date: LocalDate): CalendarDayKind | undefined =>
  calendar instanceof Map ? calendar.get(date) : (calendar as Readonly<Record<string, CalendarDayKind>>)[date];

/** The weekday whose hours apply on `date`, or null when the official calendar closes it. */
export const effectiveWeekday = (date: LocalDate, calendar: HolidayCalendar): number | null => {
  const kind = kindOf(calendar, date);
  if (kind === "HOLIDAY") return null;
  if (kind === "WORKDAY") return MAKE_UP_DAY_WEEKDAY;
  return isoWeekday(date);
};

/**
 * Times inside `window` when the resource is open: weekly hours adjusted by the holiday calendar, minus
 * closures. Adjacent days' windows merge, so a line open 00:00–24:00 gives one range across midnight and a
 * booking may run overnight.
 */
export const openWindows = ({ window, weeklyHours, calendar, closures }: OpenWindowsOptions): Range[] => {
  const dates = eachLocalDate(window);
  const first = dates[0];
  if (first === undefined) return [];
  // Start a day early so hours that run past midnight (closesMin > 1440) spill into the window.
  const days = [addDays(first, -1), ...dates];
  const open: Range[] = [];
  for (const date of days) {
    const weekday = effectiveWeekday(date, calendar);
    if (weekday === null) continue;
    const midnight = localMidnight(date);
    for (const h of weeklyHours) {
      if (h.weekday !== weekday || h.closesMin <= h.opensMin) continue;
      open.push({ start: midnight + h.opensMin * MINUTE_MS, end: midnight + h.closesMin * MINUTE_MS });
    }
  }
  return clip(subtract(merge(open), closures), window);
};
