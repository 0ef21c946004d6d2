// POST /bookings and POST /bookings/check skip the session lookup for a session this process resolved lately and
// confirm it in the booking context statement instead (auth.service's PendingSession). What another replica does
// to the session meanwhile (here: straight in the database, which this process's cache never hears of) counts at
// once: nothing is booked, checked or replayed for a session that has ended, a user that was disabled or a
// membership that was removed; a changed actor is looked up and the request runs as the actor it is now.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testApp, createWorld, futureDay, at, type TestWorld } from "../setup/fixtures.ts";
import { statementsOf } from "../setup/statements.ts";

const { db, app } = testApp(inject("databaseUrl"));
let world: TestWorld;
let resource: Awaited<ReturnType<TestWorld["createResource"]>>;
let hour = 0;

beforeAll(async () => {
  world = await createWorld(db);
  resource = await world.createResource({ approval: "AUTO" });
});
afterAll(() => db.$disconnect());

const DAY = futureDay(61);
/** A free hour of its own for every request. */
const nextSlot = () => {
  hour += 1;
  return { start: at(DAY, hour).toISOString(), end: at(DAY, hour + 1).toISOString() };
};
const book = (headers: Record<string, string>, extra: Record<string, string> = {}, body = {}) =>
  app.request("/api/v1/bookings", {
    method: "POST",
    headers: { ...headers, ...extra },
    body: JSON.stringify({ resourceId: resource.id, ...nextSlot(), purpose: "会话确认", ...body }),
  });
const check = (headers: Record<string, string>, body = {}) =>
  app.request("/api/v1/bookings/check", {
    method: "POST",
    headers,
    body: JSON.stringify({ resourceId: resource.id, ...nextSlot(), ...body }),
  });
const bookingsOf = (userId: string) => db.booking.count({ where: { requesterId: userId, resourceId: resource.id } });

/** A member of organization A with a session this process has resolved once (so the next request defers it). */
const seenSession = async () => {
  const user = await db.user.create({
    data: {
      email: `pending.${hour}.${world.tag.toLowerCase()}@test.zhongshi.cn`,
      name: "pending",
      passwordHash: "x",
      memberships: { create: { organizationId: world.orgA.id, role: "MEMBER" } },
    },
  });
  const headers = await world.sessionHeaders(user.id);
  expect((await book(headers)).status).toBe(201);
  return { user, headers };
};

describe("a session confirmed by the booking's own statement", () => {
  it("books with two statements in all once the session was seen, and refreshes the idle clock when due", async () => {
    const { user, headers } = await seenSession();
    // Once more, so that the catalog cache is warm too (making a user may have changed the catalog version).
    expect((await book(headers)).status).toBe(201);
    const { result, texts } = await statementsOf(() => book(headers));
    expect(result.status).toBe(201);
    expect(texts).toHaveLength(2);
    expect(texts[0]).toMatch(/FROM session s/);
    const checked = await statementsOf(() => check(headers));
    expect(checked.result.status).toBe(200);
    expect((await checked.result.json()).ok).toBe(true);
    // The context statement with the session in it, and the overlap query beside it.
    expect(checked.texts).toHaveLength(2);

    const stale = new Date(Date.now() - 5 * 60_000);
    await db.session.updateMany({ where: { userId: user.id }, data: { lastSeenAt: stale } });
    expect((await book(headers)).status).toBe(201);
    const session = await db.session.findFirstOrThrow({ where: { userId: user.id } });
    expect(session.lastSeenAt.getTime()).toBeGreaterThan(stale.getTime() + 60_000);
  });

  it("refuses a session that ended elsewhere: no booking, no check, no replay", async () => {
    const { user, headers } = await seenSession();
    const replayed = await book(headers, { "idempotency-key": `pending-${world.tag}` }, { purpose: "重放" });
    expect(replayed.status).toBe(201);
    const before = await bookingsOf(user.id);
    await db.session.deleteMany({ where: { userId: user.id } });
    const refused = await book(headers);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("content-type")).toMatch(/problem\+json/);
    expect((await refused.json()).code).toBe("UNAUTHENTICATED");
    expect((await check(headers)).status).toBe(401);
    // The same key and body would be a replay of the stored answer: not for an ended session.
    const replay = await app.request("/api/v1/bookings", {
      method: "POST",
      headers: { ...headers, "idempotency-key": `pending-${world.tag}` },
      body: await replayBodyOf(user.id),
    });
    expect(replay.status).toBe(401);
    expect(await bookingsOf(user.id)).toBe(before);
  });

  it("refuses a user disabled elsewhere, and an expired or idle session", async () => {
    const disabled = await seenSession();
    await db.user.update({ where: { id: disabled.user.id }, data: { disabledAt: new Date() } });
    const before = await bookingsOf(disabled.user.id);
    expect((await book(disabled.headers)).status).toBe(401);
    expect((await check(disabled.headers)).status).toBe(401);
    expect(await bookingsOf(disabled.user.id)).toBe(before);

    const expired = await seenSession();
    await db.session.updateMany({ where: { userId: expired.user.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect((await book(expired.headers)).status).toBe(401);

    const idle = await seenSession();
    await db.session.updateMany({
      where: { userId: idle.user.id },
      data: { lastSeenAt: new Date(Date.now() - 13 * 3_600_000) },
    });
    expect((await book(idle.headers)).status).toBe(401);
  });

  it("books as the actor the user is now: a removed membership refuses, one added elsewhere is used", async () => {
    const { user, headers } = await seenSession();
    await db.membership.deleteMany({ where: { userId: user.id, organizationId: world.orgA.id } });
    const before = await bookingsOf(user.id);
    const refused = await book(headers, {}, { organizationId: world.orgA.id });
    expect(refused.status).toBe(403);
    expect((await check(headers, { organizationId: world.orgA.id })).status).toBe(403);
    expect(await bookingsOf(user.id)).toBe(before);

    // Member of B now (the cached actor knows no organization at all): the booking goes to B.
    await db.membership.create({ data: { userId: user.id, organizationId: world.orgB.id, role: "MEMBER" } });
    const booked = await book(headers);
    expect(booked.status).toBe(201);
    const [made] = (await booked.json()).bookings as { id: string }[];
    expect((await db.booking.findUniqueOrThrow({ where: { id: made!.id } })).organizationId).toBe(world.orgB.id);
  });
});

/** The body of the user's idempotent booking, rebuilt from what it stored, so that a replay would match. */
const replayBodyOf = async (userId: string) => {
  const booking = await db.booking.findFirstOrThrow({ where: { requesterId: userId, purpose: "重放" } });
  return JSON.stringify({
    resourceId: resource.id,
    start: booking.startsAt.toISOString(),
    end: booking.endsAt.toISOString(),
    purpose: "重放",
  });
};
