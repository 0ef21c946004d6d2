import { z } from "@hono/zod-openapi";
import { ZCursorQuery, ZDateTime, ZUuid } from "../../lib/openapi.ts";
import { CERT_DOMAINS, RESOURCE_KINDS, RESOURCE_MODES } from "../catalog/catalog.schemas.ts";
import { APPROVAL_POLICIES, FACILITY_KINDS, ORGANIZATION_KINDS, PRICE_UNITS, RESOURCE_STATUSES } from "../../enums.ts";

const code = z
  .string()
  .trim()
  .regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, "upper-case letters, digits and dashes");
const name = z.string().trim().min(1).max(200);
const text = z.string().trim().max(5000);
const minutes = z
  .number()
  .int()
  .min(0)
  .max(60 * 24 * 14);
const fen = z.number().int().min(0).max(100_000_000);
const weeklyHours = z
  .array(
    z.strictObject({
      weekday: z.number().int().min(1).max(7),
      opensMin: z.number().int().min(0).max(1439),
      closesMin: z.number().int().min(1).max(1440),
    }),
  )
  .max(50);

export const ZCreateFacility = z
  .strictObject({
    code,
    kind: z.enum(FACILITY_KINDS),
    nameZh: name,
    nameEn: name,
    summaryZh: text,
    summaryEn: text,
    openingHours: weeklyHours.optional(),
  })
  .openapi("CreateFacility");
export const ZUpdateFacility = ZCreateFacility.omit({ code: true }).partial().strict().openapi("UpdateFacility");

export const ZCreateResource = z
  .strictObject({
    facilityCode: code,
    code,
    kind: z.enum(RESOURCE_KINDS),
    mode: z.enum(RESOURCE_MODES),
    nameZh: name,
    nameEn: name,
    descriptionZh: text,
    descriptionEn: text,
    granularityMin: z.number().int().min(5).max(1440).default(30),
    minDurationMin: z
      .number()
      .int()
      .min(5)
      .max(60 * 24 * 14)
      .default(30),
    maxDurationMin: z
      .number()
      .int()
      .min(5)
      .max(60 * 24 * 14)
      .default(480),
    minNoticeMin: minutes.default(120),
    horizonDays: z.number().int().min(1).max(730).default(60),
    bufferBeforeMin: minutes.default(0),
    bufferAfterMin: minutes.default(0),
    approval: z.enum(APPROVAL_POLICIES).default("MANAGER"),
    requiresQualification: z.boolean().default(false),
    priceUnit: z.enum(PRICE_UNITS).default("HOUR"),
    priceInternalFen: fen,
    priceExternalFen: fen,
    status: z.enum(RESOURCE_STATUSES).default("ACTIVE"),
    specs: z.record(z.string().max(100), z.unknown()).default({}),
    annualQuotaHours: z.number().int().min(0).max(8784).default(1400),
    continuous: z.boolean().default(false),
    technique: z.string().trim().min(1).max(40).nullable().default(null),
    qualificationLapseDays: z.number().int().min(1).max(3650).nullable().default(null),
    units: z.number().int().min(1).max(50).default(1),
  })
  .refine((r) => r.maxDurationMin >= r.minDurationMin, {
    path: ["maxDurationMin"],
    message: "must be at least minDurationMin",
  })
  .openapi("CreateResource");
export const ZUpdateResource = z
  .strictObject({
    nameZh: name,
    nameEn: name,
    descriptionZh: text,
    descriptionEn: text,
    granularityMin: z.number().int().min(5).max(1440),
    minDurationMin: z
      .number()
      .int()
      .min(5)
      .max(60 * 24 * 14),
    maxDurationMin: z
      .number()
      .int()
      .min(5)
      .max(60 * 24 * 14),
    minNoticeMin: minutes,
    horizonDays: z.number().int().min(1).max(730),
    bufferBeforeMin: minutes,
    bufferAfterMin: minutes,
    approval: z.enum(APPROVAL_POLICIES),
    requiresQualification: z.boolean(),
    priceUnit: z.enum(PRICE_UNITS),
    priceInternalFen: fen,
    priceExternalFen: fen,
    status: z.enum(RESOURCE_STATUSES),
    specs: z.record(z.string().max(100), z.unknown()),
    annualQuotaHours: z.number().int().min(0).max(8784),
    continuous: z.boolean(),
    technique: z.string().trim().min(1).max(40).nullable(),
    qualificationLapseDays: z.number().int().min(1).max(3650).nullable(),
  })
  .partial()
  .openapi("UpdateResource");

export const ZCreateCertificationBody = z
  .strictObject({
    code,
    nameZh: name,
    nameEn: name,
    uscc: z.string().trim().length(18),
    cmaNumber: z.string().trim().max(40).nullable().default(null),
    cnasNumber: z.string().trim().max(40).nullable().default(null),
    domains: z.array(z.enum(CERT_DOMAINS)).min(1).max(CERT_DOMAINS.length),
    scopeZh: text,
    scopeEn: text,
    contactName: name,
    contactPhone: z.string().trim().min(3).max(40),
    contactEmail: z.email().max(254),
    address: z.string().trim().max(500),
  })
  .openapi("CreateCertificationBody");
export const ZUpdateCertificationBody = ZCreateCertificationBody.omit({
  code: true,
  uscc: true,
  nameZh: true,
  nameEn: true,
})
  .partial()
  .strict()
  .openapi("UpdateCertificationBody");

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
