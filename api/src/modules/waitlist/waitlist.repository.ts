import type { Db } from "../../lib/db.ts";
import type { Prisma } from "../../generated/prisma/client.ts";

export type Tx = Prisma.TransactionClient | Db;

export const insertEntry = (
  tx: Tx,
  e: {
    userId: string;
    organizationId: string;
    resourceId: string;
    windowStart: Date;
    windowEnd: Date;
    durationMin: number;
    purpose: string;
    includeEquivalents: boolean;
  },
) => tx.waitlistEntry.create({ data: e, include: withResource });

const withResource = { resource: { select: { code: true, nameZh: true, nameEn: true } } } as const;

export const findEntry = (tx: Tx, id: string) => tx.waitlistEntry.findUnique({ where: { id }, include: withResource });

export const findEntryByOffer = (tx: Tx, bookingId: string) =>
  tx.waitlistEntry.findUnique({ where: { offerBookingId: bookingId } });

/** The caller's entries, newest first, one page after the cursor (an entry id). */
export const listEntriesOfUser = (tx: Tx, userId: string, { cursor, limit }: { cursor?: string; limit: number }) =>
  tx.waitlistEntry.findMany({
    where: { userId },
    include: withResource,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
  });

/** Waiting entries whose window overlaps the freed time, first come first served; locked so two freeings do not offer one entry twice. */
export const lockWaitingEntries = (tx: Tx, resourceId: string, equivalentIds: string[], start: Date, end: Date) =>
  tx.$queryRaw<
    {
      id: string;
      user_id: string;
      organization_id: string;
      window_start: Date;
      window_end: Date;
      duration_min: number;
      purpose: string;
    }[]
  >`
    SELECT id, user_id, organization_id, window_start, window_end, duration_min, purpose FROM waitlist_entry
    WHERE (resource_id = ${resourceId}::uuid OR (include_equivalents AND resource_id = ANY(${equivalentIds}::uuid[])))
      AND status = 'WAITING'
      AND window_start < ${end} AND window_end > ${start}
    ORDER BY created_at, id
    FOR UPDATE SKIP LOCKED`;

export const setEntryStatus = (
  tx: Tx,
  id: string,
  from: "WAITING" | "OFFERED",
  to: "OFFERED" | "BOOKED" | "LAPSED" | "CANCELLED",
  offerBookingId?: string | null,
) =>
  tx.waitlistEntry.updateMany({
    where: { id, status: from },
    data: { status: to, updatedAt: new Date(), ...(offerBookingId !== undefined ? { offerBookingId } : {}) },
  });

export const findOfferBooking = (tx: Tx, bookingId: string) =>
  tx.booking.findUnique({
    where: { id: bookingId },
    select: {
      id: true,
      status: true,
      version: true,
      startsAt: true,
      endsAt: true,
      holdExpiresAt: true,
      resourceId: true,
      requesterId: true,
    },
  });

/** Turns the offer hold into the member's own booking, guarded by the version it was read at. */
export const convertOfferHold = (
  tx: Tx,
  b: {
    id: string;
    version: number;
    status: "PENDING" | "APPROVED";
    holdExpiresAt: Date | null;
    purpose: string;
    quotedPriceFen: number;
  },
) =>
  tx.booking.updateMany({
    where: { id: b.id, version: b.version, status: "PENDING" },
    data: {
      status: b.status,
      holdExpiresAt: b.holdExpiresAt,
      purpose: b.purpose,
      quotedPriceFen: b.quotedPriceFen,
      version: { increment: 1 },
      updatedAt: new Date(),
    },
  });

export const expireOfferHold = (tx: Tx, b: { id: string; version: number }) =>
  tx.booking.updateMany({
    where: { id: b.id, version: b.version, status: "PENDING" },
    data: { status: "EXPIRED", holdExpiresAt: null, version: { increment: 1 }, updatedAt: new Date() },
  });
