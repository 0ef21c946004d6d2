// Shapes of the API's JSON, as the portal uses them. Type-only: safe to import from components.
export type Range = { start: string; end: string };

export type Me = {
  userId: string;
  email: string;
  name: string;
  isAdmin: boolean;
  organizationIds: string[];
  organizations: { id: string; nameZh: string; nameEn: string }[];
  managedFacilityIds: string[];
  via: "session" | "token";
};

export type OpeningHours = { weekday: number; opensMin: number; closesMin: number };

export type Facility = {
  id: string;
  code: string;
  kind: "BASE" | "CENTER";
  nameZh: string;
  nameEn: string;
  summaryZh: string;
  summaryEn: string;
  timeZone: string;
  operators: { id: string; nameZh: string; nameEn: string; isSample: boolean }[];
  resourceCount: number;
  openingHours: OpeningHours[];
};

export type ResourceKind = "INSTRUMENT" | "PILOT_LINE" | "TEST_SERVICE" | "PRINTER" | "SPACE";
export type ResourceMode = "SELF_OPERATED" | "STAFF_OPERATED" | "SAMPLE_SUBMISSION";
export const RESOURCE_KINDS: ResourceKind[] = ["INSTRUMENT", "PILOT_LINE", "TEST_SERVICE", "PRINTER", "SPACE"];
export const RESOURCE_MODES: ResourceMode[] = ["SELF_OPERATED", "STAFF_OPERATED", "SAMPLE_SUBMISSION"];

export type Unit = { id: string; label: string; position: number; active: boolean };

export type Resource = {
  id: string;
  code: string;
  facilityId: string;
  facilityCode: string;
  kind: ResourceKind;
  mode: ResourceMode;
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  descriptionEn: string;
  granularityMin: number;
  minDurationMin: number;
  maxDurationMin: number;
  minNoticeMin: number;
  horizonDays: number;
  bufferBeforeMin: number;
  bufferAfterMin: number;
  approval: "AUTO" | "MANAGER";
  requiresQualification: boolean;
  priceUnit: "HOUR" | "SAMPLE";
  priceInternalFen: number;
  priceExternalFen: number;
  status: "ACTIVE" | "MAINTENANCE" | "RETIRED";
  specs: unknown;
  annualQuotaHours: number;
  isSample: boolean;
  certificationBodyId: string | null;
  certificationBodyCode: string | null;
  units: Unit[];
};

export const CERT_DOMAINS = ["machinery", "environmental", "food", "electrical", "materials", "chemical", "construction", "medical", "automotive", "energy", "electronics", "textile"] as const;
export type CertDomain = (typeof CERT_DOMAINS)[number];

export type CertificationBody = {
  id: string;
  code: string;
  organizationId: string;
  nameZh: string;
  nameEn: string;
  uscc: string | null;
  cmaNumber: string | null;
  cnasNumber: string | null;
  domains: string[];
  scopeZh: string;
  scopeEn: string;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  address: string;
  isSample: boolean;
};

export type UnitAvailability = { unitId: string; label: string; free: Range[]; busy: Range[] };
export type Availability = { resourceId: string; resourceCode: string; open: Range[]; free: Range[]; units: UnitAvailability[] };

export const BOOKING_STATUSES = ["PENDING", "APPROVED", "REJECTED", "CANCELLED", "CHECKED_IN", "COMPLETED", "NO_SHOW", "EXPIRED"] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export type BookingEvent = { fromStatus: string | null; toStatus: string; actorName: string | null; reason: string | null; at: string };

export type Booking = {
  id: string;
  kind: "BOOKING" | "MAINTENANCE";
  status: BookingStatus;
  resourceId: string;
  resourceCode: string;
  resourceNameZh: string;
  resourceNameEn: string;
  facilityId: string;
  facilityCode: string;
  unitId: string;
  unitLabel: string;
  organizationId: string | null;
  organizationNameZh: string | null;
  organizationNameEn: string | null;
  requesterId: string;
  requesterName: string;
  start: string;
  end: string;
  bufferBeforeMin: number;
  bufferAfterMin: number;
  purpose: string;
  sampleDetails: string | null;
  quotedPriceFen: number;
  seriesId: string | null;
  campaignId: string | null;
  holdExpiresAt: string | null;
  version: number;
  createdAt: string;
  events: BookingEvent[];
};

export type Violation = { code: string; message: string; params?: Record<string, unknown> };
export type Alternative = { resourceId: string; resourceCode: string; resourceNameZh: string; resourceNameEn: string; start: string; end: string };
export type Conflict = { start: string; end: string; kind?: string; ownOrganization?: boolean };
export type BookingCheck = { ok: boolean; violations: Violation[]; conflicts: Conflict[]; alternatives: Alternative[]; quotedPriceFen: number };

export type Page<T> = { items: T[]; nextCursor: string | null };

/** RFC 9457 problem body as the API sends it. */
export type Problem = {
  type?: string;
  title?: string;
  status: number;
  code: string;
  detail?: string;
  errors?: { path: string; code?: string; message: string }[];
  violations?: Violation[];
  conflicts?: Conflict[];
  alternatives?: Alternative[];
  [extra: string]: unknown;
};
