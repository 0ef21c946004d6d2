import { createRoute, z } from "@hono/zod-openapi";
import { body, json, problems, router, ZDateTime } from "../../lib/openapi.ts";
import { WaitlistStatus } from "../../enums.ts";
import { requireActor } from "../auth/auth.middleware.ts";
import { acceptOffer, declineOffer, joinWaitlist, leaveWaitlist, listMyWaitlist } from "./waitlist.service.ts";

const tags = ["waitlist"];
const ZEntry = z
  .object({
    id: z.uuid(),
    resourceId: z.uuid(),
    organizationId: z.uuid(),
    windowStart: z.string().openapi({ format: "date-time" }),
    windowEnd: z.string().openapi({ format: "date-time" }),
    durationMin: z.number().int(),
    purpose: z.string(),
    status: z.enum(WaitlistStatus),
    includeEquivalents: z.boolean(),
    offerBookingId: z.uuid().nullable().openapi({ description: "The hold keeping the offered slot (status OFFERED)" }),
    createdAt: z.string().openapi({ format: "date-time" }),
    resource: z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() }),
  })
  .openapi("WaitlistEntry");
const ZJoin = z
  .object({
    resourceId: z.uuid(),
    start: ZDateTime,
    end: ZDateTime,
    durationMin: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .optional()
      .openapi({ description: "Omit to wait for exactly start–end; give it to take any fitting time in the window" }),
    purpose: z.string().max(500).optional(),
    organizationId: z.uuid().optional(),
    includeEquivalents: z
      .boolean()
      .optional()
      .openapi({ description: "Also take freed time on equivalent resources (same facility and kind)" }),
  })
  .strict()
  .openapi("JoinWaitlist");
const ZId = z.object({ id: z.uuid() });
const ZQuery = z.object({
  cursor: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const waitlistRoutes = router()
  .openapi(
    createRoute({
      method: "post",
      path: "/waitlist",
      operationId: "joinWaitlist",
      tags,
      summary: "Wait for a taken slot, or for any fitting time in a window, on a resource",
      request: body(ZJoin),
      responses: { 201: json(ZEntry), ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const { start, end, ...input } = c.req.valid("json");
      const window = { start: start.getTime(), end: end.getTime() };
      return c.json(
        await joinWaitlist({ db: c.var.db, actor: requireActor(c.var.actor), input: { ...input, window } }),
        201,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/waitlist",
      operationId: "listMyWaitlist",
      tags,
      summary: "My waitlist entries, newest first",
      request: { query: ZQuery },
      responses: {
        200: json(z.object({ items: z.array(ZEntry), nextCursor: z.string().nullable() }).openapi("WaitlistPage")),
        ...problems(400, 401),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(
        await listMyWaitlist({ db: c.var.db, actor: requireActor(c.var.actor), cursor: q.cursor, limit: q.limit }),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/waitlist/{id}/accept",
      operationId: "acceptWaitlistOffer",
      tags,
      summary:
        "Accept an offer: the held slot becomes my booking (a request, or approved for self-approving resources)",
      request: { params: ZId },
      responses: { 200: json(ZEntry), ...problems(400, 401, 404, 409, 422) },
    }),
    async (c) =>
      c.json(
        await acceptOffer({ db: c.var.db, actor: requireActor(c.var.actor), entryId: c.req.valid("param").id }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/waitlist/{id}/decline",
      operationId: "declineWaitlistOffer",
      tags,
      summary: "Decline an offer; the slot goes to the next in line",
      request: { params: ZId },
      responses: { 200: json(ZEntry), ...problems(400, 401, 404, 409) },
    }),
    async (c) =>
      c.json(
        await declineOffer({ db: c.var.db, actor: requireActor(c.var.actor), entryId: c.req.valid("param").id }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/waitlist/{id}",
      operationId: "leaveWaitlist",
      tags,
      summary: "Leave the waitlist (an open offer is declined)",
      request: { params: ZId },
      responses: { 200: json(ZEntry), ...problems(400, 401, 404, 409) },
    }),
    async (c) =>
      c.json(
        await leaveWaitlist({ db: c.var.db, actor: requireActor(c.var.actor), entryId: c.req.valid("param").id }),
        200,
      ),
  );
