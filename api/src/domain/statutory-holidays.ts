// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the package ships no types; every tsconfig that reaches this file needs them
/// <reference path="../types/lunar-javascript.d.ts" />
import { Lunar, Solar } from "lunar-javascript";
import type { CalendarDayKind } from "../enums.ts";
import { addDays, type LocalDate } from "./local-time.ts";

export type StatutoryHoliday = { date: LocalDate; nameZh: string; nameEn: string };

/** Where derived days come from, shown beside each provisional row until the official notice replaces it. */
export const STATUTORY_SOURCE =
  "《全国年节及纪念日放假办法》（2024年修订）第二条 statutory days, derived with lunar-javascript; " +
  "provisional until the State Council's notice for the year";

const span = (first: LocalDate, days: number, nameZh: string, nameEn: string): StatutoryHoliday[] =>
  Array.from({ length: days }, (_, i) => ({ date: addDays(first, i), nameZh, nameEn }));

const lunarDate = (year: number, month: number, day: number) => Lunar.fromYmd(year, month, day).getSolar();

/**
 * The statutory public holidays of a Gregorian year under the 2024 revision of the national rules (in force
 * since 2025): 元旦 1/1; 春节 除夕 to 初三 (4 days); 清明 on the solar term; 劳动节 5/1–5/2; 端午 5/5 and
 * 中秋 8/15 of the lunar calendar; 国庆 10/1–10/3. Only the statutory days: the bridges and 调休 make-up days
 * of each year exist only in the official notice. Lunar dates and the solar term come from lunar-javascript.
 */
export const statutoryHolidays = (year: number): StatutoryHoliday[] => {
  const newYear = lunarDate(year, 1, 1);
  const qingming = Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable()["清明"];
  if (!qingming) throw new Error(`No 清明 solar term found for ${year}.`);
  const days = [
    ...span(`${year}-01-01`, 1, "元旦", "New Year's Day"),
    ...span(newYear.next(-1).toYmd(), 4, "春节", "Spring Festival"),
    ...span(qingming.toYmd(), 1, "清明节", "Tomb-sweeping Day"),
    ...span(`${year}-05-01`, 2, "劳动节", "Labour Day"),
    ...span(lunarDate(year, 5, 5).toYmd(), 1, "端午节", "Dragon Boat Festival"),
    ...span(lunarDate(year, 8, 15).toYmd(), 1, "中秋节", "Mid-autumn Festival"),
    ...span(`${year}-10-01`, 3, "国庆节", "National Day"),
  ];
  // 中秋 can fall on a 国庆 day: keep one row per date.
  return [...new Map(days.map((d) => [d.date, d])).values()].sort((a, b) => a.date.localeCompare(b.date));
};

/** Where a statutory day comes from when an imported notice left it out (it is a holiday by law all the same). */
export const STATUTORY_LAW_SOURCE =
  "《全国年节及纪念日放假办法》（2024年修订）第二条 statutory day, added because the imported notice did not list it";

/** The 2024 revision is in force from 2025: earlier years follow their notices alone. */
export const STATUTORY_RULES_FROM = 2025;

/** The statutory holiday on a date, if the law makes it one (from 2025 on). */
export const statutoryHolidayOn = (date: LocalDate): StatutoryHoliday | undefined => {
  const year = Number(date.slice(0, 4));
  if (!(year >= STATUTORY_RULES_FROM)) return undefined;
  return statutoryHolidays(year).find((h) => h.date === date);
};

type DayEntry = { date: LocalDate; kind: CalendarDayKind; nameZh: string; nameEn: string; source: string };

/**
 * A year's official rows checked against the law: a statutory day the rows leave out is added as a holiday
 * (no notice can take it away), and a row that makes a statutory day a working day is reported.
 */
export const withStatutoryDays = <E extends DayEntry>(year: number, entries: E[], source: string) => {
  const problems = entries.flatMap((e) => {
    const holiday = e.kind === "WORKDAY" ? statutoryHolidayOn(e.date) : undefined;
    return holiday ? [{ date: e.date, message: statutoryWorkdayMessage(holiday) }] : [];
  });
  const listed = new Set(entries.map((e) => e.date));
  const added =
    year >= STATUTORY_RULES_FROM
      ? statutoryHolidays(year)
          .filter((h) => !listed.has(h.date))
          .map((h) => ({ ...h, kind: "HOLIDAY" as const, source }))
      : [];
  return { entries: [...entries, ...added].sort((a, b) => a.date.localeCompare(b.date)), problems };
};

export const statutoryWorkdayMessage = (holiday: StatutoryHoliday) =>
  `${holiday.date} is ${holiday.nameEn} (${holiday.nameZh}), a statutory holiday: it cannot be a working day.`;
