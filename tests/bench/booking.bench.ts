// pnpm bench:booking — booking throughput (service layer vs raw SQL) and availability at ≥ 100,000 bookings.
//
// Not a test: it prints figures and fails only when something breaks. In one run, on one throwaway embedded
// PostgreSQL (stopped and deleted at the end, also on error):
//   1. a world (createWorld) with 1,000 resources of 1–3 units each;
//   2. N bookings through createBookings (service layer, one caller, sequential), then N single-row raw
//      INSERTs into the same table under the same exclusion constraint through one pg.Client (autocommit);
//      both throughputs and their ratio;
//   3. a bulk fill to ≥ 100,000 bookings (one INSERT … SELECT generate_series, PENDING/APPROVED/CANCELLED,
//      past and next ~60 days), ANALYZE;
//   4. availability p50/p95: one resource over 30 days, whole facilities over 7 days, 1,000 resources over
//      7 days, against a baseline measured in the same run: the raw busy-time SQL for the same 1,000
//      resources, with a breakdown of where the 1,000-resource time goes.
// For scale: LibreBooking users report 20 s for a week's schedule on an install of 1,000+ resources.
//
// BENCH_N (default 2000) bookings per write path; BENCH_RUNS (default 30) timed runs per availability case;
// BENCH_FILL_DAYS_PAST / BENCH_FILL_DAYS_AHEAD (default 5 / 45) days the bulk fill spans (≈ 138k rows).
import os from "node:os";
import inspector from "node:inspector/promises";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { createDb, type Db } from "../../api/src/lib/db.ts";
import { createBookings } from "../../api/src/modules/bookings/create-bookings.ts";
import { computeAvailability, openFor, policyOf } from "../../api/src/modules/catalog/availability.service.ts";
import { findBusyByUnit, loadCalendarContext } from "../../api/src/modules/catalog/availability.repository.ts";
import {
  findFacility,
  findResourceById,
  findResourcesOfFacility,
} from "../../api/src/modules/catalog/catalog.repository.ts";
import { resourceAvailability } from "../../api/src/domain/availability.ts";
import { createWorld, futureDay } from "../setup/fixtures.ts";
import { prepareDatabase, startThrowawayDatabase } from "../setup/throwaway-db.ts";
import { time } from "./timing.ts";

const N = Number(process.env.BENCH_N ?? 2_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const RESOURCES = 1_000;
const DAYS_PAST = Number(process.env.BENCH_FILL_DAYS_PAST ?? 5);
const DAYS_AHEAD = Number(process.env.BENCH_FILL_DAYS_AHEAD ?? 45);
const MIN_BOOKINGS = 100_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Service and raw bookings use the hours 00:00–06:00 (local) of the days after tomorrow; the fill uses 08:00–19:00. */
const SLOTS_PER_DAY = 6;

const ms = (v: number) => (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)).padStart(8);
const int = (v: number) => Math.round(v).toLocaleString("en");
const sec = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

/** Slot k of a write path: its own day (from the day after tomorrow on) and hour in 00:00–06:00. */
const slot = (day0: number, j: number) => {
  const start = day0 + (2 + Math.floor(j / SLOTS_PER_DAY)) * DAY_MS + (j % SLOTS_PER_DAY) * HOUR_MS;
  return { start, end: start + HOUR_MS };
};

