import { DAY_MS, type Range } from "./ranges.ts";

/**
 * Asia/Shanghai is UTC+8 all year: China has had no daylight saving since 1991, so a fixed offset is
 * exact for every date we book and avoids depending on the ICU time-zone data of the Node build.
 */
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** A local calendar date in Asia/Shanghai, 'YYYY-MM-DD'. */
export type LocalDate = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

const parse = (date: LocalDate): number => {
  const m = DATE_RE.exec(date);
  if (!m) throw new Error(`Not a local date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
};

export const localDate = (ms: number): LocalDate => new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);

/** ISO weekday, 1 = Monday … 7 = Sunday, as in OpeningHours.weekday. */
export const isoWeekday = (date: LocalDate): number => {
  const day = new Date(parse(date)).getUTCDay();
  return day === 0 ? 7 : day;
};

export const localMidnight = (date: LocalDate): number => parse(date) - SHANGHAI_OFFSET_MS;

export const addDays = (date: LocalDate, n: number): LocalDate =>
  new Date(parse(date) + n * DAY_MS).toISOString().slice(0, 10);

/**
 * Local midnight at or before the instant, by arithmetic alone: with a fixed offset no date string is
 * needed, which keeps availability over thousands of intervals free of formatting and parsing.
 */
export const startOfLocalDay = (ms: number): number => ms - ((((ms + SHANGHAI_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS);

/** Minutes since local midnight of the instant. */
export const localMinuteOfDay = (ms: number): number => (ms - startOfLocalDay(ms)) / 60_000;

/** Every local date that the half-open window touches (its end instant excluded). */
export const eachLocalDate = (window: Range): LocalDate[] => {
  if (window.end <= window.start) return [];
  const last = localDate(window.end - 1);
  const dates: LocalDate[] = [];
  for (let d = localDate(window.start); d <= last; d = addDays(d, 1)) dates.push(d);
  return dates;
};
