import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Prisma } from "../../api/src/generated/prisma/client.ts";
import { createDb, type Db } from "../../api/src/lib/db.ts";
import {
  heatmapSql,
  heatmapSqlFromScratch,
  leadTimeRollupSql,
  leadTimeSql,
  outcomesSql,
  outcomesSqlFromScratch,
  topOrganizationsSql,
  topOrganizationsSqlFromScratch,
  utilizationSql,
  utilizationSqlFromScratch,
  type GroupBy,
  type Period,
  type Scope,
} from "../../api/src/modules/analytics/analytics.repository.ts";

/*
 * The reports read rollups that triggers keep (migration 20261202170000_analytics_rollups). This checks, on
 * random data in its own facility, that every report gives exactly what the from-scratch SQL gives: after
 * inserts, after status changes and deletions, after usage is closed, and after opening hours, closures and
 * operators change (which recompute the rollups), after the holiday calendar changes on random dates (which
 * recomputes only those dates: migration 20261204120000_analytics_targeted_recompute) and is put back, after a
 * resource changes kind, facility or continuity, and after a full rebuild (the scale generator's backfill). The
 * heatmap's rollup (migration 20261203160000_analytics_hour) is checked too.
 * Times are whole minutes, so every sum is an exact integer in float8 and equality is exact.
 */

let db: Db;
const tag = randomUUID().slice(0, 8).toUpperCase();
const FACILITY = `RLP-${tag}`;
let facilityId = "";
const resources: { id: string; units: string[] }[] = [];
const orgs: string[] = [];
let user = "";

const rng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const random = rng(20261202);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const day0 = Date.parse("2025-01-01T00:00:00+08:00");

const statuses = ["PENDING", "APPROVED", "REJECTED", "CANCELLED", "CHECKED_IN", "COMPLETED", "NO_SHOW", "EXPIRED"];
const active = new Set(["PENDING", "APPROVED", "CHECKED_IN"]);

/**
 * Both queries in one transaction, so now() (open usage records) is the same instant for both. Closed data is
 * whole minutes and compares exactly; an open record's fractional seconds may be added in another order, so a
 * figure of the fast query that is within 1e-6 h of the from-scratch one counts as equal (the API rounds to
 * 1e-3 h). Rounding both sides to 1e-6 instead is not enough: two sums a hair apart can round to different
 * sixth decimals.
 */
const both = async <T>(fast: Prisma.Sql, slow: Prisma.Sql) => {
  const [a, b] = await db.$transaction(async (tx) => [await tx.$queryRaw<T[]>(fast), await tx.$queryRaw<T[]>(slow)]);
  const near = (rows: T[], like: T[]) =>
    rows.map((row, i) =>
      Object.fromEntries(
        Object.entries(row as object).map(([k, v]) => {
          const w = (like[i] as Record<string, unknown> | undefined)?.[k];
          return [k, typeof v === "number" && typeof w === "number" && Math.abs(v - w) <= 1e-6 ? w : v];
        }),
      ),
    );
  return [near(a!, b!), b!] as const;
};

const windows: [string, string][] = [
  ["2025-01-01", "2026-01-01"],
  ["2025-02-10", "2025-05-03"],
  ["2025-03-01", "2025-04-01"],
  ["2025-10-01", "2025-10-02"],
  ["2026-11-01", "2027-01-01"],
];
const shapes: [GroupBy, Period][] = [
  ["facility", "month"],
  ["resource", "month"],
  ["unit", "week"],
  ["resource", "total"],
  ["facility", "year"],
  ["unit", "day"],
];

