import ical, { ICalCalendarMethod } from "ical-generator";
import { fetch as undiciFetch, type Dispatcher } from "undici";
import { outboundDispatcher } from "../../lib/outbound-address.ts";
import { inTransaction, type Db } from "../../lib/db.ts";
import * as repo from "./notifications.repository.ts";
import { renderBodies, renderTemplate, templateVars } from "./render.ts";
import { topicEffects, topicSpec, type BookingNotice, type Locale, type NoticeContext } from "./topics.ts";
import type { Mail, Mailer } from "./mailer.ts";
import { buildWebhookRequest, type WebhookFormat } from "./webhook-format.ts";
import "./topic-registry.ts";

export type NotificationDeps = {
  mailer: Mailer;
  /** The portal's origin, for links in mails. */
  publicOrigin: string;
  /** The From address, also the organizer of calendar invitations. */
  mailFrom: string;
  fetch?: typeof fetch;
  /** Connects webhook calls; by default only to public addresses (see lib/outbound-address.ts). */
  webhookDispatcher?: Dispatcher;
  /** Failures before a message or delivery is parked for an admin. */
  maxAttempts?: number;
  batch?: number;
  /** Digest subscribers get one mail once their oldest unsent new request is this old. */
  digestAfterMinutes?: number;
};

const MAX_ATTEMPTS = 8;
const localeOf = (value: string): Locale => (value.startsWith("en") ? "en" : "zh-CN");
const MESSAGE_DOMAIN = "zhongshi.notify";

/** The same UID for the invitation and its cancellation, so calendars remove the event. */
export const bookingUid = (bookingId: string) => `${bookingId}@zhongshi`;

