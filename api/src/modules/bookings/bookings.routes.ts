import { createHash } from "node:crypto";
import { createRoute, z } from "@hono/zod-openapi";
import { AppError, assertOrdered, assertRangeWithin } from "../../lib/app-error.ts";
import { body, json, problems, router } from "../../lib/openapi.ts";
import { toCsv } from "../../lib/csv.ts";
import { MINUTE_MS } from "../../domain/ranges.ts";
import { expandCampaign, expandRecurrence } from "../../domain/recurrence.ts";
import { requireActor } from "../auth/auth.middleware.ts";
import { createBookings, type BookingItemInput } from "./create-bookings.ts";
import { checkBooking } from "./check-booking.ts";
import { canSee, transitionBooking } from "./transition-booking.ts";
import { createMaintenanceBlock } from "./maintenance.ts";
import { listBookings } from "./list-bookings.ts";
import { etagOf, toBooking } from "./bookings.mappers.ts";
import { findBooking } from "./bookings.repository.ts";
import {
  ZBooking,
  ZCheckResult,
  ZCreateBooking,
  ZCreateCampaign,
  ZCreateMaintenance,
  ZCreateResult,
  ZDecision,
  ZIdParam,
  ZListBookingsQuery,
} from "./bookings.schemas.ts";
import type { BookingAction } from "../../domain/booking-state.ts";
import type { Actor } from "../../lib/context.ts";
import type { Db } from "../../lib/db.ts";

const ZIdempotencyHeader = z.object({ "idempotency-key": z.string().min(1).max(200).optional() });
const ZIfMatchHeader = z.object({ "if-match": z.string().max(100).optional() });

const requestHash = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");

const occurrences = (input: z.infer<typeof ZCreateBooking>): BookingItemInput[] => {
  const range = { start: input.start.getTime(), end: input.end.getTime() };
  if (!input.recurrence) return [{ resourceId: input.resourceId, range }];
  assertOrdered(range.start, range.end);
  const { until, ...rule } = input.recurrence;
  const expanded = expandRecurrence({
    start: range.start,
    durationMin: (range.end - range.start) / MINUTE_MS,
    rule: { ...rule, ...(until ? { until: until.getTime() } : {}) },
  });
  if ("error" in expanded) {
    const messages = {
      TOO_MANY: "The series has more than 200 occurrences.",
      NEEDS_COUNT_OR_UNTIL: "A series needs `count` or `until`.",
      INVALID_RULE: "The recurrence rule is not valid.",
    };
    throw new AppError("VALIDATION_FAILED", messages[expanded.error], {
      errors: [{ path: "recurrence", message: messages[expanded.error] }],
    });
  }
  return expanded.occurrences.map((r) => ({ resourceId: input.resourceId, range: r }));
};

type CreateOptions = {
  db: Db;
  actor: Actor | null;
  key: string | undefined;
  input: {
    purpose: string;
    sampleDetails?: string | undefined;
    organizationId?: string | undefined;
    skipConflicts?: boolean | undefined;
  };
  items: BookingItemInput[];
  group: "series" | "campaign" | undefined;
};

export const MAX_BOOKING_DAYS = 366;

/** Shared by single bookings, series and campaigns: the Idempotency-Key covers the whole request body. */
const create = ({ db, actor, key, input, items, group }: CreateOptions) => {
  for (const item of items) assertRangeWithin(item.range.start, item.range.end, MAX_BOOKING_DAYS);
  return createBookings({
    db,
    actor: requireActor(actor),
    input: {
      items,
      purpose: input.purpose,
      sampleDetails: input.sampleDetails,
      organizationId: input.organizationId,
      skipConflicts: input.skipConflicts,
      ...(group ? { group } : {}),
    },
    idempotency: key ? { key, requestHash: requestHash(input) } : undefined,
  });
};

const decisionRoute = (path: string, action: BookingAction, summary: string) =>
  [
    createRoute({
      method: "post",
      path: `/bookings/{id}/${path}`,
      tags: ["bookings"],
      summary,
      // The optional body ({ reason }, see the Decision schema) is parsed in the handler, so that an empty
      // body with a JSON content type is accepted rather than refused as malformed.
      description:
        "Optional JSON body: Decision `{ reason }` (required for reject). Send If-Match with the ETag to decide only the version you saw.",
      request: { params: ZIdParam, headers: ZIfMatchHeader },
      responses: { 200: json(ZBooking), ...problems(400, 401, 403, 404, 409, 412) },
    }),
    action,
  ] as const;

const DECISIONS = [
  decisionRoute("approve", "approve", "Approve a pending request (facility managers)"),
  decisionRoute("reject", "reject", "Reject a pending request with a reason (facility managers)"),
  decisionRoute("cancel", "cancel", "Cancel a pending or approved booking"),
  decisionRoute("check-in", "checkIn", "Record the start of use (facility managers)"),
  decisionRoute("check-out", "checkOut", "Record the end of use (facility managers)"),
  decisionRoute("no-show", "noShow", "Record a no-show after the grace period (facility managers)"),
];

