// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the package ships no types; every tsconfig that reaches this file needs them
/// <reference path="../types/lunar-javascript.d.ts" />
import { Lunar, Solar } from "lunar-javascript";
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
