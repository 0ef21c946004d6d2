import { createRoute, z } from "@hono/zod-openapi";
import ical, { ICalEventStatus } from "ical-generator";
import { AppError } from "../../lib/app-error.ts";
import { json, problems, router } from "../../lib/openapi.ts";
import { requireActor } from "../auth/auth.middleware.ts";
import { rotateMyFeed, rotateResourceFeed } from "../auth/auth.service.ts";
import { canManage } from "../bookings/transition-booking.ts";
import type { Db } from "../../lib/db.ts";
import type { Prisma } from "../../generated/prisma/client.ts";

const FEED_PAST_DAYS = 30;
/** Feeds cover a bounded window, like every other time range the API reads. */
const FEED_FUTURE_DAYS = 400;
const ZFeedFile = z.object({ file: z.string().regex(/^[a-f0-9]{16,64}\.ics$/) });
const feedUrl = (kind: "users" | "resources", token: string) => `/api/v1/feeds/${kind}/${token}.ics`;

const calendarOf = async (db: Db, name: string, where: Prisma.BookingWhereInput, anonymous: boolean) => {
  const bookings = await db.booking.findMany({
    where: {
      ...where,
      status: { in: ["PENDING", "APPROVED", "CHECKED_IN", "COMPLETED"] },
      endsAt: { gt: new Date(Date.now() - FEED_PAST_DAYS * 86_400_000) },
      startsAt: { lt: new Date(Date.now() + FEED_FUTURE_DAYS * 86_400_000) },
    },
    include: {
      resource: { select: { code: true, nameZh: true, nameEn: true, facility: { select: { nameZh: true } } } },
    },
    orderBy: { startsAt: "asc" },
    take: 2000,
  });
  const calendar = ical({ name, prodId: { company: "Zhongshi", product: "booking", language: "ZH" } });
  for (const b of bookings) {
    calendar.createEvent({
      id: `${b.id}@zhongshi`,
      start: b.startsAt,
      end: b.endsAt,
      stamp: b.updatedAt,
      summary: anonymous
        ? b.kind === "MAINTENANCE"
          ? "维护 Maintenance"
          : "已预约 Booked"
        : `${b.resource.nameZh} ${b.resource.code}`,
      description: anonymous ? null : `${b.purpose}\n状态 Status: ${b.status}`,
      location: b.resource.facility.nameZh,
      status: b.status === "PENDING" ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
};

const icsResponse = (body: string) =>
  new Response(body, {
    status: 200,
    headers: { "content-type": "text/calendar; charset=utf-8", "cache-control": "private, max-age=300" },
  });

export const feedsRoutes = router()
  .openapi(
    createRoute({
      method: "get",
      path: "/feeds/me",
      tags: ["feeds"],
      summary: "The URL of my iCalendar feed (keep it secret)",
      responses: { 200: json(z.object({ url: z.string() })), ...problems(401) },
    }),
    async (c) => {
      const actor = requireActor(c.var.actor);
      const user = await c.var.db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { feedToken: true } });
      return c.json({ url: feedUrl("users", user.feedToken) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/resources/{code}/feed",
      tags: ["feeds"],
      summary: "The URL of a resource's iCalendar feed (facility managers)",
      request: { params: z.object({ code: z.string().min(1).max(60) }) },
      responses: { 200: json(z.object({ url: z.string() })), ...problems(401, 403, 404) },
    }),
    async (c) => {
      const actor = requireActor(c.var.actor);
      const resource = await c.var.db.resource.findUnique({ where: { code: c.req.valid("param").code } });
      if (!resource) throw new AppError("NOT_FOUND", "No such resource.");
      if (!canManage(actor, resource.facilityId))
        throw new AppError("FORBIDDEN", "Only the facility's managers can share its feed.");
      return c.json({ url: feedUrl("resources", resource.feedToken) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/feeds/me/rotate",
      tags: ["feeds"],
      summary: "Give my iCalendar feed a new secret URL; the old one stops working",
      responses: { 200: json(z.object({ url: z.string() })), ...problems(401) },
    }),
    async (c) => c.json({ url: feedUrl("users", await rotateMyFeed(c.var.db, requireActor(c.var.actor))) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/resources/{code}/feed/rotate",
      tags: ["feeds"],
      summary: "Give a resource's iCalendar feed a new secret URL (facility managers); the old one stops working",
      request: { params: z.object({ code: z.string().min(1).max(60) }) },
      responses: { 200: json(z.object({ url: z.string() })), ...problems(401, 404) },
    }),
    async (c) => {
      const actor = requireActor(c.var.actor);
      const resource = await c.var.db.resource.findUnique({ where: { code: c.req.valid("param").code } });
      if (!resource || !canManage(actor, resource.facilityId)) throw new AppError("NOT_FOUND", "No such resource.");
      return c.json({ url: feedUrl("resources", await rotateResourceFeed(c.var.db, actor, resource.id)) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/feeds/users/{file}",
      tags: ["feeds"],
      summary: "A user's bookings as iCalendar (RFC 5545), behind a secret URL",
      request: { params: ZFeedFile },
      responses: {
        200: { description: "iCalendar", content: { "text/calendar": { schema: z.string() } } },
        ...problems(404),
      },
    }),
    async (c) => {
      const token = c.req.valid("param").file.replace(/\.ics$/, "");
      const user = await c.var.db.user.findUnique({ where: { feedToken: token } });
      if (!user || user.disabledAt) throw new AppError("NOT_FOUND", "No such feed.");
      return icsResponse(await calendarOf(c.var.db, `中试通 · ${user.name}`, { requesterId: user.id }, false));
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/feeds/resources/{file}",
      tags: ["feeds"],
      summary: "A resource's occupancy as iCalendar (who holds a slot is not shown)",
      request: { params: ZFeedFile },
      responses: {
        200: { description: "iCalendar", content: { "text/calendar": { schema: z.string() } } },
        ...problems(404),
      },
    }),
    async (c) => {
      const token = c.req.valid("param").file.replace(/\.ics$/, "");
      const resource = await c.var.db.resource.findUnique({ where: { feedToken: token } });
      if (!resource) throw new AppError("NOT_FOUND", "No such feed.");
      return icsResponse(await calendarOf(c.var.db, `中试通 · ${resource.nameZh}`, { resourceId: resource.id }, true));
    },
  );
