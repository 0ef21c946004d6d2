import { Writable } from "node:stream";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testApp, createWorld, futureDay, at, ORIGIN, type TestWorld } from "../setup/fixtures.ts";
import { createApp } from "../../api/src/app.ts";
import { createDb } from "../../api/src/lib/db.ts";
import { createLogger } from "../../api/src/lib/log.ts";
import { hashPassword } from "../../api/src/lib/password.ts";
import { purgeIdempotencyRecords } from "../../api/src/modules/bookings/purge-idempotency-records.ts";
import { freePort } from "../setup/free-port.ts";

const { db, app } = testApp(inject("databaseUrl"));
let world: TestWorld;
beforeAll(async () => {
  world = await createWorld(db);
});
afterAll(() => db.$disconnect());

const config = { allowedOrigins: [ORIGIN], secureCookies: false, noShowGraceMin: 30 };

describe("idempotency under concurrency", () => {
  it("gives every concurrent twin of a request the one booking, never BOOKING_CONFLICT", async () => {
    const resource = await world.createResource({ units: 1 });
    const headers = {
      ...(await world.sessionHeaders(world.memberA.id)),
      "idempotency-key": `twins-${world.tag}`,
    };
    const day = futureDay(120);
    const body = JSON.stringify({
      resourceId: resource.id,
      start: at(day, 9).toISOString(),
      end: at(day, 10).toISOString(),
      purpose: "twins",
    });
    const answers = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const response = await app.request("/api/v1/bookings", { method: "POST", headers, body });
        return {
          status: response.status,
          body: await response.json(),
          retryAfter: response.headers.get("retry-after"),
        };
      }),
    );
    const codes = answers.map((a) => a.body.code).filter(Boolean);
    expect(codes.filter((c) => c !== "IDEMPOTENCY_IN_PROGRESS")).toEqual([]);
    for (const a of answers.filter((a) => a.status === 409)) expect(a.retryAfter).not.toBeNull();
    const ok = answers.filter((a) => a.status < 300);
    expect(ok.filter((a) => a.status === 201)).toHaveLength(1);
    expect(new Set(ok.map((a) => a.body.bookings[0].id)).size).toBe(1);
    expect(await db.booking.count({ where: { resourceId: resource.id } })).toBe(1);
  });

  it("answers 409 IDEMPOTENCY_IN_PROGRESS with Retry-After when the twin holds the key too long", async () => {
    const resource = await world.createResource({ units: 1 });
    const key = `held-${world.tag}`;
    const holder = new pg.Client({ connectionString: inject("databaseUrl") });
    await holder.connect();
    await holder.query("BEGIN");
    await holder.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [
      `idempotency:${world.memberA.id}:${key}`,
    ]);
    try {
      const day = futureDay(121);
      const response = await app.request("/api/v1/bookings", {
        method: "POST",
        headers: { ...(await world.sessionHeaders(world.memberA.id)), "idempotency-key": key },
        body: JSON.stringify({
          resourceId: resource.id,
          start: at(day, 9).toISOString(),
          end: at(day, 10).toISOString(),
          purpose: "held",
        }),
      });
      expect(response.status).toBe(409);
      expect(response.headers.get("retry-after")).toBe("1");
      expect((await response.json()).code).toBe("IDEMPOTENCY_IN_PROGRESS");
    } finally {
      await holder.query("ROLLBACK");
      await holder.end();
    }
    expect(await db.booking.count({ where: { resourceId: resource.id } })).toBe(0);
  });

  it("purges keys older than their time to live", async () => {
    await db.idempotencyRecord.create({
      data: {
        userId: world.memberB.id,
        key: `old-${world.tag}`,
        requestHash: "x",
        response: {},
        createdAt: new Date(Date.now() - 25 * 3600_000),
      },
    });
    await db.idempotencyRecord.create({
      data: { userId: world.memberB.id, key: `new-${world.tag}`, requestHash: "x", response: {} },
    });
    await purgeIdempotencyRecords(db);
    const left = await db.idempotencyRecord.findMany({ where: { userId: world.memberB.id } });
    expect(left.map((r) => r.key)).toEqual([`new-${world.tag}`]);
  });
});

