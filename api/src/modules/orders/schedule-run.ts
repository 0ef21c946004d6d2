import { inTransaction, type Db } from "../../lib/db.ts";
import { AppError, assertOrdered } from "../../lib/app-error.ts";
import { tryInsertBooking } from "../bookings/bookings.repository.ts";
import { findResourceById } from "../catalog/catalog.repository.ts";
import { loadCalendar, openFor } from "../catalog/availability.service.ts";
import { DAY_MS, isCovered } from "../../domain/ranges.ts";
import * as repo from "./orders.repository.ts";
import { partiesOf, type OrderViewer } from "./orders.access.ts";
import { loadOrder, viewOrder } from "./order-view.ts";

/**
 * Sample submission on an instrument (送样): the lab books the run as a staff booking (kind BOOKING, the
 * staff member as requester, the customer's organization as the organization) under the same exclusion
 * constraint as every other booking, so instrument time and orders never collide. Units are tried in order.
 * The run keeps the instrument's calendar like any booking: opening hours, holidays and 调休, closures.
 */
export const scheduleRun = async ({
  db,
  viewer,
  orderId,
  start,
  end,
}: {
  db: Db;
  viewer: OrderViewer;
  orderId: string;
  start: Date;
  end: Date;
}) => {
  assertOrdered(start, end);
  const order = await loadOrder(db, viewer, orderId);
  if (!partiesOf(viewer, order).includes("lab")) throw new AppError("FORBIDDEN", "Only the lab schedules runs.");
  if (!order.resourceId) throw new AppError("RULE_VIOLATION", "This order's service does not run on an instrument.");
  if (!["ACCEPTED", "RECEIVED", "TESTING"].includes(order.status)) {
    throw new AppError("INVALID_TRANSITION", `Cannot schedule a run for an order that is ${order.status}.`);
  }
  if (order.bookingId) throw new AppError("ALREADY_EXISTS", "This order's run is already scheduled.");
  const resource = await findResourceById(db, order.resourceId);
  if (!resource) throw new AppError("NOT_FOUND", "The instrument is gone.");
  await assertInsideOpeningHours(db, resource, { start: start.getTime(), end: end.getTime() });

  const bookingId = await inTransaction(db, async (tx) => {
    for (const unit of resource.units.filter((u) => u.active).sort((a, b) => a.position - b.position)) {
      const id = await tryInsertBooking(
        tx,
        {
          kind: "BOOKING",
          organizationId: order.organizationId,
          requesterId: viewer.userId,
          resourceId: resource.id,
          unitId: unit.id,
          range: { start: start.getTime(), end: end.getTime() },
          bufferBeforeMin: resource.bufferBeforeMin,
          bufferAfterMin: resource.bufferAfterMin,
          status: "APPROVED",
          purpose: `送样检测 ${order.code}`,
          sampleDetails: order.sampleName,
          quotedPriceFen: 0,
          seriesId: null,
          campaignId: null,
          holdExpiresAt: null,
        },
        { actorId: viewer.userId, reason: `run of order ${order.code}`, notify: null },
      );
      if (id) {
        await repo.linkBooking(tx, order.id, id);
        await repo.enqueue(tx, "order.run_scheduled", {
          orderId: order.id,
          code: order.code,
          requesterId: order.requesterId,
          bookingId: id,
          start: start.toISOString(),
        });
        return id;
      }
    }
    return null;
  });
  if (!bookingId) {
    throw new AppError("BOOKING_CONFLICT", "The instrument is busy then; pick another time.", {
      start: start.toISOString(),
      end: end.toISOString(),
    });
  }
  return viewOrder(db, viewer, (await repo.findOrder(db, order.id))!);
};

/**
 * The same calendar as bookings (opening hours or 24/7 for continuous resources, the holiday calendar with
 * make-up days, resource and facility closures), and an instrument that is out of service takes no run.
 * Buffers may lie outside opening hours, as for bookings.
 */
const assertInsideOpeningHours = async (
  db: Db,
  resource: NonNullable<Awaited<ReturnType<typeof findResourceById>>>,
  range: { start: number; end: number },
) => {
  if (resource.status !== "ACTIVE") {
    throw new AppError("RULE_VIOLATION", `The instrument is ${resource.status.toLowerCase()} and takes no runs.`, {
      violations: [{ code: "RESOURCE_UNAVAILABLE", message: "The instrument cannot be booked now." }],
    });
  }
  const window = { start: range.start - DAY_MS, end: range.end + DAY_MS };
  const context = await loadCalendar(db, [resource.facilityId], [resource.id], window);
  if (!isCovered(range, openFor(context, resource, window))) {
    throw new AppError("RULE_VIOLATION", "The run must lie within the instrument's opening hours.", {
      violations: [{ code: "OUTSIDE_OPENING_HOURS", message: "The run must lie within opening hours." }],
    });
  }
};
