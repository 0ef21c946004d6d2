import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { inTransaction, type Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { AppError } from "../../lib/app-error.ts";
import { assertPublicUrl } from "../../lib/outbound-address.ts";
import type { EmailChoice, WebhookFormat } from "../../enums.ts";
import { can, mailboxScopeOf, notificationScopeOf, requireAccess } from "../access/access.ts";
import * as repo from "./notifications.repository.ts";
import { knownTopics, topicSpec } from "./topics.ts";
import { emlFileName } from "./mailer.ts";
import "./topic-registry.ts";

type NotificationRow = Awaited<ReturnType<typeof repo.listNotifications>>[number];
const toNotification = (n: NotificationRow) => ({
  id: n.id,
  topic: n.topic,
  title: n.title,
  body: n.body,
  link: n.link,
  read: n.readAt !== null,
  createdAt: n.createdAt.toISOString(),
});
export type TNotification = ReturnType<typeof toNotification>;

const cursorOf = (n: NotificationRow) => `${n.createdAt.toISOString()}_${n.id}`;
const parseCursor = (cursor: string | undefined) => {
  if (!cursor) return undefined;
  const [at, id] = cursor.split("_");
  const createdAt = new Date(at ?? "");
  if (!id || Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id))
    throw new AppError("VALIDATION_FAILED", "The cursor is not valid.", {
      errors: [{ path: "cursor", message: "invalid cursor" }],
    });
  return { createdAt, id };
};

export const listInbox = async ({
  db,
  actor,
  unreadOnly = false,
  cursor,
  limit = 20,
}: {
  db: Db;
  actor: Actor;
  unreadOnly?: boolean;
  cursor?: string | undefined;
  limit?: number;
}) => {
  const rows = await repo.listNotifications(db, actor.userId, { unreadOnly, cursor: parseCursor(cursor), limit });
  const page = rows.slice(0, limit);
  return {
    items: page.map(toNotification),
    nextCursor: rows.length > limit ? cursorOf(page.at(-1)!) : null,
    unread: await repo.countUnread(db, actor.userId),
  };
};

export const countUnreadNotifications = async ({ db, actor }: { db: Db; actor: Actor }) => ({
  unread: await repo.countUnread(db, actor.userId),
});

export const markNotificationsRead = async ({ db, actor, ids }: { db: Db; actor: Actor; ids: string[] | "all" }) => {
  if (ids !== "all" && ids.length === 1) {
    const one = await repo.findNotification(db, ids[0]!);
    if (!one || one.userId !== actor.userId) throw new AppError("NOT_FOUND", "No such notification.");
  }
  const { count } = await repo.markRead(db, actor.userId, ids);
  return { marked: count, unread: await repo.countUnread(db, actor.userId) };
};

/** Every event a user can choose for, with the current choice (EACH when never chosen). */
export const listPreferences = async ({ db, actor }: { db: Db; actor: Actor }) => {
  const saved = new Map((await repo.listPreferences(db, actor.userId)).map((p) => [p.topic, p.email]));
  return {
    items: knownTopics()
      .filter((t) => !t.startsWith("account.") && !t.startsWith("test."))
      .map((topic) => ({ topic, email: saved.get(topic) ?? "EACH", digestAllowed: topicSpec(topic)?.digest === true })),
  };
};

export const savePreferences = async ({
  db,
  actor,
  items,
}: {
  db: Db;
  actor: Actor;
  items: { topic: string; email: EmailChoice }[];
}) => {
  for (const item of items) {
    const spec = topicSpec(item.topic);
    if (!spec) throw invalidField(`items.${item.topic}`, "unknown event", `No event named ${item.topic}.`);
    if (item.email === "DIGEST" && !spec.digest)
      throw invalidField(`items.${item.topic}`, "no digest", `Event ${item.topic} has no digest.`);
  }
  await inTransaction(db, async (tx) => {
    for (const item of items) await repo.savePreference(tx, actor.userId, item.topic, item.email);
  });
  return listPreferences({ db, actor });
};

const invalidField = (field: string, message: string, text: string) =>
  new AppError("VALIDATION_FAILED", text, { errors: [{ path: field, message }] });

// ---- webhooks -------------------------------------------------------------------------------------------

