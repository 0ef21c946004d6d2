import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testApp, createWorld, futureDay, at, type TestWorld } from "../setup/fixtures.ts";
import { deliverOutbox, type OutboxMessage } from "../../api/src/modules/notifications/outbox-worker.ts";
import { expirePendingHolds } from "../../api/src/modules/bookings/transition-booking.ts";
import { createBookings } from "../../api/src/modules/bookings/create-bookings.ts";
import { transitionBooking } from "../../api/src/modules/bookings/transition-booking.ts";

import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startJobs } from "../../api/src/jobs.ts";
import { createDb } from "../../api/src/lib/db.ts";
import { createLogger } from "../../api/src/lib/log.ts";
import { startEmbeddedDatabase, superuserPasswordFile } from "../../api/src/lib/embedded-db.ts";
import { readOrCreateSecret } from "../../api/src/lib/secrets.ts";
import { freePort } from "../setup/free-port.ts";

const databaseUrl = inject("databaseUrl");
const { db } = testApp(databaseUrl);
let world: TestWorld;
beforeAll(async () => {
  world = await createWorld(db);
});
afterAll(() => db.$disconnect());

describe("background jobs are safe with several replicas", () => {
  it("expires each due hold exactly once when replicas run the job at the same time", async () => {
    const resource = await world.createResource({ units: 1 });
    const actor = await world.actorOf(world.memberA.id);
    const day = futureDay(90);
    const created = await createBookings({
      db,
      actor,
      input: {
        items: Array.from({ length: 12 }, (_, i) => ({
          resourceId: resource.id,
          range: { start: at(day, i).getTime(), end: at(day, i, 30).getTime() },
        })),
        purpose: "holds",
      },
    });
    const ids = created.bookings.map((b) => b.id);
    await db.booking.updateMany({ where: { id: { in: ids } }, data: { holdExpiresAt: new Date(Date.now() - 60_000) } });
    await Promise.all([
      expirePendingHolds(db, { batch: 5 }),
      expirePendingHolds(db, { batch: 5 }),
      expirePendingHolds(db, { batch: 5 }),
    ]);
    while ((await expirePendingHolds(db)) > 0);
    const events = await db.bookingEvent.groupBy({
      by: ["bookingId"],
      where: { bookingId: { in: ids }, toStatus: "EXPIRED" },
      _count: true,
    });
    expect(events).toHaveLength(12);
    expect(events.every((e) => e._count === 1)).toBe(true);
    expect(await db.booking.count({ where: { id: { in: ids }, status: "EXPIRED" } })).toBe(12);
  });

  it("delivers every outbox message once across concurrent workers, and retries a failed delivery later", async () => {
    await db.outbox.updateMany({ where: { sentAt: null }, data: { sentAt: new Date() } });
    await db.outbox.createMany({
      data: Array.from({ length: 30 }, (_, i) => ({ topic: "test.message", payload: { i } })),
    });
    const delivered: number[] = [];
    const sender = async (m: OutboxMessage) => {
      const i = (m.payload as { i: number }).i;
      if (i === 7 && !delivered.includes(-7)) {
        delivered.push(-7);
        throw new Error("smtp down");
      }
      delivered.push(i);
    };
    await Promise.all([
      deliverOutbox(db, sender, { batch: 10 }),
      deliverOutbox(db, sender, { batch: 10 }),
      deliverOutbox(db, sender, { batch: 10 }),
    ]);
    while ((await deliverOutbox(db, sender)) > 0);
    expect(delivered.filter((i) => i >= 0).sort((a, b) => a - b)).toEqual([...Array(30).keys()].filter((i) => i !== 7));
    const failed = await db.outbox.findFirstOrThrow({
      where: { topic: "test.message", payload: { equals: { i: 7 } } },
    });
    expect(failed.sentAt).toBeNull();
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toContain("smtp down");
    expect(failed.availableAt.getTime()).toBeGreaterThan(Date.now());
    // The others are marked sent (each batch in one statement), once each.
    const sent = await db.outbox.findMany({ where: { topic: "test.message", sentAt: { not: null } } });
    expect(sent).toHaveLength(29);
    expect(sent.every((m) => m.attempts === 1)).toBe(true);
  });

  it("records a no-show only after the grace period", async () => {
    const resource = await world.createResource({ approval: "AUTO" });
    const actor = await world.actorOf(world.memberA.id);
    const manager = await world.actorOf(world.manager.id);
    const day = futureDay(91);
    const { bookings } = await createBookings({
      db,
      actor,
      input: {
        items: [{ resourceId: resource.id, range: { start: at(day, 9).getTime(), end: at(day, 10).getTime() } }],
        purpose: "no-show",
      },
    });
    const id = bookings[0]!.id;
    await expect(
      transitionBooking({
        db,
        actor: manager,
        bookingId: id,
        action: "noShow",
        noShowGraceMin: 30,
        now: at(day, 9, 20).getTime(),
      }),
    ).rejects.toMatchObject({ code: "INVALID_TRANSITION" });
    const noShow = await transitionBooking({
      db,
      actor: manager,
      bookingId: id,
      action: "noShow",
      noShowGraceMin: 30,
      now: at(day, 9, 30).getTime(),
    });
    expect(noShow.status).toBe("NO_SHOW");
  });

  it("runs the registered jobs through graphile-worker's queue, and stops cleanly", async () => {
    const resource = await world.createResource({ units: 1 });
    const actor = await world.actorOf(world.memberB.id);
    const day = futureDay(92);
    const { bookings } = await createBookings({
      db,
      actor,
      input: {
        items: [{ resourceId: resource.id, range: { start: at(day, 9).getTime(), end: at(day, 10).getTime() } }],
        purpose: "queued expiry",
      },
    });
    await db.booking.update({ where: { id: bookings[0]!.id }, data: { holdExpiresAt: new Date(Date.now() - 1000) } });
    const jobs = startJobs({ db, databaseUrl });
    try {
      await jobs.runNow("expire_holds");
      const deadline = Date.now() + 20_000;
      while ((await db.booking.findUniqueOrThrow({ where: { id: bookings[0]!.id } })).status !== "EXPIRED") {
        expect(Date.now()).toBeLessThan(deadline);
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await jobs.stop();
    }
  });

  it("waits quietly while its database is away and starts by itself when it comes up", async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "zhongshi-jobs-late-"));
    chmodSync(dataDir, 0o755);
    const lines: string[] = [];
    const log = createLogger({
      level: "debug",
      destination: { write: (line: string) => void lines.push(line) },
    });
    // The cluster's password is generated into its folder; made up front, so the URL is known before it runs.
    const password = readOrCreateSecret(superuserPasswordFile(dataDir)).value;
    const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/zhongshi_late`;
    const late = createDb(url);
    const ran: string[] = [];
    const jobs = startJobs({
      db: late,
      databaseUrl: url,
      log,
      jobs: [{ name: "probe", cron: "* * * * *", run: async () => void ran.push("probe") }],
    });
    let database: Awaited<ReturnType<typeof startEmbeddedDatabase>> | undefined;
    try {
      await new Promise((r) => setTimeout(r, 2_500));
      expect(lines.filter((l) => /"level":(4|5)0/.test(l))).toEqual([]);
      database = await startEmbeddedDatabase({ dataDir, port, persistent: false, databaseName: "zhongshi_late" });
      const deadline = Date.now() + 30_000;
      for (;;) {
        try {
          await jobs.runNow("probe");
          break;
        } catch {
          expect(Date.now()).toBeLessThan(deadline);
          await new Promise((r) => setTimeout(r, 500));
        }
      }
      while (ran.length === 0) {
        expect(Date.now()).toBeLessThan(deadline);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(lines.some((l) => l.includes("jobs resumed"))).toBe(true);
    } finally {
      await jobs.stop();
      await late.$disconnect();
      await database?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
