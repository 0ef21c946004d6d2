// Request and answer schemas of the training and qualification routes.
import { z } from "@hono/zod-openapi";
import { ZUuid } from "../../lib/openapi.ts";
import { QUALIFICATION_REQUEST_STATUSES } from "../../enums.ts";

export const STATUSES = QUALIFICATION_REQUEST_STATUSES;
export const ZTrainingRequest = z
  .object({
    id: z.string(),
    status: z.enum(STATUSES),
    userId: z.string(),
    userName: z.string(),
    resourceId: z.string(),
    resourceCode: z.string(),
    resourceNameZh: z.string(),
    resourceNameEn: z.string(),
    message: z.string(),
    scheduledFor: z.string().nullable(),
    completedAt: z.string().nullable(),
    decisionNote: z.string().nullable(),
    qualificationId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("TrainingRequest");
export const ZMyQualification = z
  .object({
    id: z.string(),
    resourceId: z.string(),
    resourceCode: z.string(),
    resourceNameZh: z.string(),
    resourceNameEn: z.string(),
    grantedAt: z.string(),
    expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    lapsesAt: z.string().nullable(),
    status: z.enum(["VALID", "EXPIRED", "LAPSED"]),
  })
  .openapi("MyQualification");
export const ZIdParam = z.object({ id: ZUuid });
export const ZNote = z.string().trim().min(1).max(1000);
