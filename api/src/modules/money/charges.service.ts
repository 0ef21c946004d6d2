import { z } from "@hono/zod-openapi";
import { inTransaction, type Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { AppError } from "../../lib/app-error.ts";
import { decodeCursor, encodeCursor } from "../../lib/openapi.ts";
import { periodOf } from "../../domain/charging.ts";
import { requireAccess } from "../access/access.ts";
import * as repo from "./money.repository.ts";
import { canSeeMoneyOf, moneyScope, requireOperator } from "./money.access.ts";
import { toCharge } from "./money.mappers.ts";

const ZCursor = z.object({ at: z.string(), id: z.string() });

export const listCharges = async ({
  db,
  actor,
  filter,
  cursor,
  limit,
}: {
  db: Db;
  actor: Actor;
  filter: repo.ChargeFilter;
  cursor?: string | undefined;
  limit: number;
}) => {
  const after = decodeCursor(cursor, ZCursor);
  const rows = await repo.listCharges(db, moneyScope(actor), filter, {
    after: after ? { createdAt: new Date(after.at), id: after.id } : undefined,
    limit,
  });
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(toCharge),
    nextCursor: rows.length > limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : null,
  };
};

const loadVisible = async (db: Db, actor: Actor, chargeId: string) => {
  const charge = await repo.findCharge(db, chargeId);
  if (!charge || !canSeeMoneyOf(actor, charge)) throw new AppError("NOT_FOUND", "No such charge.");
  return charge;
};

export const getCharge = async ({ db, actor, chargeId }: { db: Db; actor: Actor; chargeId: string }) =>
  toCharge(await loadVisible(db, actor, chargeId));

export type DecideChargeOptions = {
  db: Db;
  actor: Actor;
  chargeId: string;
  decision: "confirm" | "dispute";
  reason?: string | undefined;
};

/** The organization's administrator confirms a pending charge, or disputes it with a reason. */
export const decideCharge = async ({ db, actor, chargeId, decision, reason }: DecideChargeOptions) => {
  const charge = await loadVisible(db, actor, chargeId);
  requireAccess({
    actor,
    permission: "charge.decide",
    target: { organizationId: charge.organizationId, facilityId: charge.facilityId },
  });
  if (decision === "dispute" && !reason?.trim())
    throw new AppError("VALIDATION_FAILED", "A dispute needs a reason.", {
      errors: [
        {
          path: "reason",
          code: "too_small",
          params: { origin: "string", minimum: 1 },
          message: "required when disputing",
        },
      ],
    });
  if (charge.status !== "PENDING")
    throw new AppError("INVALID_TRANSITION", `The charge is ${charge.status.toLowerCase()}, not pending.`, {
      status: charge.status,
    });
  const to = decision === "confirm" ? "CONFIRMED" : "DISPUTED";
  await inTransaction(db, async (tx) => {
    if (!(await repo.moveChargeStatus(tx, charge.id, "PENDING", to)))
      throw new AppError("PRECONDITION_FAILED", "The charge changed just now. Reload and decide again.");
    await repo.appendChargeEvent(tx, { chargeId: charge.id, action: decision, actorId: actor.userId, reason });
    await repo.enqueue(tx, decision === "confirm" ? "charge.confirmed" : "charge.disputed", {
      chargeId: charge.id,
      organizationId: charge.organizationId,
      facilityId: charge.facilityId,
      reason: reason ?? null,
    });
  });
  return getCharge({ db, actor, chargeId });
};

export type ResolveDisputeOptions = {
  db: Db;
  actor: Actor;
  chargeId: string;
  /** `adjust` adds a correcting line of `adjustmentFen` (negative: a credit); `reject` keeps the charge. */
  resolution: "adjust" | "reject";
  reason: string;
  adjustmentFen?: number | undefined;
  now?: number;
};

/**
 * The operator resolves a dispute: by an adjustment line (reason and approver recorded, the disputed line
 * untouched) or by rejecting the dispute. Either way the disputed line ends CONFIRMED and goes on a statement.
 */
