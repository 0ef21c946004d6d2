import type { Db } from "../../lib/db.ts";
import { deleteExpiredIdempotencyRecords, IDEMPOTENCY_TTL_HOURS } from "./bookings.repository.ts";

/**
 * Idempotency-Keys are remembered for IDEMPOTENCY_TTL_HOURS (24 h): a retry within that time gets the
 * original answer; after it the key is forgotten and may be reused. Runs as a periodic job.
 */
export const purgeIdempotencyRecords = async (db: Db) => {
  await deleteExpiredIdempotencyRecords(db, IDEMPOTENCY_TTL_HOURS);
};
