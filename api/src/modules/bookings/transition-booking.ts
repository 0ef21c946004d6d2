import type { Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { AppError } from "../../lib/app-error.ts";
import { canNoShow, transition, type BookingAction } from "../../domain/booking-state.ts";
import { toBooking, etagOf } from "./bookings.mappers.ts";
import * as repo from "./bookings.repository.ts";
import { chargeCompletedBooking } from "../money/charge-completed.ts";

/** Decisions and attendance are the facility's business; cancelling is also the requesting organization's. */
export const canManage = (actor: Actor, facilityId: string) =>
  actor.isAdmin || actor.managedFacilityIds.includes(facilityId);
/** A request awaiting its organization's approval is not yet the facility's to see. */
export const canSee = (
  actor: Actor,
  booking: { organizationId: string | null; awaitingOrgApproval?: boolean; resource: { facilityId: string } },
) =>
  actor.isAdmin ||
  (canManage(actor, booking.resource.facilityId) && !booking.awaitingOrgApproval) ||
  (booking.organizationId !== null && actor.organizationIds.includes(booking.organizationId));

export type TransitionBookingOptions = {
  db: Db;
  actor: Actor;
  bookingId: string;
  action: BookingAction;
  reason?: string | undefined;
  /** The ETag the caller saw; a mismatch means someone else decided first. */
  ifMatch?: string | undefined;
  noShowGraceMin?: number;
  now?: number;
};

const TOPIC: Partial<Record<BookingAction, string>> = {
  approve: "booking.approved",
  reject: "booking.rejected",
  cancel: "booking.cancelled",
  noShow: "booking.no_show",
};

export const transitionBooking = async ({
  db,
  actor,
  bookingId,
  action,
  reason,
  ifMatch,
  noShowGraceMin = 30,
  now = Date.now(),
}: TransitionBookingOptions) => {
  const booking = await repo.findBooking(db, bookingId);
  if (!booking || !canSee(actor, booking)) throw new AppError("NOT_FOUND", "No such booking.");
  const manager = canManage(actor, booking.resource.facilityId);
  if (action !== "cancel" && !manager) throw new AppError("FORBIDDEN", "Only the facility's managers can do this.");
  if (booking.kind === "MAINTENANCE" && !manager)
    throw new AppError("FORBIDDEN", "Only the facility's managers can change maintenance blocks.");
  if (ifMatch !== undefined && ifMatch !== etagOf(booking)) {
    throw new AppError("PRECONDITION_FAILED", "The booking changed since you loaded it. Reload and decide again.", {
      currentVersion: booking.version,
    });
  }
  if (booking.awaitingOrgApproval && action !== "cancel")
    throw new AppError("INVALID_TRANSITION", "The request is waiting for its organization's approval.");
  const next = transition(booking.status, action);
  if (!next.ok) throw new AppError("INVALID_TRANSITION", next.reason, { status: booking.status, action });
  if (action === "reject" && !reason?.trim()) {
    throw new AppError("VALIDATION_FAILED", "A rejection needs a reason.", {
      errors: [{ path: "reason", message: "required when rejecting" }],
    });
  }
  if (action === "noShow" && !canNoShow({ startsAt: booking.startsAt.getTime(), now, graceMin: noShowGraceMin })) {
    throw new AppError(
      "INVALID_TRANSITION",
      `A no-show can be recorded ${noShowGraceMin} minutes after the start at the earliest.`,
    );
  }

  await db.$transaction(async (tx) => {
    // The version check in the WHERE clause makes two concurrent decisions race fairly: one wins, one gets 412.
    const { count } = await tx.booking.updateMany({
      where: { id: booking.id, version: booking.version, status: booking.status },
      data: {
        status: next.to,
        version: { increment: 1 },
        updatedAt: new Date(now),
        ...(next.to !== "PENDING" ? { holdExpiresAt: null } : {}),
      },
    });
    if (count === 0)
      throw new AppError(
        "PRECONDITION_FAILED",
        "The booking was changed by someone else just now. Reload and decide again.",
      );
    await repo.appendEvent(tx, {
      bookingId: booking.id,
      fromStatus: booking.status,
      toStatus: next.to,
      actorId: actor.userId,
      reason: reason ?? null,
    });
    if (action === "checkIn") {
      await tx.usageRecord.create({
        data: {
          bookingId: booking.id,
          resourceId: booking.resourceId,
          unitId: booking.unitId,
          organizationId: booking.organizationId,
          startedAt: new Date(now),
          recordedById: actor.userId,
        },
      });
    }
    if (action === "checkOut") {
      await tx.usageRecord.updateMany({
        where: { bookingId: booking.id, endedAt: null },
        data: { endedAt: new Date(now) },
      });
      // The charge is written with the check-out, so a completed booking is never left uncharged.
      await chargeCompletedBooking({ tx, bookingId: booking.id, now });
    }
    const topic = TOPIC[action];
    if (topic)
      await repo.enqueue(tx, topic, {
        bookingId: booking.id,
        requesterId: booking.requesterId,
        reason: reason ?? null,
      });
  });
  return toBooking((await repo.findBooking(db, booking.id))!);
};

/**
 * Expires pending holds nobody decided in time. Safe with several API replicas: rows are claimed with
 * FOR UPDATE SKIP LOCKED, so each replica takes a different batch and none waits for another.
 */
export const expirePendingHolds = async (db: Db, { batch = 500 }: { batch?: number } = {}) => {
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
