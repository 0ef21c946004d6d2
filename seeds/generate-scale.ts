// Scale data for benchmarks and load tests: ~500 sample resources and 1,000,000 bookings over two years,
// generated inside PostgreSQL with INSERT … SELECT over generate_series (no row passes through JavaScript).
//
//   DATABASE_URL=postgres://… pnpm --filter @zhongshi/api exec tsx ../seeds/generate-scale.ts [--resources 500] [--bookings 1000000] [--years 2]
//
// Everything it creates is sample data (is_sample, codes SCALE-…). Bookings are laid on each unit in a fixed
// grid of four 4-hour blocks a day (07:00, 11:00, 15:00, 21:00 local; the last one crosses midnight), one
// booking inside a block with its buffers, so no two bookings of a unit can ever overlap and the exclusion
// constraint is never violated. Pseudo-randomness is arithmetic on the row numbers: the data is deterministic.
import { pathToFileURL } from "node:url";
import { createDb, type Db } from "@zhongshi/api/db";

export type GenerateScaleOptions = {
  resources?: number;
  bookings?: number;
  years?: number;
  /** First local date of the data (default: 1 January, `years - 1` years before this one). */
  startDate?: string;
  log?: (line: string) => void;
  /**
   * The same database's URL. The load is a few statements of minutes each at 1M bookings (the INSERT … SELECT,
   * the rollup rebuild, VACUUM), past the request pool's statement and reply timeouts (15 s / 20 s, which
   * stopped the 1M run before): with the URL they run on a one-connection client without them. Without it
   * they run on `db`, which is fine for small loads (tests).
   */
  databaseUrl?: string;
};

export type GenerateScaleSummary = {
  resources: number;
  units: number;
  bookings: number;
  usageRecords: number;
  events: number;
  skipped: boolean;
  ms: number;
};

const SLOTS_PER_DAY = 4;
const SAMPLE_ORGANIZATIONS = 200;
/** Tables whose row triggers keep the analytics rollups (migration 20261202170000_analytics_rollups). */
const ROLLUP_TRIGGERS = [
  "booking booking_analytics",
  "booking booking_analytics_delete",
  "booking booking_analytics_update",
  "usage_record usage_record_analytics",
  "usage_record usage_record_analytics_delete",
  "usage_record usage_record_analytics_update",
  "booking_event booking_event_analytics",
];