export const resolveDispute = async ({
  db,
  actor,
  chargeId,
  resolution,
  reason,
  adjustmentFen,
  now = Date.now(),
}: ResolveDisputeOptions) => {
  const charge = await loadVisible(db, actor, chargeId);
  requireOperator(actor, charge);
  if (charge.status !== "DISPUTED")
    throw new AppError("INVALID_TRANSITION", "Only a disputed charge can be resolved.", { status: charge.status });
  if (resolution === "adjust" && !adjustmentFen)
    throw new AppError("VALIDATION_FAILED", "An adjustment needs a non-zero amount.", {
      errors: [{ path: "adjustmentFen", message: "required and non-zero when adjusting" }],
    });
  await inTransaction(db, async (tx) => {
    if (!(await repo.moveChargeStatus(tx, charge.id, "DISPUTED", "CONFIRMED")))
      throw new AppError("PRECONDITION_FAILED", "The charge changed just now. Reload and decide again.");
    await repo.appendChargeEvent(tx, {
      chargeId: charge.id,
      action: resolution === "adjust" ? "dispute_adjusted" : "dispute_rejected",
      actorId: actor.userId,
      reason,
    });
    if (resolution === "adjust") await insertAdjustment(tx, { charge, actor, amountFen: adjustmentFen!, reason, now });
    await repo.enqueue(tx, "charge.dispute_resolved", {
      chargeId: charge.id,
      organizationId: charge.organizationId,
      resolution,
      adjustmentFen: adjustmentFen ?? null,
      reason,
    });
  });
  return getCharge({ db, actor, chargeId });
};

const insertAdjustment = async (
  tx: repo.Tx,
  {
    charge,
    actor,
    amountFen,
    reason,
    now,
  }: { charge: repo.ChargeRow; actor: Actor; amountFen: number; reason: string; now: number },
) => {
  const id = crypto.randomUUID();
  const lineId = await repo.tryInsertChargeLine(tx, {
    organizationId: charge.organizationId,
    facilityId: charge.facilityId,
    resourceId: charge.resourceId,
    sourceType: "ADJUSTMENT",
    sourceId: id,
    kind: "ADJUSTMENT",
    customerClass: charge.customerClass,
    description: `调整 / adjustment: ${charge.description}`,
    quantity: 1,
    quantityUnit: "ITEM",
    unitPriceFen: amountFen,
    grossFen: amountFen,
    discountFen: 0,
    amountFen,
    serviceAt: new Date(now),
    // Adjustments land on the statement of the month they are made in: issued statements never change.
    period: periodOf(now),
    // Approved by the operator and, for a dispute, asked for by the customer: nothing left to confirm.
    status: "CONFIRMED",
    confirmBy: new Date(now),
    adjustsLineId: charge.id,
    reason,
    approvedById: actor.userId,
    createdById: actor.userId,
  });
  return lineId!;
};

/** A correction the operator makes without a dispute: an adjustment line with its reason and approver. */
export const adjustCharge = async ({
  db,
  actor,
  chargeId,
  amountFen,
  reason,
  now = Date.now(),
}: {
  db: Db;
  actor: Actor;
  chargeId: string;
  amountFen: number;
  reason: string;
  now?: number;
}) => {
  const charge = await loadVisible(db, actor, chargeId);
  requireOperator(actor, charge);
  const id = await inTransaction(db, async (tx) => {
    const adjustmentId = await insertAdjustment(tx, { charge, actor, amountFen, reason, now });
    await repo.enqueue(tx, "charge.adjusted", {
      chargeId: charge.id,
      organizationId: charge.organizationId,
      amountFen,
      reason,
    });
    return adjustmentId;
  });
  return getCharge({ db, actor, chargeId: id });
};

/**
 * Job: confirms charges whose confirmation period ended without a decision. Plain `(db) => Promise<void>`
 * for api/src/jobs.ts (or graphile-worker); safe on several replicas (SKIP LOCKED).
 */
export const autoConfirmCharges = async (db: Db, { now = new Date(), batch = 500 } = {}) => {
  let total = 0;
  for (;;) {
    const n = await repo.confirmDueCharges(db, now, batch);
    total += n;
    if (n < batch) return total;
  }
};
