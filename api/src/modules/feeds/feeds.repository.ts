import type { Tx } from "../../lib/db.ts";
import { BookingStatus } from "../../enums.ts";

/** What a feed shows: what is or was going to happen (not rejected, cancelled, expired or no-shows). */
const FEED_STATUSES = [
  BookingStatus.PENDING,
  BookingStatus.APPROVED,
  BookingStatus.CHECKED_IN,
  BookingStatus.COMPLETED,
];

export const findUserFeedToken = async (db: Tx, userId: string) =>
  (await db.user.findUniqueOrThrow({ where: { id: userId }, select: { feedToken: true } })).feedToken;

export const findResourceByCode = (db: Tx, code: string) =>
  db.resource.findUnique({ where: { code }, select: { id: true, facilityId: true, feedToken: true } });

export const findUserByFeedToken = (db: Tx, feedToken: string) =>
  db.user.findUnique({ where: { feedToken }, select: { id: true, name: true, disabledAt: true } });

export const findResourceByFeedToken = (db: Tx, feedToken: string) =>
  db.resource.findUnique({ where: { feedToken }, select: { id: true, nameZh: true } });

/** Bookings of one requester or one resource within [since, until), oldest first, at most 2,000. */
export const findFeedBookings = (
  db: Tx,
  of: { requesterId: string } | { resourceId: string },
  window: { since: Date; until: Date },
) =>
  db.booking.findMany({
    where: { ...of, status: { in: FEED_STATUSES }, endsAt: { gt: window.since }, startsAt: { lt: window.until } },
    include: {
      resource: { select: { code: true, nameZh: true, nameEn: true, facility: { select: { nameZh: true } } } },
    },
    orderBy: { startsAt: "asc" },
    take: 2000,
  });
