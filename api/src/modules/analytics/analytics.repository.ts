import type { Db } from "../../lib/db.ts";
import { Prisma } from "../../generated/prisma/client.ts";

/**
 * Utilization and policy metrics, computed entirely in PostgreSQL: no booking or usage row is ever loaded
 * into JavaScript. Every query returns one row per reported group (and period), never per booking.
 *
 * Definitions (also in the README's analytics section):
 * - Periods are local Asia/Shanghai calendar days, ISO weeks (Monday), months and years. The window is the
 *   half-open local-date range [from, to).
 * - Opening hours: a resource's own weekly rows when it has any, else its facility's; an official HOLIDAY
 *   closes the day, a make-up WORKDAY (调休) uses the Monday hours; closures of the resource or of its
 *   facility (a closure naming no resource) are subtracted. Capacity = opening hours × active units.
 * - Booked hours: kind BOOKING (maintenance blocks are not use) in status APPROVED, CHECKED_IN, COMPLETED or
 *   NO_SHOW (a no-show still withheld the unit from others); PENDING, REJECTED, CANCELLED and EXPIRED are
 *   excluded. Only [starts_at, ends_at) counts, never the buffers, and only the part inside opening hours,
 *   on active units. Utilization = booked ÷ capacity.
 * - 有效工作机时: usage records [started_at, ended_at) (an open record runs until now), clipped to the
 *   window and split by local day, NOT clipped to opening hours or to the booking.
 * - 对外服务机时: the part of those hours whose organization is not an operator of the resource's facility
 *   (a record with no organization counts as internal). 共享率 = outside ÷ effective.
 * - Annual quota (resource.annual_quota_hours) is prorated by the share of each year the period covers.
 */

export const TZ = "Asia/Shanghai";

export type GroupBy = "facility" | "resource" | "unit";
/** `total` makes one bucket of the whole window (used by the summary). */
export type Period = "day" | "week" | "month" | "year" | "total";

export type Scope = {
  /** Local dates, half-open [from, to). */
  from: string;
  to: string;
  /** null = every facility; otherwise only these. */
  facilityIds: string[] | null;
  kind: string | null;
};

export type UtilizationRow = {
  period: string;
  facility_id: string;
  facility_code: string;
  facility_name_zh: string;
  facility_name_en: string;
  resource_id: string | null;
  resource_code: string | null;
  resource_name_zh: string | null;
  resource_name_en: string | null;
  resource_kind: string | null;
  unit_id: string | null;
  unit_label: string | null;
  open_hours: number;
  booked_hours: number;
  effective_hours: number;
  outside_hours: number;
  quota_hours: number | null;
};

const scopeFilter = (scope: Scope) => Prisma.sql`
  (${scope.facilityIds === null} OR r.facility_id = ANY(${scope.facilityIds ?? []}::uuid[]))
  AND (${scope.kind}::text IS NULL OR r.kind::text = ${scope.kind}::text)`;

/**
 * The shared CTEs: resources in scope, the days of the window with their effective weekday, and the
 * opening intervals per resource and local day (closures subtracted). An interval never crosses local
 * midnight (closes_min ≤ 1440), so every interval, and everything intersected with it, belongs to one day.
 */
