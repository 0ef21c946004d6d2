import type { Db } from "../../lib/db.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { DeliveryChannel, EmailChoice, WebhookFormat } from "../../enums.ts";
import type { BookingNotice } from "./topics.ts";

export type Tx = Prisma.TransactionClient | Db;

export type OutboxRow = { id: bigint; topic: string; payload: Record<string, unknown>; attempts: number };

/** Claims one due message; the row stays locked until the caller's transaction ends, so no replica takes it twice. */
export const claimOutboxMessage = async (tx: Tx) => {
  const rows = await tx.$queryRaw<OutboxRow[]>`
    SELECT id, topic, payload, attempts FROM outbox
    WHERE sent_at IS NULL AND parked_at IS NULL AND available_at <= now()
    ORDER BY available_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`;
  return rows[0] ?? null;
};

export const markOutboxSent = (tx: Tx, id: bigint) =>
  tx.outbox.update({ where: { id }, data: { sentAt: new Date(), attempts: { increment: 1 } } });

/** Marks a claimed batch sent in one statement (the log-only sender's batch). */
export const markOutboxBatchSent = (tx: Tx, ids: bigint[]) =>
  tx.outbox.updateMany({ where: { id: { in: ids } }, data: { sentAt: new Date(), attempts: { increment: 1 } } });

/** A failed expansion is retried with back-off, then parked for an admin to see. */
export const failOutboxMessage = (db: Tx, id: bigint, error: string, maxAttempts: number) =>
  db.$executeRaw`
    UPDATE outbox SET attempts = attempts + 1, last_error = ${error},
      available_at = now() + make_interval(secs => 30 * power(2, attempts)),
      parked_at = CASE WHEN attempts + 1 >= ${maxAttempts} THEN now() END
    WHERE id = ${id}`;

/** Without notification channels (the log-only sender): up to `batch` due messages, locked like the claim above. */
export const claimDueOutboxBatch = (tx: Tx, batch: number) =>
  tx.$queryRaw<{ id: bigint; topic: string; payload: unknown }[]>`
    SELECT id, topic, payload FROM outbox
    WHERE sent_at IS NULL AND available_at <= now() AND attempts < 10
    ORDER BY id LIMIT ${batch} FOR UPDATE SKIP LOCKED`;

/** The log-only sender failed: try again later, with back-off. */
export const retryOutboxLater = (tx: Tx, id: bigint, error: string) =>
  tx.$executeRaw`
    UPDATE outbox SET attempts = attempts + 1, last_error = ${error},
      available_at = now() + make_interval(secs => 30 * power(2, attempts))
    WHERE id = ${id}`;

export const scheduleOutbox = (
  tx: Tx,
  row: { topic: string; payload: Record<string, unknown>; availableAt: Date; dedupeKey: string },
) =>
  tx.$executeRaw`
    INSERT INTO outbox (topic, payload, available_at, dedupe_key)
    VALUES (${row.topic}, ${JSON.stringify(row.payload)}::jsonb, ${row.availableAt}, ${row.dedupeKey})
    ON CONFLICT (dedupe_key) DO NOTHING`;

export const enqueueOutbox = (tx: Tx, topic: string, payload: Record<string, unknown>) =>
  tx.outbox.create({ data: { topic, payload: payload as Prisma.InputJsonValue } });

/** Scheduled messages of a booking that no longer apply (its reminders once it is cancelled). */
export const cancelScheduled = (tx: Tx, dedupePrefix: string) =>
  tx.$executeRaw`DELETE FROM outbox WHERE sent_at IS NULL AND dedupe_key LIKE ${dedupePrefix + "%"}`;

export const findBookingNotice = async (tx: Tx, bookingId: string): Promise<BookingNotice | null> => {
  const rows = await tx.$queryRaw<BookingNotice[]>`
    SELECT b.id, b.kind::text AS kind, b.status::text AS status, b.requester_id AS "requesterId",
      b.organization_id AS "organizationId", b.resource_id AS "resourceId", r.code AS "resourceCode",
      r.name_zh AS "resourceNameZh", r.name_en AS "resourceNameEn", f.id AS "facilityId",
      f.name_zh AS "facilityNameZh", f.name_en AS "facilityNameEn", f.time_zone AS "timeZone",
      b.starts_at AS "startsAt", b.ends_at AS "endsAt", b.unit_id AS "unitId", b.purpose,
      b.hold_expires_at AS "holdExpiresAt", e.actor_id AS "lastActorId", e.reason AS "lastReason"
    FROM booking b
    JOIN resource r ON r.id = b.resource_id
    JOIN facility f ON f.id = r.facility_id
    LEFT JOIN LATERAL (
      SELECT actor_id, reason FROM booking_event WHERE booking_id = b.id ORDER BY at DESC, id DESC LIMIT 1
    ) e ON true
    WHERE b.id = ${bookingId}::uuid`;
  return rows[0] ?? null;
};

