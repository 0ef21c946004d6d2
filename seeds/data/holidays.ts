// The official holiday calendar (放假 and 调休) for 2025 and 2026, taken from the maintained npm package
// chinese-days, which transcribes the State Council notices. data.test.ts checks it against the notices.
import chineseDays from "chinese-days/dist/chinese-days.json" with { type: "json" };
import chineseDaysPackage from "chinese-days/package.json" with { type: "json" };
import type { SeedCalendarDay } from "./types.ts";

export const CALENDAR_YEARS = ["2025", "2026"] as const;

const PACKAGE = `npm chinese-days@${chineseDaysPackage.version} (github.com/vsme/chinese-days)`;

const NOTICES: Record<(typeof CALENDAR_YEARS)[number], string> = {
  "2025":
    "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号），https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm",
  "2026":
    "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日），https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm",
};

/** Entries of the package look like "Spring Festival,春节,4": English name, Chinese name, statutory days. */
const names = (entry: string) => {
  const [nameEn = "", nameZh = ""] = entry.split(",");
  return { nameEn, nameZh };
};

const yearOf = (date: string) => date.slice(0, 4) as (typeof CALENDAR_YEARS)[number];
const inScope = (date: string) => (CALENDAR_YEARS as readonly string[]).includes(yearOf(date));
const sourceOf = (date: string) => `${PACKAGE}; ${NOTICES[yearOf(date)]}`;

// `holidays` holds every day of each 放假 range, weekends included; `workdays` the make-up working days.
// The package's `inLieuDays` (the weekdays freed by 调休) are already inside those ranges.
const holidays: SeedCalendarDay[] = Object.entries(chineseDays.holidays as Record<string, string>)
  .filter(([date]) => inScope(date))
  .map(([date, entry]) => ({ date, kind: "HOLIDAY", ...names(entry), source: sourceOf(date) }));

const workdays: SeedCalendarDay[] = Object.entries(chineseDays.workdays as Record<string, string>)
  .filter(([date]) => inScope(date))
  .map(([date, entry]) => {
    const { nameEn, nameZh } = names(entry);
    return {
      date,
      kind: "WORKDAY",
      nameZh: `${nameZh}调休上班`,
      nameEn: `Make-up working day (${nameEn})`,
      source: sourceOf(date),
    };
  });

export const calendarDays: SeedCalendarDay[] = [...holidays, ...workdays].sort((a, b) => a.date.localeCompare(b.date));
