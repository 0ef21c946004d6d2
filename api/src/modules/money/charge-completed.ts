import type { TestPriceUnit } from "../../enums.ts";
import { inTransaction, type Db } from "../../lib/db.ts";
import { AppError } from "../../lib/app-error.ts";
import { billedMinutes, periodOf, priceLine } from "../../domain/charging.ts";
import * as repo from "./money.repository.ts";
import type { Tx } from "./money.repository.ts";
import { completedOrderOf } from "../orders/charge-order.ts";

/** Days a customer has to confirm or dispute a charge before it is confirmed automatically. */
export const CONFIRMATION_DAYS = 7;
const DAY_MS = 86_400_000;

/** Internal when the customer is one of the facility's operators (the same rule as 对外服务机时 in analytics). */
const classOf = async (tx: Tx, facilityId: string, organizationId: string) =>
  (await repo.isFacilityOperator(tx, facilityId, organizationId)) ? ("INTERNAL" as const) : ("EXTERNAL" as const);

export type ChargeCompletedBookingOptions = { tx: Tx; bookingId: string; now?: number };

/**
 * Charges a completed booking from its usage record: actual time from check-in to check-out, billed in the
 * resource's started increments, at the rate in force for the customer's class, less the facility's
 * discount for the organization. Idempotent: the (BOOKING, id, USAGE) key admits one line. Returns the new
 * line's id, or null when the booking was charged already, is nobody's to pay (maintenance) or is the run of a
 * test order (the order is charged per sample or item when it closes).
 */
export const chargeCompletedBooking = async ({ tx, bookingId, now = Date.now() }: ChargeCompletedBookingOptions) => {
  const booking = await repo.findBookingForCharge(tx, bookingId);
  if (!booking) throw new AppError("NOT_FOUND", "No such booking.");
  if (booking.status !== "COMPLETED")
    throw new AppError("INVALID_TRANSITION", "Only a completed booking is charged.", { status: booking.status });
  if (booking.kind !== "BOOKING" || !booking.organizationId) return null;
  if (await repo.isOrderRun(tx, booking.id)) return null;
  const { resource } = booking;
  const customerClass = await classOf(tx, resource.facilityId, booking.organizationId);
  const unitPriceFen = customerClass === "INTERNAL" ? resource.priceInternalFen : resource.priceExternalFen;
  const discountBp = await repo.findDiscountBp(tx, resource.facilityId, booking.organizationId);
  const usage = booking.usageRecords;
  const endedAt = usage.at(-1)?.endedAt?.getTime() ?? now;
  const perSample = resource.priceUnit === "SAMPLE";
  const quantity = perSample
    ? Math.max(
        1,
        usage.reduce((n, u) => n + (u.samples ?? 0), 0),
      )
    : usage.reduce(
        (n, u) =>
          n +
          billedMinutes({
            startedAt: u.startedAt.getTime(),
            endedAt: u.endedAt?.getTime() ?? now,
            incrementMin: resource.billingIncrementMin,
          }),
        0,
      );
  const amounts = priceLine({ unit: perSample ? "SAMPLE" : "HOUR", unitPriceFen, quantity, discountBp });
  return repo.tryInsertChargeLine(tx, {
    organizationId: booking.organizationId,
    facilityId: resource.facilityId,
    resourceId: resource.id,
    sourceType: "BOOKING",
    sourceId: booking.id,
    kind: "USAGE",
    customerClass,
    description: `${resource.nameZh} ${resource.code}`,
    quantity,
    quantityUnit: perSample ? "SAMPLE" : "MINUTE",
    unitPriceFen,
    ...amounts,
    serviceAt: new Date(endedAt),
    period: periodOf(endedAt),
    status: "PENDING",
    confirmBy: new Date(now + CONFIRMATION_DAYS * DAY_MS),
    createdById: null,
  });
};

/**
 * The ORDER source type, for the test-orders module (or the integrator) to call when an order completes.
 * One line per sample or item, keyed ITEM:<key>, so calling it again for the same order adds nothing.
 * Prices come from the resource offer the order was placed against (internal and external, in fen); the
 * customer class and discount are decided here, the same way as for bookings.
 */
export type CompletedOrder = {
  orderId: string;
  organizationId: string;
  facilityId: string;
  completedAt: Date;
  items: {
    /** Stable within the order, e.g. the item's id or "sample-3". */
    key: string;
    resourceId: string | null;
    description: string;
    unit: TestPriceUnit;
    quantity: number;
    priceInternalFen: number;
    priceExternalFen: number;
  }[];
};

export const chargeCompletedOrder = async ({
  tx,
  order,
  now = Date.now(),
}: {
  tx: Tx;
  order: CompletedOrder;
  now?: number;
}) => {
  const customerClass = await classOf(tx, order.facilityId, order.organizationId);
  const discountBp = await repo.findDiscountBp(tx, order.facilityId, order.organizationId);
  const at = order.completedAt.getTime();
  const ids: string[] = [];
  for (const item of order.items) {
    const unitPriceFen = customerClass === "INTERNAL" ? item.priceInternalFen : item.priceExternalFen;
    const amounts = priceLine({ unit: item.unit, unitPriceFen, quantity: item.quantity, discountBp });
    const id = await repo.tryInsertChargeLine(tx, {
      organizationId: order.organizationId,
      facilityId: order.facilityId,
      resourceId: item.resourceId,
      sourceType: "ORDER",
      sourceId: order.orderId,
      kind: `ITEM:${item.key}`,
      customerClass,
      description: item.description,
      quantity: item.quantity,
      quantityUnit: item.unit,
      unitPriceFen,
      ...amounts,
      serviceAt: order.completedAt,
      period: periodOf(at),
      status: "PENDING",
      confirmBy: new Date(now + CONFIRMATION_DAYS * DAY_MS),
    });
    if (id) ids.push(id);
  }
  return ids;
};

/**
 * Job: charges completed bookings that have no usage line (e.g. completed before this module existed, or by
 * a path that did not charge) and closed orders without lines (closed before orders were charged in their
 * closing transaction). With charging at check-out and at closing, this normally finds nothing.
 */
export const chargeMissedBookings = async (db: Db, { batch = 200 }: { batch?: number } = {}) => {
  const due = await repo.findUnchargedCompletedBookings(db, batch);
  let charged = 0;
  for (const { id } of due) {
    if (await inTransaction(db, (tx) => chargeCompletedBooking({ tx, bookingId: id }))) charged++;
  }
  for (const order of await repo.findUnchargedClosedOrders(db, batch)) {
    const completed = completedOrderOf(order, order.closedAt ?? order.updatedAt);
    if (completed && (await inTransaction(db, (tx) => chargeCompletedOrder({ tx, order: completed }))).length > 0)
      charged++;
  }
  return charged;
};
