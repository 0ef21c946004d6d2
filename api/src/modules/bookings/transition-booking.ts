import { inTransaction, type Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { AppError } from "../../lib/app-error.ts";
import { canNoShow, transition, type BookingAction } from "../../domain/booking-state.ts";
import { bookingTarget, toBooking, etagOf } from "./bookings.mappers.ts";
import * as repo from "./bookings.repository.ts";
import { can, requireAccess } from "../access/access.ts";
import { cancellationReason, evaluateSuspension } from "../fair-use/fair-use.service.ts";
import { chargeCompletedBooking } from "../money/charge-completed.ts";

/** Kept for modules that still import them (admin); new code asks the access module. */
export const canManage = (actor: Actor, facilityId: string) => can(actor, "booking.decide", { facilityId });

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
  if (!booking) throw new AppError("NOT_FOUND", "No such booking.");
  const target = bookingTarget(booking);
  requireAccess({ actor, permission: "booking.read", target, objectName: "booking" });
  if (action !== "cancel") requireAccess({ actor, permission: "booking.decide", target, objectName: "booking" });
  else if (booking.kind === "MAINTENANCE")
    requireAccess({
      actor,
      permission: "booking.decide",
      target,
      objectName: "booking",
      refusal: "Only the facility's managers can change maintenance blocks.",
    });
  else requireAccess({ actor, permission: "booking.cancel", target, objectName: "booking" });
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
      errors: [
        {
          path: "reason",
          code: "too_small",
          params: { origin: "string", minimum: 1 },
          message: "required when rejecting",
        },
      ],
    });
  }
  if (action === "noShow" && !canNoShow({ startsAt: booking.startsAt.getTime(), now, graceMin: noShowGraceMin })) {
    throw new AppError(
      "INVALID_TRANSITION",
      `A no-show can be recorded ${noShowGraceMin} minutes after the start at the earliest.`,
    );
  }

  // A member's cancellation inside the facility's late-cancellation window is allowed (the unit is freed for
  // others) but recorded as late, and counts like a no-show toward a suspension.
  let late = false;
  const manager = can(actor, "booking.decide", target);
  if (action === "cancel" && !manager && booking.kind === "BOOKING") {
    const marked = await cancellationReason({
      db,
      resource: { id: booking.resourceId, facilityId: booking.resource.facilityId },
      startsAt: booking.startsAt.getTime(),
      reason,
      now,
    });
    reason = marked.reason;
    late = marked.late;
  }

  await inTransaction(db, async (tx) => {
    const won = await repo.updateStatusIfUnchanged(tx, {
      id: booking.id,
      version: booking.version,
      status: booking.status,
      to: next.to,
      at: new Date(now),
    });
    if (!won)
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
      await repo.startUsage(tx, {
        bookingId: booking.id,
        resourceId: booking.resourceId,
        unitId: booking.unitId,
        organizationId: booking.organizationId,
        at: new Date(now),
        recordedById: actor.userId,
      });
    }
    if (action === "checkOut") {
      await repo.endUsage(tx, booking.id, new Date(now));
      // The charge is written with the check-out, so a completed booking is never left uncharged.
      await chargeCompletedBooking({ tx, bookingId: booking.id, now });
    }
    const topic = TOPIC[action];
    if (topic)
      await repo.enqueue(tx, topic, {
        bookingId: booking.id,
        requesterId: booking.requesterId,
        reason: reason ?? null,
        ...(late ? { late: true } : {}),
      });
  });
  if ((late || action === "noShow") && booking.organizationId) {
    await evaluateSuspension({
      db,
      organizationId: booking.organizationId,
      resource: { id: booking.resourceId, facilityId: booking.resource.facilityId },
      now,
    });
  }
  return toBooking((await repo.findBooking(db, booking.id))!);
};

/**
 * Expires pending holds nobody decided in time. Safe with several API replicas: rows are claimed with
 * FOR UPDATE SKIP LOCKED, so each replica takes a different batch and none waits for another.
 */
export const expirePendingHolds = (db: Db, { batch = 500 }: { batch?: number } = {}) => repo.expireDueHolds(db, batch);