export const generateScale = async (
  db: Db,
  {
    resources = 500,
    bookings = 1_000_000,
    years = 2,
    startDate,
    log = () => {},
    databaseUrl,
  }: GenerateScaleOptions = {},
): Promise<GenerateScaleSummary> => {
  const started = Date.now();
  const existing = await db.resource.count({ where: { code: { startsWith: "SCALE-" } } });
  if (existing > 0) {
    log(`scale data already present (${existing} SCALE- resources): nothing generated`);
    const [counts] = await db.$queryRaw<{ units: number; bookings: number; usage: number; events: number }[]>`
      SELECT (SELECT count(*) FROM resource_unit u JOIN resource r ON r.id = u.resource_id WHERE r.code LIKE 'SCALE-%')::int AS units,
             (SELECT count(*) FROM booking WHERE purpose = 'scale sample')::int AS bookings, 0 AS usage, 0 AS events`;
    return {
      resources: existing,
      units: counts!.units,
      bookings: counts!.bookings,
      usageRecords: 0,
      events: 0,
      skipped: true,
      ms: Date.now() - started,
    };
  }
  const facilities = await db.facility.count();
  if (facilities === 0)
    throw new Error("Seed the database first: scale resources are spread over the existing facilities.");
  const thisYear = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
  const from = startDate ?? `${thisYear - years + 1}-01-01`;
  const days = Math.round(
    (Date.parse(`${Number(from.slice(0, 4)) + years}${from.slice(4)}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) /
      86_400_000,
  );

  const bulk = databaseUrl ? createDb(databaseUrl, { max: 1, bulk: true }) : db;
  try {
    return await load(bulk, { resources, bookings, from, days, log, started });
  } finally {
    if (bulk !== db) await bulk.$disconnect();
  }
};

const load = async (
  db: Db,
  {
    resources,
    bookings,
    from,
    days,
    log,
    started,
  }: { resources: number; bookings: number; from: string; days: number; log: (line: string) => void; started: number },
): Promise<GenerateScaleSummary> => {
  const summary = await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SET LOCAL synchronous_commit = off`;
      // The pool's 15 s statement timeout guards requests; a million-row INSERT … SELECT or the rollup rebuild
      // takes longer than that on a shared machine (it stopped the 1M run before): off for this load only.
      await tx.$executeRaw`SET LOCAL statement_timeout = 0`;
      await tx.$executeRaw`
        INSERT INTO organization (kind, name_zh, name_en, is_sample)
        SELECT 'SME', '示例企业 SCALE-' || lpad(i::text, 3, '0'), 'Sample company SCALE-' || lpad(i::text, 3, '0'), true
        FROM generate_series(1, ${SAMPLE_ORGANIZATIONS}) i`;
      const [user] = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO app_user (email, name, password_hash) VALUES ('scale-requester@example.invalid', '示例用户 scale', '!') 
        ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name RETURNING id`;

      log(`resources: ${resources}`);
      await tx.$executeRaw`
        WITH f AS (SELECT id, row_number() OVER (ORDER BY code) - 1 AS i, count(*) OVER () AS n FROM facility)
        INSERT INTO resource (facility_id, code, kind, mode, name_zh, name_en, description_zh, description_en,
                              buffer_before_min, buffer_after_min, approval, price_internal_fen, price_external_fen, is_sample)
        SELECT f.id, 'SCALE-' || lpad(g::text, 4, '0'),
          (enum_range(NULL::"ResourceKind"))[1 + g % 5],
          (enum_range(NULL::"ResourceMode"))[1 + g % 3],
          '示例设备 ' || g, 'Sample resource ' || g, '示例数据，用于规模测试', 'Sample data for scale tests',
          CASE WHEN g % 2 = 0 THEN 15 ELSE 0 END, CASE WHEN g % 3 = 0 THEN 15 ELSE 0 END,
          CASE WHEN g % 4 = 0 THEN 'AUTO' ELSE 'MANAGER' END::"ApprovalPolicy", 10000, 20000, true
        FROM generate_series(1, ${resources}) g JOIN f ON f.i = g % f.n`;
      await tx.$executeRaw`
        INSERT INTO resource_unit (resource_id, label, position)
        SELECT r.id, r.code || '-' || p, p
        FROM resource r CROSS JOIN LATERAL generate_series(1, 1 + (substr(r.code, 7)::int % 5 = 0)::int + (substr(r.code, 7)::int % 7 = 0)::int) p
        WHERE r.code LIKE 'SCALE-%'`;
      // Pilot lines run around the clock: their own hours replace the facility's, so bookings cross midnight.
      await tx.$executeRaw`
        INSERT INTO opening_hours (facility_id, resource_id, weekday, opens_min, closes_min)
        SELECT r.facility_id, r.id, w, 0, 1440 FROM resource r CROSS JOIN generate_series(1, 7) w
        WHERE r.code LIKE 'SCALE-%' AND r.kind = 'PILOT_LINE'`;

      const [{ units } = { units: 0 }] = await tx.$queryRaw<{ units: number }[]>`
        SELECT count(*)::int AS units FROM resource_unit u JOIN resource r ON r.id = u.resource_id WHERE r.code LIKE 'SCALE-%'`;
      const perUnit = Math.ceil(bookings / units);
      const grid = days * SLOTS_PER_DAY;
      if (perUnit > grid)
        throw new Error(
          `${bookings} bookings on ${units} units need ${perUnit} slots per unit; ${days} days hold ${grid}.`,
        );

      // A million row triggers would take far longer than one set-based recomputation of the rollups at the end.
      for (const statement of ROLLUP_TRIGGERS) {
        const [table, trigger] = statement.split(" ");
        await tx.$executeRawUnsafe(`ALTER TABLE ${table} DISABLE TRIGGER ${trigger}`);
      }
      log(`bookings: ${bookings} on ${units} units over ${days} days from ${from}`);
      const inserted = await tx.$executeRaw`
        WITH u AS (
          SELECT u.id AS unit_id, u.resource_id, r.facility_id, r.buffer_before_min, r.buffer_after_min,
            row_number() OVER (ORDER BY r.code, u.position) AS n
          FROM resource_unit u JOIN resource r ON r.id = u.resource_id WHERE r.code LIKE 'SCALE-%'
        ),
        operator AS (SELECT DISTINCT ON (facility_id) facility_id, organization_id FROM facility_operator ORDER BY facility_id, organization_id),
        orgs AS (SELECT id, row_number() OVER (ORDER BY name_en) - 1 AS i FROM organization WHERE name_en LIKE 'Sample company SCALE-%'),
        slots AS (
          SELECT u.*, k, ((u.n * 7919 + k * 104729) % 1000)::int AS h,
            -- Spread the unit's bookings evenly over the grid of blocks.
            (k::bigint * ${grid} / ${perUnit}) AS slot
          FROM u CROSS JOIN LATERAL generate_series(0, ${perUnit} - 1) k
          WHERE (u.n - 1) * ${perUnit} + k < ${bookings}
        ),
        timed AS (
          SELECT s.*,
            (${from}::date + (s.slot / ${SLOTS_PER_DAY})::int)::timestamp AT TIME ZONE 'Asia/Shanghai'
              + make_interval(mins => (ARRAY[420, 660, 900, 1260])[(1 + s.slot % ${SLOTS_PER_DAY})::int] + 15) AS starts_at,
            make_interval(mins => 30 * (2 + s.h % 5)) AS duration
          FROM slots s
        )
        INSERT INTO booking (kind, organization_id, requester_id, resource_id, unit_id, starts_at, ends_at, buffer_before_min, buffer_after_min,
                             status, purpose, created_at, updated_at)
        SELECT
          CASE WHEN t.h >= 995 THEN 'MAINTENANCE' ELSE 'BOOKING' END::"BookingKind",
          CASE WHEN t.h >= 995 THEN NULL
               WHEN t.h % 20 < 7 AND op.organization_id IS NOT NULL THEN op.organization_id
               ELSE o.id END,
          ${user!.id}::uuid, t.resource_id, t.unit_id, t.starts_at, t.starts_at + t.duration, t.buffer_before_min, t.buffer_after_min,
          CASE
            WHEN t.h >= 995 THEN 'APPROVED'
            WHEN t.h < 40 THEN 'CANCELLED'
            WHEN t.h < 80 THEN 'REJECTED'
            WHEN t.starts_at >= now() THEN CASE WHEN t.h < 200 THEN 'PENDING' ELSE 'APPROVED' END
            WHEN t.h < 110 THEN 'NO_SHOW'
            WHEN t.h < 130 THEN 'EXPIRED'
            ELSE 'COMPLETED'
          END::"BookingStatus",
          'scale sample',
          t.starts_at - make_interval(hours => 6 + t.h % 300),
          t.starts_at - make_interval(hours => 6 + t.h % 300)
        FROM timed t
        LEFT JOIN operator op ON op.facility_id = t.facility_id
        JOIN orgs o ON o.i = (t.h * 31 + t.n) % ${SAMPLE_ORGANIZATIONS}`;

      log("usage records and events");
      const usage = await tx.$executeRaw`
        INSERT INTO usage_record (booking_id, resource_id, unit_id, organization_id, started_at, ended_at, recorded_by_id)
        SELECT b.id, b.resource_id, b.unit_id, b.organization_id,
          b.starts_at + make_interval(mins => (extract(minute FROM b.created_at)::int % 10)),
          b.ends_at + make_interval(mins => (extract(hour FROM b.created_at)::int % 35) - 15),
          b.requester_id
        FROM booking b WHERE b.purpose = 'scale sample' AND b.status = 'COMPLETED'`;
      // The approval history that lead times are measured from: creation, then the manager's decision.
      const created = await tx.$executeRaw`
        INSERT INTO booking_event (booking_id, from_status, to_status, actor_id, reason, at)
        SELECT b.id, NULL, 'PENDING', b.requester_id, NULL, b.created_at
        FROM booking b WHERE b.purpose = 'scale sample' AND b.kind = 'BOOKING'`;
      const decided = await tx.$executeRaw`
        INSERT INTO booking_event (booking_id, from_status, to_status, actor_id, reason, at)
        SELECT b.id, 'PENDING', CASE WHEN b.status = 'REJECTED' THEN 'REJECTED' ELSE 'APPROVED' END::"BookingStatus", b.requester_id,
          CASE WHEN b.status = 'REJECTED' THEN 'sample rejection' END,
          b.created_at + make_interval(mins => 10 + (extract(epoch FROM b.created_at)::bigint / 60 % 2880)::int)
        FROM booking b
        WHERE b.purpose = 'scale sample' AND b.kind = 'BOOKING' AND b.status IN ('APPROVED', 'REJECTED', 'COMPLETED', 'NO_SHOW', 'CHECKED_IN')`;
      for (const statement of ROLLUP_TRIGGERS) {
        const [table, trigger] = statement.split(" ");
        await tx.$executeRawUnsafe(`ALTER TABLE ${table} ENABLE TRIGGER ${trigger}`);
      }
      log("analytics rollups");
      await tx.$executeRaw`SELECT analytics_rebuild()`;
      return { resources, units, bookings: inserted, usageRecords: usage, events: created + decided };
    },
    { timeout: 3_600_000, maxWait: 60_000 },
  );
  // VACUUM as well as ANALYZE: it sets the visibility map that index-only scans rely on, as autovacuum
  // would on a database that has lived for two years; right after a bulk load it has not run yet.
  log("vacuum analyze");
  for (const table of [
    "booking",
    "usage_record",
    "booking_event",
    "resource",
    "resource_unit",
    "opening_hours",
    "analytics_unit_day",
    "analytics_unit_month",
    "analytics_org_day",
    "analytics_org_month",
    "analytics_lead",
  ])
    await db.$executeRawUnsafe(`VACUUM ANALYZE ${table}`);
  return { ...summary, skipped: false, ms: Date.now() - started };
};

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("Set DATABASE_URL to the (migrated and seeded) database to fill.");
    process.exit(1);
  }
  const db = createDb(url);
  try {
    const summary = await generateScale(db, {
      resources: arg("resources") ?? 500,
      bookings: arg("bookings") ?? 1_000_000,
      years: arg("years") ?? 2,
      databaseUrl: url,
      log: (line) => console.log(line),
    });
    console.log(JSON.stringify(summary));
  } finally {
    await db.$disconnect();
  }
}
