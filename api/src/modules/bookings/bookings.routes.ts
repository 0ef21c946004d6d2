import { createRoute, z, type RouteHandler } from "@hono/zod-openapi";
import { body, json, problems, router } from "../../lib/openapi.ts";
import type { AppEnv } from "../../lib/context.ts";
import type { BookingAction } from "../../domain/booking-state.ts";
import { requireActor } from "../auth/auth.middleware.ts";
import { withPendingSession } from "../auth/auth.service.ts";
import { requestBooking, requestCampaign } from "./request-bookings.ts";
import { checkBooking } from "./check-booking.ts";
import { transitionBooking } from "./transition-booking.ts";
import { createMaintenanceBlock } from "./maintenance.ts";
import { exportBookingsCsv, listBookings } from "./list-bookings.ts";
import { getBooking } from "./get-booking.ts";
import { etagOf } from "./bookings.mappers.ts";
import {
  parseDecision,
  ZBooking,
  ZCheckResult,
  ZCreateBooking,
  ZCreateCampaign,
  ZCreateMaintenance,
  ZCreateResult,
  ZIdParam,
  ZListBookingsQuery,
} from "./bookings.schemas.ts";

const ZIdempotencyHeader = z.object({ "idempotency-key": z.string().min(1).max(200).optional() });
const ZIfMatchHeader = z.object({ "if-match": z.string().max(100).optional() });

const createBookingRoute = createRoute({
  method: "post",
  path: "/bookings",
  operationId: "createBooking",
  tags: ["bookings"],
  summary: "Book a slot, or a recurring series (all or nothing unless skipConflicts)",
  request: { headers: ZIdempotencyHeader, ...body(ZCreateBooking) },
  responses: {
    201: json(ZCreateResult, "Created"),
    200: json(ZCreateResult, "Replayed by Idempotency-Key"),
    ...problems(400, 401, 403, 404, 409, 422),
  },
});

const createCampaignRoute = createRoute({
  method: "post",
  path: "/campaigns",
  operationId: "createCampaign",
  tags: ["bookings"],
  summary:
    "Book several resources in sequence, each with its own duration and gap (all or nothing unless skipConflicts)",
  request: { headers: ZIdempotencyHeader, ...body(ZCreateCampaign) },
  responses: {
    201: json(ZCreateResult, "Created"),
    200: json(ZCreateResult, "Replayed"),
    ...problems(400, 401, 403, 404, 409, 422),
  },
});

const checkBookingRoute = createRoute({
  method: "post",
  path: "/bookings/check",
  operationId: "checkBooking",
  tags: ["bookings"],
  summary: "Check a request against the rules and current bookings without booking (live feedback)",
  request: body(
    ZCreateBooking.pick({
      resourceId: true,
      start: true,
      end: true,
      organizationId: true,
      offerId: true,
      samples: true,
      items: true,
    }),
  ),
  responses: { 200: json(ZCheckResult), ...problems(400, 401, 403, 404) },
});

const listBookingsRoute = createRoute({
  method: "get",
  path: "/bookings",
  operationId: "listBookings",
  tags: ["bookings"],
  summary: "List bookings: mine, my organization's, a facility's (managers) or all (admins)",
  request: { query: ZListBookingsQuery },
  responses: {
    200: json(z.object({ items: z.array(ZBooking), nextCursor: z.string().nullable() })),
    ...problems(400, 401, 403),
  },
});

const exportBookingsRoute = createRoute({
  method: "get",
  path: "/bookings/export.csv",
  operationId: "exportBookingsCsv",
  tags: ["bookings"],
  summary: "CSV export of the bookings the list would show (up to 10,000 rows)",
  request: { query: ZListBookingsQuery.omit({ cursor: true, limit: true }) },
  responses: {
    200: { description: "CSV", content: { "text/csv": { schema: z.string() } } },
    ...problems(400, 401, 403),
  },
});

const getBookingRoute = createRoute({
  method: "get",
  path: "/bookings/{id}",
  operationId: "getBooking",
  tags: ["bookings"],
  summary: "One booking with its history; ETag for If-Match on decisions",
  request: { params: ZIdParam },
  responses: { 200: json(ZBooking), ...problems(401, 404) },
});

const createMaintenanceRoute = createRoute({
  method: "post",
  path: "/maintenance-blocks",
  operationId: "createMaintenanceBlock",
  tags: ["bookings"],
  summary: "Block units for maintenance (facility managers); optionally cancel overlapping bookings",
  request: body(ZCreateMaintenance),
  responses: {
    201: json(z.object({ blocks: z.array(ZBooking), cancelled: z.array(z.string()) })),
    ...problems(400, 401, 403, 404, 409),
  },
});

