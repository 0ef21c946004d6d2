import type { Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { AppError } from "../../lib/app-error.ts";
import { localDate } from "../../domain/local-time.ts";
import type { Range } from "../../domain/ranges.ts";
import { parseCalendarImport, type CalendarEntry } from "../../domain/calendar-import.ts";
import {
  STATUTORY_LAW_SOURCE,
  STATUTORY_SOURCE,
  statutoryHolidayOn,
  statutoryHolidays,
  statutoryWorkdayMessage,
  withStatutoryDays,
  type StatutoryHoliday,
} from "../../domain/statutory-holidays.ts";
import { requireAccess } from "../access/access.ts";
import * as repo from "./calendar.repository.ts";

/** What the portal's message for a statutory day names (the API's English message is for developers). */
const holidayParams = (holiday: StatutoryHoliday) => ({
  date: holiday.date,
  nameZh: holiday.nameZh,
  nameEn: holiday.nameEn,
});

/** Derivation reaches this far: a booking horizon or an analytics window beyond it is not plausible. */
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

// Years this process has already checked: after the first look a year always has rows (or was emptied on
// purpose by an admin, which must not bring the provisional days back until the process restarts).
const ensured = new Set<number>();

export const yearsOf = (window: Range): number[] => {
  const first = Number(localDate(window.start).slice(0, 4));
  const last = Number(localDate(window.end - 1).slice(0, 4));
  const years: number[] = [];
  for (let y = Math.max(first, MIN_YEAR); y <= Math.min(last, MAX_YEAR); y++) years.push(y);
  return years;
};

/**
 * Makes sure every year in `years` has a calendar: a year with no row at all gets its statutory holidays
 * as provisional rows, so that availability, booking checks and the analytics' SQL all see the same days.
 * Official rows (entered or imported by an admin) replace them.
 */
export const ensureCalendarYears = async (db: Db, years: number[]) => {
  const unchecked = years.filter((y) => !ensured.has(y) && y >= MIN_YEAR && y <= MAX_YEAR);
  if (unchecked.length === 0) return;
  for (const year of await repo.findEmptyYears(db, unchecked)) {
    await repo.insertProvisionalDays(db, statutoryHolidays(year), STATUTORY_SOURCE);
  }
  for (const y of unchecked) ensured.add(y);
};

/** Job: keep this year and the next two derived ahead of any booking horizon. */
export const materializeCalendar = async (db: Db, now = Date.now()) => {
  const year = Number(localDate(now).slice(0, 4));
  ensured.clear();
  await ensureCalendarYears(db, [year, year + 1, year + 2]);
};

const requireAdmin = (actor: Actor) => {
  requireAccess({ actor, permission: "platform.administer", refusal: "Only admins can change the holiday calendar." });
};

const toDay = (d: Awaited<ReturnType<typeof repo.findCalendarYear>>[number]) => ({
  date: d.date.toISOString().slice(0, 10),
  kind: d.kind,
  nameZh: d.nameZh,
  nameEn: d.nameEn,
  source: d.source,
  provisional: d.provisional,
  statutory: d.kind === "HOLIDAY" && statutoryHolidayOn(d.date.toISOString().slice(0, 10)) !== undefined,
});
export type TCalendarDay = ReturnType<typeof toDay>;

export const getCalendarYear = async ({ db, year }: { db: Db; year: number }) => {
  await ensureCalendarYears(db, [year]);
  const days = (await repo.findCalendarYear(db, year)).map(toDay);
  return { year, provisional: days.some((d) => d.provisional), days };
};

/** Statutory holidays are fixed by law: an admin may rename or re-source them, never make them working days. */
export const saveCalendarDay = async ({ db, actor, entry }: { db: Db; actor: Actor; entry: CalendarEntry }) => {
  requireAdmin(actor);
  const holiday = entry.kind === "WORKDAY" ? statutoryHolidayOn(entry.date) : undefined;
  if (holiday) {
    const message = statutoryWorkdayMessage(holiday);
    throw new AppError("VALIDATION_FAILED", message, {
      errors: [{ path: "kind", code: "statutory_workday", params: holidayParams(holiday), message }],
    });
  }
  return toDay(await repo.upsertOfficialDay(db, entry));
};

export const removeCalendarDay = async ({ db, actor, date }: { db: Db; actor: Actor; date: string }) => {
  requireAdmin(actor);
  const holiday = statutoryHolidayOn(date);
  if (holiday) {
    const message = `${date} is ${holiday.nameEn} (${holiday.nameZh}), a statutory holiday: it stays closed; edit its name or source instead.`;
    throw new AppError("VALIDATION_FAILED", message, {
      errors: [{ path: "date", code: "statutory_kept", params: holidayParams(holiday), message }],
    });
  }
  if (!(await repo.deleteCalendarDay(db, date))) throw new AppError("NOT_FOUND", `No calendar row on ${date}.`);
};

export const importCalendarYear = async ({
  db,
  actor,
  year,
  format,
  content,
}: {
  db: Db;
  actor: Actor;
  year: number;
  format: "json" | "csv";
  content: string;
}) => {
  requireAdmin(actor);
  const { entries, problems } = parseCalendarImport(format, content, year);
  if (problems.length > 0) {
    throw new AppError("VALIDATION_FAILED", `The file has ${problems.length} problem(s); nothing was imported.`, {
      errors: problems.map((p) => ({
        path: `line ${p.line}`,
        code: p.code,
        params: { ...p.params, line: p.line },
        message: p.message,
      })),
    });
  }
  const checked = withStatutoryDays(year, entries, STATUTORY_LAW_SOURCE);
  if (checked.problems.length > 0) {
    throw new AppError(
      "VALIDATION_FAILED",
      `The file makes ${checked.problems.length} statutory holiday(s) working days; nothing was imported.`,
      {
        errors: checked.problems.map((p) => {
          const holiday = statutoryHolidayOn(p.date);
          return {
            path: p.date,
            code: "statutory_workday",
            params: holiday ? holidayParams(holiday) : { date: p.date, nameZh: "", nameEn: "" },
            message: p.message,
          };
        }),
      },
    );
  }
  await repo.replaceCalendarYear(db, year, checked.entries);
  ensured.add(year);
  return getCalendarYear({ db, year });
};