describe("database outage", () => {
  it("answers 503 problem+json with Retry-After, quickly, on every kind of endpoint; liveness stays up", async () => {
    const deadDb = createDb(`postgresql://postgres:x@127.0.0.1:${await freePort()}/none`);
    const deadApp = createApp({ db: deadDb, config });
    const session = await world.sessionHeaders(world.memberA.id);
    const started = Date.now();
    for (const [method, path, headers] of [
      ["GET", "/api/v1/facilities", {}],
      ["GET", "/api/v1/bookings", session],
      ["POST", "/api/v1/auth/sign-in", { "content-type": "application/json", origin: ORIGIN }],
      ["GET", "/api/ready", {}],
    ] as const) {
      const response = await deadApp.request(path, {
        method,
        headers: { ...headers, "x-request-id": "outage-1" },
        ...(method === "POST" ? { body: JSON.stringify({ email: "a@b.cn", password: "whatever-long" }) } : {}),
      });
      expect(response.status, `${method} ${path}`).toBe(503);
      expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
      const body = await response.json();
      if (path !== "/api/ready") {
        expect(response.headers.get("content-type")).toContain("application/problem+json");
        expect(body).toMatchObject({ code: "DATABASE_UNAVAILABLE", status: 503, requestId: "outage-1" });
      } else expect(body).toMatchObject({ ready: false, database: "down" });
    }
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await deadApp.request("/api/health")).status).toBe(200);
    await deadDb.$disconnect();
  });

  it("is ready when the database answers and every migration is applied", async () => {
    const response = await app.request("/api/ready");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ready: true, database: "up", pendingMigrations: [] });
  });
});

describe("logs", () => {
  it("carry the request id on every line and in problems, and never a password, cookie or token", async () => {
    let output = "";
    const destination = new Writable({
      write(chunk, _encoding, done) {
        output += chunk.toString();
        done();
      },
    });
    const logApp = createApp({ db, config, logger: createLogger({ level: "trace", destination }) });
    const password = `Pw-${world.tag}-do-not-log`;
    const email = `logged.${world.tag.toLowerCase()}@test.zhongshi.cn`;
    const user = await db.user.create({ data: { email, name: "log", passwordHash: await hashPassword(password) } });
    const json = { "content-type": "application/json", origin: ORIGIN };

    const signIn = await logApp.request("/api/v1/auth/sign-in", {
      method: "POST",
      headers: { ...json, "x-request-id": "req-sign-in" },
      body: JSON.stringify({ email, password }),
    });
    expect(signIn.status).toBe(200);
    expect(signIn.headers.get("x-request-id")).toBe("req-sign-in");
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    const secret = cookie.split("=")[1]!;

    const tokenResponse = await logApp.request("/api/v1/auth/tokens", {
      method: "POST",
      headers: { ...json, cookie, "x-request-id": "req-token" },
      body: JSON.stringify({ name: "ci" }),
    });
    expect(tokenResponse.status).toBe(201);
    const { token } = await tokenResponse.json();
    expect(token).toMatch(/^zs_/);
    const me = await logApp.request("/api/v1/auth/me", { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);

    const wrong = await logApp.request("/api/v1/auth/sign-in", {
      method: "POST",
      headers: json,
      body: JSON.stringify({ email, password: `${password}-wrong` }),
    });
    const problemBody = await wrong.json();
    expect(problemBody.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(wrong.headers.get("x-request-id")).toBe(problemBody.requestId);

    const lines = output
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines.every((line) => typeof line.requestId === "string")).toBe(true);
    expect(lines.some((line) => line.requestId === "req-sign-in")).toBe(true);
    expect(lines.some((line) => line.requestId === problemBody.requestId)).toBe(true);
    for (const leaked of [password, secret, token, token.slice(3)]) expect(output).not.toContain(leaked);
    await db.session.deleteMany({ where: { userId: user.id } });
  });
});