const baseCtes = (scope: Scope, period: Period) => Prisma.sql`
  res AS (
    SELECT r.id, r.facility_id, r.annual_quota_hours FROM resource r WHERE ${scopeFilter(scope)}
  ),
  win AS (
    SELECT (${scope.from}::date::timestamp AT TIME ZONE ${TZ}) AS lo, (${scope.to}::date::timestamp AT TIME ZONE ${TZ}) AS hi
  ),
  days AS (
    SELECT g::date AS day,
      CASE WHEN ${period === "total"} THEN ${scope.from}::date ELSE date_trunc(${period === "total" ? "year" : period}, g)::date END AS bucket,
      CASE cd.kind WHEN 'HOLIDAY' THEN NULL WHEN 'WORKDAY' THEN 1 ELSE extract(isodow FROM g)::int END AS weekday
    FROM generate_series(${scope.from}::date::timestamp, ${scope.to}::date::timestamp - interval '1 day', interval '1 day') g
    LEFT JOIN calendar_day cd ON cd.date = g::date
  ),
  weekly AS (
    SELECT r.id AS resource_id, oh.weekday, oh.opens_min, oh.closes_min
    FROM res r JOIN opening_hours oh ON oh.resource_id = r.id
    UNION ALL
    SELECT r.id, oh.weekday, oh.opens_min, oh.closes_min
    FROM res r JOIN opening_hours oh ON oh.facility_id = r.facility_id AND oh.resource_id IS NULL
    WHERE NOT EXISTS (SELECT 1 FROM opening_hours own WHERE own.resource_id = r.id)
  ),
  closed AS (
    SELECT r.id AS resource_id, range_agg(tstzrange(c.starts_at, c.ends_at, '[)')) AS ranges
    FROM res r JOIN closure c ON c.resource_id = r.id OR (c.resource_id IS NULL AND c.facility_id = r.facility_id)
    CROSS JOIN win
    WHERE c.starts_at < win.hi AND c.ends_at > win.lo
    GROUP BY r.id
  ),
  open_day AS (
    SELECT w.resource_id, d.day, d.bucket,
      range_agg(tstzrange((d.day + make_interval(mins => w.opens_min)) AT TIME ZONE ${TZ},
                          (d.day + make_interval(mins => w.closes_min)) AT TIME ZONE ${TZ}, '[)')) AS ranges
    FROM days d JOIN weekly w ON w.weekday = d.weekday
    GROUP BY w.resource_id, d.day, d.bucket
  ),
  open_interval AS (
    SELECT o.resource_id, o.day, o.bucket, lower(x) AS lo, upper(x) AS hi
    FROM open_day o
    LEFT JOIN closed c ON c.resource_id = o.resource_id
    CROSS JOIN LATERAL unnest(CASE WHEN c.ranges IS NULL THEN o.ranges ELSE o.ranges - c.ranges END) AS x
  )`;

const hours = (expression: Prisma.Sql) => Prisma.sql`coalesce(extract(epoch FROM ${expression}) / 3600, 0)::float8`;

/**
 * Facts per unit and bucket, rolled up to the requested group. Three sources, joined by UNION ALL and one
 * GROUP BY: opening capacity (resource × active units), booked time inside opening intervals, and usage.
 */
