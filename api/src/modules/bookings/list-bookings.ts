import { z } from "@hono/zod-openapi";
import type { Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import type { BookingKind, BookingStatus } from "../../enums.ts";
import { assertRangeWithin } from "../../lib/app-error.ts";
import { decodeCursor, encodeCursor } from "../../lib/openapi.ts";
import { toCsv } from "../../lib/csv.ts";
import { bookingScopeOf } from "../access/access.ts";
import { findBookingPage } from "./bookings.repository.ts";
import { toBooking, type TBooking } from "./bookings.mappers.ts";

export type BookingScope = "mine" | "organization" | "facility" | "all";
export type ListBookingsFilter = {
  scope: BookingScope;
  facility?: string | undefined;
  resource?: string | undefined;
  status?: BookingStatus | undefined;
  kind?: BookingKind | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  sort: "start" | "-start" | "created" | "-created";
  cursor?: string | undefined;
  limit: number;
};

const ZCursor = z.object({ v: z.string(), id: z.string() });

/** The scope decides what the caller may see (access module); the filters only narrow it. */
export const listBookings = async ({ db, actor, filter }: { db: Db; actor: Actor; filter: ListBookingsFilter }) => {
  if (filter.from && filter.to) assertRangeWithin(filter.from, filter.to, 1100, ["from", "to"]);
  const visibility = bookingScopeOf(actor, filter.scope);
  const orderBy = filter.sort.endsWith("start") ? "startsAt" : "createdAt";
  const after = decodeCursor(filter.cursor, ZCursor);
  const rows = await findBookingPage(db, {
    visibility,
    facility: filter.facility,
    resource: filter.resource,
    status: filter.status,
    kind: filter.kind,
    from: filter.from,
    to: filter.to,
    orderBy,
    direction: filter.sort.startsWith("-") ? "desc" : "asc",
    after: after ? { value: new Date(after.v), id: after.id } : undefined,
    take: filter.limit + 1,
  });
  const items = rows.slice(0, filter.limit);
  const last = items.at(-1);
  return {
    items: items.map(toBooking),
    nextCursor:
      rows.length > filter.limit && last ? encodeCursor({ v: last[orderBy].toISOString(), id: last.id }) : null,
  };
};

const CSV_MAX_ROWS = 10_000;
const CSV_COLUMNS = [
  "id",
  "status",
  "kind",
  "facility",
  "resource",
  "resource_name",
  "unit",
  "organization",
  "requester",
  "start",
  "end",
  "quoted_price_cny",
  "purpose",
];

/** The bookings the list would show, as CSV through the one CSV writer (lib/csv.ts), page by page. */
export const exportBookingsCsv = async ({
  db,
  actor,
  filter,
}: {
  db: Db;
  actor: Actor;
  filter: Omit<ListBookingsFilter, "cursor" | "limit">;
}) => {
  const rows: TBooking[] = [];
  let cursor: string | undefined;
  do {
    const page = await listBookings({ db, actor, filter: { ...filter, cursor, limit: 100 } });
    rows.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && rows.length < CSV_MAX_ROWS);
  return toCsv(
    CSV_COLUMNS,
    rows.map((b) => [
      b.id,
      b.status,
      b.kind,
      b.facilityCode,
      b.resourceCode,
      b.resourceNameZh,
      b.unitLabel,
      b.organizationNameZh ?? "",
      b.requesterName,
      b.start,
      b.end,
      (b.quotedPriceFen / 100).toFixed(2),
      b.purpose,
    ]),
  );
};
