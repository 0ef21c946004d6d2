// The API's JSON shapes, derived from its contract (the typed routes of api/src/app.ts, read through
// hono/client), never copied by hand. Type-only: safe to import from components.
import type { ClientResponse, hc, InferResponseType } from "hono/client";
import type { ApiRoutes } from "@zhongshi/api/contract";
import type { TProblemBase } from "@zhongshi/api/contract";

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

/** RFC 9457 problem body, as the API's contract defines it (its lists in their JSON shapes, as above). */
export type Problem = TProblemBase & {
  violations?: Violation[];
  conflicts?: Conflict[];
  alternatives?: Alternative[];
  [extra: string]: unknown;
};

// Enumerations the UI iterates over: values from the API's one source (Prisma's schema), never copied.
export { RESOURCE_KINDS, RESOURCE_MODES, BOOKING_STATUSES, CERT_DOMAINS, type CertDomain } from "@zhongshi/api/enums";

// Money (#15): charges, statements, vouchers, the ORG_ADMIN's approvals and income.
export type Charge = Ok<Client["charges"][":id"]["$get"]>;
export type Statement = Ok<Client["statements"][":id"]["$get"]>;
export type Voucher = Ok<Client["vouchers"][":id"]["$get"]>;
export type OrgApproval = Ok<Client["org-approvals"]["$get"]>["items"][number];
export type OrganizationSettings = Ok<Client["organizations"][":id"]["settings"]["$get"]>;
export type Income = Ok<Client["analytics"]["income"]["$get"]>;
