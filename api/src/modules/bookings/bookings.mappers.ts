import type { BookingRow, InsertedBooking, NewBooking } from "./bookings.repository.ts";

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
  offerId: b.offerId,
  offerKind: b.offer?.kind ?? null,
  samples: b.samples,
  items: b.items,
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

/**
 * A booking just inserted, as toBooking shows it read back, from what the request already holds (the row it
 * inserted, the cached resource and unit) and what the insert returned: no read-back on the hot path.
 */
export const toCreatedBooking = ({
  booking: b,
  inserted,
  resource,
  unit,
  offerKind,
  organization,
  requesterName,
  reason,
}: {
  booking: NewBooking;
  inserted: InsertedBooking;
  resource: { code: string; nameZh: string; nameEn: string; facilityId: string; facility: { code: string } };
  unit: { id: string; label: string };
  offerKind: NonNullable<BookingRow["offer"]>["kind"] | null;
  organization: { nameZh: string | null; nameEn: string | null };
  requesterName: string;
  reason: string | null;
}): TBooking => ({
  id: inserted.id,
  kind: b.kind,
  status: b.status,
  resourceId: b.resourceId,
  resourceCode: resource.code,
  resourceNameZh: resource.nameZh,
  resourceNameEn: resource.nameEn,
  facilityId: resource.facilityId,
  facilityCode: resource.facility.code,
  unitId: unit.id,
  unitLabel: unit.label,
  organizationId: b.organizationId,
  organizationNameZh: b.organizationId ? organization.nameZh : null,
  organizationNameEn: b.organizationId ? organization.nameEn : null,
  requesterId: b.requesterId,
  requesterName,
  start: new Date(b.range.start).toISOString(),
  end: new Date(b.range.end).toISOString(),
  bufferBeforeMin: b.bufferBeforeMin,
  bufferAfterMin: b.bufferAfterMin,
  purpose: b.purpose,
  sampleDetails: b.sampleDetails,
  quotedPriceFen: b.quotedPriceFen,
  offerId: b.offerId ?? null,
  offerKind,
  samples: b.samples ?? null,
  items: b.items ?? null,
  seriesId: b.seriesId,
  campaignId: b.campaignId,
  holdExpiresAt: b.holdExpiresAt?.toISOString() ?? null,
  awaitingOrgApproval: inserted.awaitingOrgApproval,
  version: inserted.version,
  createdAt: inserted.createdAt.toISOString(),
  events: [
    {
      fromStatus: null,
      toStatus: b.status,
      actorName: requesterName,
      reason,
      at: inserted.eventAt.toISOString(),
    },
  ],
});
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
