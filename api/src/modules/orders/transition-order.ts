import { inTransaction, type Db } from "../../lib/db.ts";
import { AppError } from "../../lib/app-error.ts";
import {
  addWorkingDays,
  decideOrder,
  sampleCodeOf,
  type OrderAction,
  type OrderStatus,
} from "../../domain/order-state.ts";
import * as repo from "./orders.repository.ts";
import { partiesOf, type OrderViewer } from "./orders.access.ts";
import { loadOrder, viewOrder } from "./order-view.ts";
import { etagOf } from "./orders.mappers.ts";
import { chargeCompletedOrder } from "../money/charge-completed.ts";
import { completedOrderOf } from "./charge-order.ts";

export type QuoteInput = { priceFen: number; validUntil: Date; note?: string | undefined };
export type ReceiveInput = { condition: string; storage: string; note?: string | undefined };

/** Actions that go through this function; issuing a report carries a file and has its own use case. */
export type SimpleAction = Exclude<OrderAction, "issueReport">;

export type TransitionOrderOptions = {
  db: Db;
  viewer: OrderViewer;
  orderId: string;
  action: SimpleAction;
  reason?: string | undefined;
  ifMatch?: string | undefined;
  quote?: QuoteInput;
  receive?: ReceiveInput;
  now?: number;
};

/** Outbox topics: every customer-facing step notifies (the notify branch turns them into mail and inbox). */
export const TOPICS: Record<OrderAction, string> = {
  quote: "order.quoted",
  accept: "order.accepted",
  decline: "order.declined",
  receive: "order.received",
  startTesting: "order.testing",
  issueReport: "order.reported",
  confirm: "order.confirmed",
  close: "order.closed",
  cancel: "order.cancelled",
  retest: "order.retest_requested",
};

const DAY_MS = 86_400_000;

/** Checks the decision and, when allowed, returns the next status; every refusal is an AppError. */
export const decideOrThrow = (
  order: repo.OrderRow,
  viewer: OrderViewer,
  action: OrderAction,
  reason: string | undefined,
  facts: { now: number; reportDownloaded?: boolean },
  ifMatch?: string,
): OrderStatus => {
  if (ifMatch !== undefined && ifMatch !== etagOf(order)) {
    throw new AppError("PRECONDITION_FAILED", "The order changed since you loaded it. Reload and try again.", {
      currentVersion: order.version,
    });
  }
  const decision = decideOrder({
    status: order.status,
    action,
    parties: partiesOf(viewer, order),
    reason,
    facts: {
      now: facts.now,
      quoteValidUntil: order.quoteValidUntil?.getTime() ?? null,
      reportedAt: order.reportedAt?.getTime() ?? null,
      retestWindowDays: order.service.retestWindowDays,
      retentionEndsAt: order.retentionEndsAt?.getTime() ?? null,
      reportDownloaded: facts.reportDownloaded ?? false,
    },
  });
  if (decision.ok) return decision.to;
  switch (decision.code) {
    case "FORBIDDEN":
      throw new AppError("FORBIDDEN", decision.reason);
    case "REASON_REQUIRED":
      throw new AppError("VALIDATION_FAILED", decision.reason, {
        errors: [{ path: "reason", message: "required" }],
      });
    case "RULE_VIOLATION":
      throw new AppError("RULE_VIOLATION", decision.reason, { status: order.status, action });
    case "INVALID_TRANSITION":
      throw new AppError("INVALID_TRANSITION", decision.reason, { status: order.status, action });
  }
};

const payloadOf = (order: repo.OrderRow, extra: Record<string, unknown> = {}) => ({
  orderId: order.id,
  code: order.code,
  requesterId: order.requesterId,
  organizationId: order.organizationId,
  ...extra,
});

