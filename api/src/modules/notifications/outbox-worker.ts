import type { Db } from "../../lib/db.ts";
import { logger } from "../../lib/log.ts";

export type OutboxMessage = { id: bigint; topic: string; payload: unknown };
/** Delivers one message (e-mail, webhook…); throwing schedules a retry with back-off. */
export type Sender = (message: OutboxMessage) => Promise<void>;

/** No mail server is configured in this deployment: notifications are written to the log. */
export const logSender: Sender = async (message) => {
  if (process.env.ZHONGSHI_LOG_NOTIFICATIONS !== "0")
    logger.info({ component: "notify", topic: message.topic, payload: message.payload }, "notification");
};

/** Claims due messages with SKIP LOCKED (safe with several replicas) and marks each sent or retried. */
export const deliverOutbox = async (db: Db, send: Sender, { batch = 50 }: { batch?: number } = {}) =>
  db.$transaction(async (tx) => {
    const due = await tx.$queryRaw<OutboxMessage[]>`
      SELECT id, topic, payload FROM outbox
      WHERE sent_at IS NULL AND available_at <= now() AND attempts < 10
      ORDER BY id LIMIT ${batch} FOR UPDATE SKIP LOCKED`;
    for (const message of due) {
      try {
        await send(message);
        await tx.outbox.update({ where: { id: message.id }, data: { sentAt: new Date(), attempts: { increment: 1 } } });
      } catch (error) {
        await tx.$executeRaw`
          UPDATE outbox SET attempts = attempts + 1, last_error = ${String(error)},
            available_at = now() + make_interval(secs => 30 * power(2, attempts))
          WHERE id = ${message.id}`;
      }
    }
    return due.length;
  });
