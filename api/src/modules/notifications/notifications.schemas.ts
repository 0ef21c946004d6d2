import { z } from "@hono/zod-openapi";

export const ZNotification = z
  .object({
    id: z.uuid(),
    topic: z.string(),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable(),
    read: z.boolean(),
    createdAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Notification");

export const ZInboxPage = z
  .object({ items: z.array(ZNotification), nextCursor: z.string().nullable(), unread: z.number().int() })
  .openapi("InboxPage");
export const ZInboxQuery = z.object({
  unread: z.enum(["true", "false"]).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const ZUnread = z.object({ unread: z.number().int() }).openapi("UnreadCount");
export const ZMarkRead = z
  .object({ ids: z.array(z.uuid()).min(1).max(200).optional(), all: z.literal(true).optional() })
  .strict()
  .refine((v) => (v.ids ? !v.all : v.all === true), { message: "give `ids` or `all: true`", path: ["ids"] })
  .openapi("MarkRead");
export const ZMarked = z.object({ marked: z.number().int(), unread: z.number().int() }).openapi("Marked");

export const ZEmailChoice = z.enum(["EACH", "DIGEST", "NONE"]);
export const ZPreferences = z
  .object({
    items: z.array(z.object({ topic: z.string(), email: ZEmailChoice, digestAllowed: z.boolean() })),
  })
  .openapi("NotificationPreferences");
export const ZSavePreferences = z
  .object({
    items: z
      .array(z.object({ topic: z.string().min(1).max(100), email: ZEmailChoice }).strict())
      .min(1)
      .max(100),
  })
  .strict()
  .openapi("SaveNotificationPreferences");

export const ZWebhookFormat = z.enum(["JSON", "WECOM", "DINGTALK"]);
export const ZWebhook = z
  .object({
    id: z.uuid(),
    url: z.string(),
    format: ZWebhookFormat,
    topics: z.array(z.string()),
    facilityId: z.uuid().nullable(),
    active: z.boolean(),
    createdAt: z.string().openapi({ format: "date-time" }),
    secret: z
      .string()
      .optional()
      .openapi({ description: "Shown once, at creation: verify X-Zhongshi-Signature with it." }),
  })
  .openapi("Webhook");
export const ZCreateWebhook = z
  .object({
    url: z.url({ protocol: /^https?$/ }).max(2000),
    format: ZWebhookFormat,
    topics: z.array(z.string().min(1).max(100)).max(50).default([]),
    facilityId: z.uuid().optional(),
    secret: z.string().min(8).max(200).optional(),
  })
  .strict()
  .openapi("CreateWebhook");
export const ZWebhookPage = z
  .object({ items: z.array(ZWebhook), nextCursor: z.string().nullable() })
  .openapi("WebhookPage");

export const ZDelivery = z
  .object({
    id: z.string(),
    channel: z.enum(["EMAIL", "WEBHOOK"]),
    topic: z.string(),
    recipient: z.string(),
    webhookId: z.uuid().nullable(),
    messageId: z.string(),
    subject: z.string().nullable(),
    attempts: z.number().int(),
    state: z.enum(["PENDING", "SENT", "PARKED"]),
    lastError: z.string().nullable(),
    lastStatus: z.number().int().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
  })
  .openapi("Delivery");
export const ZDeliveryPage = z
  .object({ items: z.array(ZDelivery), nextCursor: z.string().nullable() })
  .openapi("DeliveryPage");
export const ZDeliveryQuery = z.object({
  channel: z.enum(["EMAIL", "WEBHOOK"]).optional(),
  state: z.enum(["PENDING", "SENT", "PARKED"]).optional(),
  webhookId: z.uuid().optional(),
  cursor: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const ZParkedPage = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        topic: z.string(),
        attempts: z.number().int(),
        lastError: z.string().nullable(),
        createdAt: z.string(),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .openapi("ParkedMessages");

export const ZMailboxPage = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        to: z.string(),
        subject: z.string(),
        text: z.string(),
        hasCalendar: z.boolean(),
        sentAt: z.string(),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .openapi("DevMailboxPage");
export const ZPageQuery = z.object({
  cursor: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const ZUuidParam = z.object({ id: z.uuid() });
export const ZNumericIdParam = z.object({ id: z.string().regex(/^\d{1,18}$/) });
