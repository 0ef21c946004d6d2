import type { BookingRow } from "./bookings.repository.ts";

export const toBooking = (b: BookingRow) => ({
  id: b.id,
  kind: b.kind,
  status: b.status,
  resourceId: b.resourceId,
  resourceCode: b.resource.code,
  resourceNameZh: b.resource.nameZh,
  resourceNameEn: b.resource.nameEn,
  facilityId: b.resource.facilityId,
  facilityCode: b.resource.facility.code,
  unitId: b.unitId,
  unitLabel: b.unit.label,
  organizationId: b.organizationId,
  organizationNameZh: b.organization?.nameZh ?? null,
  organizationNameEn: b.organization?.nameEn ?? null,
  requesterId: b.requesterId,
  requesterName: b.requester.name,
  start: b.startsAt.toISOString(),
  end: b.endsAt.toISOString(),
  bufferBeforeMin: b.bufferBeforeMin,
  bufferAfterMin: b.bufferAfterMin,
  purpose: b.purpose,
  sampleDetails: b.sampleDetails,
  quotedPriceFen: b.quotedPriceFen,
  seriesId: b.seriesId,
  campaignId: b.campaignId,
  holdExpiresAt: b.holdExpiresAt?.toISOString() ?? null,
  awaitingOrgApproval: b.awaitingOrgApproval,
  version: b.version,
  createdAt: b.createdAt.toISOString(),
  events: b.events.map((e) => ({
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    actorName: e.actor?.name ?? null,
    reason: e.reason,
    at: e.at.toISOString(),
  })),
});

export type TBooking = ReturnType<typeof toBooking>;
export const etagOf = (b: { id: string; version: number }) => `"${b.version}"`;

/** What the access module needs to know about a booking. */
export const bookingTarget = (
  b: Pick<BookingRow, "organizationId" | "requesterId" | "resource" | "awaitingOrgApproval">,
) => ({
  facilityId: b.resource.facilityId,
  organizationId: b.organizationId,
  requesterId: b.requesterId,
  awaitingOrgApproval: b.awaitingOrgApproval,
});
