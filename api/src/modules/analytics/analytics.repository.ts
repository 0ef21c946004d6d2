import { sqlList, type Db } from "../../lib/db.ts";
import { USED_STATUSES } from "../../enums.ts";
import { Prisma } from "../../generated/prisma/client.ts";

const USED = sqlList(USED_STATUSES);

/**
 * Utilization and policy metrics, computed entirely in PostgreSQL: no booking or usage row is ever loaded
 * into JavaScript. Every query returns one row per reported group (and period), never per booking.
 *
 * Definitions (also in the README's analytics section):
 * - Periods are local Asia/Shanghai calendar days, ISO weeks (Monday), months and years. The window is the
 *   half-open local-date range [from, to).
 * - Opening hours: a resource's own weekly rows when it has any, else its facility's; a HOLIDAY (official
 *   or provisional) closes the day, a make-up WORKDAY (调休) uses the Monday hours; a continuous resource is
 *   open 24 hours every day, holidays included; closures of the resource or of its
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

/** Local midnight of a date in Asia/Shanghai (UTC+8 all year, no daylight saving). */
const localMidnight = (date: string) => new Date(`${date}T00:00:00+08:00`);

const scopeFilter = (scope: Scope) => Prisma.sql`
  (${scope.facilityIds === null} OR r.facility_id = ANY(${scope.facilityIds ?? []}::uuid[]))
  AND (${scope.kind}::text IS NULL OR r.kind::text = ${scope.kind}::text)`;

/*
 * Hot paths work in epoch seconds and local day numbers (days since 1970-01-01 in Asia/Shanghai) rather than
 * in timestamptz, intervals and AT TIME ZONE: per booking row that is several times cheaper, and exact,
 * because Asia/Shanghai has been UTC+8 all year since 1991 (the same fact domain/local-time.ts relies on).
 * Calendar rules (weekday, holiday, week/month/year buckets) are applied once per DAY of the window, never
 * per booking, with real date functions.
 */
const OFFSET_S = 8 * 3600;
const epoch = (column: Prisma.Sql) => Prisma.sql`date_part('epoch', ${column})`;
const dayOf = (seconds: Prisma.Sql) => Prisma.sql`floor((${seconds} + ${OFFSET_S}) / 86400)::int`;
/** Day of the last instant before `seconds` (for half-open ends). */
const dayBefore = (seconds: Prisma.Sql) => Prisma.sql`(ceil((${seconds} + ${OFFSET_S}) / 86400)::int - 1)`;
const hours = (seconds: Prisma.Sql) => Prisma.sql`(coalesce(${seconds}, 0) / 3600)::float8`;

/**
 * The shared CTEs: resources in scope; the days of the window with their bucket and effective weekday;
 * each resource's weekly hours, merged per weekday; its closures as one multirange. Opening intervals are
 * never materialized per day: capacity is weekly hours × the number of each weekday in a bucket, minus the
 * opening time closures take, and bookings meet their day's hours through (day → weekday → weekly row).
 * An interval never crosses local midnight (closes_min ≤ 1440), so every piece belongs to one day and bucket.
 *
 * Bookings and usage come from index-only scans of covering indexes (migration 20261124120000_analytics_indexes).
 * Inlining these CTEs (NOT MATERIALIZED) allows parallel plans, but on a busy two-core machine those measured
 * slower than this single-process plan, which scans each table once.
 */
