import { cachedByCatalogVersion, isRootClient } from "../catalog/catalog-cache.repository.ts";
import type { Db } from "../../lib/db.ts";
import { sqlList, type Tx } from "../../lib/db.ts";
import { ACTIVE_STATUSES, type BookingKind, type BookingStatus } from "../../enums.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Range } from "../../domain/ranges.ts";

export type { Tx };

export type NewBooking = {
  kind: BookingKind;
  organizationId: string | null;
  requesterId: string;
  resourceId: string;
  unitId: string;
  range: Range;
  bufferBeforeMin: number;
  bufferAfterMin: number;
  status: "PENDING" | "APPROVED";
  purpose: string;
  sampleDetails: string | null;
  quotedPriceFen: number;
  seriesId: string | null;
  campaignId: string | null;
  holdExpiresAt: Date | null;
  /** Held, but its organization's ORG_ADMIN decides first (quote above the spending threshold). */
  awaitingOrgApproval?: boolean;
};

/** What a new booking's first event says, and the notification it sends (if any). */
export type Creation = {
  actorId: string;
  reason: string | null;
  notify: { topic: string; payload: Record<string, unknown> } | null;
};

/**
 * Inserts under the exclusion constraint, with its first event and its notification, in one statement.
 * ON CONFLICT DO NOTHING turns an overlap into "no row" (and so no event, no notification) instead of an
 * error, which leaves the transaction usable so the next unit can be tried without a savepoint.
 */
export const tryInsertBooking = async (tx: Tx, b: NewBooking, creation: Creation): Promise<string | null> => {
  const topic = creation.notify?.topic ?? null;
  const payload = JSON.stringify(creation.notify?.payload ?? {});
  const rows = await tx.$queryRaw<{ id: string }[]>`
    WITH inserted AS (
      INSERT INTO booking (kind, organization_id, requester_id, resource_id, unit_id, starts_at, ends_at,
        buffer_before_min, buffer_after_min, status, purpose, sample_details, quoted_price_fen, series_id, campaign_id, hold_expires_at,
        awaiting_org_approval)
      VALUES (${b.kind}::"BookingKind", ${b.organizationId}::uuid, ${b.requesterId}::uuid, ${b.resourceId}::uuid, ${b.unitId}::uuid,
        ${new Date(b.range.start)}, ${new Date(b.range.end)}, ${b.bufferBeforeMin}, ${b.bufferAfterMin}, ${b.status}::"BookingStatus",
        ${b.purpose}, ${b.sampleDetails}, ${b.quotedPriceFen}, ${b.seriesId}::uuid, ${b.campaignId}::uuid, ${b.holdExpiresAt},
        ${b.awaitingOrgApproval ?? false})
      ON CONFLICT DO NOTHING
      RETURNING id, status
    ), event AS (
      INSERT INTO booking_event (booking_id, from_status, to_status, actor_id, reason)
      SELECT id, NULL, status, ${creation.actorId}::uuid, ${creation.reason} FROM inserted
    ), notice AS (
      INSERT INTO outbox (topic, payload)
      SELECT ${topic}::text, ${payload}::jsonb || jsonb_build_object('bookingId', id) FROM inserted WHERE ${topic}::text IS NOT NULL
    )
    SELECT id FROM inserted`;
  return rows[0]?.id ?? null;
};

export const appendEvent = (
  tx: Tx,
  e: {
    bookingId: string;
    fromStatus: NewBooking["status"] | Prisma.BookingEventCreateManyInput["fromStatus"] | null;
    toStatus: Prisma.BookingEventCreateManyInput["toStatus"];
    actorId: string | null;
    reason?: string | null;
  },
) =>
  tx.bookingEvent.create({
    data: {
      bookingId: e.bookingId,
      fromStatus: e.fromStatus ?? null,
      toStatus: e.toStatus,
      actorId: e.actorId,
      reason: e.reason ?? null,
    },
  });

export const enqueue = (tx: Tx, topic: string, payload: Record<string, unknown>) =>
  tx.outbox.create({ data: { topic, payload: payload as Prisma.InputJsonValue } });

export type ConflictRow = {
  id: string;
  unit_id: string;
  kind: string;
  organization_id: string | null;
  blocked_start: Date;
  blocked_end: Date;
  starts_at: Date;
  ends_at: Date;
  requester_id: string;
};

