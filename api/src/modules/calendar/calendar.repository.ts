import type { Db } from "../../lib/db.ts";
import type { CalendarEntry } from "../../domain/calendar-import.ts";
import type { StatutoryHoliday } from "../../domain/statutory-holidays.ts";

const day = (date: string) => new Date(`${date}T00:00:00Z`);
const yearBounds = (year: number) => ({ gte: day(`${year}-01-01`), lt: day(`${year + 1}-01-01`) });

export const findCalendarYear = (db: Db, year: number) =>
  db.calendarDay.findMany({ where: { date: yearBounds(year) }, orderBy: { date: "asc" } });

/** Years among `years` that hold no calendar row at all (neither official nor provisional). */
export const findEmptyYears = async (db: Db, years: number[]) => {
  const rows = await db.$queryRaw<{ year: number }[]>`
    SELECT y::int AS year FROM unnest(${years}::int[]) y
    WHERE NOT EXISTS (
      SELECT 1 FROM calendar_day
      WHERE date >= make_date(y, 1, 1) AND date < make_date(y + 1, 1, 1)
    )`;
  return rows.map((r) => r.year);
};

/** Concurrent callers may derive the same year: the primary key on date makes the second insert a no-op. */
export const insertProvisionalDays = (db: Db, days: StatutoryHoliday[], source: string) =>
  db.calendarDay.createMany({
    data: days.map((d) => ({
      date: day(d.date),
      kind: "HOLIDAY" as const,
      nameZh: d.nameZh,
      nameEn: d.nameEn,
      source,
      provisional: true,
    })),
    skipDuplicates: true,
  });

export const upsertOfficialDay = (db: Db, entry: CalendarEntry) => {
  const data = { kind: entry.kind, nameZh: entry.nameZh, nameEn: entry.nameEn, source: entry.source };
  return db.calendarDay.upsert({
    where: { date: day(entry.date) },
    create: { date: day(entry.date), ...data, provisional: false },
    update: { ...data, provisional: false },
  });
};

export const deleteCalendarDay = async (db: Db, date: string) =>
  (await db.calendarDay.deleteMany({ where: { date: day(date) } })).count > 0;

/** An official notice replaces the whole year, provisional days included, in one transaction. */
export const replaceCalendarYear = (db: Db, year: number, entries: CalendarEntry[]) =>
  db.$transaction([
    db.calendarDay.deleteMany({ where: { date: yearBounds(year) } }),
    db.calendarDay.createMany({
      data: entries.map((e) => ({
        date: day(e.date),
        kind: e.kind,
        nameZh: e.nameZh,
        nameEn: e.nameEn,
        source: e.source,
        provisional: false,
      })),
    }),
  ]);