const run = async (db: Db, url: string) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const [{ server_version: version }] = (await client.query<{ server_version: string }>("SHOW server_version"))
      .rows as [{ server_version: string }];
    const settings = (
      await client.query<{ name: string; setting: string }>(
        "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'shared_buffers', 'jit') ORDER BY name",
      )
    ).rows;
    const cpus = os.cpus();
    console.log(
      `machine: ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? "?"}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.platform()} ${os.release()}, node ${process.version}`,
    );
    console.log(`PostgreSQL ${version} (embedded; ${settings.map((s) => `${s.name}=${s.setting}`).join(", ")})`);

    // ---- world: a 24/7 facility with 1,000 resources of 1–3 units ----------------------------------------
    let t0 = performance.now();
    const world = await createWorld(db);
    const actor = await world.actorOf(world.memberA.id);
    await client.query(
      `INSERT INTO resource (facility_id, code, kind, mode, name_zh, name_en, description_zh, description_en, granularity_min, min_duration_min,
         max_duration_min, min_notice_min, horizon_days, approval, price_internal_fen, price_external_fen)
       SELECT $1::uuid, 'BENCH-' || $2 || '-' || lpad(i::text, 4, '0'), 'INSTRUMENT', 'SELF_OPERATED', '基准设备 ' || i, 'Bench instrument ' || i, '基准', 'bench',
         30, 30, 1440, 0, 400, (CASE WHEN i % 4 = 0 THEN 'AUTO' ELSE 'MANAGER' END)::"ApprovalPolicy", 10000, 20000
       FROM generate_series(1, $3::int) AS i`,
      [world.facility.id, world.tag, RESOURCES],
    );
    await client.query(
      `INSERT INTO resource_unit (resource_id, label, position)
       SELECT r.id, r.code || '-' || p, p FROM resource r
       CROSS JOIN LATERAL generate_series(1, 1 + (substring(r.code FROM '[0-9]+$')::int % 3)) AS p
       WHERE r.facility_id = $1::uuid`,
      [world.facility.id],
    );
    const resources = await findResourcesOfFacility(db, world.facility.id);
    const unitCount = resources.reduce((n, r) => n + r.units.length, 0);
    console.log(
      `world: facility ${world.facility.code}, ${resources.length} resources, ${unitCount} units (${sec(t0)})`,
    );
    if (resources.length !== RESOURCES) throw new Error(`expected ${RESOURCES} resources, found ${resources.length}`);

    const day0 = futureDay(0); // today 00:00 Asia/Shanghai

    // ---- the two write paths, interleaved in blocks so both see the same machine (other load, fsync) ------
    // Service: createBookings on resource k % 1,000 (it takes the first free unit, position 1).
    // Raw: single-row INSERTs on the units at position ≥ 2, the same table and the same exclusion constraint.
    const rawUnits = resources.flatMap((r) =>
      r.units.filter((u) => u.position >= 2).map((u) => ({ unitId: u.id, resourceId: r.id })),
    );
    const serviceOne = async (k: number) => {
      const resource = resources[k % RESOURCES]!;
      const result = await createBookings({
        db,
        actor,
        input: {
          items: [{ resourceId: resource.id, range: slot(day0, Math.floor(k / RESOURCES)) }],
          purpose: "bench service",
        },
      });
      if (result.bookings.length !== 1) throw new Error(`service booking ${k} was not created`);
    };
    const rawOne = async (k: number) => {
      const { unitId, resourceId } = rawUnits[k % rawUnits.length]!;
      const range = slot(day0, Math.floor(k / rawUnits.length));
      const result = await client.query(
        `INSERT INTO booking (kind, organization_id, requester_id, resource_id, unit_id, starts_at, ends_at, status, purpose)
         VALUES ('BOOKING', $1, $2, $3, $4, $5, $6, 'PENDING', 'bench raw') RETURNING id`,
        [world.orgA.id, world.memberA.id, resourceId, unitId, new Date(range.start), new Date(range.end)],
      );
      if (result.rowCount !== 1) throw new Error(`raw booking ${k} was not created`);
    };
    const [{ n: before }] = (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM booking")).rows as [
      { n: number },
    ];
    const BLOCK = 100;
    let serviceMs = 0;
    let rawMs = 0;
    let serviceQueries = { calls: 0, ms: 0, byKind: {} as Record<string, number>, texts: [] as string[] };
    let serviceCpuUs = 0;
    t0 = performance.now();
    for (let from = 0; from < N; from += BLOCK) {
      const to = Math.min(N, from + BLOCK);
      const p = countQueries();
      const cpu0 = process.cpuUsage();
      let t = performance.now();
      for (let k = from; k < to; k++) await serviceOne(k);
      serviceMs += performance.now() - t;
      const cpu = process.cpuUsage(cpu0);
      serviceCpuUs += cpu.user + cpu.system;
      const q = p.stop();
      serviceQueries = {
        calls: serviceQueries.calls + q.calls,
        ms: serviceQueries.ms + q.ms,
        texts: [],
        byKind: Object.fromEntries(
          [...new Set([...Object.keys(serviceQueries.byKind), ...Object.keys(q.byKind)])].map((key) => [
            key,
            (serviceQueries.byKind[key] ?? 0) + (q.byKind[key] ?? 0),
          ]),
        ),
      };
      t = performance.now();
      for (let k = from; k < to; k++) await rawOne(k);
      rawMs += performance.now() - t;
    }
    const writesMs = performance.now() - t0;
    const serviceCpu = { user: serviceCpuUs, system: 0 };
    const [{ n: after }] = (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM booking")).rows as [
      { n: number },
    ];
    if (after - before !== 2 * N) throw new Error(`expected ${2 * N} new bookings, found ${after - before}`);
    // Proof that the raw path is under the same judge: a duplicate of the last raw booking must be refused.
    const last = rawUnits[(N - 1) % rawUnits.length]!;
    const lastRange = slot(day0, Math.floor((N - 1) / rawUnits.length));
    const refused = await client
      .query(
        `INSERT INTO booking (kind, organization_id, requester_id, resource_id, unit_id, starts_at, ends_at, status) VALUES ('BOOKING', $1, $2, $3, $4, $5, $6, 'PENDING')`,
        [
          world.orgA.id,
          world.memberA.id,
          last.resourceId,
          last.unitId,
          new Date(lastRange.start),
          new Date(lastRange.end),
        ],
      )
      .then(
        () => "accepted (!)",
        (e: { code?: string }) => e.code ?? "error",
      );
    if (refused !== "23P01") throw new Error(`overlapping raw INSERT was not refused with 23P01 but ${refused}`);

    const serviceRate = N / (serviceMs / 1000);
    const rawRate = N / (rawMs / 1000);
    console.log(
      `\nwrites: ${int(N)} bookings per path, one caller each, sequential, durable commits, interleaved in blocks of ${BLOCK} (${(writesMs / 1000).toFixed(1)} s in all); an overlapping raw INSERT → ${refused}`,
    );
    const writeTable = [
      ["path", "bookings", "total", "per booking", "bookings/s"],
      [
        "service: createBookings (rules, tx, event, outbox, re-read)",
        int(N),
        `${ms(serviceMs)} ms`,
        `${ms(serviceMs / N)} ms`,
        int(serviceRate),
      ],
      [
        "raw: single-row INSERT … RETURNING id (autocommit)",
        int(N),
        `${ms(rawMs)} ms`,
        `${ms(rawMs / N)} ms`,
        int(rawRate),
      ],
    ];
    printTable(writeTable);
    console.log(
      `ratio service/raw throughput: ${(serviceRate / rawRate).toFixed(3)}  (raw is ×${(rawRate / serviceRate).toFixed(1)} faster)`,
    );
    const perBooking = (v: number) => (v / N).toFixed(1);
    console.log(
      `service path, per booking: ${perBooking(serviceQueries.calls)} statements to PostgreSQL (${Object.entries(
        serviceQueries.byKind,
      )
        .map(([k, v]) => `${k} ${perBooking(v)}`)
        .join(", ")}); ` +
        `${(serviceQueries.ms / N).toFixed(1)} ms waiting on them; node CPU ${((serviceCpu.user + serviceCpu.system) / 1000 / N).toFixed(1)} ms`,
    );
    // The statements of one service booking, in order.
    const trace = countQueries();
    await serviceOne(N + 100);
    console.log(
      `statements of one service booking:\n${trace
        .stop()
        .texts.map((t, i) => `  ${String(i + 1).padStart(2)}. ${t.length > 110 ? `${t.slice(0, 107)}…` : t}`)
        .join("\n")}`,
    );
    // Where node's CPU goes on the service path: 100 more bookings under a sampling profiler.
    const serviceHot = await profile(
      100,
      (() => {
        let k = N;
        return () => serviceOne(k++);
      })(),
    );
    console.log(
      `CPU profile of createBookings (100 bookings, ${ms(serviceHot.totalMs / 100).trim()} ms CPU samples per booking), top self time:`,
    );
    for (const h of serviceHot.top) console.log(`  ${ms(h.ms / 100)} ms/booking  ${h.name}  ${h.where}`);

    // ---- bulk fill to ≥ 100,000 bookings -------------------------------------------------------------------
    // Every unit in the database (the seed's too), one or two bookings a day between 08:00 and 19:00 local.
    // Slot A 08:00/09:00 for 1–3 h (ends ≤ 12:00); slot B on one day in three, 13:00–15:00 start, 1–3 h.
    // ON CONFLICT DO NOTHING skips any slot the seed already holds (it works with exclusion constraints).
    t0 = performance.now();
    const fill = await client.query(
      `INSERT INTO booking (kind, organization_id, requester_id, resource_id, unit_id, starts_at, ends_at, status, purpose, quoted_price_fen)
       SELECT 'BOOKING', $1::uuid, $2::uuid, u.resource_id, u.id, s.starts_at, s.starts_at + make_interval(hours => 1 + (h.v / 7) % 3),
         (CASE WHEN h.v % 10 = 0 THEN 'CANCELLED' WHEN h.v % 10 < 4 THEN 'PENDING' ELSE 'APPROVED' END)::"BookingStatus", 'bench fill', 10000
       FROM resource_unit u
       CROSS JOIN generate_series(-$4::int, $5::int - 1) AS d
       CROSS JOIN generate_series(0, 1) AS part
       CROSS JOIN LATERAL (SELECT abs(hashtext(u.id::text || ':' || d || ':' || part)) AS v) h
       CROSS JOIN LATERAL (SELECT $3::timestamptz + make_interval(days => d, hours => CASE part WHEN 0 THEN 8 + h.v % 2 ELSE 13 + (h.v / 3) % 3 END) AS starts_at) s
       WHERE part = 0 OR h.v % 3 = 0
       ON CONFLICT DO NOTHING`,
      [world.orgA.id, world.memberA.id, new Date(day0), DAYS_PAST, DAYS_AHEAD],
    );
    const fillMs = performance.now() - t0;
    t0 = performance.now();
    await client.query("ANALYZE");
    const analyzeMs = performance.now() - t0;
    const counts = (
      await client.query<{ status: string; n: number }>(
        "SELECT status::text, count(*)::int AS n FROM booking GROUP BY status ORDER BY status",
      )
    ).rows;
    const total = counts.reduce((n, c) => n + c.n, 0);
    console.log(
      `\nbulk fill: ${int(fill.rowCount ?? 0)} rows in one INSERT … SELECT in ${(fillMs / 1000).toFixed(1)} s (${int((fill.rowCount ?? 0) / (fillMs / 1000))}/s), ANALYZE ${(analyzeMs / 1000).toFixed(1)} s`,
    );
    console.log(
      `bookings now: ${int(total)} (${counts.map((c) => `${c.status} ${int(c.n)}`).join(", ")}) on ${int((await client.query("SELECT 1 FROM resource_unit")).rowCount ?? 0)} units`,
    );
    if (total < MIN_BOOKINGS) throw new Error(`only ${total} bookings; need ${MIN_BOOKINGS}`);

    // ---- availability ----------------------------------------------------------------------------------------
    const now = Date.now();
    const week = { start: day0 + DAY_MS, end: day0 + 8 * DAY_MS };
    const month = { start: day0 + DAY_MS, end: day0 + 31 * DAY_MS };
    const threeUnits = resources.find((r) => r.units.length === 3)!;
    const battery = (await findFacility(db, "BATTERY"))!;
    const batteryResources = await findResourcesOfFacility(db, battery.id);
    const ids = resources.map((r) => r.id);
    const [{ n: weekBookings }] = (
      await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM booking WHERE resource_id = ANY($1::uuid[]) AND status IN ('PENDING','APPROVED','CHECKED_IN') AND blocked && tstzrange($2, $3, '[)')`,
        [ids, new Date(week.start), new Date(week.end)],
      )
    ).rows as [{ n: number }];
    console.log(
      `\navailability: ${RUNS} timed runs per case after 2 warm-ups; week = ${new Date(week.start).toISOString()} + 7 d; ${int(weekBookings)} active bookings of the 1,000 resources in that week`,
    );

    // Baseline: the busy-time SQL of findBusyByUnit, verbatim, through plain node-postgres (no Prisma, no code).
    const busySql = `SELECT unit_id, lower(r) AS s, upper(r) AS e FROM (
        SELECT b.unit_id, unnest(range_agg(b.blocked * tstzrange($2, $3, '[)'))) AS r
        FROM resource_unit u JOIN booking b ON b.unit_id = u.id
        WHERE u.resource_id = ANY($1::uuid[]) AND b.status IN ('PENDING', 'APPROVED', 'CHECKED_IN') AND b.blocked && tstzrange($2, $3, '[)')
        GROUP BY b.unit_id) merged`;
    const busyParams = [ids, new Date(week.start), new Date(week.end)];
    let busyRows = 0;
    // In the server only: the same query, its rows counted there (no transfer, no parsing).
    const baseline = await time(RUNS, async () => {
      busyRows = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${busySql}) q`, busyParams))
        .rows[0]!.n;
    });
    // To the client, values left as text (no Date parsing).
    const asText = { getTypeParser: () => (v: string) => v } as unknown as pg.CustomTypesConfig;
    const busyToClient = await time(RUNS, () => client.query({ text: busySql, values: busyParams, types: asText }));

    const cases: [string, string, () => Promise<unknown>][] = [
      [
        "1 resource (3 units), 30 days",
        "computeAvailability",
        async () => {
          const r = await computeAvailability({ db, resources: [threeUnits], window: month, now });
          if (r.length !== 1) throw new Error("one resource expected");
        },
      ],
      [
        "1 resource, 30 days, with its load",
        "findResourceById + computeAvailability",
        async () => {
          const resource = (await findResourceById(db, threeUnits.id))!;
          await computeAvailability({ db, resources: [resource], window: month, now });
        },
      ],
      [
        `facility BATTERY (${batteryResources.length} resources), 7 days`,
        "findFacility + findResourcesOfFacility + computeAvailability",
        async () => {
          const facility = (await findFacility(db, "BATTERY"))!;
          const rs = await findResourcesOfFacility(db, facility.id);
          await computeAvailability({ db, resources: rs, window: week, now });
        },
      ],
      [
        `facility ${world.facility.code} (1,000 resources), 7 days`,
        "findFacility + findResourcesOfFacility + computeAvailability",
        async () => {
          const facility = (await findFacility(db, world.facility.code))!;
          const rs = await findResourcesOfFacility(db, facility.id);
          await computeAvailability({ db, resources: rs, window: week, now });
        },
      ],
      [
        "1,000 resources, 7 days",
        "computeAvailability (resources loaded)",
        async () => {
          const r = await computeAvailability({ db, resources, window: week, now });
          if (r.length !== RESOURCES) throw new Error("1,000 results expected");
        },
      ],
      // Breakdown of the 1,000-resource case.
      ["  part: load 1,000 resources", "findResourcesOfFacility", () => findResourcesOfFacility(db, world.facility.id)],
      ["  part: busy time, 1,000 resources", "findBusyByUnit (Prisma $queryRaw)", () => findBusyByUnit(db, ids, week)],
      [
        "  part: calendars, 1,000 resources",
        "loadCalendarContext",
        () => loadCalendarContext(db, [world.facility.id], ids, week),
      ],
    ];
    const availabilityRows: string[][] = [["case", "what is timed", "p50 ms", "p95 ms", "× baseline p50"]];
    availabilityRows.push([
      "baseline: busy-time SQL, 1,000 resources, 7 d",
      `in the server (count of its ${int(busyRows)} rows)`,
      ms(baseline.p50),
      ms(baseline.p95),
      "1.0",
    ]);
    availabilityRows.push([
      "  same SQL, rows to the client",
      "raw pg, values as text",
      ms(busyToClient.p50),
      ms(busyToClient.p95),
      (busyToClient.p50 / baseline.p50).toFixed(1),
    ]);
    for (const [label, what, fn] of cases) {
      const t = await time(RUNS, fn);
      availabilityRows.push([label, what, ms(t.p50), ms(t.p95), (t.p50 / baseline.p50).toFixed(1)]);
    }
    // Pure code only: opening windows and free slots from preloaded busy time and calendars.
    const [busy, context] = await Promise.all([
      findBusyByUnit(db, ids, week),
      loadCalendarContext(db, [world.facility.id], ids, week),
    ]);
    const pure = await time(RUNS, async () => {
      for (const resource of resources) {
        const open = openFor(context, resource, week);
        const units = resource.units.filter((u) => u.active).sort((a, b) => a.position - b.position);
        resourceAvailability({
          open,
          policy: policyOf(resource),
          now,
          window: week,
          units: units.map((u) => ({ unitId: u.id, busy: busy.get(u.id) ?? [] })),
        });
      }
    });
    availabilityRows.push([
      "  part: pure code, 1,000 resources",
      "openFor + resourceAvailability",
      ms(pure.p50),
      ms(pure.p95),
      (pure.p50 / baseline.p50).toFixed(1),
    ]);
    const openOnly = await time(RUNS, async () => {
      for (const resource of resources) openFor(context, resource, week);
    });
    availabilityRows.push([
      "    of which opening windows",
      "openFor × 1,000",
      ms(openOnly.p50),
      ms(openOnly.p95),
      (openOnly.p50 / baseline.p50).toFixed(1),
    ]);
    // What an HTTP response would add: serialising the 1,000-resource result.
    const result = await computeAvailability({ db, resources, window: week, now });
    const serialise = await time(RUNS, async () => JSON.stringify(result));
    availabilityRows.push([
      "  part: JSON.stringify of the result",
      `${(JSON.stringify(result).length / 2 ** 20).toFixed(1)} MiB`,
      ms(serialise.p50),
      ms(serialise.p95),
      (serialise.p50 / baseline.p50).toFixed(1),
    ]);
    printTable(availabilityRows);
    console.log("(LibreBooking, for scale: users report ~20 s for a week's schedule with 1,000+ resources.)");

    // Where node's CPU goes in the 1,000-resource case: a sampling profile of 10 calls, top functions by self time.
    const hot = await profile(10, () => computeAvailability({ db, resources, window: week, now }));
    console.log(
      `\nCPU profile of computeAvailability, 1,000 resources × 7 days (10 calls, ${ms(hot.totalMs / 10).trim()} ms CPU samples per call), top self time:`,
    );
    for (const h of hot.top) console.log(`  ${ms(h.ms / 10)} ms/call  ${h.name}  ${h.where}`);

    const plan = (
      await client.query(`EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) ${busySql}`, [
        ids,
        new Date(week.start),
        new Date(week.end),
      ])
    ).rows.map((r: Record<string, string>) => {
      const line = r["QUERY PLAN"]!;
      return line.length > 150 ? `${line.slice(0, 147)}…` : line;
    });
    console.log(`\nbusy-time query plan (1,000 resources, 7 days):\n  ${plan.join("\n  ")}`);
  } finally {
    await client.end();
  }
};

