import { addDays, isoWeekday, localDate, localMidnight } from "./local-time.ts";
import { HOUR_MS, type Range } from "./ranges.ts";
import type { QuotaPeriod } from "../enums.ts";

export type { QuotaPeriod };

/** The fair-use fields of one rule row; null means "not set here". */
export type FairUseFields = {
  quotaPeriod: QuotaPeriod | null;
  quotaHours: number | null;
  quotaBookings: number | null;
  lateCancelHours: number | null;
  noShowGraceMin: number | null;
  noShowLimit: number | null;
  noShowWindowDays: number | null;
  suspensionDays: number | null;
};

export const FAIR_USE_FIELDS = [
  "quotaPeriod",
  "quotaHours",
  "quotaBookings",
  "lateCancelHours",
  "noShowGraceMin",
  "noShowLimit",
  "noShowWindowDays",
  "suspensionDays",
] as const satisfies readonly (keyof FairUseFields)[];

export const NO_RULE: FairUseFields = {
  quotaPeriod: null,
  quotaHours: null,
  quotaBookings: null,
  lateCancelHours: null,
  noShowGraceMin: null,
  noShowLimit: null,
  noShowWindowDays: null,
  suspensionDays: null,
};

/** A resource's own fields override its facility's, one field at a time. */
export const effectiveRule = (
  facility: Partial<FairUseFields> | null | undefined,
  resource: Partial<FairUseFields> | null | undefined,
): FairUseFields =>
  Object.fromEntries(
    FAIR_USE_FIELDS.map((field) => [field, resource?.[field] ?? facility?.[field] ?? null]),
  ) as FairUseFields;

/** The local (Asia/Shanghai) ISO week (from Monday) or calendar month that contains `ms`. */
export const quotaPeriodOf = (ms: number, period: QuotaPeriod): Range => {
  const date = localDate(ms);
  if (period === "WEEK") {
    const monday = addDays(date, 1 - isoWeekday(date));
    return { start: localMidnight(monday), end: localMidnight(addDays(monday, 7)) };
  }
  const [y, m] = date.split("-").map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
  return { start: localMidnight(`${date.slice(0, 7)}-01`), end: localMidnight(next) };
};

export type QuotaUse = { hours: number; bookings: number };
export type QuotaViolation = {
  code: "QUOTA_EXCEEDED";
  message: string;
  params: {
    period: QuotaPeriod;
    limitHours: number | null;
    limitBookings: number | null;
    usedHours: number;
    usedBookings: number;
  };
};

/**
 * Whether `adding` more use fits the organization's quota for the period, given what it already holds
 * (`used`, active and past bookings of the period). Hours are compared exactly, in milliseconds.
 */
export const checkQuota = (rule: FairUseFields, used: QuotaUse, adding: QuotaUse): QuotaViolation | null => {
  if (!rule.quotaPeriod || (rule.quotaHours === null && rule.quotaBookings === null)) return null;
  const overHours = rule.quotaHours !== null && (used.hours + adding.hours) * HOUR_MS > rule.quotaHours * HOUR_MS + 1;
  const overBookings = rule.quotaBookings !== null && used.bookings + adding.bookings > rule.quotaBookings;
  if (!overHours && !overBookings) return null;
  const per = rule.quotaPeriod === "WEEK" ? "week" : "month";
  return {
    code: "QUOTA_EXCEEDED",
    message: overHours
      ? `Your organization may book at most ${rule.quotaHours} hours per ${per} here; it holds ${round(used.hours)} already.`
      : `Your organization may make at most ${rule.quotaBookings} bookings per ${per} here; it holds ${used.bookings} already.`,
    params: {
      period: rule.quotaPeriod,
      limitHours: rule.quotaHours,
      limitBookings: rule.quotaBookings,
      usedHours: round(used.hours),
      usedBookings: used.bookings,
    },
  };
};

const round = (hours: number) => Math.round(hours * 100) / 100;

/** A cancellation inside the window before the start is late: it counts like a no-show toward suspension. */
export const isLateCancellation = (rule: FairUseFields, startsAt: number, now: number) =>
  rule.lateCancelHours !== null && now < startsAt && startsAt - now < rule.lateCancelHours * HOUR_MS;

/** After N no-shows (late cancellations included) within M days, the organization is suspended for D days. */
export const suspensionDue = (rule: FairUseFields, strikes: number): boolean =>
  rule.noShowLimit !== null && rule.suspensionDays !== null && strikes >= rule.noShowLimit;
