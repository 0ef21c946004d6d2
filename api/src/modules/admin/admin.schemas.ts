import { z } from "@hono/zod-openapi";
import { ZCursorQuery, ZDateTime, ZUuid } from "../../lib/openapi.ts";
import { ORGANIZATION_KINDS } from "../../enums.ts";

const name = z.string().trim().min(1).max(200);

export const ZOrganization = z
  .object({
    id: z.string(),
    kind: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    uscc: z.string().nullable(),
    isSample: z.boolean(),
    memberCount: z.number().int(),
  })
  .openapi("Organization");
export const ZCreateOrganization = z
  .strictObject({
    kind: z.enum(ORGANIZATION_KINDS),
    nameZh: name,
    nameEn: name,
    uscc: z.string().trim().length(18).optional(),
  })
  .openapi("CreateOrganization");
export const ZOrganizationQuery = z.object({
  q: z.string().trim().max(100).optional(),
  kind: z.enum(ORGANIZATION_KINDS).optional(),
  ...ZCursorQuery,
});

export const ZUser = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    createdAt: z.string(),
    memberships: z.array(z.object({ organizationId: z.string(), organizationNameZh: z.string(), role: z.string() })),
    managedFacilities: z.array(z.string()),
    disabledAt: z.string().nullable(),
  })
  .openapi("User");
export const ZUserQuery = z.object({ q: z.string().trim().max(100).optional(), ...ZCursorQuery });
export const ZMembership = z
  .strictObject({ organizationId: ZUuid, role: z.enum(["MEMBER", "MANAGER", "ADMIN"]) })
  .openapi("CreateMembership");
export const ZManager = z.strictObject({ userId: ZUuid }).openapi("AddManager");

export const ZUsageRecord = z
  .object({
    id: z.string(),
    bookingId: z.string().nullable(),
    resourceId: z.string(),
    unitId: z.string(),
    organizationId: z.string().nullable(),
    startedAt: z.string(),
    endedAt: z.string().nullable(),
    samples: z.number().int().nullable(),
    note: z.string().nullable(),
  })
  .openapi("UsageRecord");
export const ZCreateUsageRecord = z
  .strictObject({
    resourceId: ZUuid,
    unitId: ZUuid,
    bookingId: ZUuid.optional(),
    organizationId: ZUuid.optional(),
    startedAt: ZDateTime,
    endedAt: ZDateTime,
    samples: z.number().int().min(0).max(100_000).optional(),
    note: z.string().trim().max(1000).optional(),
  })
  .openapi("CreateUsageRecord");
export const ZUsageQuery = z.object({
  facility: z.string().max(40).optional(),
  resource: z.string().max(60).optional(),
  ...ZCursorQuery,
});
export const ZQualification = z
  .strictObject({ userId: ZUuid, resourceId: ZUuid, expiresAt: ZDateTime.optional() })
  .openapi("GrantQualification");
