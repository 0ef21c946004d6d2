// Fault suite: two API replicas (real processes on 127.0.0.1) on one PostgreSQL take booking traffic while
// one replica is SIGKILLed and restarted and PostgreSQL is stopped and started. Then the database must hold
// every acknowledged booking exactly once, no unit two overlapping active bookings, every retry with the same
// Idempotency-Key the original answer, and every answer given while the database was down must be 503 with
// Retry-After. Bounded: at most MAX_REQUESTS bookings, each request at most REQUEST_TIMEOUT_MS.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../../api/src/lib/embedded-db.ts";
import { createDb, type Db } from "../../api/src/lib/db.ts";
import { prepareDatabase } from "../setup/throwaway-db.ts";
import { createWorld, futureDay, at } from "../setup/fixtures.ts";
import { spawnApi, type ApiProcess } from "../setup/api-process.ts";
import { freePort } from "../setup/free-port.ts";

const MAX_REQUESTS = 800;
const CLIENTS = 6;
const REQUEST_TIMEOUT_MS = 15_000;
const MAX_ATTEMPTS = 40;
const OUTAGE_MS = 3_000;
const TRAFFIC_BEFORE_MINUTE_MS = 15_000;

type Answer = {
  status: number;
  code?: string;
  retryAfter: string | null;
  contentType: string | null;
  sentAt: number;
  at: number;
};

