import { cachedByCatalogVersion, isRootClient } from "../catalog/catalog-cache.repository.ts";
import type { Db } from "../../lib/db.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Range } from "../../domain/ranges.ts";

/** A transaction client or the root client: repositories work with either. */
export type Tx = Prisma.TransactionClient | Db;

export type NewBooking = {
  kind: "BOOKING" | "MAINTENANCE";
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
      AND status IN ('PENDING', 'APPROVED', 'CHECKED_IN')
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