export const transitionOrder = async ({
  db,
  viewer,
  orderId,
  action,
  reason,
  ifMatch,
  quote,
  receive,
  now = Date.now(),
}: TransitionOrderOptions) => {
  const order = await loadOrder(db, viewer, orderId);
  const current = order.reports.find((r) => r.supersededAt === null);
  const to = decideOrThrow(
    order,
    viewer,
    action,
    reason,
    { now, reportDownloaded: Boolean(current?.firstDownloadedAt) },
    ifMatch,
  );

  let change: repo.OrderChange = {};
  const at = new Date(now);
  if (action === "quote") {
    if (!quote) throw new AppError("VALIDATION_FAILED", "A quote needs a price and a validity.");
    if (quote.validUntil.getTime() <= now) {
      throw new AppError("VALIDATION_FAILED", "The quote must be valid until a future time.", {
        errors: [{ path: "validUntil", message: "must be in the future" }],
      });
    }
    change = { priceFen: quote.priceFen, quoteValidUntil: quote.validUntil, quoteNote: quote.note?.trim() || null };
  }
  if (action === "receive") {
    if (!receive) throw new AppError("VALIDATION_FAILED", "Receiving a sample needs its condition and storage.");
    const calendar = await repo.loadHolidayCalendar(db, at, new Date(now + 400 * DAY_MS));
    change = {
      receivedAt: at,
      dueAt: new Date(addWorkingDays(now, order.service.turnaroundDays, calendar)),
      sampleCode: sampleCodeOf(order.code, 1),
    };
  }
  if (action === "confirm") change = { confirmedAt: at };
  if (action === "close") change = { closedAt: at };
  if (action === "retest") change = { retestCount: { increment: 1 } };

  await inTransaction(db, async (tx) => {
    const moved = await repo.applyTransition(tx, {
      orderId: order.id,
      version: order.version,
      from: order.status,
      to,
      action,
      actorId: viewer.userId,
      reason: reason?.trim() || null,
      change,
      notify: {
        topic: TOPICS[action],
        payload: payloadOf(order, action === "quote" && quote ? { priceFen: quote.priceFen } : {}),
      },
    });
    if (!moved) {
      throw new AppError(
        "PRECONDITION_FAILED",
        "The order was changed by someone else just now. Reload and try again.",
      );
    }
    if (action === "receive" && receive) {
      await repo.addCustody(tx, {
        orderId: order.id,
        action: "RECEIVED",
        condition: receive.condition.trim(),
        storage: receive.storage.trim(),
        note: receive.note?.trim() ?? "",
        actorId: viewer.userId,
        at,
      });
    }
    if (action === "cancel" && order.bookingId) {
      await repo.cancelRunBooking(tx, order.bookingId, viewer.userId, `order ${order.code} cancelled`);
    }
    // Charged with its closing, in the same transaction: a closed order without its lines cannot exist.
    const charge = action === "close" ? completedOrderOf(order, at) : null;
    if (charge) await chargeCompletedOrder({ tx, order: charge, now });
  });
  return viewOrder(db, viewer, (await repo.findOrder(db, order.id))!);
};

export type CustodyInput = {
  action: "STORED" | "MOVED" | "RETURNED" | "DISPOSED";
  condition: string;
  storage: string;
  note?: string | undefined;
};

/** Further custody entries (moved, stored, returned, disposed) while the lab holds the sample. */
export const recordCustody = async ({
  db,
  viewer,
  orderId,
  input,
}: {
  db: Db;
  viewer: OrderViewer;
  orderId: string;
  input: CustodyInput;
}) => {
  const order = await loadOrder(db, viewer, orderId);
  if (!partiesOf(viewer, order).includes("lab")) throw new AppError("FORBIDDEN", "Only the lab records custody.");
  if (!order.receivedAt) throw new AppError("INVALID_TRANSITION", "The sample has not been received yet.");
  if (order.custody.some((c) => c.action === "RETURNED" || c.action === "DISPOSED")) {
    throw new AppError("INVALID_TRANSITION", "The sample has already left the lab.");
  }
  await repo.addCustody(db, {
    orderId: order.id,
    action: input.action,
    condition: input.condition.trim(),
    storage: input.storage.trim(),
    note: input.note?.trim() ?? "",
    actorId: viewer.userId,
  });
  return viewOrder(db, viewer, (await repo.findOrder(db, order.id))!);
};

/** Sends the retention reminders that are due; a plain job function the jobs runner calls. */
export const remindRetentionEnding = async (db: Db, { leadDays = 3, batch = 200 } = {}) =>
  repo.claimRetentionReminders(db, { leadDays, batch });
