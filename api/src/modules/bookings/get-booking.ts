import type { Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { AppError } from "../../lib/app-error.ts";
import { requireAccess } from "../access/access.ts";
import { bookingTarget, etagOf, toBooking } from "./bookings.mappers.ts";
import { findBooking } from "./bookings.repository.ts";

/** One booking with its history, and the ETag a decision's If-Match must carry. */
export const getBooking = async ({ db, actor, bookingId }: { db: Db; actor: Actor; bookingId: string }) => {
  const booking = await findBooking(db, bookingId);
  if (!booking) throw new AppError("NOT_FOUND", "No such booking.");
  requireAccess({ actor, permission: "booking.read", target: bookingTarget(booking), objectName: "booking" });
  return { booking: toBooking(booking), etag: etagOf(booking) };
};
