import type { Actor } from "../../lib/context.ts";
import type { Db } from "../../lib/db.ts";
import type { OrderParty } from "../../domain/order-state.ts";
import { AppError } from "../../lib/app-error.ts";
import { findStaffBodyIds, type OrderScope } from "./orders.repository.ts";

// The one answer, for this module, to "who may see and do what with an order" (kept together so the access
// module can take it over): the lab side is the order's center managers, the performing body's staff
// (BODY_STAFF) and admins; the customer side is the ordering organization's members.

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

export const isLab = (viewer: OrderViewer, order: Pick<OrderRef, "facilityId" | "certificationBodyId">) =>
  viewer.isAdmin ||
  viewer.managedFacilityIds.includes(order.facilityId) ||
  (order.certificationBodyId !== null && viewer.staffBodyIds.includes(order.certificationBodyId));

export const isCustomer = (viewer: OrderViewer, order: Pick<OrderRef, "organizationId" | "requesterId">) =>
  order.requesterId === viewer.userId ||
  (order.organizationId !== null && viewer.organizationIds.includes(order.organizationId));

export const partiesOf = (viewer: OrderViewer, order: OrderRef): OrderParty[] => [
  ...(isCustomer(viewer, order) ? (["customer"] as const) : []),
  ...(isLab(viewer, order) ? (["lab"] as const) : []),
];

/** Loads nothing: answers 404 for an order outside the viewer's sight, so its existence does not leak. */
export const assertVisible = <T extends OrderRef>(viewer: OrderViewer, order: T | null): T => {
  if (!order || partiesOf(viewer, order).length === 0) throw new AppError("NOT_FOUND", "No such order.");
  return order;
};

export type OrderListScope = "mine" | "organization" | "board";

export const scopeFor = (viewer: OrderViewer, scope: OrderListScope): OrderScope => {
  switch (scope) {
    case "mine":
      return { kind: "mine", userId: viewer.userId };
    case "organization":
      return { kind: "organization", organizationIds: viewer.organizationIds };
    case "board":
      if (viewer.isAdmin) return { kind: "all" };
      if (viewer.managedFacilityIds.length === 0 && viewer.staffBodyIds.length === 0) {
        throw new AppError("FORBIDDEN", "Only center managers and certification-body staff have an order board.");
      }
      return { kind: "lab", facilityIds: viewer.managedFacilityIds, bodyIds: viewer.staffBodyIds };
  }
};