export const findFacilityManagerIds = async (tx: Tx, facilityId: string) =>
  (await tx.facilityManager.findMany({ where: { facilityId }, select: { userId: true } })).map((m) => m.userId);

export type Recipient = { id: string; email: string; name: string; locale: string; choice: EmailChoice };

export const findRecipients = async (tx: Tx, userIds: string[], topic: string): Promise<Recipient[]> => {
  if (userIds.length === 0) return [];
  return tx.$queryRaw<Recipient[]>`
    SELECT u.id, u.email, u.name, u.locale, COALESCE(p.email::text, 'EACH') AS choice
    FROM app_user u LEFT JOIN notification_preference p ON p.user_id = u.id AND p.topic = ${topic}
    WHERE u.id = ANY(${userIds}::uuid[])
    ORDER BY u.id`;
};

export const insertNotification = (
  tx: Tx,
  n: {
    userId: string;
    outboxId: bigint;
    topic: string;
    title: string;
    body: string;
    link: string | null;
    wantsDigest: boolean;
  },
) =>
  tx.$executeRaw`
    INSERT INTO notification (user_id, outbox_id, topic, title, body, link, wants_digest)
    VALUES (${n.userId}::uuid, ${n.outboxId}, ${n.topic}, ${n.title}, ${n.body}, ${n.link}, ${n.wantsDigest})
    ON CONFLICT (outbox_id, user_id) DO NOTHING`;

export const insertDelivery = (
  tx: Tx,
  d: {
    channel: DeliveryChannel;
    messageId: string;
    outboxId: bigint | null;
    topic: string;
    userId: string | null;
    webhookId: string | null;
    recipient: string;
    content: unknown;
  },
) =>
  tx.$executeRaw`
    INSERT INTO delivery (channel, message_id, outbox_id, topic, user_id, webhook_id, recipient, content)
    VALUES (${d.channel}::"DeliveryChannel", ${d.messageId}, ${d.outboxId}, ${d.topic}, ${d.userId}::uuid,
      ${d.webhookId}::uuid, ${d.recipient}, ${JSON.stringify(d.content)}::jsonb)
    ON CONFLICT (message_id) DO NOTHING`;

export const findWebhooksFor = (tx: Tx, topic: string, facilityId: string | null) =>
  tx.$queryRaw<{ id: string; url: string; format: WebhookFormat; secret: string }[]>`
    SELECT id, url, format::text AS format, secret FROM webhook_endpoint
    WHERE active AND (cardinality(topics) = 0 OR ${topic} = ANY(topics))
      AND (facility_id IS NULL OR facility_id = ${facilityId}::uuid)
    ORDER BY created_at`;

export type DeliveryRow = {
  id: bigint;
  channel: DeliveryChannel;
  message_id: string;
  topic: string;
  recipient: string;
  content: Record<string, unknown>;
  attempts: number;
};

/**
 * Leases due deliveries in one statement (SKIP LOCKED): each replica gets different rows, and a lease that
 * runs out (the process died mid-send) makes the row due again: at least once, same Message-ID.
 */
export const leaseDeliveries = (tx: Tx, { batch, leaseSeconds }: { batch: number; leaseSeconds: number }) =>
  tx.$queryRaw<DeliveryRow[]>`
    UPDATE delivery d SET locked_until = now() + make_interval(secs => ${leaseSeconds}), attempts = d.attempts + 1
    FROM (
      SELECT id FROM delivery
      WHERE sent_at IS NULL AND parked_at IS NULL AND available_at <= now()
        AND (locked_until IS NULL OR locked_until < now())
      ORDER BY available_at, id LIMIT ${batch} FOR UPDATE SKIP LOCKED
    ) due
    WHERE d.id = due.id
    RETURNING d.id, d.channel::text AS channel, d.message_id, d.topic, d.recipient, d.content, d.attempts`;

export const markDeliverySent = (tx: Tx, id: bigint, status: number | null) =>
  tx.delivery.update({ where: { id }, data: { sentAt: new Date(), lockedUntil: null, lastStatus: status } });

export const failDelivery = (
  tx: Tx,
  d: { id: bigint; error: string; status: number | null; park: boolean; retryInSeconds: number },
) =>
  tx.$executeRaw`
    UPDATE delivery SET locked_until = NULL, last_error = ${d.error}, last_status = ${d.status},
      available_at = now() + make_interval(secs => ${d.retryInSeconds}),
      parked_at = CASE WHEN ${d.park} THEN now() END
    WHERE id = ${d.id}`;