const compareAll = async (label: string, facilityIds = [facilityId]) => {
  let rows = 0;
  for (const [from, to] of windows) {
    for (const kind of [null, "INSTRUMENT"]) {
      const scope: Scope = { from, to, facilityIds, kind };
      for (const [groupBy, period] of shapes) {
        if (period === "day" && to > "2025-06-01" && from < "2025-02-01") continue;
        const [fast, slow] = await both(
          utilizationSql(scope, groupBy, period),
          utilizationSqlFromScratch(scope, groupBy, period),
        );
        expect(fast, `${label}: utilization ${groupBy}/${period} [${from}, ${to}) kind ${kind}`).toEqual(slow);
        rows += slow.length;
      }
      const [fo, so] = await both(outcomesSql(scope), outcomesSqlFromScratch(scope));
      expect(fo, `${label}: outcomes [${from}, ${to}) kind ${kind}`).toEqual(so);
      const [fl, sl] = await both(leadTimeRollupSql(scope), leadTimeSql(scope));
      expect(fl, `${label}: lead time [${from}, ${to}) kind ${kind}`).toEqual(sl);
      const [ft, st] = await both(topOrganizationsSql(scope, 3), topOrganizationsSqlFromScratch(scope, 3));
      expect(ft, `${label}: top organizations [${from}, ${to}) kind ${kind}`).toEqual(st);
      const [fh, sh] = await both(heatmapSql(scope), heatmapSqlFromScratch(scope));
      expect(fh, `${label}: heatmap [${from}, ${to}) kind ${kind}`).toEqual(sh);
    }
  }
  return rows;
};

