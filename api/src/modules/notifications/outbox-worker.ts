import { inTransaction, type Db } from "../../lib/db.ts";
import { logger } from "../../lib/log.ts";
import * as repo from "./notifications.repository.ts";

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
  inTransaction(db, async (tx) => {
    const due = await repo.claimDueOutboxBatch(tx, batch);
    for (const message of due) {
      try {
        await send(message);
        await repo.markOutboxSent(tx, message.id);
      } catch (error) {
        await repo.retryOutboxLater(tx, message.id, String(error));
      }
    }
    return due.length;
  });