export const findUtilization = async (db: Db, scope: Scope, groupBy: GroupBy, period: Period): Promise<UtilizationRow[]> => {
  const key =
    groupBy === "unit"
      ? Prisma.sql`f.facility_id, f.resource_id, f.unit_id`
      : groupBy === "resource"
        ? Prisma.sql`f.facility_id, f.resource_id, NULL::uuid AS unit_id`
        : Prisma.sql`f.facility_id, NULL::uuid AS resource_id, NULL::uuid AS unit_id`;
  const groupKey =
    groupBy === "unit" ? Prisma.sql`1, 2, 3, 4` : groupBy === "resource" ? Prisma.sql`1, 2, 4` : Prisma.sql`1, 4`;
  return db.$queryRaw<UtilizationRow[]>`
    WITH ${baseCtes(scope, period)},
    units AS (
      SELECT u.id AS unit_id, u.resource_id, r.facility_id FROM resource_unit u JOIN res r ON r.id = u.resource_id WHERE u.active
    ),
    open_bucket AS (
      SELECT resource_id, bucket, sum(hi - lo) AS open FROM open_interval GROUP BY resource_id, bucket
    ),
    booked AS (
      SELECT b.unit_id, oi.bucket, sum(least(b.ends_at, oi.hi) - greatest(b.starts_at, oi.lo)) AS booked
      FROM booking b
      JOIN units un ON un.unit_id = b.unit_id
      CROSS JOIN win
      CROSS JOIN LATERAL generate_series((b.starts_at AT TIME ZONE ${TZ})::date::timestamp,
                                         ((b.ends_at - interval '1 microsecond') AT TIME ZONE ${TZ})::date::timestamp,
                                         interval '1 day') AS g(day)
      JOIN open_interval oi ON oi.resource_id = b.resource_id AND oi.day = g.day::date
      WHERE b.kind = 'BOOKING' AND b.status IN ('APPROVED', 'CHECKED_IN', 'COMPLETED', 'NO_SHOW')
        AND b.starts_at < win.hi AND b.ends_at > win.lo
        AND oi.lo < b.ends_at AND oi.hi > b.starts_at
      GROUP BY b.unit_id, oi.bucket
    ),
    used AS (
      SELECT u.unit_id, u.resource_id, d.bucket,
        sum(least(coalesce(u.ended_at, now()), (d.day + 1)::timestamp AT TIME ZONE ${TZ})
            - greatest(u.started_at, d.day::timestamp AT TIME ZONE ${TZ})) AS effective,
        sum(least(coalesce(u.ended_at, now()), (d.day + 1)::timestamp AT TIME ZONE ${TZ})
            - greatest(u.started_at, d.day::timestamp AT TIME ZONE ${TZ}))
          FILTER (WHERE u.organization_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM facility_operator fo WHERE fo.facility_id = r.facility_id AND fo.organization_id = u.organization_id)) AS outside
      FROM usage_record u
      JOIN res r ON r.id = u.resource_id
      CROSS JOIN win
      CROSS JOIN LATERAL generate_series(date_trunc('day', greatest(u.started_at, win.lo) AT TIME ZONE ${TZ}),
                                         (least(coalesce(u.ended_at, now()), win.hi) - interval '1 microsecond') AT TIME ZONE ${TZ},
                                         interval '1 day') AS g(t)
      JOIN days d ON d.day = g.t::date
      WHERE u.started_at < win.hi AND coalesce(u.ended_at, now()) > win.lo AND u.started_at < coalesce(u.ended_at, now())
      GROUP BY u.unit_id, u.resource_id, d.bucket
    ),
    facts AS (
      SELECT un.facility_id, un.resource_id, un.unit_id, ob.bucket, ob.open, NULL::interval AS booked, NULL::interval AS effective, NULL::interval AS outside
      FROM units un JOIN open_bucket ob ON ob.resource_id = un.resource_id
      UNION ALL
      SELECT un.facility_id, un.resource_id, un.unit_id, bk.bucket, NULL, bk.booked, NULL, NULL
      FROM booked bk JOIN units un ON un.unit_id = bk.unit_id
      UNION ALL
      SELECT r.facility_id, us.resource_id, us.unit_id, us.bucket, NULL, NULL, us.effective, us.outside
      FROM used us JOIN res r ON r.id = us.resource_id
    ),
    -- Quota share of each bucket: the days it covers in the window over the days of its year.
    bucket_share AS (
      SELECT bucket, sum(1.0 / (make_date(extract(year FROM day)::int + 1, 1, 1) - make_date(extract(year FROM day)::int, 1, 1))) AS year_share
      FROM days GROUP BY bucket
    ),
    rolled AS (
      SELECT ${key}, f.bucket,
        sum(f.open) AS open, sum(f.booked) AS booked, sum(f.effective) AS effective, sum(f.outside) AS outside
      FROM facts f
      GROUP BY ${groupKey}
    )
    SELECT to_char(x.bucket, 'YYYY-MM-DD') AS period,
      fa.id AS facility_id, fa.code AS facility_code, fa.name_zh AS facility_name_zh, fa.name_en AS facility_name_en,
      re.id AS resource_id, re.code AS resource_code, re.name_zh AS resource_name_zh, re.name_en AS resource_name_en, re.kind::text AS resource_kind,
      ru.id AS unit_id, ru.label AS unit_label,
      ${hours(Prisma.sql`x.open`)} AS open_hours,
      ${hours(Prisma.sql`x.booked`)} AS booked_hours,
      ${hours(Prisma.sql`x.effective`)} AS effective_hours,
      ${hours(Prisma.sql`x.outside`)} AS outside_hours,
      CASE
        WHEN x.unit_id IS NOT NULL THEN NULL
        WHEN x.resource_id IS NOT NULL THEN (re.annual_quota_hours * bs.year_share)::float8
        ELSE ((SELECT sum(annual_quota_hours) FROM res WHERE res.facility_id = x.facility_id) * bs.year_share)::float8
      END AS quota_hours
    FROM rolled x
    JOIN facility fa ON fa.id = x.facility_id
    LEFT JOIN resource re ON re.id = x.resource_id
    LEFT JOIN resource_unit ru ON ru.id = x.unit_id
    JOIN bucket_share bs ON bs.bucket = x.bucket
    ORDER BY x.bucket, fa.code, re.code NULLS FIRST, ru.position NULLS FIRST`;
};

