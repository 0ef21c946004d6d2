import { queryRawFast, type Db } from "../../lib/db.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import type { FairUseFields } from "../../domain/fair-use.ts";
import type { Range } from "../../domain/ranges.ts";

type Tx = Prisma.TransactionClient | Db;

export const findFairUseRules = (db: Tx, facilityIds: string[], resourceIds: string[]) =>
  db.fairUseRule.findMany({
    where: {
      OR: [{ facilityId: { in: facilityIds }, resourceId: null }, { resourceId: { in: resourceIds } }],
    },
  });

export const saveFacilityRule = async (db: Db, facilityId: string, fields: FairUseFields, actorId: string) => {
  const existing = await db.fairUseRule.findFirst({ where: { facilityId, resourceId: null } });
  const data = { ...fields, updatedAt: new Date(), updatedById: actorId };
  return existing
    ? db.fairUseRule.update({ where: { id: existing.id }, data })
    : db.fairUseRule.create({ data: { facilityId, resourceId: null, ...data } });
};

export const saveResourceRule = async (
  db: Db,
  facilityId: string,
  resourceId: string,
  fields: FairUseFields,
  actorId: string,
) => {
  const existing = await db.fairUseRule.findFirst({ where: { resourceId } });
  const data = { ...fields, updatedAt: new Date(), updatedById: actorId };
  return existing
    ? db.fairUseRule.update({ where: { id: existing.id }, data })
    : db.fairUseRule.create({ data: { facilityId, resourceId, ...data } });
};

/**
 * Serializes quota checks: each key is one organization's quota at one facility, held until the transaction
 * ends, so that two requests cannot both read the same usage and both fit under the limit. Keys are taken in
 * sorted order so that two transactions never wait on each other's keys.
 */
export const lockQuotaScopes = async (tx: Tx, keys: string[]) => {
  for (const key of [...new Set(keys)].sort()) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
  }
};

/**
 * Hours and bookings an organization holds in a period, on one resource or on the whole facility: active
 * and past bookings (no-shows too: they took the unit), offers that do not count toward quotas excluded.
 */
export const findQuotaUse = async (
  db: Tx,
  scope: { organizationId: string; resourceId: string | null; facilityId: string },
  period: Range,
) => {
  // Every check and booking under a quota sends it: a prepared statement on the pool outside transactions.
  const [row] = await queryRawFast<{ hours: number; bookings: number }>(
    db,
    Prisma.sql`
    SELECT coalesce(sum(extract(epoch FROM b.ends_at - b.starts_at)) / 3600, 0)::float8 AS hours,
      count(*)::int AS bookings
    FROM booking b
    JOIN resource r ON r.id = b.resource_id
    LEFT JOIN resource_offer o ON o.id = b.offer_id
    WHERE b.organization_id = ${scope.organizationId}::uuid
      AND b.kind = 'BOOKING'
      AND b.status IN ('PENDING', 'APPROVED', 'CHECKED_IN', 'COMPLETED', 'NO_SHOW')
      AND b.starts_at >= ${new Date(period.start)} AND b.starts_at < ${new Date(period.end)}
      AND (${scope.resourceId}::uuid IS NULL OR b.resource_id = ${scope.resourceId}::uuid)
      AND r.facility_id = ${scope.facilityId}::uuid
      AND coalesce(o.counts_toward_quota, true)`,
    { name: "quota_use" },
  );
  return row ?? { hours: 0, bookings: 0 };
};

export const findActiveSuspensions = (db: Tx, organizationId: string, facilityIds: string[], at: Date) =>
  db.suspension.findMany({
    where: {
      organizationId,
      facilityId: { in: facilityIds },
      liftedAt: null,
      startsAt: { lte: at },
      endsAt: { gt: at },
    },
  });

export const findSuspensions = (
  db: Db,
  filter: { facilityIds: string[] | null; activeAt?: Date; afterId?: string; take: number },
) =>
  db.suspension.findMany({
    where: {
      ...(filter.facilityIds ? { facilityId: { in: filter.facilityIds } } : {}),
      ...(filter.activeAt ? { liftedAt: null, endsAt: { gt: filter.activeAt } } : {}),
      ...(filter.afterId ? { id: { gt: filter.afterId } } : {}),
    },
    orderBy: { id: "asc" },
    take: filter.take,
  });