beforeAll(async () => {
  db = createDb(inject("databaseUrl"));
  facilityId = (
    await db.facility.create({
      data: {
        code: FACILITY,
        kind: "CENTER",
        nameZh: FACILITY,
        nameEn: FACILITY,
        summaryZh: "示例",
        summaryEn: "sample",
      },
    })
  ).id;
  // Facility hours Monday to Saturday in two overlapping rows a day (merged by the reports), none on Sunday.
  await db.openingHours.createMany({
    data: [1, 2, 3, 4, 5, 6].flatMap((weekday) => [
      { facilityId, weekday, opensMin: 8 * 60, closesMin: 12 * 60 },
      { facilityId, weekday, opensMin: 11 * 60, closesMin: 18 * 60 + 30 },
    ]),
  });
  user = (await db.user.create({ data: { email: `rlp-${tag}@example.test`, name: "rlp", passwordHash: "x" } })).id;
  for (let i = 0; i < 4; i++)
    orgs.push(
      (
        await db.organization.create({
          data: { kind: "SME", nameZh: `企业${tag}${i}`, nameEn: `SME ${tag} ${i}`, isSample: true },
        })
      ).id,
    );
  await db.facilityOperator.create({ data: { facilityId, organizationId: orgs[0]! } });
  for (let r = 0; r < 3; r++) {
    const resource = await db.resource.create({
      data: {
        facilityId,
        code: `${FACILITY}-R${r}`,
        kind: r === 2 ? "PILOT_LINE" : "INSTRUMENT",
        mode: "SELF_OPERATED",
        nameZh: `R${r}`,
        nameEn: `R${r}`,
        descriptionZh: "示例",
        descriptionEn: "sample",
        priceInternalFen: 0,
        priceExternalFen: 0,
        annualQuotaHours: 1000 + r,
        isSample: true,
        units: { create: Array.from({ length: 1 + (r % 2) }, (_, i) => ({ position: i + 1, label: `U${i}` })) },
      },
      include: { units: true },
    });
    resources.push({ id: resource.id, units: resource.units.map((u) => u.id) });
  }
  // The pilot line runs around the clock on its own hours, so its bookings cross midnight.
  await db.openingHours.createMany({
    data: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      facilityId,
      resourceId: resources[2]!.id,
      weekday,
      opensMin: 0,
      closesMin: 1440,
    })),
  });
  await db.closure.createMany({
    data: [
      {
        facilityId,
        startsAt: new Date(day0 + 40 * DAY + 10 * 60 * MIN),
        endsAt: new Date(day0 + 42 * DAY),
        reason: "t",
      },
      {
        resourceId: resources[0]!.id,
        startsAt: new Date(day0 + 100 * DAY + 9 * 60 * MIN),
        endsAt: new Date(day0 + 100 * DAY + 15 * 60 * MIN),
        reason: "t",
      },
    ],
  });

  // Bookings: per unit, one after another with random gaps, so active ones never overlap.
  for (const resource of resources) {
    for (const unit of resource.units) {
      let t = day0 - 20 * DAY;
      for (let i = 0; i < 110; i++) {
        t += Math.floor(random() * 5 * 24 * 60) * MIN;
        const start = t;
        const end = start + (30 + Math.floor(random() * 20 * 60)) * MIN;
        t = end;
        const status = pick(statuses);
        const kind = random() < 0.05 ? "MAINTENANCE" : "BOOKING";
        const org = kind === "MAINTENANCE" ? null : pick(orgs);
        const [row] = await db.$queryRaw<{ id: string }[]>`
          INSERT INTO booking (kind, organization_id, requester_id, resource_id, unit_id, starts_at, ends_at, status)
          VALUES (${kind}::"BookingKind", ${org}::uuid, ${user}::uuid, ${resource.id}::uuid, ${unit}::uuid,
            ${new Date(start)}, ${new Date(end)}, ${status}::"BookingStatus") RETURNING id`;
        const created = start - Math.floor(random() * 400) * 60 * MIN;
        await db.bookingEvent.create({
          data: { bookingId: row!.id, fromStatus: null, toStatus: "PENDING", at: new Date(created) },
        });
        if (random() < 0.7)
          await db.bookingEvent.create({
            data: {
              bookingId: row!.id,
              fromStatus: "PENDING",
              toStatus: pick(["APPROVED", "REJECTED"] as const),
              at: new Date(created + Math.floor(random() * 3000) * MIN),
            },
          });
        if (random() < 0.6 && !active.has(status))
          await db.usageRecord.create({
            data: {
              bookingId: row!.id,
              resourceId: resource.id,
              unitId: unit,
              organizationId: random() < 0.1 ? null : org,
              startedAt: new Date(start + Math.floor(random() * 30) * MIN),
              endedAt: random() < 0.1 ? null : new Date(end + Math.floor(random() * 60 - 20) * MIN),
            },
          });
      }
    }
  }
  // A usage record still open now, for the windows that include today.
  await db.usageRecord.create({
    data: {
      resourceId: resources[0]!.id,
      unitId: resources[0]!.units[0]!,
      organizationId: orgs[1]!,
      startedAt: new Date(Date.now() - 30 * 60 * MIN),
    },
  });
  // One inactive unit: its bookings leave booked hours, its usage still counts.
  await db.resourceUnit.update({ where: { id: resources[1]!.units[1]! }, data: { active: false } });
}, 240_000);

afterAll(async () => {
  await db?.$disconnect();
});

