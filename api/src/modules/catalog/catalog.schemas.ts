import { z } from "@hono/zod-openapi";
import { ZCursorQuery, ZDateTime } from "../../lib/openapi.ts";
import {
  ACCREDITATIONS,
  APPROVAL_POLICIES,
  ApprovalPolicy,
  CERT_DOMAINS,
  FACILITY_KINDS,
  FacilityKind,
  OfferKind,
  PRICE_UNITS,
  PriceUnit,
  RESOURCE_KINDS,
  RESOURCE_MODES,
  RESOURCE_STATUSES,
  ResourceStatus,
} from "../../enums.ts";

// Re-exported for the modules that still import them from here; their source is api/src/enums.ts.
export { CERT_DOMAINS, RESOURCE_KINDS, RESOURCE_MODES };

export const ZRange = z.object({ start: z.string(), end: z.string() }).openapi("TimeRange");

export const ZFacility = z
  .object({
    id: z.string(),
    code: z.string(),
    kind: z.enum(FacilityKind),
    nameZh: z.string(),
    nameEn: z.string(),
    summaryZh: z.string(),
    summaryEn: z.string(),
    timeZone: z.string(),
    openingHoursSample: z.boolean().openapi({ description: "The opening hours are sample data (示例), not sourced." }),
    operators: z.array(z.object({ id: z.string(), nameZh: z.string(), nameEn: z.string(), isSample: z.boolean() })),
    resourceCount: z.number().int(),
    openingHours: z.array(
      z.object({ weekday: z.number().int(), opensMin: z.number().int(), closesMin: z.number().int() }),
    ),
  })
  .openapi("Facility");

/** One way of use: self-operated time (自主上机, per hour) or sample submission (送样, per sample/item/batch). */
export const ZResourceOffer = z
  .object({
    id: z.string(),
    kind: z.enum(OfferKind),
    priceUnit: z.enum(PriceUnit),
    priceInternalFen: z.number().int(),
    priceExternalFen: z.number().int(),
    leadDays: z.number().int(),
    countsTowardQuota: z.boolean(),
    isSample: z.boolean(),
  })
  .openapi("ResourceOffer");

export const ZResource = z
  .object({
    id: z.string(),
    code: z.string(),
    facilityId: z.string(),
    facilityCode: z.string(),
    kind: z.enum(RESOURCE_KINDS),
    mode: z.enum(RESOURCE_MODES),
    nameZh: z.string(),
    nameEn: z.string(),
    descriptionZh: z.string(),
    descriptionEn: z.string(),
    granularityMin: z.number().int(),
    minDurationMin: z.number().int(),
    maxDurationMin: z.number().int(),
    minNoticeMin: z.number().int(),
    horizonDays: z.number().int(),
    bufferBeforeMin: z.number().int(),
    bufferAfterMin: z.number().int(),
    approval: z.enum(ApprovalPolicy),
    requiresQualification: z.boolean(),
    priceUnit: z.enum(PriceUnit),
    priceInternalFen: z.number().int(),
    priceExternalFen: z.number().int(),
    status: z.enum(ResourceStatus),
    continuous: z.boolean().openapi({ description: "Runs 24/7; holidays do not close it." }),
    technique: z.string().nullable().openapi({ description: "Technique or equivalence group, e.g. XRD, ICP-MS." }),
    qualificationLapseDays: z.number().int().nullable(),
    offers: z.array(ZResourceOffer),
    specs: z.unknown(),
    annualQuotaHours: z.number().int(),
    isSample: z.boolean(),
    certificationBodyId: z.string().nullable(),
    certificationBodyCode: z.string().nullable(),
    units: z.array(z.object({ id: z.string(), label: z.string(), position: z.number().int(), active: z.boolean() })),
  })
  .openapi("Resource");

export const ZCertificationBody = z
  .object({
    id: z.string(),
    code: z.string(),
    organizationId: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    uscc: z.string().nullable(),
    cmaNumber: z.string().nullable(),
    cnasNumber: z.string().nullable(),
    domains: z.array(z.string()),
    scopeZh: z.string(),
    scopeEn: z.string(),
    contactName: z.string(),
    contactPhone: z.string(),
    contactEmail: z.string(),
    address: z.string(),
    isSample: z.boolean(),
  })
  .openapi("CertificationBody");

export const ZResourceListQuery = z.object({
  facility: z.string().max(40).optional(),
  kind: z.enum(RESOURCE_KINDS).optional(),
  mode: z.enum(RESOURCE_MODES).optional(),
  q: z.string().trim().max(100).optional(),
  ...ZCursorQuery,
});

export const ZCertificationBodyQuery = z.object({
  domain: z.enum(CERT_DOMAINS).optional(),
  accreditation: z.enum(ACCREDITATIONS).optional(),
  q: z.string().trim().max(100).optional(),
  ...ZCursorQuery,
});

export const ZWindowQuery = z.object({ from: ZDateTime, to: ZDateTime });

export const ZUnitAvailability = z.object({
  unitId: z.string(),
  label: z.string(),
  free: z.array(ZRange),
  busy: z.array(ZRange),
});
export const ZAvailability = z
  .object({
    resourceId: z.string(),
    resourceCode: z.string(),
    open: z.array(ZRange),
    free: z.array(ZRange),
    units: z.array(ZUnitAvailability),
  })
  .openapi("Availability");

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

// ---- changes to the catalog (admins; resources also the facility's managers) ----

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