export type HeatmapRow = { weekday: number; hour: number; booked_hours: number };

/** Booked hours (same statuses as utilization, buffers excluded) by local ISO weekday and hour of day. */
export const findHeatmap = (db: Db, scope: Scope) => db.$queryRaw<HeatmapRow[]>`
  WITH res AS (SELECT r.id FROM resource r WHERE ${scopeFilter(scope)}),
  win AS (
    SELECT (${scope.from}::date::timestamp AT TIME ZONE ${TZ}) AS lo, (${scope.to}::date::timestamp AT TIME ZONE ${TZ}) AS hi
  ),
  pieces AS (
    SELECT h AS slot,
      least(b.ends_at, win.hi, h + interval '1 hour') - greatest(b.starts_at, win.lo, h) AS booked
    FROM booking b
    CROSS JOIN win
    CROSS JOIN LATERAL generate_series(date_trunc('hour', greatest(b.starts_at, win.lo), ${TZ}),
                                       least(b.ends_at, win.hi) - interval '1 microsecond', interval '1 hour') AS h
    WHERE b.kind = 'BOOKING' AND b.status IN ('APPROVED', 'CHECKED_IN', 'COMPLETED', 'NO_SHOW')
      AND b.resource_id IN (SELECT id FROM res)
      AND b.starts_at < win.hi AND b.ends_at > win.lo
  )
  SELECT extract(isodow FROM slot AT TIME ZONE ${TZ})::int AS weekday, extract(hour FROM slot AT TIME ZONE ${TZ})::int AS hour,
    ${hours(Prisma.sql`sum(booked)`)} AS booked_hours
  FROM pieces GROUP BY 1, 2 ORDER BY 1, 2`;

export type OutcomeRow = {
  requests: number;
  approved: number;
  rejected: number;
  cancelled: number;
  expired: number;
  pending: number;
  completed: number;
  checked_in: number;
  no_show: number;
};

/** Booking requests (kind BOOKING) whose start falls in the window, counted by their current status. */
export const findOutcomes = async (db: Db, scope: Scope): Promise<OutcomeRow> => {
  const [row] = await db.$queryRaw<OutcomeRow[]>`
    SELECT count(*)::int AS requests,
      count(*) FILTER (WHERE b.status = 'APPROVED')::int AS approved,
      count(*) FILTER (WHERE b.status = 'REJECTED')::int AS rejected,
      count(*) FILTER (WHERE b.status = 'CANCELLED')::int AS cancelled,
      count(*) FILTER (WHERE b.status = 'EXPIRED')::int AS expired,
      count(*) FILTER (WHERE b.status = 'PENDING')::int AS pending,
      count(*) FILTER (WHERE b.status = 'COMPLETED')::int AS completed,
      count(*) FILTER (WHERE b.status = 'CHECKED_IN')::int AS checked_in,
      count(*) FILTER (WHERE b.status = 'NO_SHOW')::int AS no_show
    FROM booking b JOIN resource r ON r.id = b.resource_id
    WHERE b.kind = 'BOOKING' AND ${scopeFilter(scope)}
      AND b.starts_at >= (${scope.from}::date::timestamp AT TIME ZONE ${TZ})
      AND b.starts_at < (${scope.to}::date::timestamp AT TIME ZONE ${TZ})`;
  return row!;
};

export type LeadTimeRow = { decided: number; median_hours: number | null; p90_hours: number | null };

/**
 * Approval lead time: from the creating event (NULL → PENDING) to the first decision (→ APPROVED or
 * REJECTED), for requests created in the window. Auto-approved bookings never pend and are not counted.
 */
