// pnpm bench:analytics — the year-level utilization report on ~500 resources and 1,000,000 bookings.
//
// Starts a throwaway embedded PostgreSQL, migrates and seeds it, generates the scale data, then times the
// year report for one facility and for all facilities, with p50/p95 over several runs, and a ratio against a
// baseline measured in the same run on the same data: a plain count(*) and sum(duration) of the same bookings.
// Not a test: it prints figures and fails only when something breaks. Stops the database it started.
//
// BENCH_BOOKINGS / BENCH_RESOURCES / BENCH_RUNS override the size; BENCH_DATABASE_URL reuses a filled database.
import { createDb, type Db } from "../../api/src/lib/db.ts";
import type { Actor } from "../../api/src/lib/context.ts";
import { getHeatmap, getSummary, getUtilization } from "../../api/src/modules/analytics/analytics.service.ts";
import { generateScale } from "../../seeds/generate-scale.ts";
import { prepareDatabase, startThrowawayDatabase } from "../setup/throwaway-db.ts";
import { time } from "./timing.ts";

const BOOKINGS = Number(process.env.BENCH_BOOKINGS ?? 1_000_000);
const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 500);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const YEARS = 2;

const admin: Actor = {
  userId: "00000000-0000-0000-0000-000000000000",
  email: "bench@example.invalid",
  name: "bench",
  isAdmin: true,
  organizationIds: [],
  organizations: [],
  managedFacilityIds: [],
  via: "token",
};

const fmt = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`;

const run = async (db: Db, databaseUrl: string) => {
  const startYear = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear() - YEARS + 1;
  const [{ n } = { n: 0 }] = await db.$queryRaw<
    { n: number }[]
  >`SELECT count(*)::int AS n FROM booking WHERE purpose = 'scale sample'`;
  if (n === 0) {
    console.log(
      `generating ${RESOURCES} resources and ${BOOKINGS.toLocaleString("en")} bookings over ${YEARS} years …`,
    );
    const summary = await generateScale(db, {
      resources: RESOURCES,
      bookings: BOOKINGS,
      years: YEARS,
      startDate: `${startYear}-01-01`,
      databaseUrl,
      log: (l) => console.log(`  ${l}`),
    });
    console.log(
      `  done in ${(summary.ms / 1000).toFixed(1)} s: ${summary.units} units, ${summary.bookings} bookings, ${summary.usageRecords} usage records, ${summary.events} events`,
    );
  }

  // The report year: the first full year of the data.
  const from = `${startYear}-01-01`;
  const to = `${startYear + 1}-01-01`;
  const [busiest] = await db.$queryRaw<{ code: string; id: string; resources: number }[]>`
    SELECT f.code, f.id, count(*)::int AS resources FROM facility f JOIN resource r ON r.facility_id = f.id
    WHERE r.code LIKE 'SCALE-%' GROUP BY f.id ORDER BY count(*) DESC, f.code LIMIT 1`;
  const [counts] = await db.$queryRaw<{ all: number; one: number }[]>`
    SELECT count(*)::int AS all, count(*) FILTER (WHERE r.facility_id = ${busiest!.id}::uuid)::int AS one
    FROM booking b JOIN resource r ON r.id = b.resource_id
    WHERE b.starts_at >= (${from}::date::timestamp AT TIME ZONE 'Asia/Shanghai') AND b.starts_at < (${to}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`;
  console.log(
    `\nyear ${startYear}: ${counts!.all.toLocaleString("en")} bookings in all facilities, ${counts!.one.toLocaleString("en")} in ${busiest!.code} (${busiest!.resources} scale resources); ${RUNS} runs after one warm-up\n`,
  );

  const baseline = (facilityId: string | null) => () => db.$queryRaw`
    SELECT count(*)::int AS n, extract(epoch FROM sum(b.ends_at - b.starts_at))::float8 AS seconds
    FROM booking b JOIN resource r ON r.id = b.resource_id
    WHERE (${facilityId === null} OR r.facility_id = ${facilityId}::uuid)
      AND b.starts_at < (${to}::date::timestamp AT TIME ZONE 'Asia/Shanghai') AND b.ends_at > (${from}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`;

  const scopes: [string, string | undefined, string | null][] = [
    [`one facility (${busiest!.code})`, busiest!.code, busiest!.id],
    ["all facilities", undefined, null],
  ];
  const rows: string[] = [];
  for (const [label, facility, facilityId] of scopes) {
    const base = await time(RUNS, baseline(facilityId));
    const utilization = await time(RUNS, () =>
      getUtilization({ db, actor: admin, query: { from, to, facility, groupBy: "facility", period: "month" } }),
    );
    const byResource = await time(RUNS, () =>
      getUtilization({ db, actor: admin, query: { from, to, facility, groupBy: "resource", period: "month" } }),
    );
    const summary = await time(RUNS, () => getSummary({ db, actor: admin, query: { from, to, facility } }));
    const heatmap = await time(RUNS, () => getHeatmap({ db, actor: admin, query: { from, to, facility } }));
    const line = (name: string, t: { p50: number; p95: number }) =>
      rows.push(
        `${label.padEnd(28)} ${name.padEnd(34)} p50 ${fmt(t.p50)}  p95 ${fmt(t.p95)}  ×${(t.p50 / base.p50).toFixed(1).padStart(5)} baseline`,
      );
    line("baseline count+sum", base);
    line("utilization by facility × month", utilization);
    line("utilization by resource × month", byResource);
    line("summary (KPIs, lead time, top orgs)", summary);
    line("heatmap weekday × hour", heatmap);
  }
  console.log(rows.join("\n"));
};

const main = async () => {
  let url = process.env.BENCH_DATABASE_URL;
  let stop = async () => {};
  if (!url) {
    console.log("starting a throwaway PostgreSQL …");
    const database = await startThrowawayDatabase("bench-analytics");
    url = database.url;
    stop = database.stop;
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.once(signal, () => void stop().finally(() => process.exit(130)));
    }
  }
  const db = createDb(url);
  try {
    // A BENCH_DATABASE_URL database is used as it is (migrated and seeded): nothing to prepare.
    if (!process.env.BENCH_DATABASE_URL) await prepareDatabase(url);
    await run(db, url);
  } finally {
    await db.$disconnect();
    await stop();
  }
};

await main();
