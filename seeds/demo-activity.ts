// Demo mode only: a year of plausible past activity so that a newcomer's dashboards and lists show
// something meaningful. Every booking is marked sample (示例) in its purpose and belongs to a sample
// organization; this is NOT the benchmark data of generate-scale.ts (a million rows, no history).
import { randomUUID } from "node:crypto";
import type { Db } from "../api/src/lib/db.ts";
import type { Prisma } from "../api/src/generated/prisma/client.ts";

export const DEMO_MARK = "（示例）演示数据";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const OFFSET_MS = 8 * HOUR_MS;

/** mulberry32: a small deterministic PRNG, so two demo databases look alike. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};

const PURPOSES = ["工艺验证", "小批量试制", "样品表征", "来料检验", "配方优化", "课题组测试", "中试放大", "客户送样"];

type Outcome = "COMPLETED" | "NO_SHOW" | "CANCELLED" | "REJECTED" | "EXPIRED";
const outcomeOf = (r: number): Outcome =>
  r < 0.82 ? "COMPLETED" : r < 0.87 ? "NO_SHOW" : r < 0.94 ? "CANCELLED" : r < 0.98 ? "REJECTED" : "EXPIRED";

/** Tables the demo activity writes; their row triggers keep the analytics rollups. */
const WRITTEN = ["booking", "booking_event", "usage_record"];
/**
 * Trigger functions whose work the bulk path redoes or needs not: the rollups (analytics_rebuild() recomputes
 * them all, set-based) and the org-approval flag (only PENDING bookings carry it; demo bookings are never
 * PENDING and the column defaults to false).
 */
const REDONE = /^analytics_|^booking_clear_org_approval$/;

/**
 * The rollup triggers cost a few milliseconds a row: a year of demo activity (about 4,700 bookings, 18,000
 * events, 3,800 usage records) took 30 s of a cold `npm start` with them, and one set-based
 * analytics_rebuild() takes about a second. The rows go in with the triggers off (session_replication_role
 * = replica, this transaction only, which needs a superuser: the embedded database's) only when every
 * trigger on those tables is one whose work is redone; any other trigger must fire, so then every row takes
 * the per-row path.
 */
const canLoadInBulk = async (db: Db) => {
  const [role] = await db.$queryRaw<
    { superuser: boolean }[]
  >`SELECT current_setting('is_superuser') = 'on' AS superuser`;
  if (!role?.superuser) return false;
  const triggers = await db.$queryRaw<{ fn: string; enabled: string }[]>`
    SELECT p.proname::text AS fn, t.tgenabled::text AS enabled
    FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
    WHERE NOT t.tgisinternal AND t.tgrelid IN (SELECT oid FROM pg_class WHERE relname = ANY(${WRITTEN}) AND relnamespace = current_schema()::regnamespace)`;
  return triggers.every((t) => t.enabled === "D" || (t.enabled === "O" && REDONE.test(t.fn)));
};

export type DemoActivitySummary = { bookings: number; events: number; usageRecords: number };

/**
 * Generates `days` of past bookings (with their decisions, check-ins and usage records) on every active
 * resource, for the sample organizations' demo members, on working days only (round-the-clock resources
 * run through weekends and holidays). Runs once: a database that holds demo activity is left alone.
 */
