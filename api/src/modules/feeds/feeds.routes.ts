import { createRoute, z } from "@hono/zod-openapi";
import { json, problems, router } from "../../lib/openapi.ts";
import { requireActor } from "../auth/auth.middleware.ts";
import {
  getMyFeedUrl,
  getResourceFeedUrl,
  renderResourceFeed,
  renderUserFeed,
  rotateMyFeedUrl,
  rotateResourceFeedUrl,
} from "./feeds.service.ts";

const ZFeedFile = z.object({ file: z.string().regex(/^[a-f0-9]{16,64}\.ics$/) });

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
      operationId: "getMyFeedUrl",
      tags: ["feeds"],
      summary: "The URL of my iCalendar feed (keep it secret)",
      responses: { 200: json(z.object({ url: z.string() })), ...problems(401) },
    }),
    async (c) => c.json(await getMyFeedUrl({ db: c.var.db, actor: requireActor(c.var.actor) }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/resources/{code}/feed",
      operationId: "getResourceFeedUrl",
      tags: ["feeds"],
      summary: "The URL of a resource's iCalendar feed (facility managers)",
      request: { params: z.object({ code: z.string().min(1).max(60) }) },
      responses: { 200: json(z.object({ url: z.string() })), ...problems(401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await getResourceFeedUrl({ db: c.var.db, actor: requireActor(c.var.actor), code: c.req.valid("param").code }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/feeds/me/rotate",
      operationId: "rotateMyFeed",
      tags: ["feeds"],
      summary: "Give my iCalendar feed a new secret URL; the old one stops working",
      responses: { 200: json(z.object({ url: z.string() })), ...problems(401) },
    }),
    async (c) => c.json(await rotateMyFeedUrl({ db: c.var.db, actor: requireActor(c.var.actor) }), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/resources/{code}/feed/rotate",
      operationId: "rotateResourceFeed",
      tags: ["feeds"],
      summary: "Give a resource's iCalendar feed a new secret URL (facility managers); the old one stops working",
      request: { params: z.object({ code: z.string().min(1).max(60) }) },
      responses: { 200: json(z.object({ url: z.string() })), ...problems(401, 404) },
    }),
    async (c) =>
      c.json(
        await rotateResourceFeedUrl({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          code: c.req.valid("param").code,
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/feeds/users/{file}",
      operationId: "getUserFeed",
      tags: ["feeds"],
      summary: "A user's bookings as iCalendar (RFC 5545), behind a secret URL",
      request: { params: ZFeedFile },
      responses: {
        200: { description: "iCalendar", content: { "text/calendar": { schema: z.string() } } },
        ...problems(404),
      },
    }),
    async (c) => icsResponse(await renderUserFeed({ db: c.var.db, file: c.req.valid("param").file })),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/feeds/resources/{file}",
      operationId: "getResourceFeed",
      tags: ["feeds"],
      summary: "A resource's occupancy as iCalendar (who holds a slot is not shown)",
      request: { params: ZFeedFile },
      responses: {
        200: { description: "iCalendar", content: { "text/calendar": { schema: z.string() } } },
        ...problems(404),
      },
    }),
    async (c) => icsResponse(await renderResourceFeed({ db: c.var.db, file: c.req.valid("param").file })),
  );
