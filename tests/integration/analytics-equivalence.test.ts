import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Prisma } from "../../api/src/generated/prisma/client.ts";
import { createDb, type Db } from "../../api/src/lib/db.ts";
import { leadTimeSql, TZ, type LeadTimeRow, type Scope } from "../../api/src/modules/analytics/analytics.repository.ts";

/*
 * The approval lead time is computed with one join and a min(at) per creating event, for speed. This checks it
 * against the literal definition (a lateral "first decision ORDER BY at, id LIMIT 1" per creating event) on
 * random data: several creating events per booking, decisions tied in time, decisions before creation,
 * undecided and maintenance bookings, events on both sides of the window.
 */

let db: Db;
const tag = randomUUID().slice(0, 8).toUpperCase();
const FACILITY = `EQV-${tag}`;
let facilityId = "";

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
const rng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const reference = (scope: Scope) => Prisma.sql`
  WITH created AS (
    SELECT e.booking_id, e.at
    FROM booking_event e
    JOIN booking b ON b.id = e.booking_id
    JOIN resource r ON r.id = b.resource_id
    WHERE e.from_status IS NULL AND e.to_status = 'PENDING' AND b.kind = 'BOOKING'
      AND (${scope.facilityIds === null} OR r.facility_id = ANY(${scope.facilityIds ?? []}::uuid[]))
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
  const user = (await db.user.create({ data: { email: `eqv-${tag}@example.test`, name: "eqv", passwordHash: "x" } }))
    .id;
  const resource = (
    await db.resource.create({
      data: {
        facilityId,
        code: `${FACILITY}-R`,
        kind: "INSTRUMENT",
        mode: "SELF_OPERATED",
        nameZh: "R",
        nameEn: "R",
        descriptionZh: "示例",
        descriptionEn: "sample",
        priceInternalFen: 0,
        priceExternalFen: 0,
        isSample: true,
      },
    })
  ).id;
  const org = (
    await db.organization.create({ data: { kind: "SME", nameZh: `企业${tag}`, nameEn: `SME ${tag}`, isSample: true } })
  ).id;
  const unit = (await db.resourceUnit.create({ data: { resourceId: resource, position: 1, label: "U" } })).id;

  const random = rng(20261124);
  const pickOf = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const statuses = ["PENDING", "APPROVED", "REJECTED", "CANCELLED", "COMPLETED", "NO_SHOW", "EXPIRED"] as const;
  const decisions = ["APPROVED", "REJECTED", "CANCELLED", "COMPLETED"] as const;
  const day0 = Date.parse("2025-01-01T00:00:00+08:00");
  const hour = 3_600_000;
  for (let i = 0; i < 300; i++) {
    // One booking a day on the one unit: never overlapping.
    const start = new Date(day0 + i * 24 * hour + 9 * hour);
    const kind = random() < 0.05 ? "MAINTENANCE" : "BOOKING";
    const [row] = await db.$queryRaw<{ id: string }[]>`
      INSERT INTO booking (kind, organization_id, requester_id, resource_id, unit_id, starts_at, ends_at, status)
      VALUES (${kind}::"BookingKind", ${kind === "BOOKING" ? org : null}::uuid, ${user}::uuid, ${resource}::uuid, ${unit}::uuid, ${start}, ${new Date(start.getTime() + 2 * hour)}, ${pickOf(statuses)}::"BookingStatus")
      RETURNING id`;
    // Creation times spread over [Dec 2024, Dec 2025]; whole hours so that ties happen.
    const created = day0 - 30 * 24 * hour + Math.floor(random() * 390 * 24) * hour;
    const events: { fromStatus: "PENDING" | null; toStatus: (typeof statuses)[number]; at: Date }[] = [];
    const creations = random() < 0.1 ? 2 : random() < 0.05 ? 0 : 1;
    for (let c = 0; c < creations; c++)
      events.push({
        fromStatus: null,
        toStatus: "PENDING",
        at: new Date(created + c * Math.floor(random() * 48) * hour),
      });
    const n = Math.floor(random() * 4);
    for (let d = 0; d < n; d++)
      events.push({
        fromStatus: "PENDING",
        toStatus: pickOf(decisions),
        at: new Date(created + Math.floor(random() * 120 - 10) * hour),
      });
    if (random() < 0.05) events.push({ fromStatus: null, toStatus: "APPROVED", at: new Date(created) });
    for (const e of events) await db.bookingEvent.create({ data: { bookingId: row!.id, ...e } });
  }
});

afterAll(async () => {
  await db?.$disconnect();
});

describe("approval lead time: fast query against the literal definition", () => {
  const windows = [
    ["2025-01-01", "2026-01-01"],
    ["2024-12-15", "2025-03-01"],
    ["2025-06-01", "2025-06-20"],
    ["2025-02-03", "2025-02-04"],
  ] as const;
  for (const [from, to] of windows) {
    // One facility only: other test files write to the same database at the same time.
    it(`agrees on [${from}, ${to})`, async () => {
      {
        const scope: Scope = { from, to, facilityIds: [facilityId], kind: null };
        const [fast] = await db.$queryRaw<LeadTimeRow[]>(leadTimeSql(scope));
        const [slow] = await db.$queryRaw<LeadTimeRow[]>(reference(scope));
        expect(fast!.decided).toBe(slow!.decided);
        for (const key of ["median_hours", "p90_hours"] as const) {
          if (slow![key] === null) expect(fast![key]).toBeNull();
          else expect(fast![key]).toBeCloseTo(slow![key]!, 9);
        }
        if (from === "2025-01-01") expect(slow!.decided).toBeGreaterThan(50);
      }
    });
  }
});