const dataDir = mkdtempSync(path.join(os.tmpdir(), "zhongshi-faults-"));
chmodSync(dataDir, 0o755);
let database: EmbeddedDatabase | undefined;
let db: Db | undefined;
const replicas: (ApiProcess | undefined)[] = [];
afterAll(async () => {
  for (const replica of replicas) await replica?.stop("SIGKILL");
  await db?.$disconnect();
  await database?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("faults", () => {
  it("loses nothing and answers 503 with Retry-After while the database is away", async () => {
    const pgPort = await freePort();
    const startDatabase = () =>
      startEmbeddedDatabase({ dataDir, port: pgPort, persistent: true, databaseName: "zhongshi_faults" });
    database = await startDatabase();
    const url = database.url;
    await prepareDatabase(url);
    db = createDb(url);
    const world = await createWorld(db);
    const resources = await Promise.all([1, 2, 3].map(() => world.createResource({ units: 2, approval: "AUTO" })));
    const sessions = [await world.sessionHeaders(world.memberA.id), await world.sessionHeaders(world.memberB.id)];
    const ports = [await freePort(), await freePort()];
    const startReplica = (i: number) => spawnApi({ databaseUrl: url, port: ports[i]!, env: { DB_POOL_MAX: "8" } });
    replicas[0] = await startReplica(0);
    replicas[1] = await startReplica(1);

    const day = futureDay(200);
    const slots = resources.flatMap((r) =>
      Array.from({ length: 48 }, (_, i) => ({
        resourceId: r.id,
        start: at(day, 0, i * 30),
        end: at(day, 0, i * 30 + 30),
      })),
    );

    // The timeline, recorded as it happens.
    let outage: { from: number; to: number } | undefined;
    let killedAt = 0;
    let done = false;
    const answers: Answer[] = [];
    const acknowledged = new Map<string, { bookingId: string; session: number }>();
    const replayMismatches: string[] = [];
    let replays = 0;
    let gaveUp = 0;
    let networkErrors = 0;
    let sent = 0;

    const send = async (key: string, session: number, body: string) => {
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const replica = replicas[(attempt + key.length) % 2];
        const sentAt = Date.now();
        try {
          if (!replica) throw new Error("replica down");
          const response = await fetch(`${replica.url}/api/v1/bookings`, {
            method: "POST",
            headers: { ...sessions[session]!, "idempotency-key": key },
            body,
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          });
          const json = (await response.json().catch(() => ({}))) as { code?: string; bookings?: { id: string }[] };
          const answer: Answer = {
            status: response.status,
            code: json.code,
            retryAfter: response.headers.get("retry-after"),
            contentType: response.headers.get("content-type"),
            sentAt,
            at: Date.now(),
          };
          answers.push(answer);
          if (response.status === 503 || json.code === "IDEMPOTENCY_IN_PROGRESS") {
            await sleep(Math.min(Number(answer.retryAfter ?? 1), 2) * 1000);
            continue;
          }
          return { status: response.status, bookingId: json.bookings?.[0]?.id };
        } catch {
          networkErrors++;
          await sleep(200);
        }
      }
      gaveUp++;
      return undefined;
    };

    const client = async (n: number) => {
      while (!done && sent < MAX_REQUESTS) {
        const i = sent++;
        const slot = slots[Math.floor(Math.random() * slots.length)]!;
        const session = (n + i) % 2;
        const key = `faults-${n}-${i}`;
        const body = JSON.stringify({
          resourceId: slot.resourceId,
          start: slot.start.toISOString(),
          end: slot.end.toISOString(),
          purpose: "fault suite",
        });
        // Every fifth request is sent twice at once: twins must share one booking.
        const twins = i % 5 === 0 ? [send(key, session, body), send(key, session, body)] : [send(key, session, body)];
        const results = await Promise.all(twins);
        const ok = results.filter((r) => r && r.status < 300 && r.bookingId);
        if (ok.length === 0) continue;
        const original = ok[0]!.bookingId!;
        acknowledged.set(key, { bookingId: original, session });
        for (const other of ok.slice(1)) if (other?.bookingId !== original) replayMismatches.push(key);
        if (i % 3 === 0) {
          // A retry later, as a client that lost the answer would send it.
          const again = await send(key, session, body);
          replays++;
          if (!again || again.status !== 200 || again.bookingId !== original) replayMismatches.push(key);
        }
      }
    };

    const timeline = async () => {
      await sleep(3_000);
      killedAt = Date.now();
      const victim = replicas[0]!;
      replicas[0] = undefined;
      await victim.stop("SIGKILL");
      await sleep(1_000);
      replicas[0] = await startReplica(0);
      await sleep(3_000);
      await database!.stop();
      const from = Date.now();
      await sleep(OUTAGE_MS);
      const to = Date.now();
      outage = { from, to };
      database = await startDatabase();
      await sleep(5_000);
      done = true;
    };

    // Traffic starts 15 s before a minute boundary, so the kill, the restart and the outage (about +3 s to
    // +15 s) fall between two ticks of the jobs' cron: a run that began at a tick had every replica's minute
    // jobs compete with the restart and the first wave of bookings. (A tick during the outage used to crash a
    // replica; api/src/jobs.ts handles it now, tests/integration/pool-errors.test.ts proves it.)
    const toTrafficStart = (60_000 - (Date.now() % 60_000) - TRAFFIC_BEFORE_MINUTE_MS + 60_000) % 60_000;
    await sleep(toTrafficStart);
    const started = Date.now();
    await Promise.all([timeline(), ...Array.from({ length: CLIENTS }, (_, n) => client(n))]);
    const elapsed = Date.now() - started;

    // What the database holds.
    const check = new pg.Client({ connectionString: url });
    await check.connect();
    const { rows: bookings } = await check.query<{ id: string; unit_id: string }>(
      "SELECT id::text, unit_id::text FROM booking WHERE resource_id = ANY($1::uuid[])",
      [resources.map((r) => r.id)],
    );
    const { rows: records } = await check.query<{ key: string; booking_id: string }>(
      "SELECT key, response->'bookings'->0->>'id' AS booking_id FROM idempotency_record WHERE key LIKE 'faults-%'",
    );
    const { rows: overlaps } = await check.query(
      `SELECT a.id FROM booking a JOIN booking b ON a.unit_id = b.unit_id AND a.id < b.id AND a.blocked && b.blocked
       WHERE a.resource_id = ANY($1::uuid[]) AND a.status IN ('PENDING','APPROVED','CHECKED_IN')
         AND b.status IN ('PENDING','APPROVED','CHECKED_IN')`,
      [resources.map((r) => r.id)],
    );
    for (const [i, replica] of replicas.entries()) {
      // A replica that died is a finding in itself: show why before the checks below fail on it.
      if (replica!.child.exitCode !== null || replica!.child.signalCode !== null)
        console.error(`[faults] replica ${i} exited:\n${replica!.output().split("\n").slice(-40).join("\n")}`);
    }
    const afterRecovery = await fetch(`${replicas[0]!.url}/api/ready`);
    const afterRecovery2 = await fetch(`${replicas[1]!.url}/api/ready`);
    await check.end();

    // Jobs must back off quietly: no stack of warnings or errors from the job runner while the database is away.
    const loudJobLines = replicas
      .flatMap((r) => r!.output().split("\n"))
      .filter((line) => line.includes('"component":"jobs"') && /"level":(4|5|6)\d/.test(line));
    const bookingIds = new Set(bookings.map((b) => b.id));
    const recordByKey = new Map(records.map((r) => [r.key, r.booking_id]));
    const ackMissing = [...acknowledged].filter(([, a]) => !bookingIds.has(a.bookingId));
    const ackNotOriginal = [...acknowledged].filter(([key, a]) => recordByKey.get(key) !== a.bookingId);
    const recordedIds = records.map((r) => r.booking_id);
    const duplicates = recordedIds.length - new Set(recordedIds).size;
    const unkeyed = bookings.filter((b) => !recordByKey.size || !recordedIds.includes(b.id));
    const duringOutage = answers.filter((a) => outage && a.sentAt >= outage.from && a.at <= outage.to);
    const badOutage = duringOutage.filter(
      (a) => a.status !== 503 || !a.retryAfter || !a.contentType?.includes("application/problem+json"),
    );
    const byStatus = answers.reduce<Record<string, number>>((acc, a) => {
      const label = `${a.status}${a.code ? ` ${a.code}` : ""}`;
      acc[label] = (acc[label] ?? 0) + 1;
      return acc;
    }, {});

    console.log(
      [
        `fault suite: ${sent} booking requests from ${CLIENTS} clients over 2 replicas in ${(elapsed / 1000).toFixed(1)} s ` +
          `(traffic started ${(60 - (started % 60_000) / 1000).toFixed(1)} s before a minute boundary)`,
        `  replica SIGKILLed at +${((killedAt - started) / 1000).toFixed(1)} s and restarted; PostgreSQL down for ${OUTAGE_MS / 1000} s`,
        `  answers by status: ${JSON.stringify(byStatus)}`,
        `  network errors (killed replica, retried elsewhere): ${networkErrors}; requests given up: ${gaveUp}`,
        `  acknowledged bookings: ${acknowledged.size}; in the database: ${acknowledged.size - ackMissing.length}; ` +
          `bookings in the database: ${bookings.length}; idempotency duplicates: ${duplicates}; bookings without a key: ${unkeyed.length}`,
        `  overlapping active bookings on one unit: ${overlaps.length}`,
        `  retries with the same key: ${replays} later + ${Math.ceil(sent / 5)} concurrent twins; mismatched: ${replayMismatches.length}`,
        `  answers during the outage: ${duringOutage.length}, of which 503 + Retry-After: ${duringOutage.length - badOutage.length}`,
        `  job-runner lines at warn or above (replicas still running): ${loudJobLines.length}`,
      ].join("\n"),
    );

    expect(ackMissing).toEqual([]);
    expect(ackNotOriginal).toEqual([]);
    expect(duplicates).toBe(0);
    expect(unkeyed).toEqual([]);
    expect(overlaps).toEqual([]);
    expect(replayMismatches).toEqual([]);
    expect(duringOutage.length).toBeGreaterThan(0);
    expect(badOutage).toEqual([]);
    expect(answers.filter((a) => a.status >= 500 && a.status !== 503)).toEqual([]);
    expect(answers.filter((a) => a.code === "BOOKING_CONFLICT").length).toBeLessThan(answers.length);
    expect(loudJobLines.length, loudJobLines.join("\n")).toBeLessThanOrEqual(2);
    expect(afterRecovery.status).toBe(200);
    expect(afterRecovery2.status).toBe(200);
  });
});
