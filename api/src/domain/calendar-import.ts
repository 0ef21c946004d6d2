import { parse } from "csv-parse/sync";
import type { CalendarDayKind } from "./opening-hours.ts";

/** One official calendar row as an admin enters or imports it. */
export type CalendarEntry = { date: string; kind: CalendarDayKind; nameZh: string; nameEn: string; source: string };
/** A problem of one line (0: the whole file): English `message` for developers, `code` and `params` for the portal. */
export type ImportProblem = { line: number; message: string; code: string; params?: Record<string, string | number> };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const KINDS: Record<string, CalendarDayKind> = {
  HOLIDAY: "HOLIDAY",
  WORKDAY: "WORKDAY",
  休: "HOLIDAY",
  班: "WORKDAY",
};

const isRealDate = (date: string) => {
  if (!DATE.test(date)) return false;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date);
};

const toEntry = (raw: Record<string, unknown>, line: number, year: number, problems: ImportProblem[]) => {
  const date = String(raw.date ?? "").trim();
  const kind =
    KINDS[
      String(raw.kind ?? "")
        .trim()
        .toUpperCase()
    ] ?? KINDS[String(raw.kind ?? "").trim()];
  const nameZh = String(raw.nameZh ?? raw.name ?? "").trim();
  const nameEn = String(raw.nameEn ?? raw.name_en ?? nameZh).trim();
  const source = String(raw.source ?? "").trim();
  const before = problems.length;
  if (!isRealDate(date))
    problems.push({
      line,
      code: "not_a_date",
      params: { value: date },
      message: `"${date}" is not a date (YYYY-MM-DD).`,
    });
  else if (!date.startsWith(`${year}-`))
    problems.push({ line, code: "wrong_year", params: { date, year }, message: `${date} is not in ${year}.` });
  if (!kind) {
    const value = String(raw.kind ?? "");
    problems.push({
      line,
      code: "unknown_kind",
      params: { value },
      message: `kind must be HOLIDAY or WORKDAY, not "${value}".`,
    });
  }
  if (!nameZh) problems.push({ line, code: "name_missing", message: "name is missing." });
  if (!source)
    problems.push({ line, code: "source_missing", message: "source is missing: name the notice the day comes from." });
  return problems.length === before ? { date, kind: kind!, nameZh, nameEn, source } : null;
};

/**
 * Parses an official calendar for one year from JSON (an array of {date, kind, name, source}) or CSV with a
 * header row naming date, kind, name and source (nameEn optional). Every problem is reported with its line,
 * so a file is taken whole or not at all.
 */
export const parseCalendarImport = (
  format: "json" | "csv",
  content: string,
  year: number,
): { entries: CalendarEntry[]; problems: ImportProblem[] } => {
  const problems: ImportProblem[] = [];
  let records: { raw: Record<string, unknown>; line: number }[];
  if (format === "json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch {
      return { entries: [], problems: [{ line: 0, code: "invalid_json", message: "The file is not valid JSON." }] };
    }
    if (!Array.isArray(parsed))
      return { entries: [], problems: [{ line: 0, code: "not_an_array", message: "Expected a JSON array." }] };
    records = parsed.map((raw, i) => ({ raw: (raw ?? {}) as Record<string, unknown>, line: i + 1 }));
  } else {
    let rows: { record: string[]; info: { lines: number } }[];
    try {
      rows = parse(content, {
        bom: true,
        trim: true,
        skip_empty_lines: true,
        relax_column_count: true,
        info: true,
      }) as unknown as typeof rows;
    } catch (error) {
      const line = (error as { lines?: number }).lines ?? 0;
      return { entries: [], problems: [{ line, code: "invalid_csv", message: "The file is not valid CSV." }] };
    }
    const header = (rows[0]?.record ?? []).map((h) => h.replace(/_zh$/i, "Zh").replace(/_en$/i, "En"));
    for (const needed of ["date", "kind", "name", "source"]) {
      if (!header.some((h) => h === needed || (needed === "name" && h === "nameZh"))) {
        problems.push({
          line: 1,
          code: "header_missing",
          params: { column: needed },
          message: `The header must name a "${needed}" column.`,
        });
      }
    }
    if (problems.length > 0) return { entries: [], problems };
    records = rows.slice(1).map(({ record, info }) => ({
      raw: Object.fromEntries(header.map((h, j) => [h, record[j] ?? ""])),
      line: info.lines,
    }));
  }
  const entries: CalendarEntry[] = [];
  const seen = new Set<string>();
  for (const { raw, line } of records) {
    const entry = toEntry(raw, line, year, problems);
    if (!entry) continue;
    if (seen.has(entry.date))
      problems.push({
        line,
        code: "duplicate_date",
        params: { date: entry.date },
        message: `${entry.date} appears twice.`,
      });
    seen.add(entry.date);
    entries.push(entry);
  }
  if (records.length === 0) problems.push({ line: 0, code: "no_days", message: "The file holds no days." });
  return { entries: problems.length > 0 ? [] : entries, problems };
};