export const generateDemoActivity = async (
  db: Db,
  {
    now = Date.now(),
    days = 365,
    seed = 20_261_202,
    facilityCodes = ["BATTERY", "FOOD", "INSTRUMENT", "TESTING", "PRINTING"],
  }: { now?: number; days?: number; seed?: number; facilityCodes?: string[] } = {},
): Promise<DemoActivitySummary> => {
  const none = { bookings: 0, events: 0, usageRecords: 0 };
  if ((await db.booking.count({ where: { purpose: { startsWith: DEMO_MARK } } })) > 0) return none;
  const members = await db.membership.findMany({
    where: { organization: { isSample: true, kind: { in: ["SME", "INSTITUTE"] } }, role: "MEMBER" },
    select: { userId: true, organizationId: true },
  });
  if (members.length === 0) return none;
  const resources = await db.resource.findMany({
    where: { status: "ACTIVE", facility: { code: { in: facilityCodes } } },
    include: {
      units: { where: { active: true }, orderBy: { position: "asc" }, take: 1 },
      offers: true,
      facility: { include: { managers: true } },
    },
    orderBy: { code: "asc" },
  });
  const from = now - days * DAY_MS;
  const calendar = await db.calendarDay.findMany({
    where: { date: { gte: new Date(from - DAY_MS), lte: new Date(now) } },
  });
  const kindOf = new Map(calendar.map((d) => [d.date.toISOString().slice(0, 10), d.kind]));
  const random = prng(seed);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;

  const bookings: Prisma.BookingCreateManyInput[] = [];
  const events: Prisma.BookingEventCreateManyInput[] = [];
  const usage: {
    bookingId: string;
    resourceId: string;
    unitId: string;
    organizationId: string;
    startedAt: Date;
    endedAt: Date;
    samples: number | null;
    note: string;
    recordedById: string | null;
  }[] = [];

  for (const resource of resources) {
    const unit = resource.units[0];
    if (!unit) continue;
    const manager = resource.facility.managers[0]?.userId ?? null;
    const line = resource.kind === "PILOT_LINE";
    const chance = resource.kind === "INSTRUMENT" ? 0.45 : line ? 0.3 : 0.25;
    const hourlyFen =
      resource.offers.find((o) => o.kind === "SELF_OPERATED")?.priceExternalFen ?? resource.priceExternalFen;
    const sampleOffer = resource.offers.find((o) => o.kind === "SAMPLE") ?? null;
    const timeOffer = resource.offers.find((o) => o.kind === "SELF_OPERATED") ?? null;
    let busyUntil = 0;
    const firstDay = Math.floor((from + OFFSET_MS) / DAY_MS);
    const lastDay = Math.floor((now + OFFSET_MS) / DAY_MS) - 1;
    for (let dn = firstDay; dn <= lastDay; dn++) {
      const date = new Date(dn * DAY_MS).toISOString().slice(0, 10);
      const weekday = ((new Date(dn * DAY_MS).getUTCDay() + 6) % 7) + 1;
      const kind = kindOf.get(date);
      const working = kind === "WORKDAY" || (kind !== "HOLIDAY" && weekday <= 5);
      if (!resource.continuous && !working) continue;
      if (random() > chance) continue;
      const midnight = dn * DAY_MS - OFFSET_MS;
      const startHour = resource.continuous ? 9 : pick([9, 10, 13, 14]);
      const hours = resource.continuous
        ? pick([24, 48, 72])
        : line
          ? pick([3, 4])
          : Math.min(pick([1, 2, 2, 3, 4]), 17 - startHour);
      const start = midnight + startHour * HOUR_MS;
      if (start < busyUntil) continue;
      const end = start + hours * HOUR_MS;
      if (end > now) continue;
      busyUntil = end;
      const member = pick(members);
      const outcome = outcomeOf(random());
      const useSamples = sampleOffer !== null && (timeOffer === null || random() < 0.35);
      const samples = useSamples ? 1 + Math.floor(random() * 6) : null;
      const offer = useSamples ? sampleOffer : timeOffer;
      const id = randomUUID();
      const createdAt = new Date(start - (1 + Math.floor(random() * 10)) * DAY_MS);
      const decidedAt = new Date(createdAt.getTime() + (1 + Math.floor(random() * 20)) * HOUR_MS);
      const quotedPriceFen =
        offer?.priceUnit === "SAMPLE" || offer?.priceUnit === "ITEM"
          ? offer.priceExternalFen * (samples ?? 1)
          : Math.round(hourlyFen * hours);
      bookings.push({
        id,
        kind: "BOOKING",
        organizationId: member.organizationId,
        requesterId: member.userId,
        resourceId: resource.id,
        unitId: unit.id,
        startsAt: new Date(start),
        endsAt: new Date(end),
        status: outcome,
        purpose: `${DEMO_MARK}：${pick(PURPOSES)}`,
        quotedPriceFen,
        offerId: offer?.id ?? null,
        samples,
        createdAt,
        updatedAt: new Date(Math.min(end, now)),
      });
      events.push({
        bookingId: id,
        fromStatus: null,
        toStatus: "PENDING",
        actorId: member.userId,
        reason: null,
        at: createdAt,
      });
      if (outcome === "REJECTED") {
        events.push({
          bookingId: id,
          fromStatus: "PENDING",
          toStatus: "REJECTED",
          actorId: manager,
          reason: "（示例）该时段设备另有安排",
          at: decidedAt,
        });
        continue;
      }
      if (outcome === "EXPIRED") {
        events.push({
          bookingId: id,
          fromStatus: "PENDING",
          toStatus: "EXPIRED",
          actorId: null,
          reason: "hold expired without a decision",
          at: new Date(createdAt.getTime() + 2 * DAY_MS),
        });
        continue;
      }
      events.push({
        bookingId: id,
        fromStatus: "PENDING",
        toStatus: "APPROVED",
        actorId: manager,
        reason: null,
        at: decidedAt,
      });
      if (outcome === "CANCELLED") {
        events.push({
          bookingId: id,
          fromStatus: "APPROVED",
          toStatus: "CANCELLED",
          actorId: member.userId,
          reason: "（示例）计划调整",
          at: new Date(start - 2 * DAY_MS),
        });
        continue;
      }
      if (outcome === "NO_SHOW") {
        events.push({
          bookingId: id,
          fromStatus: "APPROVED",
          toStatus: "NO_SHOW",
          actorId: null,
          reason: "no check-in within the grace period",
          at: new Date(start + HOUR_MS),
        });
        continue;
      }
      const startedAt = new Date(start + Math.floor(random() * 15) * 60_000);
      const endedAt = new Date(end - Math.floor(random() * 30) * 60_000);
      events.push({
        bookingId: id,
        fromStatus: "APPROVED",
        toStatus: "CHECKED_IN",
        actorId: manager,
        reason: null,
        at: startedAt,
      });
      events.push({
        bookingId: id,
        fromStatus: "CHECKED_IN",
        toStatus: "COMPLETED",
        actorId: manager,
        reason: null,
        at: endedAt,
      });
      usage.push({
        bookingId: id,
        resourceId: resource.id,
        unitId: unit.id,
        organizationId: member.organizationId,
        startedAt,
        endedAt,
        samples,
        note: "（示例）演示数据",
        recordedById: manager,
      });
    }
  }

  const chunk = <T>(rows: T[], size = 1000) =>
    Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));
  const bulk = await canLoadInBulk(db);
  await db.$transaction(
    async (tx) => {
      if (bulk) {
        // This transaction only: no row triggers, and no 15 s statement limit for the rebuild on a busy machine.
        await tx.$executeRaw`SET LOCAL session_replication_role = replica`;
        await tx.$executeRaw`SET LOCAL statement_timeout = 0`;
      }
      for (const part of chunk(bookings)) await tx.booking.createMany({ data: part });
      for (const part of chunk(events)) await tx.bookingEvent.createMany({ data: part });
      for (const part of chunk(usage)) await tx.usageRecord.createMany({ data: part });
      if (bulk) {
        await tx.$executeRaw`SET LOCAL session_replication_role = origin`;
        await tx.$executeRaw`SELECT analytics_rebuild()`;
      }
    },
    { timeout: 120_000 },
  );
  return { bookings: bookings.length, events: events.length, usageRecords: usage.length };
};