type WebhookRow = NonNullable<Awaited<ReturnType<typeof repo.findWebhook>>>;
const toWebhook = (w: WebhookRow, { withSecret = false } = {}) => ({
  id: w.id,
  url: w.url,
  format: w.format,
  topics: w.topics,
  facilityId: w.facilityId,
  active: w.active,
  createdAt: w.createdAt.toISOString(),
  ...(withSecret ? { secret: w.secret } : {}),
});

/** Admins register endpoints for every facility; managers only for a facility they manage. */
const canManageWebhook = (actor: Actor, facilityId: string | null) =>
  can(actor, "webhook.manage", { facilityId: facilityId ?? undefined });

const checkWebhookUrl = (url: string) => {
  const u = new URL(url);
  if (u.protocol !== "https:" && u.protocol !== "http:")
    throw invalidField("url", "http(s) only", "A webhook URL must be http or https.");
  if (u.username || u.password) throw invalidField("url", "no credentials", "Put no credentials in a webhook URL.");
  assertPublicUrl(url);
};

export const createWebhook = async ({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: {
    url: string;
    format: WebhookFormat;
    topics: string[];
    facilityId?: string | undefined;
    secret?: string | undefined;
  };
}) => {
  const facilityId = input.facilityId ?? null;
  notificationScopeOf(actor);
  if (!canManageWebhook(actor, facilityId))
    throw new AppError("FORBIDDEN", facilityId ? "You do not manage that facility." : "Name one of your facilities.");
  checkWebhookUrl(input.url);
  for (const topic of input.topics)
    if (!topicSpec(topic)) throw invalidField("topics", "unknown event", `No event named ${topic}.`);
  const hook = await repo.createWebhook(db, {
    url: input.url,
    format: input.format,
    // DingTalk's own signing secret is given by the robot; JSON endpoints get a fresh one to verify us with.
    secret: input.secret ?? (input.format === "JSON" ? randomBytes(24).toString("base64url") : ""),
    topics: input.topics,
    facilityId,
    createdById: actor.userId,
  });
  return toWebhook(hook, { withSecret: true });
};

export const listWebhooks = async ({ db, actor }: { db: Db; actor: Actor }) => {
  const facilityIds = notificationScopeOf(actor);
  const rows = await repo.listWebhooks(db, facilityIds ? { facilityIds } : { all: true });
  return { items: rows.map((w) => toWebhook(w)), nextCursor: null };
};

const ownWebhook = async (db: Db, actor: Actor, id: string) => {
  const hook = await repo.findWebhook(db, id);
  if (!hook) throw new AppError("NOT_FOUND", "No such webhook.");
  requireAccess({
    actor,
    permission: "webhook.manage",
    target: { facilityId: hook.facilityId ?? undefined },
    objectName: "webhook",
  });
  return hook;
};

export const deleteWebhook = async ({ db, actor, webhookId }: { db: Db; actor: Actor; webhookId: string }) => {
  await ownWebhook(db, actor, webhookId);
  await repo.deleteWebhook(db, webhookId);
};

// ---- delivery log ---------------------------------------------------------------------------------------

type DeliveryRow = NonNullable<Awaited<ReturnType<typeof repo.findDelivery>>>;
const toDelivery = (d: DeliveryRow) => ({
  id: String(d.id),
  channel: d.channel,
  topic: d.topic,
  recipient: d.recipient,
  webhookId: d.webhookId,
  messageId: d.messageId,
  subject: d.channel === "EMAIL" ? String((d.content as { subject?: unknown }).subject ?? "") : null,
  attempts: d.attempts,
  state: d.sentAt ? ("SENT" as const) : d.parkedAt ? ("PARKED" as const) : ("PENDING" as const),
  lastError: d.lastError,
  lastStatus: d.lastStatus,
  createdAt: d.createdAt.toISOString(),
  sentAt: d.sentAt?.toISOString() ?? null,
  nextAttemptAt: d.sentAt || d.parkedAt ? null : d.availableAt.toISOString(),
});

const parseBigCursor = (cursor: string | undefined) => {
  if (!cursor) return undefined;
  if (!/^\d{1,18}$/.test(cursor)) throw invalidField("cursor", "invalid cursor", "The cursor is not valid.");
  return BigInt(cursor);
};

