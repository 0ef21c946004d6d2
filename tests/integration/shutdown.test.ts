import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testApp, createWorld, futureDay, at, ORIGIN, type TestWorld } from "../setup/fixtures.ts";
import { spawnApi, type ApiProcess } from "../setup/api-process.ts";
import { freePort } from "../setup/free-port.ts";

const databaseUrl = inject("databaseUrl");
const { db } = testApp(databaseUrl);
let world: TestWorld;
let api: ApiProcess | undefined;
beforeAll(async () => {
  world = await createWorld(db);
});
afterAll(async () => {
  await api?.stop("SIGKILL");
  await db.$disconnect();
});

describe("graceful shutdown", () => {
  it("on SIGTERM refuses new connections, completes the booking in flight, and exits 0 within 10 s", async () => {
    api = await spawnApi({ databaseUrl, port: await freePort() });
    const resource = await world.createResource({ approval: "AUTO" });
    const headers = { ...(await world.sessionHeaders(world.memberA.id)), origin: ORIGIN };
    const key = `shutdown-${world.tag}`;
    // Hold the request's idempotency lock, so the booking is provably in flight when SIGTERM arrives.
    const blocker = new pg.Client({ connectionString: databaseUrl });
    await blocker.connect();
    await blocker.query("BEGIN");
    await blocker.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [
      `idempotency:${world.memberA.id}:${key}`,
    ]);
    const day = futureDay(130);
    const inFlight = fetch(`${api.url}/api/v1/bookings`, {
      method: "POST",
      headers: { ...headers, "idempotency-key": key },
      body: JSON.stringify({
        resourceId: resource.id,
        start: at(day, 9).toISOString(),
        end: at(day, 10).toISOString(),
        purpose: "in flight at shutdown",
      }),
    });
    await waitFor(async () => {
      const { rows } = await blocker.query(
        "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
      );
      return rows[0].n > 0;
    });
    const signalled = Date.now();
    process.kill(api.child.pid!, "SIGTERM");
    await waitFor(async () => {
      try {
        await fetch(`${api!.url}/api/health`);
        return false;
      } catch {
        return true; // the listener is closed: new connections are refused
      }
    });
    await blocker.query("COMMIT");
    await blocker.end();
    const response = await inFlight;
    expect(response.status).toBe(201);
    const { bookings } = await response.json();
    expect(await db.booking.count({ where: { id: bookings[0].id, status: "APPROVED" } })).toBe(1);
    expect(await api.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(api.output()).toContain('"msg":"stopped"');
  });
});

const waitFor = async (check: () => Promise<boolean>, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
};