const baseCtes = (scope: Scope, period: Period) => Prisma.sql`
  res AS (
    SELECT r.id, r.facility_id, r.annual_quota_hours, r.continuous FROM resource r WHERE ${scopeFilter(scope)}
  ),
  days AS (
    SELECT (g::date - date '1970-01-01') AS dn,
      CASE WHEN ${period === "total"} THEN ${scope.from}::date ELSE date_trunc(${period === "total" ? "year" : period}, g)::date END AS bucket,
      g::date AS day,
      CASE cd.kind WHEN 'HOLIDAY' THEN NULL WHEN 'WORKDAY' THEN 1 ELSE extract(isodow FROM g)::int END AS weekday,
      date_trunc('month', g)::date AS month,
      -- Whole local months of the window in one bucket: the rollups read them from their month table.
      (${period === "month" || period === "year" || period === "total"}
        AND date_trunc('month', g)::date >= ${scope.from}::date
        AND (date_trunc('month', g) + interval '1 month')::date <= ${scope.to}::date) AS in_month,
      -- The plain weekday, for continuous resources, which the holiday calendar does not close.
      extract(isodow FROM g)::int AS dow
    FROM generate_series(${scope.from}::date::timestamp, ${scope.to}::date::timestamp - interval '1 day', interval '1 day') g
    LEFT JOIN calendar_day cd ON cd.date = g::date
  ),
  -- A continuous resource is open 00:00–24:00 every day (24/7), whatever its weekly rows and the calendar say.
  weekly AS (
    SELECT resource_id, weekday, lower(x) AS opens_min, upper(x) AS closes_min, false AS continuous
    FROM (
      SELECT h.resource_id, h.weekday, range_agg(int4range(h.opens_min, h.closes_min)) AS ranges
      FROM (
        SELECT r.id AS resource_id, oh.weekday, oh.opens_min, oh.closes_min
        FROM res r JOIN opening_hours oh ON oh.resource_id = r.id WHERE NOT r.continuous
        UNION ALL
        SELECT r.id, oh.weekday, oh.opens_min, oh.closes_min
        FROM res r JOIN opening_hours oh ON oh.facility_id = r.facility_id AND oh.resource_id IS NULL
        WHERE NOT r.continuous AND NOT EXISTS (SELECT 1 FROM opening_hours own WHERE own.resource_id = r.id)
      ) h
      GROUP BY h.resource_id, h.weekday
    ) merged CROSS JOIN LATERAL unnest(ranges) x
    UNION ALL
    SELECT r.id, g, 0, 1440, true FROM res r CROSS JOIN generate_series(1, 7) g WHERE r.continuous
  ),
  closed AS (
    SELECT r.id AS resource_id,
      range_agg(int8range(floor(${epoch(Prisma.sql`c.starts_at`)})::bigint, ceil(${epoch(Prisma.sql`c.ends_at`)})::bigint)) AS ranges,
      ${dayOf(epoch(Prisma.sql`min(c.starts_at)`))} AS d1, ${dayBefore(epoch(Prisma.sql`max(c.ends_at)`))} AS d2
    FROM res r JOIN closure c ON c.resource_id = r.id OR (c.resource_id IS NULL AND c.facility_id = r.facility_id)
    WHERE c.starts_at < ${localMidnight(scope.to)} AND c.ends_at > ${localMidnight(scope.from)}
    GROUP BY r.id
  ),
  day_count AS (
    SELECT bucket, weekday, false AS continuous, count(*) AS n FROM days WHERE weekday IS NOT NULL GROUP BY bucket, weekday
    UNION ALL
    SELECT bucket, dow, true, count(*) FROM days GROUP BY bucket, dow
  ),
  -- Opening time lost to closures, per resource and bucket (only resources with closures, only their days).
  closed_open AS (
    SELECT c.resource_id, d.bucket, sum(upper(x) - lower(x)) AS lost
    FROM closed c
    JOIN days d ON d.dn BETWEEN c.d1 AND c.d2
    JOIN weekly w ON w.resource_id = c.resource_id AND w.weekday = CASE WHEN w.continuous THEN d.dow ELSE d.weekday END
    CROSS JOIN LATERAL unnest(int8multirange(int8range(d.dn::bigint * 86400 - ${OFFSET_S} + w.opens_min * 60,
                                                       d.dn::bigint * 86400 - ${OFFSET_S} + w.closes_min * 60)) * c.ranges) x
    GROUP BY c.resource_id, d.bucket
  ),
  open_bucket AS (
    SELECT g.resource_id, g.bucket, (g.open - coalesce(co.lost, 0))::float8 AS open
    FROM (
      SELECT w.resource_id, dc.bucket, sum(dc.n * (w.closes_min - w.opens_min) * 60) AS open
      FROM weekly w JOIN day_count dc ON dc.weekday = w.weekday AND dc.continuous = w.continuous
      GROUP BY w.resource_id, dc.bucket
    ) g
    LEFT JOIN closed_open co ON co.resource_id = g.resource_id AND co.bucket = g.bucket
  )`;

