import type { Db } from "../../lib/db.ts";
import type { ReportLanguage } from "../../enums.ts";
import { AppError } from "../../lib/app-error.ts";
import { requireAccess } from "../access/access.ts";
import * as repo from "./orders.repository.ts";
import type { OrderViewer } from "./orders.access.ts";
import { getOrder } from "./order-view.ts";

export type RequestOrderInput = {
  serviceId: string;
  certificationBodyId?: string | undefined;
  organizationId?: string | undefined;
  sampleName: string;
  sampleQuantity: number;
  matrix: string;
  items: string[];
  standardNumber: string;
  reportLanguage: ReportLanguage;
  retentionDays: number;
  hazards: string;
  note: string;
};

const invalid = (path: string, message: string) =>
  new AppError("VALIDATION_FAILED", message, { errors: [{ path, message }] });

/**
 * A customer's request (委托): the items must be the service's own, and the performing body one of the
 * service's bodies (chosen automatically when there is only one).
 */
export const requestOrder = async ({
  db,
  viewer,
  input,
}: {
  db: Db;
  viewer: OrderViewer;
  input: RequestOrderInput;
}) => {
  const service = await repo.findServiceById(db, input.serviceId);
  if (!service || !service.active) throw new AppError("NOT_FOUND", "No such test service.");
  const organizationId = input.organizationId ?? viewer.organizationIds[0];
  if (!organizationId) throw new AppError("FORBIDDEN", "Your account belongs to no organization, so it cannot order.");
  requireAccess({ actor: viewer, permission: "order.create", target: { organizationId } });
  const bodyIds = service.bodies.map((b) => b.certificationBodyId);
  let certificationBodyId: string | null = null;
  if (bodyIds.length > 0) {
    certificationBodyId = input.certificationBodyId ?? (bodyIds.length === 1 ? bodyIds[0]! : null);
    if (!certificationBodyId)
      throw invalid("certificationBodyId", "Choose the certification body that performs the test.");
    if (!bodyIds.includes(certificationBodyId)) {
      throw invalid("certificationBodyId", "That body does not perform this service.");
    }
  } else if (input.certificationBodyId) {
    throw invalid("certificationBodyId", "This service is run by the center's own staff.");
  }
  const offered = new Set(service.items.map((i) => i.itemZh));
  const unknown = input.items.filter((item) => !offered.has(item));
  if (unknown.length) throw invalid("items", `Not items of this service: ${unknown.join(", ")}.`);
  if (new Set(input.items).size !== input.items.length) throw invalid("items", "Each item only once.");

  const created = await repo.insertOrder(db, {
    serviceId: service.id,
    facilityId: service.facilityId,
    certificationBodyId,
    organizationId,
    requesterId: viewer.userId,
    sampleName: input.sampleName.trim(),
    sampleQuantity: input.sampleQuantity,
    matrix: input.matrix.trim(),
    items: input.items,
    standardNumber: input.standardNumber.trim(),
    reportLanguage: input.reportLanguage,
    retentionDays: input.retentionDays,
    hazards: input.hazards.trim(),
    note: input.note.trim(),
    resourceId: service.resourceId,
  });
  return getOrder({ db, viewer, orderId: created.id });
};
