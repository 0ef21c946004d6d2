import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { StartupError } from "./env.ts";
import { migrationsDir } from "./paths.ts";

/** The key Prisma Migrate itself locks on, so our runner and `prisma migrate` exclude each other too. */
const MIGRATION_LOCK_KEY = 72707369;

type Migration = { name: string; file: string; sql: string; checksum: string };
export type MigrateResult = { applied: string[]; alreadyApplied: number };

export const readMigrations = (dir = migrationsDir): Migration[] =>
  readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = path.join(dir, name, "migration.sql");
      const sql = readFileSync(file, "utf8");
      return { name, file, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });

/**
 * Applies pending migrations in Prisma Migrate's layout and bookkeeping, so `prisma migrate status` agrees
 * wherever the Prisma engine is available. Each migration runs in its own transaction; a failure rolls it
 * back and stops with the file and the error. A changed, already-applied migration is refused.
 */
export const migrate = async ({
  databaseUrl,
  dir = migrationsDir,
}: {
  databaseUrl: string;
  dir?: string;
}): Promise<MigrateResult> => {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const recorded = new Map(rows.map((row) => [row.migration_name, row]));
    const applied: string[] = [];
    let alreadyApplied = 0;
    for (const migration of readMigrations(dir)) {
      const record = recorded.get(migration.name);
      if (record) {
        if (!record.finished_at) {
          throw new StartupError(
            `Migration ${migration.name} is recorded as started but not finished. Resolve it by hand before starting.`,
          );
        }
        if (record.checksum !== migration.checksum) {
          throw new StartupError(
            `Migration ${migration.file} was changed after it was applied (checksum differs). Restore the file and add a new migration instead.`,
          );
        }
        alreadyApplied++;
        continue;
      }
      try {
        await client.query("BEGIN");
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, now(), 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
        await client.query("COMMIT");
        applied.push(migration.name);
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        const message = error instanceof Error ? error.message : String(error);
        throw new StartupError(`Migration ${migration.file} failed and was rolled back: ${message}`);
      }
    }
    return { applied, alreadyApplied };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
    await client.end();
  }
};
