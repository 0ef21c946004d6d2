import type { Actor } from "../../lib/context.ts";
import type { Db } from "../../lib/db.ts";
import type { OrderParty } from "../../domain/order-state.ts";
import { AppError } from "../../lib/app-error.ts";
import { can, orderScopeOf, type Target } from "../access/access.ts";
import { findStaffBodyIds, type OrderScope } from "./orders.repository.ts";

// Who may see and do what with an order, decided by the access module's table (modules/access/access.ts): the
// lab side (`order.lab`) is the order's center managers, the performing body's staff (BODY_STAFF) and admins;
// the customer side (`order.customer`) is the requester and the ordering organization's members.

export type OrderViewer = Actor & { staffBodyIds: string[] };

export const loadViewer = async (db: Db, actor: Actor): Promise<OrderViewer> => ({
  ...actor,
  staffBodyIds: await findStaffBodyIds(db, actor.userId),
});

type OrderRef = {
  facilityId: string;
  certificationBodyId: string | null;
  organizationId: string | null;
  requesterId: string;
};

const targetOf = (order: Partial<OrderRef>): Target => ({
  facilityId: order.facilityId,
  certificationBodyId: order.certificationBodyId,
  organizationId: order.organizationId,
  requesterId: order.requesterId,
});

export const isLab = (viewer: OrderViewer, order: Pick<OrderRef, "facilityId" | "certificationBodyId">) =>
  can(viewer, "order.lab", targetOf(order));

export const isCustomer = (viewer: OrderViewer, order: Pick<OrderRef, "organizationId" | "requesterId">) =>
  can(viewer, "order.customer", targetOf(order));

export const partiesOf = (viewer: OrderViewer, order: OrderRef): OrderParty[] => [
  ...(isCustomer(viewer, order) ? (["customer"] as const) : []),
  ...(isLab(viewer, order) ? (["lab"] as const) : []),
];

/** Loads nothing: answers 404 for an order outside the viewer's sight, so its existence does not leak. */
export const assertVisible = <T extends OrderRef>(viewer: OrderViewer, order: T | null): T => {
  if (!order || !can(viewer, "order.read", targetOf(order))) throw new AppError("NOT_FOUND", "No such order.");
  return order;
};

export type OrderListScope = "mine" | "organization" | "board";

export const scopeFor = (viewer: OrderViewer, scope: OrderListScope): OrderScope => orderScopeOf(viewer, scope);