/** Active bookings and blocks whose blocked time overlaps `blocked` on any of the units. */
export const findOverlapping = (tx: Tx, unitIds: string[], blocked: Range) =>
  tx.$queryRaw<ConflictRow[]>`
    SELECT id, unit_id, kind::text, organization_id, lower(blocked) AS blocked_start, upper(blocked) AS blocked_end, starts_at, ends_at, requester_id
    FROM booking
    WHERE unit_id = ANY(${unitIds}::uuid[])
      AND status IN ${sqlList(ACTIVE_STATUSES)}
      AND blocked && tstzrange(${new Date(blocked.start)}, ${new Date(blocked.end)}, '[)')
    ORDER BY lower(blocked)`;

export const bookingInclude = {
  resource: {
    select: { code: true, nameZh: true, nameEn: true, facilityId: true, facility: { select: { code: true } } },
  },
  unit: { select: { label: true } },
  organization: { select: { nameZh: true, nameEn: true } },
  requester: { select: { name: true } },
  events: { orderBy: { id: "asc" }, include: { actor: { select: { name: true } } } },
} as const;
export type BookingRow = Prisma.BookingGetPayload<{ include: typeof bookingInclude }>;

export const findBooking = (tx: Tx, id: string) => tx.booking.findUnique({ where: { id }, include: bookingInclude });
export const findBookings = (tx: Tx, ids: string[]) =>
  tx.booking.findMany({
    where: { id: { in: ids } },
    include: bookingInclude,
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
  });

export const findIdempotencyRecord = (tx: Tx, userId: string, key: string) =>
  tx.idempotencyRecord.findUnique({ where: { userId_key: { userId, key } } });

export const saveIdempotencyRecord = (
  tx: Tx,
  r: { userId: string; key: string; requestHash: string; response: unknown },
) =>
  tx.idempotencyRecord.create({
    data: { userId: r.userId, key: r.key, requestHash: r.requestHash, response: r.response as Prisma.InputJsonValue },
  });

/** How long an Idempotency-Key is remembered; the purge job deletes older records. */
export const IDEMPOTENCY_TTL_HOURS = 24;

/**
 * Serialises requests with the same user and key for the rest of the transaction, waiting at most
 * `waitMs`: a twin request then sees the first one's record instead of colliding with its booking.
 * Waiting too long surfaces as SQLSTATE 55P03 (lock_not_available).
 */
export const IDEMPOTENCY_WAIT_MS = 4_000;