/** Digest subscribers with new-request notifications not yet sent in a digest. */
export const findPendingDigests = (tx: Tx, afterMinutes: number) =>
  tx.$queryRaw<{ user_id: string; email: string; locale: string; ids: string[]; titles: string[] }[]>`
    SELECT n.user_id, u.email, u.locale, array_agg(n.id::text ORDER BY n.created_at) AS ids,
      array_agg(n.title ORDER BY n.created_at) AS titles
    FROM notification n JOIN app_user u ON u.id = n.user_id
    WHERE n.wants_digest AND n.digested_at IS NULL
    GROUP BY n.user_id, u.email, u.locale
    HAVING min(n.created_at) <= now() - make_interval(mins => ${afterMinutes})`;

export const markDigested = (tx: Tx, ids: string[]) =>
  tx.notification.updateMany({ where: { id: { in: ids } }, data: { digestedAt: new Date() } });

export const listNotifications = (
  tx: Tx,
  userId: string,
  {
    unreadOnly,
    cursor,
    limit,
  }: { unreadOnly: boolean; cursor?: { createdAt: Date; id: string } | undefined; limit: number },
) =>
  tx.notification.findMany({
    where: {
      userId,
      ...(unreadOnly ? { readAt: null } : {}),
      ...(cursor
        ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });

export const countUnread = (tx: Tx, userId: string) => tx.notification.count({ where: { userId, readAt: null } });

export const markRead = (tx: Tx, userId: string, ids: string[] | "all") =>
  tx.notification.updateMany({
    where: { userId, readAt: null, ...(ids === "all" ? {} : { id: { in: ids } }) },
    data: { readAt: new Date() },
  });

export const findNotification = (tx: Tx, id: string) => tx.notification.findUnique({ where: { id } });

export const listPreferences = (tx: Tx, userId: string) => tx.notificationPreference.findMany({ where: { userId } });

export const savePreference = (tx: Tx, userId: string, topic: string, email: EmailChoice) =>
  tx.notificationPreference.upsert({
    where: { userId_topic: { userId, topic } },
    create: { userId, topic, email },
    update: { email },
  });

export const createWebhook = (
  tx: Tx,
  w: {
    url: string;
    format: WebhookFormat;
    secret: string;
    topics: string[];
    facilityId: string | null;
    createdById: string;
  },
) => tx.webhookEndpoint.create({ data: w });

/** Admins see every endpoint; a facility manager those of the facilities they manage. */
export const listWebhooks = (tx: Tx, scope: { all: true } | { facilityIds: string[] }) =>
  tx.webhookEndpoint.findMany({
    where: "all" in scope ? {} : { facilityId: { in: scope.facilityIds } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
  });

export const findWebhook = (tx: Tx, id: string) => tx.webhookEndpoint.findUnique({ where: { id } });
export const deleteWebhook = (tx: Tx, id: string) => tx.webhookEndpoint.delete({ where: { id } });

export type DeliveryFilter = {
  channel?: DeliveryChannel | undefined;
  state?: "PARKED" | "PENDING" | "SENT" | undefined;
  webhookIds?: string[] | undefined;
  recipient?: string | undefined;
};

export const listDeliveries = (
  tx: Tx,
  f: DeliveryFilter,
  { cursor, limit }: { cursor?: bigint | undefined; limit: number },
) =>
  tx.delivery.findMany({
    where: {
      ...(f.channel ? { channel: f.channel } : {}),
      ...(f.state === "PARKED" ? { parkedAt: { not: null } } : {}),
      ...(f.state === "PENDING" ? { sentAt: null, parkedAt: null } : {}),
      ...(f.state === "SENT" ? { sentAt: { not: null } } : {}),
      ...(f.webhookIds ? { webhookId: { in: f.webhookIds } } : {}),
      ...(f.recipient ? { recipient: f.recipient } : {}),
      ...(cursor ? { id: { lt: cursor } } : {}),
    },
    orderBy: { id: "desc" },
    take: limit + 1,
  });

export const findDelivery = (tx: Tx, id: bigint) => tx.delivery.findUnique({ where: { id } });

/** An admin releases a parked delivery: it is due again with a fresh attempt budget. */
export const releaseDelivery = (tx: Tx, id: bigint) =>
  tx.delivery.updateMany({
    where: { id, sentAt: null },
    data: { parkedAt: null, attempts: 0, availableAt: new Date(), lockedUntil: null },
  });

export const listParkedOutbox = (tx: Tx, limit: number) =>
  tx.outbox.findMany({ where: { parkedAt: { not: null }, sentAt: null }, orderBy: { id: "desc" }, take: limit });