export const findSuspension = (db: Db, id: string) => db.suspension.findUnique({ where: { id } });

export const liftSuspension = (db: Db, id: string, actorId: string, at: Date) =>
  db.$transaction(async (tx) => {
    const { count } = await tx.suspension.updateMany({
      where: { id, liftedAt: null },
      data: { liftedAt: at, liftedById: actorId },
    });
    if (count > 0) {
      const s = await tx.suspension.findUniqueOrThrow({ where: { id } });
      await tx.outbox.create({
        data: {
          topic: "suspension.lifted",
          payload: {
            suspensionId: id,
            organizationId: s.organizationId,
            facilityId: s.facilityId,
            liftedById: actorId,
          },
        },
      });
    }
    return count > 0;
  });

export type DueNoShow = {
  id: string;
  organization_id: string | null;
  requester_id: string;
  facility_id: string;
  resource_id: string;
};

/**
 * Approved bookings whose start passed longer ago than their rule's grace without a check-in become NO_SHOW,
 * which frees the unit at once (the exclusion constraint covers active statuses only). Rows are claimed with
 * FOR UPDATE SKIP LOCKED so several replicas never mark the same booking.
 */
export const markDueNoShows = (db: Db, batch: number) =>
  db.$queryRaw<DueNoShow[]>`
    WITH rule AS (
      SELECT r.id AS resource_id, r.facility_id, coalesce(rr.no_show_grace_min, fr.no_show_grace_min) AS grace_min
      FROM resource r
      LEFT JOIN fair_use_rule rr ON rr.resource_id = r.id
      LEFT JOIN fair_use_rule fr ON fr.facility_id = r.facility_id AND fr.resource_id IS NULL
      WHERE coalesce(rr.no_show_grace_min, fr.no_show_grace_min) IS NOT NULL
    ), due AS (
      SELECT b.id FROM booking b JOIN rule ON rule.resource_id = b.resource_id
      WHERE b.status = 'APPROVED' AND b.kind = 'BOOKING'
        AND b.starts_at + make_interval(mins => rule.grace_min) <= now()
      ORDER BY b.starts_at
      LIMIT ${batch}
      FOR UPDATE OF b SKIP LOCKED
    ), marked AS (
      UPDATE booking b SET status = 'NO_SHOW', version = b.version + 1, updated_at = now()
      FROM due WHERE b.id = due.id
      RETURNING b.id, b.organization_id, b.requester_id, b.resource_id
    ), events AS (
      INSERT INTO booking_event (booking_id, from_status, to_status, actor_id, reason)
      SELECT id, 'APPROVED', 'NO_SHOW', NULL, 'no check-in within the grace period' FROM marked
    ), notices AS (
      INSERT INTO outbox (topic, payload)
      SELECT 'booking.no_show', jsonb_build_object('bookingId', id, 'requesterId', requester_id, 'automatic', true)
      FROM marked
    )
    SELECT m.id, m.organization_id, m.requester_id, r.facility_id, m.resource_id
    FROM marked m JOIN resource r ON r.id = m.resource_id`;

/** No-shows and late cancellations of an organization at a facility since `since`. */
export const countStrikes = async (db: Tx, organizationId: string, facilityId: string, since: Date) => {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n
    FROM booking b JOIN resource r ON r.id = b.resource_id
    WHERE b.organization_id = ${organizationId}::uuid AND r.facility_id = ${facilityId}::uuid
      AND b.starts_at >= ${since}
      AND (b.status = 'NO_SHOW'
        OR (b.status = 'CANCELLED' AND EXISTS (
          SELECT 1 FROM booking_event e WHERE e.booking_id = b.id AND e.to_status = 'CANCELLED' AND e.reason LIKE 'late cancellation%')))`;
  return row?.n ?? 0;
};

export const createSuspension = (
  db: Db,
  s: { organizationId: string; facilityId: string; startsAt: Date; endsAt: Date; reason: string },
) =>
  db.$transaction(async (tx) => {
    const created = await tx.suspension.create({ data: s });
    await tx.outbox.create({
      data: {
        topic: "suspension.created",
        payload: {
          suspensionId: created.id,
          organizationId: s.organizationId,
          facilityId: s.facilityId,
          endsAt: s.endsAt.toISOString(),
        },
      },
    });
    return created;
  });
