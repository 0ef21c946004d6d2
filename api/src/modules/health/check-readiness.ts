import type { Db } from "../../lib/db.ts";
import { isDatabaseUnavailable } from "../../lib/db-errors.ts";
import { readMigrations } from "../../lib/migrate.ts";
import { findAppliedMigrations } from "./health.repository.ts";

export type Readiness = { ready: boolean; database: "up" | "down"; pendingMigrations: string[] };

let expected: string[] | undefined;

/**
 * Ready means: the database answers and every migration this build ships has been applied. A replica
 * that is not ready is taken out of the load balancer's rotation, not restarted (that is liveness).
 */
export const checkReadiness = async ({ db }: { db: Db }): Promise<Readiness> => {
  expected ??= readMigrations().map((m) => m.name);
  try {
    const applied = await findAppliedMigrations(db);
    const pendingMigrations = expected.filter((name) => !applied.has(name));
    return { ready: pendingMigrations.length === 0, database: "up", pendingMigrations };
  } catch (error) {
    // A missing _prisma_migrations table (42P01) is an unmigrated database, not an outage.
    if (!isDatabaseUnavailable(error) && !/_prisma_migrations/.test(String(error))) throw error;
    const database = isDatabaseUnavailable(error) ? "down" : "up";
    return { ready: false, database, pendingMigrations: database === "up" ? expected : [] };
  }
};
