import { z } from "@hono/zod-openapi";
import type { Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { AppError, assertRangeWithin } from "../../lib/app-error.ts";
import { decodeCursor, encodeCursor } from "../../lib/openapi.ts";
import { bookingInclude } from "./bookings.repository.ts";
import { toBooking } from "./bookings.mappers.ts";

export type BookingScope = "mine" | "organization" | "facility" | "all";
export type ListBookingsFilter = {
  scope: BookingScope;
  facility?: string | undefined;
  resource?: string | undefined;
  status?: Prisma.BookingWhereInput["status"] extends infer S ? (S extends string ? S : never) : never;
  kind?: "BOOKING" | "MAINTENANCE" | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  sort: "start" | "-start" | "created" | "-created";
  cursor?: string | undefined;
  limit: number;
};

const ZCursor = z.object({ v: z.string(), id: z.string() });

/** Who may see what: the scope narrows to the actor's bookings, organizations or managed facilities. */
export const scopeWhere = (actor: Actor, scope: BookingScope): Prisma.BookingWhereInput => {
  switch (scope) {
    case "mine":
      return { requesterId: actor.userId };
    case "organization":
      return { organizationId: { in: actor.organizationIds } };
    case "facility":
      if (!actor.isAdmin && actor.managedFacilityIds.length === 0)
        throw new AppError("FORBIDDEN", "You manage no facility.");
      // Requests awaiting their organization's approval reach the facility only once approved.
      return actor.isAdmin
        ? {}
        : { resource: { facilityId: { in: actor.managedFacilityIds } }, awaitingOrgApproval: false };
    case "all":
      if (!actor.isAdmin) throw new AppError("FORBIDDEN", "Only admins can list all bookings.");
      return {};
  }
};

export const bookingsWhere = (
  actor: Actor,
  f: Omit<ListBookingsFilter, "sort" | "cursor" | "limit">,
): Prisma.BookingWhereInput => ({
  AND: [
    scopeWhere(actor, f.scope),
    f.facility ? { resource: { facility: { code: f.facility } } } : {},
    f.resource ? { resource: { code: f.resource } } : {},
    f.status ? { status: f.status } : {},
    f.kind ? { kind: f.kind } : {},
    f.from ? { endsAt: { gt: f.from } } : {},
    f.to ? { startsAt: { lt: f.to } } : {},
  ],
});

export const listBookings = async ({ db, actor, filter }: { db: Db; actor: Actor; filter: ListBookingsFilter }) => {
  if (filter.from && filter.to) assertRangeWithin(filter.from, filter.to, 1100, ["from", "to"]);
  const field = filter.sort.endsWith("start") ? "startsAt" : "createdAt";
  const direction = filter.sort.startsWith("-") ? "desc" : "asc";
  const after = decodeCursor(filter.cursor, ZCursor);
  const op = direction === "asc" ? "gt" : "lt";
  const keyset: Prisma.BookingWhereInput = after
    ? { OR: [{ [field]: { [op]: new Date(after.v) } }, { [field]: new Date(after.v), id: { [op]: after.id } }] }
    : {};
  const rows = await db.booking.findMany({
    where: { AND: [bookingsWhere(actor, filter), keyset] },
    include: bookingInclude,
    orderBy: [{ [field]: direction }, { id: direction }],
    take: filter.limit + 1,
  });
  const items = rows.slice(0, filter.limit);
  const last = items.at(-1);
  return {
    items: items.map(toBooking),
    nextCursor: rows.length > filter.limit && last ? encodeCursor({ v: last[field].toISOString(), id: last.id }) : null,
  };
};