describe("analytics rollups give exactly what the from-scratch SQL gives", () => {
  it("after inserts", async () => {
    expect(await compareAll("inserted")).toBeGreaterThan(100);
  }, 240_000);

  it("after status changes, moves and deletions", async () => {
    const rows = await db.$queryRaw<{ id: string; status: string }[]>`
      SELECT b.id, b.status::text FROM booking b JOIN resource r ON r.id = b.resource_id WHERE r.facility_id = ${facilityId}::uuid ORDER BY b.id`;
    for (const [i, row] of rows.entries()) {
      if (i % 7 === 0 && row.status === "PENDING")
        await db.booking.update({ where: { id: row.id }, data: { status: "APPROVED" } });
      else if (i % 7 === 1 && row.status === "APPROVED")
        await db.booking.update({ where: { id: row.id }, data: { status: "CANCELLED" } });
      else if (i % 7 === 2 && !active.has(row.status))
        await db.$executeRaw`UPDATE booking SET starts_at = starts_at - interval '45 minutes' WHERE id = ${row.id}::uuid`;
      else if (i % 11 === 3 && !active.has(row.status))
        await db.booking.delete({ where: { id: row.id } }).catch(() => {});
    }
    await db.$executeRaw`UPDATE usage_record SET ended_at = started_at + interval '3 hours'
      WHERE ended_at IS NULL AND resource_id = ${resources[1]!.id}::uuid`;
    await db.$executeRaw`UPDATE usage_record SET organization_id = ${orgs[2]!}::uuid
      WHERE resource_id = ${resources[0]!.id}::uuid AND organization_id = ${orgs[3]!}::uuid`;
    await compareAll("changed");
  }, 240_000);

  it("after opening hours, closures and operators change", async () => {
    await db.openingHours.createMany({ data: [{ facilityId, weekday: 7, opensMin: 9 * 60, closesMin: 13 * 60 }] });
    await db.$executeRaw`UPDATE opening_hours SET closes_min = 17 * 60 WHERE facility_id = ${facilityId}::uuid AND weekday = 3 AND opens_min = 660`;
    await db.closure.create({
      data: {
        resourceId: resources[1]!.id,
        startsAt: new Date(day0 + 60 * DAY),
        endsAt: new Date(day0 + 75 * DAY),
        reason: "t",
      },
    });
    await db.facilityOperator.create({ data: { facilityId, organizationId: orgs[1]! } });
    await db.facilityOperator.delete({
      where: { facilityId_organizationId: { facilityId, organizationId: orgs[0]! } },
    });
    await compareAll("recomputed");
  }, 240_000);

  it("after holiday calendar changes on random dates, and after they are put back", async () => {
    // Dates the bookings cover (2025-01-01 … about 2025-10), picked at random; the other test files expect
    // the seeded calendar, so the rows of these dates are put back at the end whatever happens.
    const dates = [
      ...new Set(Array.from({ length: 14 }, () => Date.UTC(2025, 0, 1) + Math.floor(random() * 290) * DAY)),
    ]
      .sort((x, y) => x - y)
      .map((t) => new Date(t));
    const saved = await db.calendarDay.findMany({ where: { date: { in: dates } } });
    const row = (date: Date, kind: "HOLIDAY" | "WORKDAY") => ({
      date,
      kind,
      nameZh: "测试",
      nameEn: "test",
      source: `rollup-test-${tag}`,
    });
    const [a, b, c, d, e, f, ...rest] = dates;
    try {
      // One statement adding several days (holidays, and make-up working days that open a Sunday on Monday's hours).
      await db.calendarDay.deleteMany({ where: { date: { in: dates } } });
      await compareAll("calendar: rows of the random dates deleted");
      await db.calendarDay.createMany({
        data: rest.map((date, i) => row(date, i % 3 === 0 ? "WORKDAY" : "HOLIDAY")),
      });
      await db.calendarDay.createMany({ data: [row(a!, "HOLIDAY"), row(b!, "WORKDAY"), row(c!, "HOLIDAY")] });
      await compareAll("calendar: days added");
      // Kinds flipped (one row, then several), a name changed (nothing to recompute), rows deleted.
      await db.calendarDay.update({ where: { date: a! }, data: { kind: "WORKDAY" } });
      await db.$executeRaw`UPDATE calendar_day SET kind = CASE kind WHEN 'HOLIDAY' THEN 'WORKDAY'::"CalendarDayKind" ELSE 'HOLIDAY'::"CalendarDayKind" END
        WHERE source = ${`rollup-test-${tag}`} AND date <> ${a!}::date`;
      await db.calendarDay.update({ where: { date: c! }, data: { nameEn: "renamed" } });
      await db.calendarDay.deleteMany({ where: { date: { in: [b!, ...rest.slice(0, 2)] } } });
      // A date moved (its primary key changed).
      await db.$executeRaw`UPDATE calendar_day SET date = ${d!}::date WHERE date = ${c!}::date`;
      await db.calendarDay.createMany({ data: [row(e!, "HOLIDAY"), row(f!, "WORKDAY")] });
      await compareAll("calendar: days changed, moved and deleted");
    } finally {
      await db.calendarDay.deleteMany({ where: { date: { in: dates } } });
      if (saved.length > 0) await db.calendarDay.createMany({ data: saved });
    }
    expect(await db.calendarDay.count({ where: { source: `rollup-test-${tag}` } })).toBe(0);
    await compareAll("calendar: put back");
  }, 240_000);

  it("after closures move and go, and a resource gets and loses hours of its own", async () => {
    const closure = await db.closure.create({
      data: {
        facilityId,
        startsAt: new Date(day0 + 120 * DAY + 13 * 60 * MIN),
        endsAt: new Date(day0 + 123 * DAY + 9 * 60 * MIN),
        reason: "t",
      },
    });
    await compareAll("closure added");
    await db.closure.update({
      where: { id: closure.id },
      data: { startsAt: new Date(day0 + 150 * DAY), endsAt: new Date(day0 + 151 * DAY + 17 * 60 * MIN) },
    });
    await compareAll("closure moved");
    await db.closure.delete({ where: { id: closure.id } });
    await compareAll("closure deleted");
    await db.openingHours.createMany({
      data: [2, 4].map((weekday) => ({
        facilityId,
        resourceId: resources[1]!.id,
        weekday,
        opensMin: 6 * 60,
        closesMin: 22 * 60,
      })),
    });
    await db.$executeRaw`UPDATE opening_hours SET opens_min = 7 * 60 WHERE facility_id = ${facilityId}::uuid AND resource_id IS NULL AND weekday = 1`;
    await compareAll("own hours added, facility hours changed");
    await db.openingHours.deleteMany({ where: { resourceId: resources[1]!.id } });
    await compareAll("own hours deleted");
  }, 240_000);

  it("after a resource turns continuous and back", async () => {
    await db.resource.update({ where: { id: resources[1]!.id }, data: { continuous: true } });
    await compareAll("continuous");
    await db.resource.update({ where: { id: resources[1]!.id }, data: { continuous: false } });
    await compareAll("not continuous");
  }, 240_000);

  it("after a resource moves to another facility and back", async () => {
    const other = await db.facility.create({
      data: {
        code: `${FACILITY}-B`,
        kind: "BASE",
        nameZh: `${FACILITY}-B`,
        nameEn: `${FACILITY}-B`,
        summaryZh: "示例",
        summaryEn: "sample",
        openingHours: {
          create: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opensMin: 10 * 60, closesMin: 20 * 60 })),
        },
        operators: { create: [{ organizationId: orgs[2]! }] },
      },
    });
    await db.closure.create({
      data: {
        facilityId: other.id,
        startsAt: new Date(day0 + 30 * DAY),
        endsAt: new Date(day0 + 33 * DAY),
        reason: "t",
      },
    });
    await db.resource.update({ where: { id: resources[1]!.id }, data: { facilityId: other.id } });
    await compareAll("moved to another facility", [facilityId, other.id]);
    await compareAll("moved: the other facility alone", [other.id]);
    await db.resource.update({ where: { id: resources[1]!.id }, data: { facilityId } });
    await compareAll("moved back", [facilityId, other.id]);
  }, 240_000);

  it("after a resource moves to another kind", async () => {
    await db.resource.update({ where: { id: resources[0]!.id }, data: { kind: "PILOT_LINE" } });
    await compareAll("kind changed");
    await db.resource.update({ where: { id: resources[0]!.id }, data: { kind: "INSTRUMENT" } });
    await compareAll("kind changed back");
  }, 240_000);

  it("after a full rebuild", async () => {
    await db.$executeRaw`SELECT analytics_rebuild()`;
    await compareAll("rebuilt");
  }, 240_000);
});
