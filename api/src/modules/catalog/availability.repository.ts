import { Prisma } from "../../generated/prisma/client.ts";
import { queryRawFast, sqlList, type Db } from "../../lib/db.ts";
import { ACTIVE_STATUSES } from "../../enums.ts";
import type { Range } from "../../domain/ranges.ts";
import { cachedByCatalogVersion } from "./catalog-cache.repository.ts";
import type { CalendarDayKind, WeeklyHours } from "../../domain/opening-hours.ts";

/** Busy time per unit: each a flat list of epoch-millisecond bounds, start, end, start, end, … in order. */
type BusyRow = { unit_id: string; bounds: string };

/** Which units: those of these resources, of the resource with this code, or of the facility with this code. */
export type BusyTarget = { resourceIds: string[] } | { resourceCode: string } | { facilityCode: string };

const unitsOf = (target: BusyTarget) =>
  "resourceIds" in target
    ? Prisma.sql`u.resource_id = ANY(${target.resourceIds}::uuid[])`
    : "resourceCode" in target
      ? Prisma.sql`u.resource_id = (SELECT id FROM resource WHERE code = ${target.resourceCode})`
      : Prisma.sql`u.resource_id IN (SELECT r.id FROM resource r JOIN facility f ON f.id = r.facility_id WHERE f.code = ${target.facilityCode})`;

/**
 * The blocked time of the units in the window, merged per unit (range_agg: multiranges). One index probe per
 * unit on the exclusion constraint's GiST index (unit_id, blocked): at 1M bookings a scan of the window's
 * bookings of every unit, joined to the wanted units afterwards, cost twice as much for a facility. As text
 * (`start,end,start,end…` in epoch ms), which parses faster than arrays.
 */
const busySql = (target: BusyTarget, window: Range) => {
  const w = Prisma.sql`tstzrange(${new Date(window.start)}, ${new Date(window.end)}, '[)')`;
  return Prisma.sql`
    SELECT u.id AS unit_id, busy.bounds
    FROM resource_unit u
    CROSS JOIN LATERAL (
      SELECT string_agg((extract(epoch FROM lower(r)) * 1000)::float8 || ',' || (extract(epoch FROM upper(r)) * 1000)::float8, ','
        ORDER BY lower(r)) AS bounds
      FROM unnest((
        SELECT range_agg(b.blocked * ${w}) FROM booking b
        WHERE b.unit_id = u.id AND b.status IN ${sqlList(ACTIVE_STATUSES)} AND b.blocked && ${w}
      )) AS r
    ) busy
    WHERE ${unitsOf(target)} AND busy.bounds IS NOT NULL`;
};

const toBusyMap = (rows: BusyRow[]) =>
  new Map(
    rows.map((row) => {
      const bounds = row.bounds.split(",");
      const ranges: Range[] = [];
      for (let i = 0; i + 1 < bounds.length; i += 2)
        ranges.push({ start: Number(bounds[i]), end: Number(bounds[i + 1]) });
      return [row.unit_id, ranges] as const;
    }),
  );

export type BusyByUnit = Map<string, Range[]>;

/** Blocked time of every unit of the given resources within the window, in ONE query. */
export const findBusyByUnit = async (db: Db, resourceIds: string[], window: Range): Promise<BusyByUnit> =>
  toBusyMap(await queryRawFast<BusyRow>(db, busySql({ resourceIds }, window)));

/**
 * The catalog version and the blocked time of the target's units, in ONE statement (one snapshot): the
 * resources, hours and calendar then come from the catalog cache at exactly that version, so an availability
 * request costs this one round trip after its session's.
 */
export const findBusyWithCatalogVersion = async (
  db: Db,
  target: BusyTarget,
  window: Range,
): Promise<{ version: bigint; busyByUnit: BusyByUnit }> => {
  const rows = await queryRawFast<BusyRow & { version: bigint | string }>(
    db,
    Prisma.sql`
      SELECT v.version, busy.unit_id, busy.bounds
      FROM catalog_version v LEFT JOIN (${busySql(target, window)}) busy ON true
      WHERE v.id = 1`,
  );
  return {
    version: rows[0] ? BigInt(rows[0].version) : -1n,
    busyByUnit: toBusyMap(rows.filter((row) => row.unit_id !== null)),
  };
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