const decisionRoute = <Path extends string>(path: Path, operationId: string, summary: string) =>
  createRoute({
    method: "post",
    path: `/bookings/{id}/${path}` as `/bookings/{id}/${Path}`,
    operationId,
    tags: ["bookings"],
    summary,
    // The optional body ({ reason }, see the Decision schema) is parsed by parseDecision, so that an empty
    // body with a JSON content type is accepted rather than refused as malformed.
    description:
      "Optional JSON body: Decision `{ reason }` (required for reject). Send If-Match with the ETag to decide only the version you saw.",
    request: { params: ZIdParam, headers: ZIfMatchHeader },
    responses: { 200: json(ZBooking), ...problems(400, 401, 403, 404, 409, 412) },
  });

/**
 * Routes whose use case confirms a recently seen session in its first statement instead of a lookup before it
 * (resolveActor's `confirmedByUseCase`): the two of the booking form's hot path.
 */
export const ROUTES_CONFIRMING_SESSION = [createBookingRoute, checkBookingRoute].map(
  (route) => `${route.method.toUpperCase()} ${route.path}`,
);

type DecisionRoute = ReturnType<typeof decisionRoute<string>>;

const decide =
  (action: BookingAction): RouteHandler<DecisionRoute, AppEnv> =>
  async (c) => {
    const { reason } = parseDecision(await c.req.text());
    const booking = await transitionBooking({
      db: c.var.db,
      actor: requireActor(c.var.actor),
      bookingId: c.req.valid("param").id,
      action,
      reason,
      ifMatch: c.req.valid("header")["if-match"],
      noShowGraceMin: c.var.config.noShowGraceMin,
    });
    c.header("ETag", etagOf(booking));
    return c.json(booking, 200);
  };

export const bookingsRoutes = router()
  .openapi(createBookingRoute, async (c) => {
    const { replayed, ...result } = await withPendingSession(
      c.var.db,
      c.var.pendingSession,
      c.var.actor,
      (actor, session) =>
        requestBooking({
          db: c.var.db,
          actor,
          session,
          idempotencyKey: c.req.valid("header")["idempotency-key"],
          input: c.req.valid("json"),
        }),
    );
    return c.json(result, replayed ? 200 : 201);
  })
  .openapi(createCampaignRoute, async (c) => {
    const { replayed, ...result } = await requestCampaign({
      db: c.var.db,
      actor: c.var.actor,
      idempotencyKey: c.req.valid("header")["idempotency-key"],
      input: c.req.valid("json"),
    });
    return c.json(result, replayed ? 200 : 201);
  })
  .openapi(checkBookingRoute, async (c) => {
    const { resourceId, start, end, organizationId, offerId, samples, items } = c.req.valid("json");
    const range = { start: start.getTime(), end: end.getTime() };
    const input = { resourceId, organizationId, range, use: { offerId, samples, items } };
    const result = await withPendingSession(c.var.db, c.var.pendingSession, c.var.actor, (actor, session) =>
      checkBooking({ db: c.var.db, actor: requireActor(actor), session, input }),
    );
    return c.json(result, 200);
  })
  .openapi(listBookingsRoute, async (c) =>
    c.json(await listBookings({ db: c.var.db, actor: requireActor(c.var.actor), filter: c.req.valid("query") }), 200),
  )
  .openapi(exportBookingsRoute, async (c) =>
    c.body(
      await exportBookingsCsv({ db: c.var.db, actor: requireActor(c.var.actor), filter: c.req.valid("query") }),
      200,
      { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="bookings.csv"' },
    ),
  )
  .openapi(getBookingRoute, async (c) => {
    const { booking, etag } = await getBooking({
      db: c.var.db,
      actor: requireActor(c.var.actor),
      bookingId: c.req.valid("param").id,
    });
    c.header("ETag", etag);
    return c.json(booking, 200);
  })
  .openapi(createMaintenanceRoute, async (c) => {
    const { resourceId, unitIds, start, end, reason, cancelConflicting } = c.req.valid("json");
    const input = {
      resourceId,
      unitIds,
      range: { start: start.getTime(), end: end.getTime() },
      reason,
      cancelConflicting,
    };
    return c.json(await createMaintenanceBlock({ db: c.var.db, actor: requireActor(c.var.actor), input }), 201);
  })
  .openapi(
    decisionRoute("approve", "approveBooking", "Approve a pending request (facility managers)"),
    decide("approve"),
  )
  .openapi(
    decisionRoute("reject", "rejectBooking", "Reject a pending request with a reason (facility managers)"),
    decide("reject"),
  )
  .openapi(decisionRoute("cancel", "cancelBooking", "Cancel a pending or approved booking"), decide("cancel"))
  .openapi(
    decisionRoute("check-in", "checkInBooking", "Record the start of use (facility managers)"),
    decide("checkIn"),
  )
  .openapi(
    decisionRoute("check-out", "checkOutBooking", "Record the end of use (facility managers)"),
    decide("checkOut"),
  )
  .openapi(
    decisionRoute("no-show", "recordNoShow", "Record a no-show after the grace period (facility managers)"),
    decide("noShow"),
  );