export const findLeadTime = async (db: Db, scope: Scope): Promise<LeadTimeRow> => {
  const [row] = await db.$queryRaw<LeadTimeRow[]>`
    WITH created AS (
      SELECT e.booking_id, e.at
      FROM booking_event e
      JOIN booking b ON b.id = e.booking_id
      JOIN resource r ON r.id = b.resource_id
      WHERE e.from_status IS NULL AND e.to_status = 'PENDING' AND b.kind = 'BOOKING' AND ${scopeFilter(scope)}
        AND e.at >= (${scope.from}::date::timestamp AT TIME ZONE ${TZ})
        AND e.at < (${scope.to}::date::timestamp AT TIME ZONE ${TZ})
    ),
    decided AS (
      SELECT extract(epoch FROM d.at - c.at) / 3600 AS hours
      FROM created c
      CROSS JOIN LATERAL (
        SELECT e.at FROM booking_event e
        WHERE e.booking_id = c.booking_id AND e.to_status IN ('APPROVED', 'REJECTED')
        ORDER BY e.at, e.id LIMIT 1
      ) d
    )
    SELECT count(*)::int AS decided,
      (percentile_cont(0.5) WITHIN GROUP (ORDER BY hours))::float8 AS median_hours,
      (percentile_cont(0.9) WITHIN GROUP (ORDER BY hours))::float8 AS p90_hours
    FROM decided`;
  return row!;
};

export type TopOrganizationRow = {
  facility_code: string;
  organization_id: string;
  name_zh: string;
  name_en: string;
  is_operator: boolean;
  effective_hours: number;
  bookings: number;
  rank: number;
};

/**
 * The organizations that used each facility most in the window, by usage hours (clipped to the window),
 * with the number of their bookings that started in it as a tie-breaker.
 */
export const findTopOrganizations = (db: Db, scope: Scope, limit: number) => db.$queryRaw<TopOrganizationRow[]>`
  WITH res AS (SELECT r.id, r.facility_id FROM resource r WHERE ${scopeFilter(scope)}),
  win AS (
    SELECT (${scope.from}::date::timestamp AT TIME ZONE ${TZ}) AS lo, (${scope.to}::date::timestamp AT TIME ZONE ${TZ}) AS hi
  ),
  used AS (
    SELECT r.facility_id, u.organization_id,
      sum(least(coalesce(u.ended_at, now()), win.hi) - greatest(u.started_at, win.lo)) AS hours
    FROM usage_record u JOIN res r ON r.id = u.resource_id CROSS JOIN win
    WHERE u.organization_id IS NOT NULL AND u.started_at < win.hi AND coalesce(u.ended_at, now()) > win.lo
      AND u.started_at < coalesce(u.ended_at, now())
    GROUP BY 1, 2
  ),
  booked AS (
    SELECT r.facility_id, b.organization_id, count(*) AS bookings
    FROM booking b JOIN res r ON r.id = b.resource_id CROSS JOIN win
    WHERE b.kind = 'BOOKING' AND b.status IN ('APPROVED', 'CHECKED_IN', 'COMPLETED', 'NO_SHOW')
      AND b.starts_at >= win.lo AND b.starts_at < win.hi
    GROUP BY 1, 2
  ),
  ranked AS (
    SELECT coalesce(u.facility_id, bk.facility_id) AS facility_id, coalesce(u.organization_id, bk.organization_id) AS organization_id,
      u.hours, coalesce(bk.bookings, 0) AS bookings,
      row_number() OVER (PARTITION BY coalesce(u.facility_id, bk.facility_id)
                         ORDER BY u.hours DESC NULLS LAST, bk.bookings DESC NULLS LAST, coalesce(u.organization_id, bk.organization_id)) AS rank
    FROM used u FULL JOIN booked bk ON bk.facility_id = u.facility_id AND bk.organization_id = u.organization_id
  )
  SELECT f.code AS facility_code, o.id AS organization_id, o.name_zh, o.name_en,
    EXISTS (SELECT 1 FROM facility_operator fo WHERE fo.facility_id = x.facility_id AND fo.organization_id = x.organization_id) AS is_operator,
    ${hours(Prisma.sql`x.hours`)} AS effective_hours, x.bookings::int AS bookings, x.rank::int AS rank
  FROM ranked x JOIN facility f ON f.id = x.facility_id JOIN organization o ON o.id = x.organization_id
  WHERE x.rank <= ${limit}
  ORDER BY f.code, x.rank`;

export const findFacilityByCode = (db: Db, code: string) => db.facility.findUnique({ where: { code }, select: { id: true, code: true } });
