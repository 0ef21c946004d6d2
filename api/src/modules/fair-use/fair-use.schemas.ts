// Request and answer schemas of the fair-use routes.
import { z } from "@hono/zod-openapi";
import { QuotaPeriod } from "../../enums.ts";

const count = (max: number) => z.number().int().min(1).max(max).nullable();

export const ZFairUse = z
  .object({
    quotaPeriod: z.enum(QuotaPeriod).nullable(),
    quotaHours: count(10_000).openapi({ description: "Hours per organization per period." }),
    quotaBookings: count(10_000).openapi({ description: "Bookings per organization per period." }),
    lateCancelHours: z.number().int().min(0).max(720).nullable(),
    noShowGraceMin: z.number().int().min(0).max(1440).nullable(),
    noShowLimit: count(100),
    noShowWindowDays: count(365),
    suspensionDays: count(365),
  })
  .openapi("FairUse");
export const ZFairUseView = z
  .object({ effective: ZFairUse, facility: ZFairUse.nullable(), resource: ZFairUse.nullable() })
  .openapi("FairUseView");
export const ZSuspension = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    facilityId: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    reason: z.string(),
    liftedAt: z.string().nullable(),
  })
  .openapi("Suspension");