const base = router()
  .openapi(
    createRoute({
      method: "post",
      path: "/bookings",
      tags: ["bookings"],
      summary: "Book a slot, or a recurring series (all or nothing unless skipConflicts)",
      request: { headers: ZIdempotencyHeader, ...body(ZCreateBooking) },
      responses: {
        201: json(ZCreateResult, "Created"),
        200: json(ZCreateResult, "Replayed by Idempotency-Key"),
        ...problems(400, 401, 403, 404, 409, 422),
      },
    }),
    async (c) => {
      const input = c.req.valid("json");
      const { replayed, ...payload } = await create({
        db: c.var.db,
        actor: c.var.actor,
        key: c.req.valid("header")["idempotency-key"],
        input,
        items: occurrences(input),
        group: input.recurrence ? "series" : undefined,
      });
      return c.json(payload, replayed ? 200 : 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/campaigns",
      tags: ["bookings"],
      summary:
        "Book several resources in sequence, each with its own duration and gap (all or nothing unless skipConflicts)",
      request: { headers: ZIdempotencyHeader, ...body(ZCreateCampaign) },
      responses: {
        201: json(ZCreateResult, "Created"),
        200: json(ZCreateResult, "Replayed"),
        ...problems(400, 401, 403, 404, 409, 422),
      },
    }),
    async (c) => {
      const input = c.req.valid("json");
      const items = expandCampaign({ start: input.start.getTime(), steps: input.steps });
      const { replayed, ...payload } = await create({
        db: c.var.db,
        actor: c.var.actor,
        key: c.req.valid("header")["idempotency-key"],
        input,
        items,
        group: "campaign",
      });
      return c.json(payload, replayed ? 200 : 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/bookings/check",
      tags: ["bookings"],
      summary: "Check a request against the rules and current bookings without booking (live feedback)",
      request: body(ZCreateBooking.pick({ resourceId: true, start: true, end: true, organizationId: true })),
      responses: { 200: json(ZCheckResult), ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const { resourceId, start, end, organizationId } = c.req.valid("json");
      const result = await checkBooking({
        db: c.var.db,
        actor: requireActor(c.var.actor),
        input: { resourceId, organizationId, range: { start: start.getTime(), end: end.getTime() } },
      });
      return c.json(result, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/bookings",
      tags: ["bookings"],
      summary: "List bookings: mine, my organization's, a facility's (managers) or all (admins)",
      request: { query: ZListBookingsQuery },
      responses: {
        200: json(z.object({ items: z.array(ZBooking), nextCursor: z.string().nullable() })),
        ...problems(400, 401, 403),
      },
    }),
    async (c) =>
      c.json(await listBookings({ db: c.var.db, actor: requireActor(c.var.actor), filter: c.req.valid("query") }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/bookings/export.csv",
      tags: ["bookings"],
      summary: "CSV export of the bookings the list would show (up to 10,000 rows)",
      request: { query: ZListBookingsQuery.omit({ cursor: true, limit: true }) },
      responses: {
        200: { description: "CSV", content: { "text/csv": { schema: z.string() } } },
        ...problems(400, 401, 403),
      },
    }),
    async (c) => {
      const actor = requireActor(c.var.actor);
      const filter = c.req.valid("query");
      const rows: ReturnType<typeof toBooking>[] = [];
      let cursor: string | undefined;
      do {
        const page = await listBookings({ db: c.var.db, actor, filter: { ...filter, cursor, limit: 100 } });
        rows.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && rows.length < 10_000);
      const csv = toCsv(
        [
          "id",
          "status",
          "kind",
          "facility",
          "resource",
          "resource_name",
          "unit",
          "organization",
          "requester",
          "start",
          "end",
          "quoted_price_cny",
          "purpose",
        ],
        rows.map((b) => [
          b.id,
          b.status,
          b.kind,
          b.facilityCode,
          b.resourceCode,
          b.resourceNameZh,
          b.unitLabel,
          b.organizationNameZh ?? "",
          b.requesterName,
          b.start,
          b.end,
          (b.quotedPriceFen / 100).toFixed(2),
          b.purpose,
        ]),
      );
      return c.body(csv, 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": 'attachment; filename="bookings.csv"',
      });
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/bookings/{id}",
      tags: ["bookings"],
      summary: "One booking with its history; ETag for If-Match on decisions",
      request: { params: ZIdParam },
      responses: { 200: json(ZBooking), ...problems(401, 404) },
    }),
    async (c) => {
      const actor = requireActor(c.var.actor);
      const booking = await findBooking(c.var.db, c.req.valid("param").id);
      if (!booking || !canSee(actor, booking)) throw new AppError("NOT_FOUND", "No such booking.");
      c.header("ETag", etagOf(booking));
      return c.json(toBooking(booking), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/maintenance-blocks",
      tags: ["bookings"],
      summary: "Block units for maintenance (facility managers); optionally cancel overlapping bookings",
      request: body(ZCreateMaintenance),
      responses: {
        201: json(z.object({ blocks: z.array(ZBooking), cancelled: z.array(z.string()) })),
        ...problems(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const { resourceId, unitIds, start, end, reason, cancelConflicting } = c.req.valid("json");
      const result = await createMaintenanceBlock({
        db: c.var.db,
        actor: requireActor(c.var.actor),
        input: {
          resourceId,
          unitIds,
          range: { start: start.getTime(), end: end.getTime() },
          reason,
          cancelConflicting,
        },
      });
      return c.json(result, 201);
    },
  );

export const bookingsRoutes = DECISIONS.reduce(
  (app, [route, action]) =>
    app.openapi(route, async (c) => {
      let reason: string | undefined;
      const raw = await c.req.text();
      if (raw.trim()) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw);
        } catch {
          throw new AppError("MALFORMED_REQUEST", "The body is not valid JSON.");
        }
        const decision = ZDecision.safeParse(parsed);
        if (!decision.success) {
          throw new AppError("VALIDATION_FAILED", "Invalid body.", {
            errors: decision.error.issues.map((i) => ({ path: i.path.join("."), code: i.code, message: i.message })),
          });
        }
        reason = decision.data.reason;
      }
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
    }) as unknown as typeof base,
  base,
);
