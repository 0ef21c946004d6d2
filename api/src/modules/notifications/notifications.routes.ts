import { createRoute } from "@hono/zod-openapi";
import { body, json, problems, router } from "../../lib/openapi.ts";
import { requireActor } from "../auth/auth.middleware.ts";
import * as service from "./notifications.service.ts";
import {
  ZCreateWebhook,
  ZDelivery,
  ZDeliveryPage,
  ZDeliveryQuery,
  ZInboxPage,
  ZInboxQuery,
  ZMailboxPage,
  ZMarkRead,
  ZMarked,
  ZNumericIdParam,
  ZPageQuery,
  ZParkedPage,
  ZPreferences,
  ZSavePreferences,
  ZUnread,
  ZUuidParam,
  ZWebhook,
  ZWebhookPage,
} from "./notifications.schemas.ts";

const tags = ["notifications"];

export const notificationsRoutes = router()
  .openapi(
    createRoute({
      method: "get",
      path: "/notifications",
      operationId: "listNotifications",
      tags,
      summary: "My inbox, newest first (cursor pagination)",
      request: { query: ZInboxQuery },
      responses: { 200: json(ZInboxPage), ...problems(400, 401) },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(
        await service.listInbox({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          unreadOnly: q.unread === "true",
          cursor: q.cursor,
          limit: q.limit,
        }),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/notifications/unread-count",
      operationId: "countUnreadNotifications",
      tags,
      summary: "How many of my notifications are unread (the header badge)",
      responses: { 200: json(ZUnread), ...problems(401) },
    }),
    async (c) =>
      c.json(await service.countUnreadNotifications({ db: c.var.db, actor: requireActor(c.var.actor) }), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/notifications/read",
      operationId: "markNotificationsRead",
      tags,
      summary: "Mark some or all of my notifications read",
      request: body(ZMarkRead),
      responses: { 200: json(ZMarked), ...problems(400, 401, 404) },
    }),
    async (c) => {
      const input = c.req.valid("json");
      return c.json(
        await service.markNotificationsRead({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          ids: input.all ? "all" : input.ids!,
        }),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/notifications/preferences",
      operationId: "listNotificationPreferences",
      tags,
      summary: "Which events also come to me by e-mail",
      responses: { 200: json(ZPreferences), ...problems(401) },
    }),
    async (c) => c.json(await service.listPreferences({ db: c.var.db, actor: requireActor(c.var.actor) }), 200),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/notifications/preferences",
      operationId: "saveNotificationPreferences",
      tags,
      summary: "Choose e-mail per event: each, a digest (new requests, managers) or none",
      request: body(ZSavePreferences),
      responses: { 200: json(ZPreferences), ...problems(400, 401) },
    }),
    async (c) =>
      c.json(
        await service.savePreferences({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          items: c.req.valid("json").items,
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/webhooks",
      operationId: "listWebhooks",
      tags,
      summary: "Webhook endpoints (admins: all; facility managers: their facilities')",
      responses: { 200: json(ZWebhookPage), ...problems(401, 403) },
    }),
    async (c) => c.json(await service.listWebhooks({ db: c.var.db, actor: requireActor(c.var.actor) }), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/webhooks",
      operationId: "createWebhook",
      tags,
      summary: "Register a webhook: JSON signed with HMAC-SHA256, or a WeCom / DingTalk group robot",
      request: body(ZCreateWebhook),
      responses: { 201: json(ZWebhook, "Created; the secret is shown only now"), ...problems(400, 401, 403, 422) },
    }),
    async (c) =>
      c.json(
        await service.createWebhook({ db: c.var.db, actor: requireActor(c.var.actor), input: c.req.valid("json") }),
        201,
      ),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/webhooks/{id}",
      operationId: "deleteWebhook",
      tags,
      summary: "Remove a webhook endpoint",
      request: { params: ZUuidParam },
      responses: { 204: { description: "Removed" }, ...problems(400, 401, 404) },
    }),
    async (c) => {
      await service.deleteWebhook({
        db: c.var.db,
        actor: requireActor(c.var.actor),
        webhookId: c.req.valid("param").id,
      });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/deliveries",
      operationId: "listDeliveries",
      tags,
      summary: "Delivery log of e-mails and webhook calls (admins; managers see their webhooks' calls)",
      request: { query: ZDeliveryQuery },
      responses: { 200: json(ZDeliveryPage), ...problems(400, 401, 403) },
    }),
    async (c) => {
      const { cursor, limit, webhookId, ...filter } = c.req.valid("query");
      return c.json(
        await service.listDeliveries({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          filter: { ...filter, ...(webhookId ? { webhookIds: [webhookId] } : {}) },
          cursor,
          limit,
        }),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/deliveries/{id}/retry",
      operationId: "retryDelivery",
      tags,
      summary: "Release a parked delivery for another round of attempts (admins)",
      request: { params: ZNumericIdParam },
      responses: { 200: json(ZDelivery), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) =>
      c.json(
        await service.retryDelivery({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          deliveryId: c.req.valid("param").id,
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/outbox/parked",
      operationId: "listParkedMessages",
      tags,
      summary: "Outbox messages that failed too often to expand (admins)",
      responses: { 200: json(ZParkedPage), ...problems(401, 403) },
    }),
    async (c) => c.json(await service.listParkedMessages({ db: c.var.db, actor: requireActor(c.var.actor) }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/dev-mailbox",
      operationId: "listDevMailbox",
      tags,
      summary: "Development mailbox: mail written as .eml files when no SMTP server is set (my own; admins all)",
      request: { query: ZPageQuery },
      responses: { 200: json(ZMailboxPage), ...problems(400, 401, 404) },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(
        await service.listDevMailbox({
          db: c.var.db,
          actor: requireActor(c.var.actor),
          mailDir: c.var.config.mailDir,
          cursor: q.cursor,
          limit: q.limit,
        }),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/dev-mailbox/{id}",
      operationId: "readDevMail",
      tags,
      summary: "One message of the development mailbox as message/rfc822 (.eml)",
      request: { params: ZNumericIdParam },
      responses: {
        200: { description: "The .eml file", content: { "message/rfc822": { schema: { type: "string" } } } },
        ...problems(400, 401, 404),
      },
    }),
    async (c) => {
      const file = await service.readDevMail({
        db: c.var.db,
        actor: requireActor(c.var.actor),
        mailDir: c.var.config.mailDir,
        deliveryId: c.req.valid("param").id,
      });
      return c.body(new Uint8Array(file), 200, {
        "content-type": "message/rfc822",
        "content-disposition": `attachment; filename="message-${c.req.valid("param").id}.eml"`,
      });
    },
  );
