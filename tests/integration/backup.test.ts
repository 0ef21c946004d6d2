import { mkdtempSync, chmodSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startThrowawayDatabase, prepareDatabase, type ThrowawayDatabase } from "../setup/throwaway-db.ts";
import { createWorld, futureDay, at } from "../setup/fixtures.ts";
import { createDb, type Db } from "../../api/src/lib/db.ts";
import { backupEmbedded, restoreEmbedded } from "../../api/src/lib/backup.ts";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../../api/src/lib/embedded-db.ts";
import { createBookings } from "../../api/src/modules/bookings/create-bookings.ts";
import { freePort } from "../setup/free-port.ts";

let source: ThrowawayDatabase | undefined;
let restored: EmbeddedDatabase | undefined;
let db: Db | undefined;
const cleanup: string[] = [];
afterAll(async () => {
  await db?.$disconnect();
  await restored?.stop();
  await source?.stop();
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

const ids = async (url: string) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const read = async (table: string) =>
    (await client.query<{ id: string }>(`SELECT id::text FROM ${table} ORDER BY id`)).rows.map((r) => r.id);
  const result = {
    booking: await read("booking"),
    event: await read("booking_event"),
    usage: await read("usage_record"),
  };
  await client.end();
  return result;
};

describe("backups of the embedded cluster", () => {
  it("restores an online snapshot, taken under write load, into a fresh cluster with every booking, event and usage record", async () => {
    source = await startThrowawayDatabase("backup-src");
    await prepareDatabase(source.url);
    db = createDb(source.url);
    const world = await createWorld(db);
    const resource = await world.createResource({ units: 2, approval: "AUTO" });
    const actor = await world.actorOf(world.memberA.id);
    const day = futureDay(140);
    const book = (hour: number) =>
      createBookings({
        db: db!,
        actor,
        input: {
          items: [
            { resourceId: resource.id, range: { start: at(day, hour).getTime(), end: at(day, hour, 30).getTime() } },
          ],
          purpose: "backup",
        },
      });
    for (let hour = 0; hour < 6; hour++) {
      const { bookings } = await book(hour);
      await db.usageRecord.create({
        data: {
          bookingId: bookings[0]!.id,
          resourceId: resource.id,
          unitId: bookings[0]!.unitId,
          startedAt: at(day, hour),
          endedAt: at(day, hour, 30),
        },
      });
    }
    const before = await ids(source.url);

    // Writes keep coming while the snapshot is taken: it must still be consistent.
    let writing = true;
    const writer = (async () => {
      for (let hour = 6; writing && hour < 24; hour++) await book(hour);
    })();
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "zhongshi-backup-file-")), "backup.tar.gz");
    cleanup.push(path.dirname(file));
    const result = await backupEmbedded({
      databaseUrl: source.url,
      clusterDir: path.join(source.dataDir, "pg"),
      file,
    });
    writing = false;
    await writer;
    expect(result.kind).toBe("embedded-online");

    const freshDir = mkdtempSync(path.join(os.tmpdir(), "zhongshi-restored-"));
    chmodSync(freshDir, 0o755);
    cleanup.push(freshDir);
    await restoreEmbedded({ file, clusterDir: path.join(freshDir, "pg") });
    restored = await startEmbeddedDatabase({
      dataDir: freshDir,
      port: await freePort(),
      persistent: true,
      databaseName: new URL(source.url).pathname.slice(1),
    });
    const after = await ids(restored.url);
    for (const table of ["booking", "event", "usage"] as const) {
      expect(after[table].length, table).toBeGreaterThanOrEqual(before[table].length);
      expect(after[table], table).toEqual(expect.arrayContaining(before[table]));
    }
    // Consistent: every restored booking has its first event (they are written in one statement).
    const client = new pg.Client({ connectionString: restored.url });
    await client.connect();
    const orphans = await client.query(
      "SELECT count(*)::int AS n FROM booking b WHERE NOT EXISTS (SELECT 1 FROM booking_event e WHERE e.booking_id = b.id)",
    );
    await client.end();
    expect(orphans.rows[0].n).toBe(0);
  });
});
