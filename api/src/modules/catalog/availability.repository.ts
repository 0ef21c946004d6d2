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
  toBusyMap(await queryRawFast<BusyRow>(db, busySql({ resourceIds }, window), { name: "availability_busy_ids" }));

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
    { name: `availability_busy_${Object.keys(target)[0]}` },
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

type ClosureRow = { facilityId: string; range: Range };
type HoursRow = { facilityId: string; weekly: WeeklyHours };

/**
 * The calendar tables indexed once per catalog version: the holiday calendar as a map, opening hours and
 * closures by facility (rows for the whole facility) and by resource. A request then picks its facilities'
 * and resources' rows instead of filtering (and re-keying) the whole tables each time.
 */
const calendarIndex = (db: Db) =>
  cachedByCatalogVersion(db, "calendar-index", async () => {
    const [days, hours, closures] = await Promise.all([
      db.calendarDay.findMany(),
      db.openingHours.findMany(),
      db.closure.findMany(),
    ]);
    const push = <T>(map: Map<string, T[]>, key: string, value: T) => {
      const list = map.get(key);
      if (list) list.push(value);
      else map.set(key, [value]);
    };
    const index = {
      calendar: new Map(days.map((d) => [d.date.toISOString().slice(0, 10), d.kind])),
      facilityHours: new Map<string, WeeklyHours[]>(),
      resourceHours: new Map<string, HoursRow[]>(),
      facilityClosures: new Map<string, Range[]>(),
      resourceClosures: new Map<string, ClosureRow[]>(),
    };
    for (const h of hours) {
      const weekly = { weekday: h.weekday, opensMin: h.opensMin, closesMin: h.closesMin };
      if (h.resourceId) push(index.resourceHours, h.resourceId, { facilityId: h.facilityId, weekly });
      else push(index.facilityHours, h.facilityId, weekly);
    }
    for (const c of closures) {
      const range = { start: c.startsAt.getTime(), end: c.endsAt.getTime() };
      // A closure that names a resource closes that resource only, even when it also names its facility.
      if (c.resourceId) push(index.resourceClosures, c.resourceId, { facilityId: c.facilityId ?? "", range });
      else if (c.facilityId) push(index.facilityClosures, c.facilityId, range);
    }
    return index;
  });

/** Everything that shapes opening windows for these resources, from the catalog cache (no query when warm). */
export const loadCalendarContext = async (
  db: Db,
  facilityIds: string[],
  resourceIds: string[],
  window: Range,
): Promise<CalendarContext> => {
  const index = await calendarIndex(db);
  const facilitySet = new Set(facilityIds);
  const inWindow = (r: Range) => r.start < window.end && r.end > window.start;
  const context: CalendarContext = {
    calendar: index.calendar,
    facilityHours: new Map(),
    resourceHours: new Map(),
    facilityClosures: new Map(),
    resourceClosures: new Map(),
  };
  for (const facilityId of facilitySet) {
    const hours = index.facilityHours.get(facilityId);
    if (hours) context.facilityHours.set(facilityId, hours);
    const closures = index.facilityClosures.get(facilityId)?.filter(inWindow);
    if (closures?.length) context.facilityClosures.set(facilityId, closures);
  }
  for (const resourceId of new Set(resourceIds)) {
    // A resource's own hours count under the facility they were entered for, as the query once filtered.
    const hours = index.resourceHours.get(resourceId)?.filter((h) => facilitySet.has(h.facilityId));
    if (hours?.length)
      context.resourceHours.set(
        resourceId,
        hours.map((h) => h.weekly),
      );
    const closures = index.resourceClosures
      .get(resourceId)
      ?.map((c) => c.range)
      .filter(inWindow);
    if (closures?.length) context.resourceClosures.set(resourceId, closures);
  }
  return context;
};
