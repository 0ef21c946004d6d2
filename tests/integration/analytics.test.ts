import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createRequire } from "node:module";
import { createDb, type Db } from "../../api/src/lib/db.ts";
import type { Actor } from "../../api/src/lib/context.ts";
import { onError } from "../../api/src/lib/problem.ts";
import { router } from "../../api/src/lib/openapi.ts";
import { analyticsRoutes } from "../../api/src/modules/analytics/analytics.routes.ts";
import { getHeatmap, getSummary, getUtilization } from "../../api/src/modules/analytics/analytics.service.ts";
import type { TUtilizationQuery } from "../../api/src/modules/analytics/analytics.schemas.ts";

/*
 * A hand-computed fixture, window [2025-09-27, 2025-11-03), all times Asia/Shanghai (+08:00).
 *
 * Official calendar 2025: 1–8 Oct HOLIDAY (National Day + Mid-Autumn); Sun 28 Sep and Sat 11 Oct are make-up
 * WORKDAYs, which use the Monday hours.
 *
 * Facility F: Mon–Fri 09:00–17:00 (8 h). Facility closure Mon 20 Oct 13:00–15:00 (affects both resources).
 * - R1 (INSTRUMENT, quota 1400 h), units U1 and U2, facility hours.
 *     open per unit: Sep = 28, 29, 30 Sep → 24 h; Oct = 9, 10, 11 (workday) + 3 full weeks 13–31 → 144 − 2 = 142 h;
 *     Nov (1–2, a weekend) = 0.  Capacity: Sep 48, Oct 284, Nov 0.
 * - R2 (PILOT_LINE, quota 730 h), one unit U3, its own hours 00:00–24:00 every day (overriding the facility's).
 *     open: Sep 27–30 → 96 h; Oct 31 − 8 holidays = 23 days → 552 − 2 = 550 h; Nov 1–2 → 48 h.
 *
 * Bookings (booked hours inside opening hours):
 *   b1  U1 APPROVED  Mon 29 Sep 10–12, buffers 30/30 min    → Sep 2 (buffers are not use)
 *   b2  U1 COMPLETED Tue 30 Sep 16–18                       → Sep 1 (17:00 closing)
 *   b3  U1 CANCELLED Thu  9 Oct 09–11                       → excluded
 *   b4  U1 REJECTED  Thu  9 Oct 11–13                       → excluded
 *   b5  U1 NO_SHOW   Fri 10 Oct 09–10                       → Oct 1 (a no-show still held the unit)
 *   b6  U1 APPROVED  Fri  3 Oct 10–12 (holiday)             → Oct 0
 *   b7  U1 APPROVED  Sat 11 Oct 09–11 (make-up workday)     → Oct 2
 *   b8  U1 APPROVED  Mon 20 Oct 12–16 (closure 13–15)       → Oct 2
 *   b9  U1 PENDING   Tue 21 Oct 09–10                       → excluded
 *   m1  U1 MAINTENANCE Wed 22 Oct 09–17                     → excluded
 *   b11 U2 CHECKED_IN Mon 27 Oct 09–17                      → Oct 8
 *   b12 U2 COMPLETED Tue 28 Oct 08–10                       → Oct 1 (opens 09:00)
 *   b13 U3 COMPLETED Tue 30 Sep 22:00 – Wed 1 Oct 02:00     → Sep 2, Oct 0 (1 Oct is a holiday)
 *   b14 U3 COMPLETED Fri 31 Oct 20:00 – Sat 1 Nov 04:00     → Oct 4, Nov 4 (crosses a month boundary)
 *   b15 U3 APPROVED  Mon 20 Oct 12–16 (closure 13–15)       → Oct 2
 *   Booked: R1 Sep 3, Oct 14 (U1 5, U2 9); R2 Sep 2, Oct 6, Nov 4.
 *
 * Usage records (有效工作机时, not clipped to opening hours nor to the booking):
 *   u2  b2  SME 30 Sep 15:30–19:30 (longer than its booking) → Sep 4, outside
 *   u11 b11 OP  27 Oct 09:05–12:00                           → Oct 2.91667, internal
 *   u13 b13 SME 30 Sep 22:00 – 1 Oct 02:00                   → Sep 2, Oct 2, outside
 *   u14 b14 OP  31 Oct 20:00 – 1 Nov 04:00                   → Oct 4, Nov 4, internal
 */

const W = (local: string) => new Date(`${local}+08:00`);
const FROM = "2025-09-27";
const TO = "2025-11-03";