/** Counts the statements node-postgres sends (Prisma's adapter uses the same module) and the time waited on them. */
const countQueries = () => {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const stats = { calls: 0, ms: 0, byKind: {} as Record<string, number>, texts: [] as string[] };
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === "string" ? first : ((first as { text?: string } | undefined)?.text ?? "");
    const kind = (/^\s*(\w+)/.exec(text)?.[1] ?? "?").toUpperCase();
    stats.calls++;
    if (stats.texts.length < 50) stats.texts.push(text.replace(/\s+/g, " ").trim());
    stats.byKind[kind] = (stats.byKind[kind] ?? 0) + 1;
    const t0 = performance.now();
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).finally === "function") {
      return (result as Promise<unknown>).finally(() => {
        stats.ms += performance.now() - t0;
      });
    }
    return result;
  };
  return { stop: () => ((proto.query = original), stats) };
};

/** A sampling CPU profile of `runs` calls of fn: the functions with the most self time. */
const profile = async (runs: number, fn: () => Promise<unknown>) => {
  const session = new inspector.Session();
  session.connect();
  try {
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 200 });
    await session.post("Profiler.start");
    for (let i = 0; i < runs; i++) await fn();
    const { profile: p } = (await session.post("Profiler.stop")) as unknown as {
      profile: {
        nodes: {
          id: number;
          callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
        }[];
        samples: number[];
        timeDeltas: number[];
      };
    };
    const self = new Map<number, number>();
    p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000));
    const byFn = new Map<string, { name: string; where: string; ms: number }>();
    let totalMs = 0;
    for (const node of p.nodes) {
      const t = self.get(node.id) ?? 0;
      const { functionName, url, lineNumber, columnNumber } = node.callFrame;
      if (functionName === "(idle)" || functionName === "(program)") continue;
      totalMs += t;
      const where = url
        ? `${url.replace(/^.*\/(node_modules\/\.pnpm\/[^/]+|work\/main)\//, "")}:${lineNumber + 1}:${columnNumber + 1}`
        : "";
      const key = `${functionName}@${where}`;
      const entry = byFn.get(key) ?? { name: functionName || "(anonymous)", where, ms: 0 };
      entry.ms += t;
      byFn.set(key, entry);
    }
    return { totalMs, top: [...byFn.values()].sort((a, b) => b.ms - a.ms).slice(0, 15) };
  } finally {
    await session.post("Profiler.disable").catch(() => {});
    session.disconnect();
  }
};

const printTable = (table: string[][]) => {
  const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => (r[c] ?? "").length)));
  for (const [i, r] of table.entries()) {
    console.log(
      r.map((cell, c) => (c === 0 || c === 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  "),
    );
    if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
  }
};

const main = async () => {
  const started = performance.now();
  let stop = async () => {};
  let db: Db | undefined;
  const onSignal = () => void stop().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const embedded = await startThrowawayDatabase("bench-booking");
    console.log(`started a throwaway PostgreSQL in ${embedded.dataDir}`);
    stop = embedded.stop;
    await prepareDatabase(embedded.url);
    db = createDb(embedded.url);
    await run(db, embedded.url);
  } finally {
    await db?.$disconnect().catch(() => {});
    await stop();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    console.log(`\ndone in ${((performance.now() - started) / 1000).toFixed(1)} s; database stopped and removed`);
  }
};

await main();
