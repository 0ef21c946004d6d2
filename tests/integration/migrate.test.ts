import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import pg from "pg";
import { migrate, readMigrations } from "../../api/src/lib/migrate.ts";
import { migrationsDir } from "../../api/src/lib/paths.ts";

const baseUrl = inject("databaseUrl");
const admin = new pg.Client({ connectionString: baseUrl });
const created: string[] = [];

const freshDatabase = async () => {
  if (created.length === 0) await admin.connect();
  const name = `migrate_${Math.random().toString(36).slice(2, 10)}`;
  await admin.query(`CREATE DATABASE ${name}`);
  created.push(name);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

const copyMigrations = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "zhongshi-migrations-"));
  cpSync(migrationsDir, dir, { recursive: true });
  return dir;
};

const query = async (url: string, sql: string) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
};

afterAll(async () => {
  for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

describe("migration runner", () => {
  it("applies every migration once and records it the way Prisma Migrate does", async () => {
    const url = await freshDatabase();
    const first = await migrate({ databaseUrl: url });
    expect(first.applied).toEqual(readMigrations().map((m) => m.name));
    const second = await migrate({ databaseUrl: url });
    expect(second).toEqual({ applied: [], alreadyApplied: first.applied.length });
    const rows = await query(
      url,
      `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows).toEqual(
      readMigrations().map((m) => ({
        migration_name: m.name,
        checksum: m.checksum,
        finished: true,
        applied_steps_count: 1,
      })),
    );
    expect(readMigrations()[0]!.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it("lets two instances start together: the advisory lock serialises them and each migration runs once", async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([migrate({ databaseUrl: url }), migrate({ databaseUrl: url })]);
    expect(a.applied.length + b.applied.length).toBe(readMigrations().length);
    const rows = await query(url, `SELECT count(*)::int AS n FROM "_prisma_migrations"`);
    expect(rows[0].n).toBe(readMigrations().length);
  });

  it("rolls a failing migration back and names the file and the error", async () => {
    const url = await freshDatabase();
    const dir = copyMigrations();
    mkdirSync(path.join(dir, "29990101000000_broken"));
    writeFileSync(
      path.join(dir, "29990101000000_broken", "migration.sql"),
      `CREATE TABLE half_written (id int);\nSELECT * FROM no_such_table;`,
    );
    await expect(migrate({ databaseUrl: url, dir })).rejects.toThrow(
      /29990101000000_broken\/migration\.sql failed and was rolled back: .*no_such_table/,
    );
    const tables = await query(url, `SELECT to_regclass('half_written') AS t`);
    expect(tables[0].t).toBeNull();
    const names = await query(url, `SELECT migration_name FROM "_prisma_migrations"`);
    expect(names.map((r) => r.migration_name)).not.toContain("29990101000000_broken");
  });

  it("refuses to run when an applied migration's file has changed", async () => {
    const url = await freshDatabase();
    const dir = copyMigrations();
    await migrate({ databaseUrl: url, dir });
    const first = readMigrations(dir)[0]!;
    writeFileSync(first.file, `${first.sql}\n-- edited afterwards\n`);
    await expect(migrate({ databaseUrl: url, dir })).rejects.toThrow(/was changed after it was applied/);
  });

  it("creates the exclusion constraint over active bookings' blocked ranges", async () => {
    const rows = await query(
      baseUrl,
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'booking_no_overlap'`,
    );
    expect(rows[0].def).toMatch(
      /EXCLUDE USING gist \(unit_id WITH =, blocked WITH &&\) WHERE .*PENDING.*APPROVED.*CHECKED_IN/,
    );
  });
});