let db: Db;
const tag = randomUUID().slice(0, 8).toUpperCase();
const FACILITY = `ANA-${tag}`;
const OTHER_FACILITY = `ANA-${tag}-X`;
const ids = { facility: "", other: "", operator: "", sme: "", r1: "", r2: "", u1: "", u2: "", u3: "", user: "" };
const booking: Record<string, string> = {};

const admin: Actor = {
  userId: randomUUID(),
  email: "a@x",
  name: "admin",
  isAdmin: true,
  organizationIds: [],
  organizations: [],
  managedFacilityIds: [],
  via: "session",
};
const manager = (...facilityIds: string[]): Actor => ({ ...admin, isAdmin: false, managedFacilityIds: facilityIds });
const member: Actor = { ...admin, isAdmin: false };

const query = (q: Partial<TUtilizationQuery> = {}): TUtilizationQuery => ({
  from: FROM,
  to: TO,
  facility: FACILITY,
  groupBy: "facility",
  period: "month",
  ...q,
});

const addBooking = async (
  name: string,
  unit: "u1" | "u2" | "u3",
  status: string,
  start: string,
  end: string,
  org: "operator" | "sme" | null,
  extra: { kind?: string; before?: number; after?: number } = {},
) => {
  const resourceId = unit === "u3" ? ids.r2 : ids.r1;
  const [row] = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO booking (kind, organization_id, requester_id, resource_id, unit_id, starts_at, ends_at, buffer_before_min, buffer_after_min, status)
    VALUES (${extra.kind ?? "BOOKING"}::"BookingKind", ${org ? ids[org] : null}::uuid, ${ids.user}::uuid, ${resourceId}::uuid, ${ids[unit]}::uuid,
            ${W(start)}, ${W(end)}, ${extra.before ?? 0}, ${extra.after ?? 0}, ${status}::"BookingStatus")
    RETURNING id`;
  booking[name] = row!.id;
};

const addUsage = async (name: string, org: "operator" | "sme", start: string, end: string) => {
  const b = await db.booking.findUniqueOrThrow({ where: { id: booking[name]! } });
  await db.usageRecord.create({
    data: {
      bookingId: b.id,
      resourceId: b.resourceId,
      unitId: b.unitId,
      organizationId: ids[org],
      startedAt: W(start),
      endedAt: W(end),
    },
  });
};

const addEvents = async (
  name: string,
  created: string,
  decided: { status: "APPROVED" | "REJECTED" | "CANCELLED"; afterHours: number } | null,
) => {
  const at = W(created);
  await db.bookingEvent.create({ data: { bookingId: booking[name]!, fromStatus: null, toStatus: "PENDING", at } });
  if (decided) {
    await db.bookingEvent.create({
      data: {
        bookingId: booking[name]!,
        fromStatus: "PENDING",
        toStatus: decided.status,
        at: new Date(at.getTime() + decided.afterHours * 3_600_000),
      },
    });
  }
};

beforeAll(async () => {
  db = createDb(inject("databaseUrl"));
  for (const [date, kind] of [
    ["2025-09-28", "WORKDAY"],
    ["2025-10-11", "WORKDAY"],
    ...["01", "02", "03", "04", "05", "06", "07", "08"].map((d) => [`2025-10-${d}`, "HOLIDAY"]),
  ] as const) {
    await db.$executeRaw`INSERT INTO calendar_day (date, kind, name_zh, name_en, source) VALUES (${date}::date, ${kind}::"CalendarDayKind", '国庆节、中秋节', 'National Day', 'test fixture')
      ON CONFLICT (date) DO NOTHING`;
  }
  const cal = await db.$queryRaw<
    { d: string; kind: string }[]
  >`SELECT to_char(date, 'YYYY-MM-DD') AS d, kind::text FROM calendar_day WHERE date BETWEEN '2025-09-27' AND '2025-11-02' ORDER BY date`;
  // The fixture's hand-computed answers assume exactly the official calendar of that window.
  expect(cal).toEqual([
    { d: "2025-09-28", kind: "WORKDAY" },
    ...["01", "02", "03", "04", "05", "06", "07", "08"].map((d) => ({ d: `2025-10-${d}`, kind: "HOLIDAY" })),
    { d: "2025-10-11", kind: "WORKDAY" },
  ]);

  const facility = (code: string) => ({
    code,
    kind: "CENTER" as const,
    nameZh: `分析测试${code}`,
    nameEn: `Analytics ${code}`,
    summaryZh: "示例",
    summaryEn: "sample",
  });
  ids.facility = (await db.facility.create({ data: facility(FACILITY) })).id;
  ids.other = (await db.facility.create({ data: facility(OTHER_FACILITY) })).id;
  ids.operator = (
    await db.organization.create({
      data: { kind: "OPERATOR", nameZh: `运营方${tag}`, nameEn: `Operator ${tag}`, isSample: true },
    })
  ).id;
  ids.sme = (
    await db.organization.create({ data: { kind: "SME", nameZh: `企业${tag}`, nameEn: `SME ${tag}`, isSample: true } })
  ).id;
  await db.facilityOperator.create({ data: { facilityId: ids.facility, organizationId: ids.operator } });
  ids.user = (
    await db.user.create({ data: { email: `analytics-${tag}@example.test`, name: "analytics", passwordHash: "x" } })
  ).id;
  await db.openingHours.createMany({
    data: [1, 2, 3, 4, 5].map((weekday) => ({ facilityId: ids.facility, weekday, opensMin: 540, closesMin: 1020 })),
  });
  await db.openingHours.createMany({
    data: [1, 2, 3, 4, 5].map((weekday) => ({ facilityId: ids.other, weekday, opensMin: 540, closesMin: 1020 })),
  });

  const resource = (code: string, kind: "INSTRUMENT" | "PILOT_LINE", facilityId: string, annualQuotaHours = 1400) => ({
    facilityId,
    code,
    kind,
    mode: "SELF_OPERATED" as const,
    nameZh: code,
    nameEn: code,
    descriptionZh: "示例",
    descriptionEn: "sample",
    priceInternalFen: 0,
    priceExternalFen: 0,
    annualQuotaHours,
    isSample: true,
  });
  ids.r1 = (await db.resource.create({ data: resource(`${FACILITY}-R1`, "INSTRUMENT", ids.facility) })).id;
  ids.r2 = (await db.resource.create({ data: resource(`${FACILITY}-R2`, "PILOT_LINE", ids.facility, 730) })).id;
  const otherResource = (await db.resource.create({ data: resource(`${OTHER_FACILITY}-R1`, "INSTRUMENT", ids.other) }))
    .id;
  ids.u1 = (await db.resourceUnit.create({ data: { resourceId: ids.r1, position: 1, label: "U1" } })).id;
  ids.u2 = (await db.resourceUnit.create({ data: { resourceId: ids.r1, position: 2, label: "U2" } })).id;
  ids.u3 = (await db.resourceUnit.create({ data: { resourceId: ids.r2, position: 1, label: "U3" } })).id;
  // An inactive unit adds no capacity.
  await db.resourceUnit.create({ data: { resourceId: ids.r1, position: 3, label: "U-retired", active: false } });
  await db.resourceUnit.create({ data: { resourceId: otherResource, position: 1, label: "X1" } });
  await db.openingHours.createMany({
    data: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      facilityId: ids.facility,
      resourceId: ids.r2,
      weekday,
      opensMin: 0,
      closesMin: 1440,
    })),
  });
  await db.closure.create({
    data: {
      facilityId: ids.facility,
      startsAt: W("2025-10-20T13:00:00"),
      endsAt: W("2025-10-20T15:00:00"),
      reason: "power maintenance",
    },
  });

  await addBooking("b1", "u1", "APPROVED", "2025-09-29T10:00:00", "2025-09-29T12:00:00", "sme", {
    before: 30,
    after: 30,
  });
  await addBooking("b2", "u1", "COMPLETED", "2025-09-30T16:00:00", "2025-09-30T18:00:00", "sme");
  await addBooking("b3", "u1", "CANCELLED", "2025-10-09T09:00:00", "2025-10-09T11:00:00", "sme");
  await addBooking("b4", "u1", "REJECTED", "2025-10-09T11:00:00", "2025-10-09T13:00:00", "sme");
  await addBooking("b5", "u1", "NO_SHOW", "2025-10-10T09:00:00", "2025-10-10T10:00:00", "sme");
  await addBooking("b6", "u1", "APPROVED", "2025-10-03T10:00:00", "2025-10-03T12:00:00", "operator");
  await addBooking("b7", "u1", "APPROVED", "2025-10-11T09:00:00", "2025-10-11T11:00:00", "sme");
  await addBooking("b8", "u1", "APPROVED", "2025-10-20T12:00:00", "2025-10-20T16:00:00", "sme");
  await addBooking("b9", "u1", "PENDING", "2025-10-21T09:00:00", "2025-10-21T10:00:00", "sme");
  await addBooking("m1", "u1", "APPROVED", "2025-10-22T09:00:00", "2025-10-22T17:00:00", null, { kind: "MAINTENANCE" });
  await addBooking("b11", "u2", "CHECKED_IN", "2025-10-27T09:00:00", "2025-10-27T17:00:00", "operator");
  await addBooking("b12", "u2", "COMPLETED", "2025-10-28T08:00:00", "2025-10-28T10:00:00", "operator");
  await addBooking("b13", "u3", "COMPLETED", "2025-09-30T22:00:00", "2025-10-01T02:00:00", "sme");
  await addBooking("b14", "u3", "COMPLETED", "2025-10-31T20:00:00", "2025-11-01T04:00:00", "operator");
  await addBooking("b15", "u3", "APPROVED", "2025-10-20T12:00:00", "2025-10-20T16:00:00", "operator");

  await addUsage("b2", "sme", "2025-09-30T15:30:00", "2025-09-30T19:30:00");
  await addUsage("b11", "operator", "2025-10-27T09:05:00", "2025-10-27T12:00:00");
  await addUsage("b13", "sme", "2025-09-30T22:00:00", "2025-10-01T02:00:00");
  await addUsage("b14", "operator", "2025-10-31T20:00:00", "2025-11-01T04:00:00");

  // Lead times 2 h, 10 h, 4 h, 1 h → median 3 h, p90 8.2 h (linear interpolation). b3 was cancelled undecided.
  await addEvents("b1", "2025-09-27T10:00:00", { status: "APPROVED", afterHours: 2 });
  await addEvents("b4", "2025-09-28T10:00:00", { status: "REJECTED", afterHours: 10 });
  await addEvents("b7", "2025-10-09T10:00:00", { status: "APPROVED", afterHours: 4 });
  await addEvents("b5", "2025-10-09T11:00:00", { status: "APPROVED", afterHours: 1 });
  await addEvents("b3", "2025-10-08T11:00:00", { status: "CANCELLED", afterHours: 1 });
  // Auto-approved: created straight into APPROVED, never pending, not a manager's decision.
  await db.bookingEvent.create({
    data: { bookingId: booking.b11!, fromStatus: null, toStatus: "APPROVED", at: W("2025-10-20T09:00:00") },
  });
  // Created before the window: not counted.
  await addEvents("b15", "2025-09-20T09:00:00", { status: "APPROVED", afterHours: 100 });
});

afterAll(async () => {
  await db?.$disconnect();
});

type Row = Awaited<ReturnType<typeof getUtilization>>["items"][number];
const pick = (r: Row) => ({
  period: r.period,
  open: r.openHours,
  booked: r.bookedHours,
  effective: r.effectiveHours,
  outside: r.outsideHours,
});

describe("utilization (hand-computed fixture)", () => {
  it("per facility and month: holidays, make-up day, closure, midnight and month boundaries", async () => {
    const { items } = await getUtilization({ db, actor: admin, query: query() });
    expect(items.map(pick)).toEqual([
      { period: "2025-09-01", open: 144, booked: 5, effective: 6, outside: 6 },
      { period: "2025-10-01", open: 834, booked: 20, effective: 8.917, outside: 2 },
      { period: "2025-11-01", open: 48, booked: 4, effective: 4, outside: 0 },
    ]);
    expect(items.every((r) => r.facility.code === FACILITY && r.resource === null && r.unit === null)).toBe(true);
    expect(items[0]!.utilization).toBeCloseTo(5 / 144, 4);
    expect(items[1]!.utilization).toBeCloseTo(20 / 834, 4);
    expect(items[0]!.sharingRate).toBe(1);
    expect(items[1]!.sharingRate).toBeCloseTo(2 / (8 + 11 / 12), 4);
    expect(items[2]!.sharingRate).toBe(0);
  });

  it("per resource and month", async () => {
    const { items } = await getUtilization({ db, actor: admin, query: query({ groupBy: "resource" }) });
    expect(items.map((r) => ({ code: r.resource!.code, ...pick(r) }))).toEqual([
      { code: `${FACILITY}-R1`, period: "2025-09-01", open: 48, booked: 3, effective: 4, outside: 4 },
      { code: `${FACILITY}-R2`, period: "2025-09-01", open: 96, booked: 2, effective: 2, outside: 2 },
      { code: `${FACILITY}-R1`, period: "2025-10-01", open: 284, booked: 14, effective: 2.917, outside: 0 },
      { code: `${FACILITY}-R2`, period: "2025-10-01", open: 550, booked: 6, effective: 6, outside: 2 },
      { code: `${FACILITY}-R2`, period: "2025-11-01", open: 48, booked: 4, effective: 4, outside: 0 },
    ]);
  });

  it("per unit and month; the inactive unit has no row", async () => {
    const { items } = await getUtilization({ db, actor: admin, query: query({ groupBy: "unit" }) });
    expect(
      items
        .filter((r) => r.period === "2025-10-01")
        .map((r) => ({ unit: r.unit!.label, open: r.openHours, booked: r.bookedHours, quota: r.quotaHours })),
    ).toEqual([
      { unit: "U1", open: 142, booked: 5, quota: null },
      { unit: "U2", open: 142, booked: 9, quota: null },
      { unit: "U3", open: 550, booked: 6, quota: null },
    ]);
    expect(items.some((r) => r.unit?.label === "U-retired")).toBe(false);
  });

  it("per day: the Sunday make-up workday opens with Monday hours, the holiday is closed", async () => {
    const { items } = await getUtilization({
      db,
      actor: admin,
      query: query({ groupBy: "resource", period: "day", from: "2025-09-27", to: "2025-10-04" }),
    });
    const r1 = items
      .filter((r) => r.resource!.code === `${FACILITY}-R1`)
      .map((r) => [r.period, r.openHours, r.bookedHours]);
    // Periods with neither capacity nor use have no row: Sat 27 Sep and the holidays are absent for R1.
    expect(r1).toEqual([
      ["2025-09-28", 16, 0],
      ["2025-09-29", 16, 2],
      ["2025-09-30", 16, 1],
    ]);
    const r2 = items
      .filter((r) => r.resource!.code === `${FACILITY}-R2`)
      .map((r) => [r.period, r.openHours, r.bookedHours, r.effectiveHours]);
    expect(r2).toEqual([
      ["2025-09-27", 24, 0, 0],
      ["2025-09-28", 24, 0, 0],
      ["2025-09-29", 24, 0, 0],
      ["2025-09-30", 24, 2, 2],
      ["2025-10-01", 0, 0, 2],
    ]);
  });

  it("per ISO week (Monday) across the month boundary", async () => {
    const { items } = await getUtilization({
      db,
      actor: admin,
      query: query({ period: "week", from: "2025-10-27", to: "2025-11-03" }),
    });
    expect(items.map(pick)).toEqual([
      { period: "2025-10-27", open: 2 * 40 + 24 * 7, booked: 9 + 8, effective: 10.917, outside: 0 },
    ]);
  });

  it("per year: quota prorated to the days covered", async () => {
    const { items } = await getUtilization({ db, actor: admin, query: query({ groupBy: "resource", period: "year" }) });
    const r2 = items.find((r) => r.resource!.code === `${FACILITY}-R2`)!;
    expect(r2.quotaHours).toBe(74); // 730 h × 37 days / 365
    expect(r2.effectiveHours).toBe(12);
    expect(r2.quotaProgress).toBeCloseTo(12 / 74, 4);
    const r1 = items.find((r) => r.resource!.code === `${FACILITY}-R1`)!;
    expect(r1.quotaHours).toBeCloseTo((1400 * 37) / 365, 3);
    const {
      items: [facility],
    } = await getUtilization({ db, actor: admin, query: query({ period: "year" }) });
    expect(facility!.quotaHours).toBeCloseTo((2130 * 37) / 365, 3);
  });

  it("filters by resource kind", async () => {
    const { items } = await getUtilization({ db, actor: admin, query: query({ kind: "PILOT_LINE" }) });
    expect(items.map((r) => [r.period, r.openHours, r.bookedHours])).toEqual([
      ["2025-09-01", 96, 2],
      ["2025-10-01", 550, 6],
      ["2025-11-01", 48, 4],
    ]);
  });
});

describe("summary", () => {
  it("rates, lead time and top organizations", async () => {
    const summary = await getSummary({ db, actor: admin, query: { from: FROM, to: TO, facility: FACILITY } });
    expect(summary.totals).toMatchObject({ openHours: 1026, bookedHours: 29, effectiveHours: 18.917, outsideHours: 8 });
    expect(summary.byFacility).toHaveLength(1);
    expect(summary.requests).toEqual({
      total: 14,
      pending: 1,
      approved: 5,
      checkedIn: 1,
      completed: 4,
      noShow: 1,
      rejected: 1,
      cancelled: 1,
      expired: 0,
    });
    expect(summary.rates.rejection).toBeCloseTo(1 / 14, 4);
    expect(summary.rates.cancellation).toBeCloseTo(1 / 14, 4);
    expect(summary.rates.noShow).toBeCloseTo(1 / 6, 4);
    expect(summary.leadTime).toEqual({ decided: 4, medianHours: 3, p90Hours: 8.2 });
    expect(summary.topOrganizations.map((o) => [o.rank, o.nameEn, o.isOperator, o.effectiveHours, o.bookings])).toEqual(
      [
        [1, `Operator ${tag}`, true, 10.917, 5],
        [2, `SME ${tag}`, false, 8, 6],
      ],
    );
  });
});

describe("heatmap", () => {
  it("books hours by local weekday and hour, buffers excluded", async () => {
    const { cells } = await getHeatmap({ db, actor: admin, query: { from: FROM, to: TO, facility: FACILITY } });
    expect(cells).toHaveLength(168);
    const at = (weekday: number, hour: number) =>
      cells.find((c) => c.weekday === weekday && c.hour === hour)!.bookedHours;
    expect(at(1, 9)).toBe(1); // b11
    expect(at(1, 10)).toBe(2); // b1, b11 (b1's buffer 09:30–10:00 is not counted)
    expect(at(1, 12)).toBe(3); // b8, b11, b15
    expect(at(5, 23)).toBe(1); // b14
    expect(at(6, 3)).toBe(1); // b14 after midnight
    expect(at(6, 4)).toBe(0);
    expect(cells.reduce((sum, c) => sum + c.bookedHours, 0)).toBeCloseTo(39, 6);
  });
});

describe("access", () => {
  it("a manager sees only their facilities, others are refused", async () => {
    const mine = await getUtilization({ db, actor: manager(ids.facility), query: query({ facility: undefined }) });
    expect(new Set(mine.items.map((r) => r.facility.code))).toEqual(new Set([FACILITY]));
    await expect(getUtilization({ db, actor: manager(ids.other), query: query() })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(getUtilization({ db, actor: member, query: query() })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(getSummary({ db, actor: member, query: { from: FROM, to: TO } })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});

describe("routes", () => {
  const app = (actor: Actor | null) =>
    router()
      .use("*", async (c, next) => {
        c.set("db", db);
        c.set("actor", actor);
        await next();
      })
      .route("/", analyticsRoutes)
      .onError(onError);
  const qs = `from=${FROM}&to=${TO}&facility=${FACILITY}`;

  it("serves JSON, and refuses members and anonymous callers", async () => {
    const ok = await app(admin).request(`/analytics/utilization?${qs}&groupBy=resource&period=month`);
    expect(ok.status).toBe(200);
    expect((await ok.json()).items).toHaveLength(5);
    expect((await app(member).request(`/analytics/summary?${qs}`)).status).toBe(403);
    expect((await app(null).request(`/analytics/heatmap?${qs}`)).status).toBe(401);
    expect((await app(admin).request(`/analytics/utilization?from=2025-13-01`)).status).toBe(400);
    expect((await app(admin).request(`/analytics/utilization?from=${TO}&to=${FROM}`)).status).toBe(400);
  });

  it("exports CSV and XLSX", async () => {
    const csv = await app(admin).request(`/analytics/export.csv?${qs}&groupBy=facility&period=month`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const text = await csv.text();
    const lines = text
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines).toHaveLength(4);
    expect(lines[2]).toContain(`2025-10-01,${FACILITY},`);
    expect(lines[2]).toContain(",834,20,");

    const xlsx = await app(admin).request(`/analytics/export.xlsx?${qs}&groupBy=unit&period=month`);
    expect(xlsx.status).toBe(200);
    // exceljs is the api package's dependency; load it from there rather than adding it to the tests package.
    const ExcelJS = createRequire(new URL("../../api/package.json", import.meta.url))("exceljs") as {
      Workbook: new () => {
        xlsx: { load(data: ArrayBuffer): Promise<unknown> };
        worksheets: { rowCount: number; getRow(n: number): { getCell(n: number): { value: unknown } } }[];
      };
    };
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(1 + 7);
    expect(sheet.getRow(1).getCell(1).value).toBe("周期 Period");
  });
});
