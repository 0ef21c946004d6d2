import type { Db } from "../../lib/db.ts";
import * as repo from "./orders.repository.ts";
import { assertVisible, partiesOf, type OrderViewer } from "./orders.access.ts";
import { toOrder } from "./orders.mappers.ts";
import { estimateOrderPrice } from "../../domain/order-state.ts";

/** The order as the viewer may see it, or 404. */
export const loadOrder = async (db: Db, viewer: OrderViewer, orderId: string) =>
  assertVisible(viewer, await repo.findOrder(db, orderId));

export const viewOrder = async (db: Db, viewer: OrderViewer, order: repo.OrderRow) => {
  const userIds = [
    order.requesterId,
    ...order.events.flatMap((e) => (e.actorId ? [e.actorId] : [])),
    ...order.custody.map((c) => c.actorId),
  ];
  const fileIds = [...order.files.map((f) => f.fileId), ...order.reports.map((r) => r.fileId)];
  const [users, organizations, bodies, facilities, files, internal] = await Promise.all([
    repo.findUserNames(db, userIds),
    repo.findOrganizationNames(db, order.organizationId ? [order.organizationId] : []),
    repo.findBodies(db, order.certificationBodyId ? [order.certificationBodyId] : []),
    repo.findFacilityCodes(db, [order.facilityId]),
    repo.findFilesMeta(db, fileIds),
    order.organizationId ? repo.isFacilityOperator(db, order.facilityId, order.organizationId) : false,
  ]);
  const estimateFen = estimateOrderPrice({
    priceUnit: order.service.priceUnit,
    priceInternalFen: order.service.priceInternalFen,
    priceExternalFen: order.service.priceExternalFen,
    internal,
    samples: order.sampleQuantity,
    items: order.items.length,
  });
  return toOrder(
    order,
    {
      users,
      organization: order.organizationId ? (organizations.get(order.organizationId) ?? null) : null,
      body: bodies[0] ?? null,
      facilityCode: facilities.get(order.facilityId) ?? "",
      files: new Map(files.map((f) => [f.id, f])),
      estimateFen,
    },
    partiesOf(viewer, order),
  );
};

export const getOrder = async ({ db, viewer, orderId }: { db: Db; viewer: OrderViewer; orderId: string }) =>
  viewOrder(db, viewer, await loadOrder(db, viewer, orderId));
