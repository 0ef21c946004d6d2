import { inTransaction, type Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { AppError } from "../../lib/app-error.ts";
import * as repo from "./money.repository.ts";
import { administeredOrganizationsOf, requireAccess } from "../access/access.ts";

/**
 * Decides, for a request made for an organization, which quotes must first go to the organization's ORG_ADMIN:
 * those above its spending threshold, unless the requester's membership of it is ORG_ADMIN.
 */
export const orgApprovalGateOf =
  ({ threshold, role }: { threshold: number | null; role: string | null }) =>
  (quotedPriceFen: number) =>
    threshold !== null && role !== "ORG_ADMIN" && quotedPriceFen > threshold;

/** The ORG_ADMIN's queue: requests of its organizations waiting for its approval (their holds run). */
export const listOrgApprovals = async ({ db, actor }: { db: Db; actor: Actor }) => {
  const organizationIds = administeredOrganizationsOf(actor);
  const rows = await repo.findAwaitingOrgApproval(db, organizationIds);
  return rows.map((b) => ({
    id: b.id,
    organizationId: b.organizationId!,
    resourceCode: b.resource.code,
    resourceNameZh: b.resource.nameZh,
    resourceNameEn: b.resource.nameEn,
    requesterName: b.requester.name,
    start: b.startsAt.toISOString(),
    end: b.endsAt.toISOString(),
    purpose: b.purpose,
    quotedPriceFen: b.quotedPriceFen,
    holdExpiresAt: b.holdExpiresAt?.toISOString() ?? null,
  }));
};

export type DecideOrgApprovalOptions = {
  db: Db;
  actor: Actor;
  bookingId: string;
  decision: "approve" | "reject";
  reason?: string | undefined;
  now?: number;
};

/**
 * The ORG_ADMIN's decision. Approval hands the request to the facility (an AUTO resource approves it at
 * once); rejection ends it. The hold is untouched until then, so the slot stays held under the exclusion
 * constraint and expires as usual when nobody decides.
 */
export const decideOrgApproval = async ({
  db,
  actor,
  bookingId,
  decision,
  reason,
  now = Date.now(),
}: DecideOrgApprovalOptions) => {
  const booking = await repo.findBookingForOrgDecision(db, bookingId);
  if (!booking?.organizationId) throw new AppError("NOT_FOUND", "No such booking.");
  requireAccess({
    actor,
    permission: "organization.administer",
    target: { organizationId: booking.organizationId },
    objectName: "booking",
  });
  if (!booking.awaitingOrgApproval || booking.status !== "PENDING")
    throw new AppError("INVALID_TRANSITION", "This request is not waiting for the organization's approval.", {
      status: booking.status,
    });
  if (decision === "reject" && !reason?.trim())
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
  const status: "PENDING" | "APPROVED" | "REJECTED" =
    decision === "reject" ? "REJECTED" : booking.resource.approval === "AUTO" ? "APPROVED" : "PENDING";
  await inTransaction(db, async (tx) => {
    if (!(await repo.decideOrgApproval(tx, booking, { status }, new Date(now))))
      throw new AppError("PRECONDITION_FAILED", "The request changed just now. Reload and decide again.");
    await repo.appendBookingEvent(tx, {
      bookingId,
      fromStatus: "PENDING",
      toStatus: status,
      actorId: actor.userId,
      reason: reason?.trim() || (decision === "approve" ? "approved by the organization" : null),
    });
    const topic =
      status === "REJECTED" ? "booking.rejected" : status === "APPROVED" ? "booking.approved" : "booking.requested";
    await repo.enqueue(tx, topic, {
      bookingId,
      requesterId: booking.requesterId,
      facilityId: booking.resource.facilityId,
      organizationDecision: decision,
    });
  });
  return { id: bookingId, status };
};