/** Admins see every delivery; managers the calls to their facilities' webhooks. Filters only narrow that. */
export const listDeliveries = async ({
  db,
  actor,
  filter,
  cursor,
  limit = 20,
}: {
  db: Db;
  actor: Actor;
  filter: repo.DeliveryFilter;
  cursor?: string | undefined;
  limit?: number;
}) => {
  let scope: repo.DeliveryFilter = {};
  const facilityIds = notificationScopeOf(actor, "Only administrators and facility managers see the delivery log.");
  if (facilityIds) {
    const hooks = await repo.listWebhooks(db, { facilityIds });
    scope = { channel: "WEBHOOK", webhookIds: hooks.map((h) => h.id) };
  }
  if (scope.channel && filter.channel && filter.channel !== scope.channel) return { items: [], nextCursor: null };
  const webhookIds =
    filter.webhookIds && scope.webhookIds
      ? filter.webhookIds.filter((id) => scope.webhookIds!.includes(id))
      : (scope.webhookIds ?? filter.webhookIds);
  const rows = await repo.listDeliveries(
    db,
    { ...filter, ...scope, ...(webhookIds ? { webhookIds } : {}) },
    { cursor: parseBigCursor(cursor), limit },
  );
  const page = rows.slice(0, limit);
  return { items: page.map(toDelivery), nextCursor: rows.length > limit ? String(page.at(-1)!.id) : null };
};

export const retryDelivery = async ({ db, actor, deliveryId }: { db: Db; actor: Actor; deliveryId: string }) => {
  requireAccess({
    actor,
    permission: "platform.administer",
    refusal: "Only administrators release parked deliveries.",
  });
  const id = parseBigCursor(deliveryId);
  const found = id !== undefined ? await repo.findDelivery(db, id) : null;
  if (!found) throw new AppError("NOT_FOUND", "No such delivery.");
  if (found.sentAt) throw new AppError("INVALID_TRANSITION", "The delivery was sent already.");
  await repo.releaseDelivery(db, found.id);
  return toDelivery((await repo.findDelivery(db, found.id))!);
};

export const listParkedMessages = async ({ db, actor }: { db: Db; actor: Actor }) => {
  requireAccess({ actor, permission: "platform.administer", refusal: "Only administrators see parked messages." });
  const rows = await repo.listParkedOutbox(db, 100);
  return {
    items: rows.map((o) => ({
      id: String(o.id),
      topic: o.topic,
      attempts: o.attempts,
      lastError: o.lastError,
      createdAt: o.createdAt.toISOString(),
    })),
    nextCursor: null,
  };
};

// ---- development mailbox --------------------------------------------------------------------------------

/** Mail written as files (no SMTP server): the caller's own messages; admins see all. */
export const listDevMailbox = async ({
  db,
  actor,
  mailDir,
  cursor,
  limit = 20,
}: {
  db: Db;
  actor: Actor;
  mailDir: string | undefined;
  cursor?: string | undefined;
  limit?: number;
}) => {
  if (!mailDir) throw new AppError("NOT_FOUND", "Mail goes to an SMTP server here; there is no development mailbox.");
  const recipient = mailboxScopeOf(actor);
  const rows = await repo.listDeliveries(
    db,
    { channel: "EMAIL", state: "SENT", ...(recipient !== null ? { recipient } : {}) },
    { cursor: parseBigCursor(cursor), limit },
  );
  const page = rows.slice(0, limit);
  return {
    items: page.map((d) => ({
      id: String(d.id),
      to: d.recipient,
      subject: String((d.content as { subject?: unknown }).subject ?? ""),
      text: String((d.content as { text?: unknown }).text ?? ""),
      hasCalendar: (d.content as { icalEvent?: unknown }).icalEvent !== undefined,
      sentAt: d.sentAt!.toISOString(),
    })),
    nextCursor: rows.length > limit ? String(page.at(-1)!.id) : null,
  };
};

export const readDevMail = async ({
  db,
  actor,
  mailDir,
  deliveryId,
}: {
  db: Db;
  actor: Actor;
  mailDir: string | undefined;
  deliveryId: string;
}) => {
  const id = /^\d{1,18}$/.test(deliveryId) ? BigInt(deliveryId) : null;
  const found = mailDir && id !== null ? await repo.findDelivery(db, id) : null;
  const recipient = mailboxScopeOf(actor);
  if (!found || found.channel !== "EMAIL" || !found.sentAt || (recipient !== null && found.recipient !== recipient))
    throw new AppError("NOT_FOUND", "No such message.");
  try {
    return await readFile(path.join(mailDir!, emlFileName(found.messageId)));
  } catch {
    throw new AppError("NOT_FOUND", "The message file is gone from the mailbox folder.");
  }
};
