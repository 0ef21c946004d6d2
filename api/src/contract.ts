// The public face of @zhongshi/api (`@zhongshi/api/contract`): what the portal, the seeds and the tests may
// rely on. The enums, the zod schemas of the shared JSON shapes, the problem types and the type of the
// routes (for hono/client). Anything not exported here is the API's own business.
//
// Browser code that needs enum *values* imports `@zhongshi/api/enums` (no zod in the bundle); everything
// else imports this file, type-only where it can.
import type { z } from "@hono/zod-openapi";
import type { ZProblem } from "./lib/openapi.ts";
import type { ErrorCode } from "./lib/app-error.ts";
import type { ZAlternative, ZCheckResult, ZDecision } from "./modules/bookings/bookings.schemas.ts";

export * from "./enums.ts";
export { ERROR_STATUS, type ErrorCode } from "./lib/app-error.ts";
export { ZProblem, ZDateTime, ZUuid } from "./lib/openapi.ts";
export {
  ZRange,
  ZFacility,
  ZResource,
  ZCertificationBody,
  ZAvailability,
  ZUnitAvailability,
} from "./modules/catalog/catalog.schemas.ts";
export {
  ZBooking,
  ZBookingEvent,
  ZCreateBooking,
  ZCreateCampaign,
  ZCreateMaintenance,
  ZCheckResult,
  ZAlternative,
  ZDecision,
  ZRecurrence,
} from "./modules/bookings/bookings.schemas.ts";
export { ZUtilization, ZSummary, ZHeatmap } from "./modules/analytics/analytics.schemas.ts";
export {
  ZOrder,
  ZOrderAnalytics,
  ZOrderListItem,
  ZReportVerification,
  ZSampleLabel,
  ZServiceSearchResult,
  ZTestService,
} from "./modules/orders/orders.schemas.ts";
export { BOOKING_ACTIONS, type BookingAction } from "./domain/booking-state.ts";
export type { ApiRoutes } from "./app.ts";

/** One field a VALIDATION_FAILED problem names: `code` is zod's issue code (or ours), `params` fill the message. */
export type TFieldError = {
  path: string;
  code?: string;
  message: string;
  params?: Record<string, string | number>;
  keys?: string[];
};

type TCheck = z.output<typeof ZCheckResult>;

/** The optional body of a booking decision. */
export type TDecision = z.input<typeof ZDecision>;

/** The members every problem has (and field errors); the lists below are added by some codes. */
export type TProblemBase = Partial<z.output<typeof ZProblem>> & {
  status: number;
  code: ErrorCode | (string & {});
  errors?: TFieldError[];
};

/**
 * An RFC 9457 problem as the API sends it: the open Problem schema plus the members that its
 * VALIDATION_FAILED, RULE_VIOLATION and BOOKING_CONFLICT answers add. `code` is stable; render text from it.
 */
export type TProblem = TProblemBase & {
  violations?: TCheck["violations"];
  conflicts?: TCheck["conflicts"];
  alternatives?: z.output<typeof ZAlternative>[];
  [extra: string]: unknown;
};
