// Every enumeration the schema, the domain, the API, the portal and the seeds share. The one source of each
// database enum is prisma/schema.prisma: these are Prisma's generated enum objects (plain constants, safe
// in the browser), and the lists below are derived from them, never written out again.
// tests/contract/enum-literals.test.ts fails when an enum's literal list is spelled out anywhere else.
import {
  ApprovalPolicy,
  BookingKind,
  BookingStatus,
  FacilityKind,
  OrganizationKind,
  PriceUnit,
  ResourceKind,
  ResourceMode,
  ResourceStatus,
  Role,
} from "./generated/prisma/enums.ts";

// Every enum of the schema, new ones included, as value and type.
export * from "./generated/prisma/enums.ts";

/** The values of an enum object as a non-empty tuple (what `z.enum` and `{#each}` want). */
export const valuesOf = <E extends Record<string, string>>(e: E) => Object.values(e) as [E[keyof E], ...E[keyof E][]];

export const ORGANIZATION_KINDS = valuesOf(OrganizationKind);
export const ROLES = valuesOf(Role);
export const FACILITY_KINDS = valuesOf(FacilityKind);
export const RESOURCE_KINDS = valuesOf(ResourceKind);
export const RESOURCE_MODES = valuesOf(ResourceMode);
export const APPROVAL_POLICIES = valuesOf(ApprovalPolicy);
export const PRICE_UNITS = valuesOf(PriceUnit);
export const RESOURCE_STATUSES = valuesOf(ResourceStatus);
export const BOOKING_KINDS = valuesOf(BookingKind);
export const BOOKING_STATUSES = valuesOf(BookingStatus);

/** Testing domains of certification bodies (a text[] column, so not a database enum). */
export const CERT_DOMAINS = [
  "machinery",
  "environmental",
  "food",
  "electrical",
  "materials",
  "chemical",
  "construction",
  "medical",
  "automotive",
  "energy",
  "electronics",
  "textile",
] as const;
export type CertDomain = (typeof CERT_DOMAINS)[number];

/** Accreditations a certification body can hold (columns cma_number / cnas_number). */
export const ACCREDITATIONS = ["CMA", "CNAS"] as const;
export type Accreditation = (typeof ACCREDITATIONS)[number];

/** Statuses that hold a unit. The exclusion constraint's WHERE uses this list (checked by a db test). */
export const ACTIVE_STATUSES = [
  BookingStatus.PENDING,
  BookingStatus.APPROVED,
  BookingStatus.CHECKED_IN,
] as const satisfies readonly BookingStatus[];

/** Statuses whose time counts as booked in utilization analytics (a no-show still withheld the unit). */
export const USED_STATUSES = [
  BookingStatus.APPROVED,
  BookingStatus.CHECKED_IN,
  BookingStatus.COMPLETED,
  BookingStatus.NO_SHOW,
] as const satisfies readonly BookingStatus[];