export const lockIdempotencyKey = async (tx: Tx, userId: string, key: string, waitMs = IDEMPOTENCY_WAIT_MS) => {
  await tx.$executeRaw`SELECT set_config('lock_timeout', ${`${waitMs}ms`}, true)`;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`idempotency:${userId}:${key}`}, 0))`;
  await tx.$executeRaw`SELECT set_config('lock_timeout', '0', true)`;
};

export const deleteExpiredIdempotencyRecords = (db: Db, olderThanHours = IDEMPOTENCY_TTL_HOURS) =>
  db.$executeRaw`DELETE FROM idempotency_record WHERE created_at < now() - make_interval(hours => ${olderThanHours})`;

export const isFacilityOperator = async (tx: Tx, facilityId: string, organizationId: string) => {
  if (!isRootClient(tx)) return (await tx.facilityOperator.count({ where: { facilityId, organizationId } })) > 0;
  // Every operator pair, cached per catalog version (catalog-cache.repository.ts).
  const pairs = await cachedByCatalogVersion(tx, "facility-operators", async () => {
    const rows = await tx.facilityOperator.findMany({ select: { facilityId: true, organizationId: true } });
    return new Set(rows.map((r) => `${r.facilityId}:${r.organizationId}`));
  });
  return pairs.has(`${facilityId}:${organizationId}`);
};

export const hasQualification = async (tx: Tx, userId: string, resourceId: string, at: Date) =>
  (await tx.qualification.count({
    where: { userId, resourceId, OR: [{ expiresAt: null }, { expiresAt: { gt: at } }] },
  })) > 0;

export const findOrganizationVerification = async (tx: Tx, organizationId: string) =>
  (await tx.organization.findUnique({ where: { id: organizationId }, select: { verification: true } }))?.verification ??
  null;
/**
 * Moves a booking to `to` only if nobody changed it since it was read: the version and status in the WHERE
 * clause make two concurrent decisions race fairly (one wins, the other updates nothing). Returns whether it won.
 */
export const updateStatusIfUnchanged = async (
  tx: Tx,
  b: { id: string; version: number; status: BookingStatus; to: BookingStatus; at: Date },
) => {
  const { count } = await tx.booking.updateMany({
    where: { id: b.id, version: b.version, status: b.status },
    data: {
      status: b.to,
      version: { increment: 1 },
      updatedAt: b.at,
      ...(b.to !== "PENDING" ? { holdExpiresAt: null } : {}),
    },
  });
  return count > 0;
};

/** Cancels a booking whatever its status (maintenance overrides it); returns the status it had. */
export const cancelBooking = async (tx: Tx, id: string, at: Date) => {
  const current = await tx.booking.findUniqueOrThrow({ where: { id }, select: { status: true } });
  await tx.booking.update({
    where: { id },
    data: { status: "CANCELLED", version: { increment: 1 }, updatedAt: at, holdExpiresAt: null },
  });
  return current.status;
};

export const startUsage = (
  tx: Tx,
  u: {
    bookingId: string;
    resourceId: string;
    unitId: string;
    organizationId: string | null;
    at: Date;
    recordedById: string;
  },
) =>
  tx.usageRecord.create({
    data: {
      bookingId: u.bookingId,
      resourceId: u.resourceId,
      unitId: u.unitId,
      organizationId: u.organizationId,
      startedAt: u.at,
      recordedById: u.recordedById,
    },
  });

export const endUsage = (tx: Tx, bookingId: string, at: Date) =>
  tx.usageRecord.updateMany({ where: { bookingId, endedAt: null }, data: { endedAt: at } });

/**
 * Expires up to `batch` pending holds whose time is up, with their events and notifications, in one statement.
 * Rows are claimed with FOR UPDATE SKIP LOCKED, so several replicas take different batches and none waits.
 */
export const expireDueHolds = async (db: Tx, batch: number) => {
  const rows = await db.$queryRaw<{ id: string; requester_id: string }[]>`
    WITH due AS (
      SELECT id FROM booking
      WHERE status = 'PENDING' AND hold_expires_at <= now()
      ORDER BY hold_expires_at
      LIMIT ${batch}
      FOR UPDATE SKIP LOCKED
    ), expired AS (
      UPDATE booking b SET status = 'EXPIRED', version = b.version + 1, updated_at = now(), hold_expires_at = NULL
      FROM due WHERE b.id = due.id
      RETURNING b.id, b.requester_id
    ), events AS (
      INSERT INTO booking_event (booking_id, from_status, to_status, actor_id, reason)
      SELECT id, 'PENDING', 'EXPIRED', NULL, 'hold expired without a decision' FROM expired
    ), notices AS (
      INSERT INTO outbox (topic, payload)
      SELECT 'booking.expired', jsonb_build_object('bookingId', id, 'requesterId', requester_id) FROM expired
    )
    SELECT id, requester_id FROM expired`;
  return rows.length;
};

/** Which bookings a caller may list: decided by the access module, turned into a where-clause here. */
export type BookingVisibility =
  { all: true } | { requesterId: string } | { organizationIds: string[] } | { facilityIds: string[] };

export type BookingPageQuery = {
  visibility: BookingVisibility;
  facility?: string | undefined;
  resource?: string | undefined;
  status?: BookingStatus | undefined;
  kind?: BookingKind | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  orderBy: "startsAt" | "createdAt";
  direction: "asc" | "desc";
  /** Keyset: the sort value and id of the last row of the previous page. */
  after?: { value: Date; id: string } | undefined;
  take: number;
};

const visibilityWhere = (v: BookingVisibility): Prisma.BookingWhereInput => {
  if ("all" in v) return {};
  if ("requesterId" in v) return { requesterId: v.requesterId };
  if ("organizationIds" in v) return { organizationId: { in: v.organizationIds } };
  // Requests awaiting their organization's approval reach the facility only once approved.
  return { resource: { facilityId: { in: v.facilityIds } }, awaitingOrgApproval: false };
};

/** One page of bookings, newest or oldest first by start or creation time, under the caller's visibility. */
export const findBookingPage = (tx: Tx, q: BookingPageQuery) => {
  const op = q.direction === "asc" ? "gt" : "lt";
  const keyset: Prisma.BookingWhereInput = q.after
    ? {
        OR: [{ [q.orderBy]: { [op]: q.after.value } }, { [q.orderBy]: q.after.value, id: { [op]: q.after.id } }],
      }
    : {};
  return tx.booking.findMany({
    where: {
      AND: [
        visibilityWhere(q.visibility),
        q.facility ? { resource: { facility: { code: q.facility } } } : {},
        q.resource ? { resource: { code: q.resource } } : {},
        q.status ? { status: q.status } : {},
        q.kind ? { kind: q.kind } : {},
        q.from ? { endsAt: { gt: q.from } } : {},
        q.to ? { startsAt: { lt: q.to } } : {},
        keyset,
      ],
    },
    include: bookingInclude,
    orderBy: [{ [q.orderBy]: q.direction }, { id: q.direction }],
    take: q.take,
  });
};
