// Connections that die under a running API: the server terminating every backend (pg_terminate_backend),
// and PostgreSQL stopped across a minute boundary, when graphile-worker's cron fires into the outage. Either
// used to crash the process (an 'error' event or a promise rejection nobody handled); the API must stay up,
// answer 503 with Retry-After while the database is away, and serve again when it is back, without a restart.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../../api/src/lib/embedded-db.ts";
import { createDb, guardConnections, type Db } from "../../api/src/lib/db.ts";
import { prepareDatabase } from "../setup/throwaway-db.ts";
import { createWorld, futureDay, at, type TestWorld } from "../setup/fixtures.ts";
import { spawnApi, type ApiProcess } from "../setup/api-process.ts";
import { freePort } from "../setup/free-port.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const dataDir = mkdtempSync(path.join(os.tmpdir(), "zhongshi-pool-errors-"));
chmodSync(dataDir, 0o755);
let database: EmbeddedDatabase | undefined;
let db: Db | undefined;
let api: ApiProcess | undefined;
let world: TestWorld;
let resourceId: string;
let session: Record<string, string>;
let pgPort: number;
const startDatabase = () =>
  startEmbeddedDatabase({ dataDir, port: pgPort, persistent: true, databaseName: "zhongshi_pool_errors" });

beforeAll(async () => {
  pgPort = await freePort();
  database = await startDatabase();
  await prepareDatabase(database.url);
  db = createDb(database.url);
  world = await createWorld(db);
  resourceId = (await world.createResource({ units: 4, approval: "AUTO" })).id;
  session = await world.sessionHeaders(world.memberA.id);
  api = await spawnApi({ databaseUrl: database.url, port: await freePort(), env: { DB_POOL_MAX: "4" } });
});
afterAll(async () => {
  await api?.stop("SIGKILL");
  await db?.$disconnect();
  await database?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

type Answer = { status: number; retryAfter: string | null; contentType: string | null };

const ask = async (url: string, init?: RequestInit): Promise<Answer | "no answer"> => {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
    await response.arrayBuffer();
    return {
      status: response.status,
      retryAfter: response.headers.get("retry-after"),
      contentType: response.headers.get("content-type"),
    };
  } catch {
    return "no answer";
  }
};

const alive = () => api!.child.exitCode === null && api!.child.signalCode === null;
const lastLines = () => api!.output().split("\n").slice(-30).join("\n");

const waitUntilReady = async (timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await ask(`${api!.url}/api/ready`);
    if (answer !== "no answer" && answer.status === 200) return;
    if (Date.now() > deadline || !alive()) throw new Error(`the API is not ready again:\n${lastLines()}`);
    await sleep(250);
  }
};

/** Booking requests and catalogue reads, as a client would send them, until `until` resolves. */
const traffic = async (until: (round: number) => boolean) => {
  const day = futureDay(150 + Math.floor(Math.random() * 50));
  const answers: Answer[] = [];
  for (let i = 0; !until(i); i++) {
    const [booking, read] = await Promise.all([
      ask(`${api!.url}/api/v1/bookings`, {
        method: "POST",
        headers: { ...session, "idempotency-key": `pool-errors-${world.tag}-${Date.now()}-${i}` },
        body: JSON.stringify({
          resourceId,
          start: at(day, 0, (i % 48) * 30).toISOString(),
          end: at(day, 0, (i % 48) * 30 + 30).toISOString(),
          purpose: "pool errors",
        }),
      }),
      ask(`${api!.url}/api/v1/facilities`),
    ]);
    for (const answer of [booking, read]) if (answer !== "no answer") answers.push(answer);
    await sleep(50);
  }
  return answers;
};

const serverErrors = (answers: Answer[]) =>
  answers.filter(
    (a) => a.status >= 500 && (a.status !== 503 || !a.retryAfter || !a.contentType?.includes("problem+json")),
  );

describe("connections dropped by the database", () => {
  it("keeps a connection the server drops while it is checked out from crashing the process", async () => {
    // node-postgres listens on idle connections only; one checked out between two queries (graphile-worker
    // holds them so) emits an 'error' nobody hears, which throws, unless guardConnections gave it a listener.
    const lost: Error[] = [];
    const pool = guardConnections(new pg.Pool({ connectionString: database!.url, max: 1 }), (e) => lost.push(e));
    try {
      const client = await pool.connect();
      const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      const admin = new pg.Client({ connectionString: database!.url });
      await admin.connect();
      await admin.query("SELECT pg_terminate_backend($1)", [rows[0]!.pid]);
      await admin.end();
      for (const deadline = Date.now() + 5_000; lost.length === 0 && Date.now() < deadline;) await sleep(50);
      expect(lost[0]).toMatchObject({ code: "57P01" });
      client.release(lost[0]);
      // The broken connection is gone; the next one works.
      expect((await pool.query<{ one: number }>("SELECT 1 AS one")).rows[0]!.one).toBe(1);
    } finally {
      await pool.end();
    }
  });

  it("keeps serving when PostgreSQL terminates every connection of the API, idle or busy", async () => {
    const admin = new pg.Client({ connectionString: database!.url });
    await admin.connect();
    let stop = false;
    const load = traffic(() => stop);
    let terminated = 0;
    try {
      for (let round = 0; round < 6; round++) {
        await sleep(700);
        const { rows } = await admin.query<{ killed: boolean }>(
          `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
           WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
        );
        terminated += rows.filter((r) => r.killed).length;
      }
      await sleep(1_000);
    } finally {
      stop = true;
      await admin.end();
    }
    const answers = await load;
    expect(terminated, "connections terminated").toBeGreaterThan(6);
    expect(alive(), lastLines()).toBe(true);
    expect(serverErrors(answers)).toEqual([]);
    expect(answers.filter((a) => a.status < 300).length).toBeGreaterThan(0);
    await waitUntilReady(15_000);
  });

  it("answers 503 with Retry-After while PostgreSQL is down over a cron minute, and recovers without a restart", async () => {
    await waitUntilReady(15_000);
    // graphile-worker's cron schedules its jobs at every minute boundary: stop PostgreSQL a few seconds
    // before one and start it a few seconds after, so the tick meets the outage.
    const secondsIntoMinute = () => (Date.now() % 60_000) / 1000;
    if (secondsIntoMinute() > 54) await sleep((60 - secondsIntoMinute()) * 1000);
    await sleep((55 - secondsIntoMinute()) * 1000);
    await database!.stop();
    const stoppedAt = Date.now();
    let outage = true;
    const during = traffic(() => !outage);
    await sleep(Math.max(0, 60_000 - (stoppedAt % 60_000)) + 4_000);
    outage = false;
    const answers = await during;
    expect(alive(), `the API exited while the database was away:\n${lastLines()}`).toBe(true);
    // The runner met the outage (its cron tick or its queue) and paused instead of taking the process down.
    expect(api!.output()).toContain('"msg":"jobs paused"');
    database = await startDatabase();
    await waitUntilReady(30_000);
    expect(alive(), lastLines()).toBe(true);

    expect(answers.length).toBeGreaterThan(4);
    expect(answers.filter((a) => a.status !== 503)).toEqual([]);
    expect(serverErrors(answers)).toEqual([]);
    const after = await traffic((round) => round >= 3);
    expect(after.filter((a) => a.status >= 500)).toEqual([]);
    // The jobs backed off quietly: at most one line above debug level from them.
    const loud = api!
      .output()
      .split("\n")
      .filter((line) => line.includes('"component":"jobs"') && /"level":(4|5|6)\d/.test(line));
    expect(loud.length, loud.join("\n")).toBeLessThanOrEqual(1);
  }, 150_000);
});
