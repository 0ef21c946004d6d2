import type { Db } from "../../lib/db.ts";

/** Names of the migrations recorded as finished; throws when the database cannot be reached. */
export const findAppliedMigrations = async (db: Db) => {
  const rows = await db.$queryRaw<{ migration_name: string }[]>`
    SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  return new Set(rows.map((r) => r.migration_name));
};
