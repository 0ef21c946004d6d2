import type {
  ApprovalPolicy,
  CalendarDayKind,
  CertDomain,
  FacilityKind,
  OrganizationKind,
  PriceUnit,
  ResourceKind,
  ResourceMode,
  Role,
} from "@zhongshi/api/contract";
import type { BookingPolicy } from "@zhongshi/api/domain/booking-policy";

// Shapes of the seed data. Field names follow prisma/schema.prisma; the extra keys (facilityCode,
// operatorKey, certificationBodyCode, organizationKey, units) are natural keys the seed code resolves to ids.

/** Weekly opening hours: ISO weekday (1 = Monday … 7 = Sunday), minutes after local midnight. */
export type SeedOpeningHours = { weekday: 1 | 2 | 3 | 4 | 5 | 6 | 7; opensMin: number; closesMin: number };

export type SeedOperator = {
  key: string;
  nameZh: string;
  nameEn: string;
  kind: "OPERATOR" | "INSTITUTE";
  isSample: boolean;
};

export type FacilityCode = "BATTERY" | "FOOD" | "INSTRUMENT" | "TESTING" | "PRINTING";

export type SeedFacility = {
  code: FacilityCode;
  kind: FacilityKind;
  nameZh: string;
  nameEn: string;
  summaryZh: string;
  summaryEn: string;
  operators: SeedOperator[];
  /** Sample hours (示例): DOMAIN.md names no opening hours. */
  openingHours: SeedOpeningHours[];
};

/** Bilingual specification table shown on a resource's page. */
export type SeedSpecs = { zh: Record<string, string>; en: Record<string, string> };

/** The policy fields are the booking engine's own (granularity, durations, notice, horizon, buffers). */
export type SeedResource = BookingPolicy & {
  code: string;
  facilityCode: FacilityCode;
  kind: ResourceKind;
  mode: ResourceMode;
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  descriptionEn: string;
  approval: ApprovalPolicy;
  requiresQualification: boolean;
  priceUnit: PriceUnit;
  priceInternalFen: number;
  priceExternalFen: number;
  specs: SeedSpecs;
  annualQuotaHours: number;
  /** Number of identical units (ResourceUnit rows), 1–4. */
  units: number;
  isSample: boolean;
  operatorKey?: string;
  certificationBodyCode?: string;
  /** Overrides the facility's weekly hours for this resource (e.g. pilot lines running round the clock). */
  openingHours?: SeedOpeningHours[];
};

export type CertificationDomain = CertDomain;

export type SeedCertificationBody = {
  code: string;
  nameZh: string;
  nameEn: string;
  uscc: string;
  domains: CertificationDomain[];
  cmaNumber: string | null;
  cnasNumber: string | null;
  scopeZh: string;
  scopeEn: string;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  address: string;
  isSample: boolean;
};

export type SeedCalendarDay = {
  date: string;
  kind: CalendarDayKind;
  nameZh: string;
  nameEn: string;
  source: string;
};

export type SeedOrganization = {
  key: string;
  kind: OrganizationKind;
  nameZh: string;
  nameEn: string;
  uscc: string | null;
  isSample: boolean;
};

export type SeedAccount = {
  email: string;
  name: string;
  role: Extract<Role, "MEMBER" | "MANAGER" | "ADMIN">;
  organizationKey: string;
  managesFacilityCodes?: FacilityCode[];
};