/**
 * Facts per unit and bucket, rolled up to the requested group. Three sources, joined by UNION ALL and one
 * GROUP BY: opening capacity (resource × active units), booked time inside opening intervals, and usage.
 */
export const findUtilization = async (db: Db, scope: Scope, groupBy: GroupBy, period: Period) => {
  // Hash joins and aggregates over a year of bookings need more than the default 4 MB to stay in memory.
  // The planner cannot estimate how many rows the per-booking day split yields and then prefers sorting
  // half a million rows for a merge join; hash joins are what this query wants. SET LOCAL confines both
  // settings to this one read-only transaction.
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SET LOCAL work_mem = '64MB'`;
      await tx.$executeRaw`SET LOCAL enable_mergejoin = off`;
      return tx.$queryRaw<UtilizationRow[]>(utilizationSql(scope, groupBy, period));
    },
    { timeout: 120_000 },
  );
};

/**
 * The report from bookings and usage records themselves: the definition the rollups must reproduce
 * (tests/integration/analytics-rollups.test.ts compares them on random data). Not used to serve requests.
 */
export const utilizationSqlFromScratch = (scope: Scope, groupBy: GroupBy, period: Period) => {
  // A few facilities: probe the (resource_id, starts_at) indexes with the resource ids. Every facility:
  // a hash join, which lets the planner scan the table once instead.
  const inScope = (column: Prisma.Sql) =>
    scope.facilityIds === null
      ? Prisma.sql`JOIN res ON res.id = ${column}`
      : Prisma.sql`JOIN LATERAL (SELECT 1) AS one ON ${column} = ANY(ARRAY(SELECT id FROM res))`;
  const lo = localMidnight(scope.from).getTime() / 1000;
  const hi = localMidnight(scope.to).getTime() / 1000;
  return Prisma.sql`
    WITH ${baseCtes(scope, period)},
    units AS (
      SELECT u.id AS unit_id, u.resource_id, r.facility_id FROM resource_unit u JOIN res r ON r.id = u.resource_id WHERE u.active
    ),
    -- One row per booking and local day it touches (almost always one), matched to that day's opening
    -- intervals. Buffers lie outside [starts_at, ends_at) and so are never counted.
    booking_span AS MATERIALIZED (
      SELECT b.unit_id, b.resource_id, b.s, b.e, ${dayOf(Prisma.sql`b.s`)} AS d1, ${dayBefore(Prisma.sql`b.e`)} AS d2
      FROM (
        SELECT b.unit_id, b.resource_id, ${epoch(Prisma.sql`b.starts_at`)} AS s, ${epoch(Prisma.sql`b.ends_at`)} AS e
        FROM booking b ${inScope(Prisma.sql`b.resource_id`)}
        WHERE b.kind = 'BOOKING' AND b.status IN ${USED}
          AND b.starts_at < ${localMidnight(scope.to)} AND b.ends_at > ${localMidnight(scope.from)}
      ) b
    ),
    -- The first day of every booking, plus the further days of the few that run past midnight: cheaper
    -- than a set-returning call per booking.
    booking_day AS (
      SELECT unit_id, resource_id, s, e, d1 AS dn FROM booking_span
      UNION ALL
      SELECT unit_id, resource_id, s, e, d.dn FROM booking_span CROSS JOIN LATERAL generate_series(d1 + 1, d2) AS d(dn) WHERE d2 > d1
    ),
    -- Each booking-day meets that day's opening hours; where a closure overlaps the piece (rare), the
    -- closed time is cut out with multirange arithmetic.
    booked_piece AS (
      SELECT bd.unit_id, bd.resource_id, d.bucket,
        greatest(bd.s, d.dn::float8 * 86400 - ${OFFSET_S} + w.opens_min * 60) AS lo,
        least(bd.e, d.dn::float8 * 86400 - ${OFFSET_S} + w.closes_min * 60) AS hi
      FROM booking_day bd
      JOIN days d ON d.dn = bd.dn
      JOIN weekly w ON w.resource_id = bd.resource_id AND w.weekday = CASE WHEN w.continuous THEN d.dow ELSE d.weekday END
    ),
    booked AS (
      SELECT p.unit_id, p.bucket,
        sum(CASE
          WHEN c.ranges IS NULL OR NOT c.ranges && int8range(floor(p.lo)::bigint, ceil(p.hi)::bigint) THEN p.hi - p.lo
          ELSE (SELECT coalesce(sum(upper(x) - lower(x)), 0) FROM unnest(int8multirange(int8range(floor(p.lo)::bigint, ceil(p.hi)::bigint)) - c.ranges) x)
        END) AS booked
      FROM booked_piece p
      LEFT JOIN closed c ON c.resource_id = p.resource_id
      WHERE p.hi > p.lo
      GROUP BY p.unit_id, p.bucket
    ),
    -- Usage clipped to the window and split by local day; NOT clipped to opening hours or to the booking.
    usage_span AS MATERIALIZED (
      SELECT u.unit_id, u.resource_id, u.organization_id, u.s, u.e, ${dayOf(Prisma.sql`u.s`)} AS d1, ${dayBefore(Prisma.sql`u.e`)} AS d2
      FROM (
        SELECT u.unit_id, u.resource_id, u.organization_id,
          greatest(${epoch(Prisma.sql`u.started_at`)}, ${lo}::float8) AS s,
          least(${epoch(Prisma.sql`coalesce(u.ended_at, now())`)}, ${hi}::float8) AS e
        FROM usage_record u ${inScope(Prisma.sql`u.resource_id`)}
        WHERE u.started_at < ${localMidnight(scope.to)} AND coalesce(u.ended_at, now()) > ${localMidnight(scope.from)}
          AND u.started_at < coalesce(u.ended_at, now())
      ) u
    ),
    usage_day AS (
      SELECT unit_id, resource_id, organization_id, d1 AS dn, e - s AS seconds FROM usage_span WHERE d1 = d2
      UNION ALL
      SELECT us.unit_id, us.resource_id, us.organization_id, d.dn,
        least(us.e, (d.dn::bigint + 1) * 86400 - ${OFFSET_S}) - greatest(us.s, d.dn::bigint * 86400 - ${OFFSET_S})
      FROM usage_span us CROSS JOIN LATERAL generate_series(us.d1, us.d2) AS d(dn) WHERE us.d2 > us.d1
    ),
    used AS (
      SELECT p.unit_id, p.resource_id, d.bucket, sum(p.seconds) AS effective,
        sum(p.seconds) FILTER (WHERE p.organization_id IS NOT NULL AND fo.organization_id IS NULL) AS outside
      FROM usage_day p
      JOIN days d ON d.dn = p.dn
      JOIN res r ON r.id = p.resource_id
      LEFT JOIN facility_operator fo ON fo.facility_id = r.facility_id AND fo.organization_id = p.organization_id
      GROUP BY p.unit_id, p.resource_id, d.bucket
    ),
    ${reportTail(groupBy)}`;
};

/**
 * The report from the rollups (migration 20261202170000_analytics_rollups): booked, effective and outside
 * seconds per unit and local day, and per local month for the months the window covers whole. Usage records
 * still open are not rolled up (they grow with now()) and are added here as the from-scratch query does.
 */
export const utilizationSql = (scope: Scope, groupBy: GroupBy, period: Period) => {
  const lo = localMidnight(scope.from).getTime() / 1000;
  const hi = localMidnight(scope.to).getTime() / 1000;
  return Prisma.sql`
    WITH ${baseCtes(scope, period)},
    units AS (
      SELECT u.id AS unit_id, u.resource_id, r.facility_id FROM resource_unit u JOIN res r ON r.id = u.resource_id WHERE u.active
    ),
    rolled_unit AS (
      SELECT a.unit_id, a.resource_id, d.bucket, a.booked_s, a.effective_s, a.outside_s
      FROM analytics_unit_day a JOIN days d ON d.dn = a.day AND NOT d.in_month
      WHERE a.day = ANY(ARRAY(SELECT dn FROM days WHERE NOT in_month)) AND a.resource_id = ANY(ARRAY(SELECT id FROM res))
      UNION ALL
      SELECT m.unit_id, m.resource_id, mo.bucket, m.booked_s, m.effective_s, m.outside_s
      FROM analytics_unit_month m JOIN (SELECT DISTINCT month, bucket FROM days WHERE in_month) mo ON mo.month = m.month
      WHERE m.resource_id = ANY(ARRAY(SELECT id FROM res))
    ),
    booked AS (
      SELECT unit_id, bucket, sum(booked_s) AS booked FROM rolled_unit WHERE booked_s <> 0 GROUP BY unit_id, bucket
    ),
    open_usage AS (
      SELECT u.unit_id, u.resource_id, u.organization_id, u.s, u.e, ${dayOf(Prisma.sql`u.s`)} AS d1, ${dayBefore(Prisma.sql`u.e`)} AS d2
      FROM (
        SELECT u.unit_id, u.resource_id, u.organization_id,
          greatest(${epoch(Prisma.sql`u.started_at`)}, ${lo}::float8) AS s, least(${epoch(Prisma.sql`now()`)}, ${hi}::float8) AS e
        FROM usage_record u JOIN res ON res.id = u.resource_id
        WHERE u.ended_at IS NULL AND u.started_at < ${localMidnight(scope.to)} AND now() > ${localMidnight(scope.from)}
          AND u.started_at < now()
      ) u
    ),
    open_usage_day AS (
      SELECT unit_id, resource_id, organization_id, d1 AS dn, e - s AS seconds FROM open_usage WHERE d1 = d2
      UNION ALL
      SELECT us.unit_id, us.resource_id, us.organization_id, d.dn,
        least(us.e, (d.dn::bigint + 1) * 86400 - ${OFFSET_S}) - greatest(us.s, d.dn::bigint * 86400 - ${OFFSET_S})
      FROM open_usage us CROSS JOIN LATERAL generate_series(us.d1, us.d2) AS d(dn) WHERE us.d2 > us.d1
    ),
    used AS (
      SELECT unit_id, resource_id, bucket, sum(effective) AS effective, sum(outside) AS outside
      FROM (
        SELECT unit_id, resource_id, bucket, effective_s AS effective, outside_s AS outside
        FROM rolled_unit WHERE effective_s <> 0 OR outside_s <> 0
        UNION ALL
        SELECT p.unit_id, p.resource_id, d.bucket, p.seconds,
          CASE WHEN p.organization_id IS NOT NULL AND fo.organization_id IS NULL THEN p.seconds ELSE 0 END
        FROM open_usage_day p
        JOIN days d ON d.dn = p.dn
        JOIN res r ON r.id = p.resource_id
        LEFT JOIN facility_operator fo ON fo.facility_id = r.facility_id AND fo.organization_id = p.organization_id
      ) x
      GROUP BY unit_id, resource_id, bucket
    ),
    ${reportTail(groupBy)}`;
};

/**
 * From the facts (capacity, booked and used per unit and bucket, each from its own source) to the report rows:
 * one GROUP BY to the requested group, quota shares, names. Shared by the rollup and the from-scratch queries.
 */
const reportTail = (groupBy: GroupBy) => {
  const key =
    groupBy === "unit"
      ? Prisma.sql`f.facility_id, f.resource_id, f.unit_id`
      : groupBy === "resource"
        ? Prisma.sql`f.facility_id, f.resource_id, NULL::uuid AS unit_id`
        : Prisma.sql`f.facility_id, NULL::uuid AS resource_id, NULL::uuid AS unit_id`;
  const groupKey =
    groupBy === "unit" ? Prisma.sql`1, 2, 3, 4` : groupBy === "resource" ? Prisma.sql`1, 2, 4` : Prisma.sql`1, 4`;
  return Prisma.sql`
    facts AS (
      SELECT un.facility_id, un.resource_id, un.unit_id, ob.bucket, ob.open, NULL::float8 AS booked, NULL::float8 AS effective, NULL::float8 AS outside
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

/**
 * Booked hours by local ISO weekday and hour of day, from the rollup kept by triggers (migration
 * 20261203160000_analytics_hour): at most facilities × kinds × days × 24 rows, never the bookings. It gives
 * exactly what heatmapSqlFromScratch gives (tests/integration/analytics-heatmap-rollup.test.ts).
 */
export const heatmapSql = (scope: Scope) => Prisma.sql`
  SELECT extract(isodow FROM date '1970-01-01' + a.day)::int AS weekday, a.hour AS hour,
    ${hours(Prisma.sql`sum(a.booked_s)`)} AS booked_hours
  FROM analytics_hour a
  WHERE a.day >= (${scope.from}::date - date '1970-01-01') AND a.day < (${scope.to}::date - date '1970-01-01')
    AND (${scope.facilityIds === null} OR a.facility_id = ANY(${scope.facilityIds ?? []}::uuid[]))
    AND (${scope.kind}::text IS NULL OR a.resource_kind::text = ${scope.kind}::text)
  GROUP BY 1, 2
  HAVING sum(a.booked_s) > 0.0005
  ORDER BY 1, 2`;

export const findHeatmap = (db: Db, scope: Scope) => db.$queryRaw<HeatmapRow[]>(heatmapSql(scope));

/** The heatmap's definition: booked hours (same statuses as utilization, buffers excluded) by local ISO weekday and hour of day. */
export const heatmapSqlFromScratch = (scope: Scope) => Prisma.sql`
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
    WHERE b.kind = 'BOOKING' AND b.status IN ${USED}
      AND b.resource_id IN (SELECT id FROM res)
      AND b.starts_at < win.hi AND b.ends_at > win.lo
  )
  SELECT extract(isodow FROM slot AT TIME ZONE ${TZ})::int AS weekday, extract(hour FROM slot AT TIME ZONE ${TZ})::int AS hour,
    ${hours(Prisma.sql`date_part('epoch', sum(booked))`)} AS booked_hours
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

/** The local days of the window, and which of them lie in local months the window covers whole. */
const windowDays = (scope: Scope) => Prisma.sql`
  wdays AS (
    SELECT (g::date - date '1970-01-01') AS dn, date_trunc('month', g)::date AS month,
      (date_trunc('month', g)::date >= ${scope.from}::date
        AND (date_trunc('month', g) + interval '1 month')::date <= ${scope.to}::date) AS in_month
    FROM generate_series(${scope.from}::date::timestamp, ${scope.to}::date::timestamp - interval '1 day', interval '1 day') g
  )`;

/** Booking requests (kind BOOKING) whose start falls in the window, counted by their current status. */
export const findOutcomes = async (db: Db, scope: Scope): Promise<OutcomeRow> => {
  const [row] = await db.$queryRaw<OutcomeRow[]>(outcomesSql(scope));
  return row!;
};

/** From the status counts of the unit rollups, by the day each booking starts. */
export const outcomesSql = (scope: Scope) => {
  const total = (column: string) => Prisma.raw(`coalesce(sum(${column}), 0)::int`);
  return Prisma.sql`
    WITH res AS (SELECT r.id FROM resource r WHERE ${scopeFilter(scope)}), ${windowDays(scope)},
    counts AS (
      SELECT n_pending, n_approved, n_rejected, n_cancelled, n_checked_in, n_completed, n_no_show, n_expired
      FROM analytics_unit_day
      WHERE day = ANY(ARRAY(SELECT dn FROM wdays WHERE NOT in_month)) AND resource_id = ANY(ARRAY(SELECT id FROM res))
      UNION ALL
      SELECT n_pending, n_approved, n_rejected, n_cancelled, n_checked_in, n_completed, n_no_show, n_expired
      FROM analytics_unit_month
      WHERE month = ANY(ARRAY(SELECT DISTINCT month FROM wdays WHERE in_month)) AND resource_id = ANY(ARRAY(SELECT id FROM res))
    )
    SELECT ${total("n_pending + n_approved + n_rejected + n_cancelled + n_checked_in + n_completed + n_no_show + n_expired")} AS requests,
      ${total("n_approved")} AS approved, ${total("n_rejected")} AS rejected, ${total("n_cancelled")} AS cancelled,
      ${total("n_expired")} AS expired, ${total("n_pending")} AS pending, ${total("n_completed")} AS completed,
      ${total("n_checked_in")} AS checked_in, ${total("n_no_show")} AS no_show
    FROM counts`;
};

/** The definition of outcomes, from the bookings themselves (for the rollup test). */
export const outcomesSqlFromScratch = (scope: Scope) => Prisma.sql`
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

export type LeadTimeRow = { decided: number; median_hours: number | null; p90_hours: number | null };

/**
 * Approval lead time: from the creating event (NULL → PENDING) to the first decision (→ APPROVED or
 * REJECTED), for requests created in the window. Auto-approved bookings never pend and are not counted.
 */
export const findLeadTime = async (db: Db, scope: Scope): Promise<LeadTimeRow> => {
  // A year of requests is a hash join and a grouping of ~500k rows: with the default 4 MB they spill to disk.
  const [row] = await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SET LOCAL work_mem = '64MB'`;
      return tx.$queryRaw<LeadTimeRow[]>(leadTimeRollupSql(scope));
    },
    { timeout: 120_000 },
  );
  return row!;
};

export const leadTimeSql = (scope: Scope) => Prisma.sql`
    SELECT count(*)::int AS decided,
      (percentile_cont(0.5) WITHIN GROUP (ORDER BY hours))::float8 AS median_hours,
      (percentile_cont(0.9) WITHIN GROUP (ORDER BY hours))::float8 AS p90_hours
    FROM (
      -- Each creating event with the first decision of its booking: min(at) is what "ORDER BY at LIMIT 1"
      -- finds. One hash join of the two event sets and one grouping per creating event, instead of an
      -- index probe per request.
      SELECT date_part('epoch', min(d.at) - c.at) / 3600 AS hours
      FROM booking_event c
      JOIN booking b ON b.id = c.booking_id
      JOIN resource r ON r.id = b.resource_id
      JOIN booking_event d ON d.booking_id = c.booking_id AND d.to_status IN ('APPROVED', 'REJECTED')
      WHERE c.from_status IS NULL AND c.to_status = 'PENDING' AND b.kind = 'BOOKING' AND ${scopeFilter(scope)}
        AND c.at >= (${scope.from}::date::timestamp AT TIME ZONE ${TZ})
        AND c.at < (${scope.to}::date::timestamp AT TIME ZONE ${TZ})
      GROUP BY c.id, c.at
    ) decided`;

/** Lead times from analytics_lead: one row per creating event with its booking's first decision. */
export const leadTimeRollupSql = (scope: Scope) => Prisma.sql`
    SELECT count(*)::int AS decided,
      (percentile_cont(0.5) WITHIN GROUP (ORDER BY hours))::float8 AS median_hours,
      (percentile_cont(0.9) WITHIN GROUP (ORDER BY hours))::float8 AS p90_hours
    FROM (
      SELECT l.hours
      FROM analytics_lead l
      WHERE l.decided_at IS NOT NULL
        AND ${
          scope.facilityIds === null && scope.kind === null
            ? Prisma.sql`TRUE`
            : Prisma.sql`l.resource_id = ANY(ARRAY(SELECT r.id FROM resource r WHERE ${scopeFilter(scope)}))`
        }
        AND l.created_at >= (${scope.from}::date::timestamp AT TIME ZONE ${TZ})
        AND l.created_at < (${scope.to}::date::timestamp AT TIME ZONE ${TZ})
    ) decided`;

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
export const findTopOrganizations = (db: Db, scope: Scope, limit: number) =>
  db.$queryRaw<TopOrganizationRow[]>(topOrganizationsSql(scope, limit));

const topOrganizationsCtes = (scope: Scope) => Prisma.sql`
  res AS (SELECT r.id, r.facility_id FROM resource r WHERE ${scopeFilter(scope)}),
  win AS (
    SELECT (${scope.from}::date::timestamp AT TIME ZONE ${TZ}) AS lo, (${scope.to}::date::timestamp AT TIME ZONE ${TZ}) AS hi
  )`;

/** Ranks organizations per facility from used (seconds) and booked (count) rows. */
const topOrganizationsTail = (limit: number) => Prisma.sql`
  ranked AS (
    SELECT coalesce(u.facility_id, bk.facility_id) AS facility_id, coalesce(u.organization_id, bk.organization_id) AS organization_id,
      u.seconds, coalesce(bk.bookings, 0) AS bookings,
      row_number() OVER (PARTITION BY coalesce(u.facility_id, bk.facility_id)
                         ORDER BY u.seconds DESC NULLS LAST, bk.bookings DESC NULLS LAST, coalesce(u.organization_id, bk.organization_id)) AS rank
    FROM used u FULL JOIN booked bk ON bk.facility_id = u.facility_id AND bk.organization_id = u.organization_id
  )
  SELECT f.code AS facility_code, o.id AS organization_id, o.name_zh, o.name_en,
    EXISTS (SELECT 1 FROM facility_operator fo WHERE fo.facility_id = x.facility_id AND fo.organization_id = x.organization_id) AS is_operator,
    ${hours(Prisma.sql`x.seconds`)} AS effective_hours, x.bookings::int AS bookings, x.rank::int AS rank
  FROM ranked x JOIN facility f ON f.id = x.facility_id JOIN organization o ON o.id = x.organization_id
  WHERE x.rank <= ${limit}
  ORDER BY f.code, x.rank`;

/** From the organization rollups, plus usage records still open (not rolled up), as from scratch. */
export const topOrganizationsSql = (scope: Scope, limit: number) => Prisma.sql`
  WITH ${topOrganizationsCtes(scope)}, ${windowDays(scope)},
  rolled AS (
    SELECT o.facility_id, o.organization_id, o.used_s, o.bookings
    FROM analytics_org_day o
    WHERE o.day = ANY(ARRAY(SELECT dn FROM wdays WHERE NOT in_month))
      AND (${scope.facilityIds === null} OR o.facility_id = ANY(${scope.facilityIds ?? []}::uuid[]))
      AND (${scope.kind}::text IS NULL OR o.resource_kind::text = ${scope.kind}::text)
    UNION ALL
    SELECT o.facility_id, o.organization_id, o.used_s, o.bookings
    FROM analytics_org_month o
    WHERE o.month = ANY(ARRAY(SELECT DISTINCT month FROM wdays WHERE in_month))
      AND (${scope.facilityIds === null} OR o.facility_id = ANY(${scope.facilityIds ?? []}::uuid[]))
      AND (${scope.kind}::text IS NULL OR o.resource_kind::text = ${scope.kind}::text)
  ),
  used AS (
    SELECT facility_id, organization_id, sum(seconds) AS seconds
    FROM (
      SELECT facility_id, organization_id, used_s AS seconds FROM rolled WHERE used_s <> 0
      UNION ALL
      SELECT r.facility_id, u.organization_id, date_part('epoch', least(now(), win.hi) - greatest(u.started_at, win.lo))
      FROM usage_record u JOIN res r ON r.id = u.resource_id CROSS JOIN win
      WHERE u.ended_at IS NULL AND u.organization_id IS NOT NULL AND u.started_at < win.hi AND now() > win.lo
        AND u.started_at < now()
    ) x
    GROUP BY 1, 2
  ),
  booked AS (
    SELECT facility_id, organization_id, sum(bookings) AS bookings FROM rolled WHERE bookings <> 0 GROUP BY 1, 2
  ),
  ${topOrganizationsTail(limit)}`;

/**
 * The organizations that used each facility most in the window, by usage hours (clipped to the window),
 * with the number of their bookings that started in it as a tie-breaker; from the rows themselves (the
 * definition, for the rollup test).
 */
export const topOrganizationsSqlFromScratch = (scope: Scope, limit: number) => Prisma.sql`
  WITH ${topOrganizationsCtes(scope)},
  used AS (
    SELECT r.facility_id, u.organization_id,
      date_part('epoch', sum(least(coalesce(u.ended_at, now()), win.hi) - greatest(u.started_at, win.lo))) AS seconds
    FROM usage_record u JOIN res r ON r.id = u.resource_id CROSS JOIN win
    WHERE u.organization_id IS NOT NULL AND u.started_at < win.hi AND coalesce(u.ended_at, now()) > win.lo
      AND u.started_at < coalesce(u.ended_at, now())
    GROUP BY 1, 2
  ),
  booked AS (
    SELECT r.facility_id, b.organization_id, count(*) AS bookings
    FROM booking b JOIN res r ON r.id = b.resource_id CROSS JOIN win
    WHERE b.kind = 'BOOKING' AND b.status IN ${USED} AND b.organization_id IS NOT NULL
      AND b.starts_at >= win.lo AND b.starts_at < win.hi
    GROUP BY 1, 2
  ),
  ${topOrganizationsTail(limit)}`;

export const findFacilityByCode = (db: Db, code: string) =>
  db.facility.findUnique({ where: { code }, select: { id: true, code: true } });
