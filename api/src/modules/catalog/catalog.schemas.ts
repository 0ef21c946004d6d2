import { z } from "@hono/zod-openapi";
import { ZCursorQuery, ZDateTime } from "../../lib/openapi.ts";
import {
  ACCREDITATIONS,
  ApprovalPolicy,
  CERT_DOMAINS,
  FacilityKind,
  PriceUnit,
  RESOURCE_KINDS,
  RESOURCE_MODES,
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
    operators: z.array(z.object({ id: z.string(), nameZh: z.string(), nameEn: z.string(), isSample: z.boolean() })),
    resourceCount: z.number().int(),
    openingHours: z.array(
      z.object({ weekday: z.number().int(), opensMin: z.number().int(), closesMin: z.number().int() }),
    ),
  })
  .openapi("Facility");

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