const calendarFor = (b: BookingNotice, method: "REQUEST" | "CANCEL", organizer: string, attendee: string) => {
  const calendar = ical({
    prodId: { company: "Zhongshi", product: "booking", language: "ZH" },
    method: method === "CANCEL" ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  const email = organizer.match(/<([^>]+)>/)?.[1] ?? organizer;
  calendar.createEvent({
    id: bookingUid(b.id),
    sequence: method === "CANCEL" ? 1 : 0,
    start: b.startsAt,
    end: b.endsAt,
    summary: `${b.resourceNameZh} ${b.resourceCode}`,
    description: b.purpose,
    location: b.facilityNameZh,
    organizer: { name: "中试通 Zhongshi", email },
    attendees: [{ email: attendee }],
  });
  return calendar.toString();
};

const recipientIds = async (tx: repo.Tx, ctx: NoticeContext, rules: string[]) => {
  const ids = new Set<string>();
  for (const rule of rules) {
    if (rule === "requester") {
      const id = ctx.booking?.requesterId ?? ctx.payload.requesterId;
      if (typeof id === "string") ids.add(id);
    } else if (rule === "managers") {
      const facilityId = ctx.booking?.facilityId ?? ctx.payload.facilityId;
      if (typeof facilityId === "string")
        for (const id of await repo.findFacilityManagerIds(tx, facilityId)) ids.add(id);
    } else {
      const value = ctx.payload[rule];
      for (const id of Array.isArray(value) ? value : [value]) if (typeof id === "string") ids.add(id);
    }
  }
  return [...ids];
};

/** Turns one outbox message into inbox rows, e-mails and webhook calls, and runs the topic's effects. */
const expandMessage = async (tx: repo.Tx, message: repo.OutboxRow, deps: NotificationDeps) => {
  const payload = message.payload ?? {};
  const bookingId = typeof payload.bookingId === "string" ? payload.bookingId : null;
  const ctx: NoticeContext = {
    outboxId: message.id,
    topic: message.topic,
    payload,
    booking: bookingId ? await repo.findBookingNotice(tx, bookingId) : null,
  };
  for (const effect of topicEffects(message.topic)) await effect(tx, ctx);
  const spec = topicSpec(message.topic);
  if (!spec || spec.skip?.(ctx)) return;

  const excluded = new Set(spec.exclude?.(ctx) ?? []);
  const ids = (await recipientIds(tx, ctx, spec.to)).filter((id) => !excluded.has(id));
  const path = spec.link?.(ctx) ?? null;
  const url = path ? new URL(path, deps.publicOrigin).toString() : null;
  for (const user of await repo.findRecipients(tx, ids, message.topic)) {
    const locale = localeOf(user.locale);
    const rendered = renderTemplate(spec[locale], templateVars(ctx, locale), ctx);
    const digest = spec.digest === true && user.choice === "DIGEST";
    await repo.insertNotification(tx, {
      userId: user.id,
      outboxId: message.id,
      topic: message.topic,
      title: rendered.subject,
      body: rendered.lines.join("\n"),
      link: path,
      wantsDigest: digest,
    });
    if (user.choice === "NONE" || digest) continue;
    const { text, html } = renderBodies(rendered, locale, url);
    await repo.insertDelivery(tx, {
      channel: "EMAIL",
      messageId: `<o${message.id}.${user.id}@${MESSAGE_DOMAIN}>`,
      outboxId: message.id,
      topic: message.topic,
      userId: user.id,
      webhookId: null,
      recipient: user.email,
      content: {
        subject: rendered.subject,
        text,
        html,
        locale,
        ...(spec.ics && ctx.booking
          ? { icalEvent: { method: spec.ics, content: calendarFor(ctx.booking, spec.ics, deps.mailFrom, user.email) } }
          : {}),
      },
    });
  }

  const address = spec.toAddress ? payload[spec.toAddress] : undefined;
  if (typeof address === "string") {
    const locale = localeOf(typeof payload.locale === "string" ? payload.locale : "zh-CN");
    const rendered = renderTemplate(spec[locale], templateVars(ctx, locale), ctx);
    const { text, html } = renderBodies(rendered, locale, url);
    await repo.insertDelivery(tx, {
      channel: "EMAIL",
      messageId: `<o${message.id}.address@${MESSAGE_DOMAIN}>`,
      outboxId: message.id,
      topic: message.topic,
      userId: null,
      webhookId: null,
      recipient: address,
      content: { subject: rendered.subject, text, html, locale },
    });
  }

  const facilityId = ctx.booking?.facilityId ?? (typeof payload.facilityId === "string" ? payload.facilityId : null);
  const hooks = await repo.findWebhooksFor(tx, message.topic, facilityId);
  if (hooks.length > 0) {
    const rendered = renderTemplate(spec["zh-CN"], templateVars(ctx, "zh-CN"), ctx);
    // Robots show only the text: the subject leads it.
    const text = (rendered.lines[0] === rendered.subject ? rendered.lines : [rendered.subject, ...rendered.lines]).join(
      "\n",
    );
    const data = {
      ...payload,
      ...(ctx.booking
        ? {
            bookingId: ctx.booking.id,
            resourceCode: ctx.booking.resourceCode,
            status: ctx.booking.status,
            start: ctx.booking.startsAt.toISOString(),
            end: ctx.booking.endsAt.toISOString(),
          }
        : {}),
    };
    for (const hook of hooks) {
      await repo.insertDelivery(tx, {
        channel: "WEBHOOK",
        messageId: `o${message.id}.w${hook.id}`,
        outboxId: message.id,
        topic: message.topic,
        userId: null,
        webhookId: hook.id,
        recipient: hook.url,
        content: { format: hook.format, secret: hook.secret, text, data },
      });
    }
  }
};

/**
 * Expands due outbox messages one transaction each: the claim (SKIP LOCKED), the rows it produces and the
 * "sent" mark commit together, so a crash leaves the message due and a second replica never takes it twice.
 */
export const expandOutbox = async (db: Db, deps: NotificationDeps) => {
  const maxAttempts = deps.maxAttempts ?? MAX_ATTEMPTS;
  let done = 0;
  for (let i = 0; i < (deps.batch ?? 50); i++) {
    let failed: { id: bigint; error: unknown } | null = null;
    const claimed = await inTransaction(
      db,
      async (tx) => {
        const message = await repo.claimOutboxMessage(tx);
        if (!message) return false;
        try {
          await expandMessage(tx, message, deps);
          await repo.markOutboxSent(tx, message.id);
        } catch (error) {
          failed = { id: message.id, error };
          throw error;
        }
        return true;
      },
      { timeout: 30_000 },
    ).catch((error) => {
      if (!failed) throw error;
      return true;
    });
    if (failed) {
      const { id, error } = failed as { id: bigint; error: unknown };
      console.error(`[notify] outbox message ${id} failed:`, error);
      await repo.failOutboxMessage(db, id, String(error), maxAttempts);
    }
    if (!claimed) break;
    done++;
  }
  return done;
};

let defaultDispatcher: Dispatcher | undefined;
const webhookDispatcher = (deps: NotificationDeps) =>
  deps.webhookDispatcher ?? (defaultDispatcher ??= outboundDispatcher());

/** fetch's own message ("fetch failed") hides why: the refused address or the connection error. */
const failureText = (error: unknown) => {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
};

const backoffSeconds = (attempts: number) => Math.min(30 * 2 ** (attempts - 1), 6 * 3600);

/** Sends leased e-mails and webhook calls; failures retry with exponential back-off and park after `maxAttempts`. */
export const sendDeliveries = async (db: Db, deps: NotificationDeps) => {
  const maxAttempts = deps.maxAttempts ?? MAX_ATTEMPTS;
  const leased = await repo.leaseDeliveries(db, { batch: deps.batch ?? 50, leaseSeconds: 120 });
  for (const d of leased) {
    let status: number | null = null;
    try {
      if (d.channel === "EMAIL") {
        const c = d.content as Omit<Mail, "to" | "messageId">;
        await deps.mailer.send({ ...c, to: d.recipient, messageId: d.message_id });
      } else {
        const c = d.content as { format: WebhookFormat; secret: string; text: string; data: Record<string, unknown> };
        const request = buildWebhookRequest({ ...c, url: d.recipient, messageId: d.message_id, topic: d.topic });
        const init = {
          method: "POST",
          headers: request.headers,
          body: request.body,
          redirect: "manual",
          signal: AbortSignal.timeout(10_000),
        } as const;
        const response = deps.fetch
          ? await deps.fetch(request.url, init)
          : await undiciFetch(request.url, { ...init, dispatcher: webhookDispatcher(deps) });
        status = response.status;
        await response.body?.cancel();
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
      }
      await repo.markDeliverySent(db, d.id, status);
    } catch (error) {
      await repo.failDelivery(db, {
        id: d.id,
        error: failureText(error),
        status,
        park: d.attempts >= maxAttempts,
        retryInSeconds: backoffSeconds(d.attempts),
      });
    }
  }
  return leased.length;
};

const DIGEST_SUBJECT: Record<Locale, (n: number) => string> = {
  "zh-CN": (n) => `新预约申请汇总：${n} 条待审批`,
  en: (n) => `Digest of new booking requests: ${n} waiting`,
};

/** One mail per digest subscriber with the new requests since the last digest; call it on the digest schedule. */
export const sendDigests = async (db: Db, deps: NotificationDeps) => {
  const pending = await repo.findPendingDigests(db, deps.digestAfterMinutes ?? 60);
  for (const p of pending) {
    const locale = localeOf(p.locale);
    const rendered = { subject: DIGEST_SUBJECT[locale](p.titles.length), lines: p.titles };
    const { text, html } = renderBodies(rendered, locale, new URL("/manage", deps.publicOrigin).toString());
    await inTransaction(db, async (tx) => {
      await repo.markDigested(tx, p.ids);
      await repo.insertDelivery(tx, {
        channel: "EMAIL",
        messageId: `<digest.${p.ids[0]}.${p.ids.length}@${MESSAGE_DOMAIN}>`,
        outboxId: null,
        topic: "booking.requested.digest",
        userId: p.user_id,
        webhookId: null,
        recipient: p.email,
        content: { subject: rendered.subject, text, html, locale },
      });
    });
  }
  return pending.length;
};

/** One pass of notification work, for the job runner: expand the outbox, then send what it produced. */
export const deliverNotifications = async (db: Db, deps: NotificationDeps) => {
  const expanded = await expandOutbox(db, deps);
  await sendDigests(db, deps);
  const sent = await sendDeliveries(db, deps);
  return expanded + sent;
};
