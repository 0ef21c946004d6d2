import type { AppConfig } from "./lib/context.ts";
import type { Db } from "./lib/db.ts";
import { expirePendingHolds } from "./modules/bookings/transition-booking.ts";
import { remindRetentionEnding } from "./modules/orders/transition-order.ts";
import { purgeExpiredAuth } from "./modules/auth/auth.service.ts";
import { deliverOutbox, logSender, type Sender } from "./modules/notifications/outbox-worker.ts";

/**
 * Background work of the API process. Every job claims rows with FOR UPDATE SKIP LOCKED, so any number
 * of replicas can run them at once without doing the same work twice.
 */
export const startJobs = ({
  db,
  intervalMs = 30_000,
  sender = logSender,
}: {
  db: Db;
  config: AppConfig;
  intervalMs?: number;
  sender?: Sender;
}) => {
  let running = false;
  let lastPurge = 0;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await expirePendingHolds(db);
      await remindRetentionEnding(db);
      await deliverOutbox(db, sender);
      if (Date.now() - lastPurge > 10 * 60_000) {
        lastPurge = Date.now();
        await purgeExpiredAuth(db);
      }
    } catch (error) {
      console.error("[jobs] tick failed", error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      while (running) await new Promise((r) => setTimeout(r, 20));
    },
  };
};
