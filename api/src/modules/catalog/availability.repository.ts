import { sqlList, type Db } from "../../lib/db.ts";
import { ACTIVE_STATUSES } from "../../enums.ts";
import type { Range } from "../../domain/ranges.ts";
import { cachedByCatalogVersion } from "./catalog-cache.repository.ts";
import type { CalendarDayKind, WeeklyHours } from "../../domain/opening-hours.ts";

type BusyRow = { unit_id: string; starts: number[]; ends: number[] };

/**
 * Blocked time of every active unit of the given resources within the window, in ONE query: the exclusion
 * constraint's GiST index finds the overlapping bookings, range_agg merges them per unit (multiranges).
 * One row per unit with epoch-millisecond arrays: no Date object per range on the way out.
 */
export const findBusyByUnit = async (db: Db, resourceIds: string[], window: Range) => {
  const from = new Date(window.start);
  const to = new Date(window.end);
  const rows = await db.$queryRaw<BusyRow[]>`
    SELECT unit_id,
      array_agg((extract(epoch FROM lower(r)) * 1000)::float8 ORDER BY lower(r)) AS starts,
      array_agg((extract(epoch FROM upper(r)) * 1000)::float8 ORDER BY lower(r)) AS ends
    FROM (
      SELECT b.unit_id, unnest(range_agg(b.blocked * tstzrange(${from}, ${to}, '[)'))) AS r
      FROM resource_unit u
      JOIN booking b ON b.unit_id = u.id
      WHERE u.resource_id = ANY(${resourceIds}::uuid[])
        AND b.status IN ${sqlList(ACTIVE_STATUSES)}
        AND b.blocked && tstzrange(${from}, ${to}, '[)')
      GROUP BY b.unit_id
    ) merged
    GROUP BY unit_id`;
  return new Map(rows.map((row) => [row.unit_id, row.starts.map((start, i) => ({ start, end: row.ends[i]! }))]));
};

export type CalendarContext = {
  calendar: Map<string, CalendarDayKind>;
  /** Weekly hours per facility, and per resource where it overrides its facility's. */
  facilityHours: Map<string, WeeklyHours[]>;
  resourceHours: Map<string, WeeklyHours[]>;
  facilityClosures: Map<string, Range[]>;
  resourceClosures: Map<string, Range[]>;
};

/** Everything that shapes opening windows for these resources, in a fixed number of queries. */
export const loadCalendarContext = async (
  db: Db,
  facilityIds: string[],
  resourceIds: string[],
  window: Range,
): Promise<CalendarContext> => {
  // The whole (small) tables, cached per catalog version; filtered here as the queries did. All calendar
  // days rather than the window's: openFor only looks up the days of its window.
  const {
    days,
    hours: allHours,
    closures: allClosures,
  } = await cachedByCatalogVersion(db, "calendar-tables", async () => {
    const [days, hours, closures] = await Promise.all([
      db.calendarDay.findMany(),
      db.openingHours.findMany(),
      db.closure.findMany(),
    ]);
    return { days, hours, closures };
  });
  const facilitySet = new Set(facilityIds);
  const resourceSet = new Set(resourceIds);
  const hours = allHours.filter(
    (h) => facilitySet.has(h.facilityId) && (h.resourceId === null || resourceSet.has(h.resourceId)),
  );
  const closures = allClosures.filter(
    (c) =>
      c.startsAt.getTime() < window.end &&
      c.endsAt.getTime() > window.start &&
      ((c.facilityId !== null && facilitySet.has(c.facilityId)) ||
        (c.resourceId !== null && resourceSet.has(c.resourceId))),
  );
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => map.set(key, [...(map.get(key) ?? []), value]);
  const context: CalendarContext = {
    calendar: new Map(days.map((d) => [d.date.toISOString().slice(0, 10), d.kind])),
    facilityHours: new Map(),
    resourceHours: new Map(),
    facilityClosures: new Map(),
    resourceClosures: new Map(),
  };
  for (const h of hours) {
    const weekly = { weekday: h.weekday, opensMin: h.opensMin, closesMin: h.closesMin };
    if (h.resourceId) push(context.resourceHours, h.resourceId, weekly);
    else push(context.facilityHours, h.facilityId, weekly);
  }
  for (const c of closures) {
    const range = { start: c.startsAt.getTime(), end: c.endsAt.getTime() };
    // A closure that names a resource closes that resource only, even when it also names its facility.
    if (c.resourceId) push(context.resourceClosures, c.resourceId, range);
    else if (c.facilityId) push(context.facilityClosures, c.facilityId, range);
  }
  return context;
};
