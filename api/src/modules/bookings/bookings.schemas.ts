import { z } from "@hono/zod-openapi";
import { ZCursorQuery, ZDateTime, ZUuid } from "../../lib/openapi.ts";
import { BOOKING_STATUSES, BookingKind } from "../../enums.ts";
import { AppError } from "../../lib/app-error.ts";

export const ZRecurrence = z
  .strictObject({
    freq: z.enum(["DAILY", "WEEKLY"]),
    interval: z.number().int().min(1).max(52).optional(),
    count: z.number().int().min(1).max(200).optional(),
    until: ZDateTime.optional(),
    byWeekday: z.array(z.number().int().min(1).max(7)).min(1).max(7).optional(),
  })
  .openapi("Recurrence");

export const ZCreateBooking = z
  .strictObject({
    resourceId: ZUuid,
    start: ZDateTime,
    end: ZDateTime,
    purpose: z.string().trim().min(1).max(500),
    sampleDetails: z.string().trim().max(2000).optional(),
    organizationId: ZUuid.optional(),
    recurrence: ZRecurrence.optional(),
    skipConflicts: z.boolean().optional(),
  })
  .openapi("CreateBooking");

export const ZCreateCampaign = z
  .strictObject({
    start: ZDateTime,
    steps: z
      .array(
        z.strictObject({
          resourceId: ZUuid,
          durationMin: z
            .number()
            .int()
            .min(1)
            .max(14 * 24 * 60),
          gapAfterMin: z
            .number()
            .int()
            .min(0)
            .max(14 * 24 * 60)
            .default(0),
        }),
      )
      .min(1)
      .max(20),
    purpose: z.string().trim().min(1).max(500),
    sampleDetails: z.string().trim().max(2000).optional(),
    organizationId: ZUuid.optional(),
    skipConflicts: z.boolean().optional(),
  })
  .openapi("CreateCampaign");

export const ZBookingEvent = z.object({
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  actorName: z.string().nullable(),
  reason: z.string().nullable(),
  at: z.string(),
});

export const ZBooking = z
  .object({
    id: z.string(),
    kind: z.enum(BookingKind),
    status: z.enum(BOOKING_STATUSES),
    resourceId: z.string(),
    resourceCode: z.string(),
    resourceNameZh: z.string(),
    resourceNameEn: z.string(),
    facilityId: z.string(),
    facilityCode: z.string(),
    unitId: z.string(),
    unitLabel: z.string(),
    organizationId: z.string().nullable(),
    organizationNameZh: z.string().nullable(),
    organizationNameEn: z.string().nullable(),
    requesterId: z.string(),
    requesterName: z.string(),
    start: z.string(),
    end: z.string(),
    bufferBeforeMin: z.number().int(),
    bufferAfterMin: z.number().int(),
    purpose: z.string(),
    sampleDetails: z.string().nullable(),
    quotedPriceFen: z.number().int(),
    seriesId: z.string().nullable(),
    campaignId: z.string().nullable(),
    holdExpiresAt: z.string().nullable(),
    /** PENDING and held, waiting for the organization's ORG_ADMIN before the facility sees it. */
    awaitingOrgApproval: z.boolean(),
    version: z.number().int(),
    createdAt: z.string(),
    events: z.array(ZBookingEvent),
  })
  .openapi("Booking");

export const ZSkipped = z.object({
  start: z.string(),
  end: z.string(),
  resourceId: z.string(),
  reason: z.string(),
  violations: z.array(z.object({ code: z.string(), message: z.string() })).optional(),
});
export const ZCreateResult = z
  .object({ bookings: z.array(ZBooking), skipped: z.array(ZSkipped) })
  .openapi("CreateBookingsResult");

export const ZAlternative = z.object({
  resourceId: z.string(),
  resourceCode: z.string(),
  resourceNameZh: z.string(),
  resourceNameEn: z.string(),
  start: z.string(),
  end: z.string(),
});
export const ZCheckResult = z
  .object({
    ok: z.boolean(),
    violations: z.array(
      z.object({ code: z.string(), message: z.string(), params: z.record(z.string(), z.unknown()).optional() }),
    ),
    conflicts: z.array(
      z.object({ start: z.string(), end: z.string(), kind: z.string(), ownOrganization: z.boolean() }),
    ),
    alternatives: z.array(ZAlternative),
    quotedPriceFen: z.number().int(),
  })
  .openapi("BookingCheck");

export const ZListBookingsQuery = z.object({
  scope: z.enum(["mine", "organization", "facility", "all"]).default("mine"),
  facility: z.string().max(40).optional(),
  resource: z.string().max(60).optional(),
  status: z.enum(BOOKING_STATUSES).optional(),
  kind: z.enum(BookingKind).optional(),
  from: ZDateTime.optional(),
  to: ZDateTime.optional(),
  sort: z.enum(["start", "-start", "created", "-created"]).default("-created"),
  ...ZCursorQuery,
});

export const ZDecision = z.strictObject({ reason: z.string().trim().max(1000).optional() }).openapi("Decision");

export const ZCreateMaintenance = z
  .strictObject({
    resourceId: ZUuid,
    unitIds: z.array(ZUuid).min(1).max(50).optional(),
    start: ZDateTime,
    end: ZDateTime,
    reason: z.string().trim().min(1).max(500),
    cancelConflicting: z.boolean().optional(),
  })
  .openapi("CreateMaintenanceBlock");

export const ZIdParam = z.object({ id: ZUuid });

/**
 * A decision's optional body, read by hand: an empty body (even with a JSON content type) means no reason,
 * which the route validator would refuse as malformed.
 */
export const parseDecision = (raw: string): { reason?: string | undefined } => {
  if (!raw.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new AppError("MALFORMED_REQUEST", "The body is not valid JSON.");
  }
  const decision = ZDecision.safeParse(parsed);
  if (!decision.success) {
    throw new AppError("VALIDATION_FAILED", "Invalid body.", {
      errors: decision.error.issues.map((i) => ({ path: i.path.join("."), code: i.code, message: i.message })),
    });
  }
  return decision.data;
};
