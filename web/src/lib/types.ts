// The API's JSON shapes, derived from its contract (the typed routes of api/src/app.ts, read through
// hono/client), never copied by hand. Type-only: safe to import from components.
import type { ClientResponse, hc, InferResponseType } from "hono/client";
import type { ApiRoutes } from "@zhongshi/api/app";
import type { ZProblem } from "../../../api/src/lib/openapi.ts";

type Client = ReturnType<typeof hc<ApiRoutes>>;
/** The body of an endpoint's 200 answer. */
type Ok<Endpoint> = Endpoint extends (...args: never[]) => Promise<ClientResponse<unknown>>
  ? InferResponseType<Endpoint, 200>
  : never;

export type Me = Ok<Client["auth"]["me"]["$get"]>;
export type Facility = Ok<Client["facilities"][":code"]["$get"]>;
export type OpeningHours = Facility["openingHours"][number];
export type Resource = Ok<Client["resources"][":code"]["$get"]>;
export type Unit = Resource["units"][number];
export type ResourceKind = Resource["kind"];
export type ResourceMode = Resource["mode"];
export type CertificationBody = Ok<Client["certification-bodies"][":code"]["$get"]>;
export type Availability = Ok<Client["resources"][":code"]["availability"]["$get"]>;
export type UnitAvailability = Availability["units"][number];
export type Range = Availability["free"][number];
export type Booking = Ok<Client["bookings"][":id"]["$get"]>;
export type BookingStatus = Booking["status"];
export type BookingEvent = Booking["events"][number];
export type BookingCheck = Ok<Client["bookings"]["check"]["$post"]>;
export type Violation = BookingCheck["violations"][number];
export type Alternative = BookingCheck["alternatives"][number];
export type Conflict = BookingCheck["conflicts"][number];
export type Organization = Ok<Client["organizations"]["$get"]>["items"][number];
export type User = Ok<Client["users"]["$get"]>["items"][number];
export type AnalyticsSummary = Ok<Client["analytics"]["summary"]["$get"]>;
export type Utilization = Ok<Client["analytics"]["utilization"]["$get"]>;
export type Heatmap = Ok<Client["analytics"]["heatmap"]["$get"]>;

export type Page<T> = { items: T[]; nextCursor: string | null };

/**
 * RFC 9457 problem body: the API's Problem schema, which is open ("loose"), with the members its
 * VALIDATION_FAILED, RULE_VIOLATION and BOOKING_CONFLICT answers add.
 */
export type Problem = Partial<(typeof ZProblem)["_output"]> & {
  status: number;
  code: string;
  errors?: { path: string; code?: string; message: string }[];
  violations?: Violation[];
  conflicts?: Conflict[];
  alternatives?: Alternative[];
  [extra: string]: unknown;
};

// Enumerations the UI iterates over (values, so they cannot come from a type); `satisfies` keeps
// them in step with the API's.
export const RESOURCE_KINDS = [
  "INSTRUMENT",
  "PILOT_LINE",
  "TEST_SERVICE",
  "PRINTER",
  "SPACE",
] as const satisfies readonly ResourceKind[];
export const RESOURCE_MODES = [
  "SELF_OPERATED",
  "STAFF_OPERATED",
  "SAMPLE_SUBMISSION",
] as const satisfies readonly ResourceMode[];
export const BOOKING_STATUSES = [
  "PENDING",
  "APPROVED",
  "REJECTED",
  "CANCELLED",
  "CHECKED_IN",
  "COMPLETED",
  "NO_SHOW",
  "EXPIRED",
] as const satisfies readonly BookingStatus[];
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

// Money (#15): charges, statements, vouchers, the ORG_ADMIN's approvals and income.
export type Charge = Ok<Client["charges"][":id"]["$get"]>;
export type Statement = Ok<Client["statements"][":id"]["$get"]>;
export type Voucher = Ok<Client["vouchers"][":id"]["$get"]>;
export type OrgApproval = Ok<Client["org-approvals"]["$get"]>["items"][number];
export type OrganizationSettings = Ok<Client["organizations"][":id"]["settings"]["$get"]>;
export type Income = Ok<Client["analytics"]["income"]["$get"]>;
