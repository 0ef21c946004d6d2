import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testApp, createWorld, futureDay, at, type TestWorld } from "../setup/fixtures.ts";
import { expirePendingHolds } from "../../api/src/modules/bookings/transition-booking.ts";

const { db, app } = testApp(inject("databaseUrl"));
let world: TestWorld;
let member: Record<string, string>;
let memberB: Record<string, string>;
let manager: Record<string, string>;
let otherManager: Record<string, string>;

beforeAll(async () => {
  world = await createWorld(db);
  member = await world.sessionHeaders(world.memberA.id);
  memberB = await world.sessionHeaders(world.memberB.id);
  manager = await world.sessionHeaders(world.manager.id);
  otherManager = await world.sessionHeaders(world.otherManager.id);
  // A second manager of the same facility, to race decisions.
  await db.facilityManager.create({ data: { facilityId: world.facility.id, userId: world.otherManager.id } });
});
afterAll(() => db.$disconnect());

const post = async (
  path: string,
  headers: Record<string, string>,
  body?: unknown,
  extra: Record<string, string> = {},
) => {
  const response = await app.request(path, {
    method: "POST",
    headers: { ...headers, ...extra },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json(), headers: response.headers };
};
const book = (
  headers: Record<string, string>,
  resourceId: string,
  start: Date,
  end: Date,
  extra: Record<string, unknown> = {},
  hdrs: Record<string, string> = {},
) =>
  post(
    "/api/v1/bookings",
    headers,
    { resourceId, start: start.toISOString(), end: end.toISOString(), purpose: "测试 purpose", ...extra },
    hdrs,
  );

describe("booking lifecycle", () => {
  it("goes PENDING → APPROVED → CHECKED_IN → COMPLETED, appending an event each time and recording use", async () => {
    const resource = await world.createResource();
    const day = futureDay(10);
    const created = await book(member, resource.id, at(day, 9), at(day, 10));
    expect(created.status).toBe(201);
    const booking = created.body.bookings[0];
    expect(booking.status).toBe("PENDING");
    expect(booking.holdExpiresAt).not.toBeNull();
    const approved = await post(`/api/v1/bookings/${booking.id}/approve`, manager, { reason: "ok" });
    expect(approved.body.status).toBe("APPROVED");
    expect((await post(`/api/v1/bookings/${booking.id}/check-in`, manager)).body.status).toBe("CHECKED_IN");
    const done = await post(`/api/v1/bookings/${booking.id}/check-out`, manager);
    expect(done.body.status).toBe("COMPLETED");
    expect(done.body.events.map((e: { toStatus: string }) => e.toStatus)).toEqual([
      "PENDING",
      "APPROVED",
      "CHECKED_IN",
      "COMPLETED",
    ]);
    expect(done.body.events[1]).toMatchObject({ fromStatus: "PENDING", reason: "ok", actorName: "manager" });
    const usage = await db.usageRecord.findMany({ where: { bookingId: booking.id } });
    expect(usage).toHaveLength(1);
    expect(usage[0]!.endedAt).not.toBeNull();
  });

  it("refuses an illegal transition with 409 and a member deciding with 403", async () => {
    const resource = await world.createResource();
    const day = futureDay(11);
    const { body } = await book(member, resource.id, at(day, 9), at(day, 10));
    const id = body.bookings[0].id;
    expect((await post(`/api/v1/bookings/${id}/check-out`, manager)).status).toBe(409);
    expect((await post(`/api/v1/bookings/${id}/approve`, member)).status).toBe(403);
    const rejectWithoutReason = await post(`/api/v1/bookings/${id}/reject`, manager, {});
    expect(rejectWithoutReason.status).toBe(400);
    const rejected = await post(`/api/v1/bookings/${id}/reject`, manager, { reason: "样品不符合要求" });
    expect(rejected.body.status).toBe("REJECTED");
    expect((await post(`/api/v1/bookings/${id}/approve`, manager)).body.code).toBe("INVALID_TRANSITION");
    // The rejected booking freed its slot at once.
    expect((await book(memberB, resource.id, at(day, 9), at(day, 10))).status).toBe(201);
  });

  it("approves at once on an AUTO resource", async () => {
    const resource = await world.createResource({ approval: "AUTO" });
    const day = futureDay(12);
    const { status, body } = await book(member, resource.id, at(day, 9), at(day, 10));
    expect(status).toBe(201);
    expect(body.bookings[0].status).toBe("APPROVED");
    expect(body.bookings[0].events[0].reason).toBe("auto-approved");
  });

  it("gives 412 to the second of two managers deciding with the same ETag", async () => {
    const resource = await world.createResource();
    const day = futureDay(13);
    const id = (await book(member, resource.id, at(day, 9), at(day, 10))).body.bookings[0].id;
    const get = await app.request(`/api/v1/bookings/${id}`, { headers: manager });
    const etag = get.headers.get("etag")!;
    expect(etag).toBe('"1"');
    const [first, second] = await Promise.all([
      post(`/api/v1/bookings/${id}/approve`, manager, {}, { "if-match": etag }),
      post(`/api/v1/bookings/${id}/reject`, otherManager, { reason: "conflicting decision" }, { "if-match": etag }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 412]);
    const events = await db.bookingEvent.count({ where: { bookingId: id } });
    expect(events).toBe(2);
  });

  it("expires pending holds with the job, freeing the slot", async () => {
    const resource = await world.createResource();
    const day = futureDay(14);
    const id = (await book(member, resource.id, at(day, 9), at(day, 10))).body.bookings[0].id;
    await db.booking.update({ where: { id }, data: { holdExpiresAt: new Date(Date.now() - 1000) } });
    expect(await expirePendingHolds(db)).toBeGreaterThanOrEqual(1);
    const expired = await db.booking.findUniqueOrThrow({ where: { id }, include: { events: true } });
    expect(expired.status).toBe("EXPIRED");
    expect(expired.events.at(-1)).toMatchObject({ fromStatus: "PENDING", toStatus: "EXPIRED", actorId: null });
  });

  it("lets a member cancel their own booking but not see another organization's", async () => {
    const resource = await world.createResource();
    const day = futureDay(15);
    const id = (await book(member, resource.id, at(day, 9), at(day, 10))).body.bookings[0].id;
    expect((await app.request(`/api/v1/bookings/${id}`, { headers: memberB })).status).toBe(404);
    expect((await post(`/api/v1/bookings/${id}/cancel`, memberB)).status).toBe(404);
    expect((await post(`/api/v1/bookings/${id}/cancel`, member, { reason: "计划变更" })).body.status).toBe("CANCELLED");
  });
});

describe("conflicts, alternatives and rules", () => {
  it("answers 409 listing the conflicting ranges without identity or purpose, and at least three alternatives", async () => {
    const resource = await world.createResource({ bufferAfterMin: 30, technique: `XRD-${world.tag}` });
    await world.createResource({ technique: `XRD-${world.tag}` }); // an equivalent resource: same technique
    const day = futureDay(16);
    expect((await book(member, resource.id, at(day, 10), at(day, 11))).status).toBe(201);
    const conflict = await book(memberB, resource.id, at(day, 10, 30), at(day, 11, 30));
    expect(conflict.status).toBe(409);
    expect(conflict.headers.get("content-type")).toContain("application/problem+json");
    expect(conflict.body.conflicts).toEqual([
      { start: at(day, 10).toISOString(), end: at(day, 11, 30).toISOString(), kind: "BOOKING", ownOrganization: false },
    ]);
    expect(JSON.stringify(conflict.body)).not.toContain(world.orgA.nameZh);
    expect(JSON.stringify(conflict.body)).not.toContain("测试 purpose");
    expect(conflict.body.alternatives.length).toBeGreaterThanOrEqual(3);
    expect(conflict.body.alternatives.some((a: { resourceId: string }) => a.resourceId !== resource.id)).toBe(true);
    // The first alternative on this resource is really free: booking it succeeds.
    const own = conflict.body.alternatives.find((a: { resourceId: string }) => a.resourceId === resource.id);
    expect((await book(memberB, resource.id, new Date(own.start), new Date(own.end))).status).toBe(201);
  });

  it("accepts back-to-back bookings and buffers that touch", async () => {
    const resource = await world.createResource({ bufferBeforeMin: 15, bufferAfterMin: 15 });
    const day = futureDay(17);
    expect((await book(member, resource.id, at(day, 9), at(day, 10))).status).toBe(201);
    // blocked [08:45,10:15); the next may start at 10:30 (its before-buffer starts 10:15).
    expect((await book(member, resource.id, at(day, 10), at(day, 11))).status).toBe(409);
    expect((await book(member, resource.id, at(day, 10, 30), at(day, 11, 30))).status).toBe(201);
  });

  it("refuses rule violations with 422 naming each rule", async () => {
    const resource = await world.createResource({
      minNoticeMin: 24 * 60,
      maxDurationMin: 120,
      granularityMin: 60,
      minDurationMin: 60,
    });
    const soon = new Date(Date.now() + 3_600_000);
    const tooSoon = await book(member, resource.id, soon, new Date(soon.getTime() + 3_600_000));
    expect(tooSoon.status).toBe(422);
    expect(tooSoon.body.violations.map((v: { code: string }) => v.code)).toContain("TOO_SOON");
    const day = futureDay(18);
    const bad = await book(member, resource.id, at(day, 9, 30), at(day, 13, 30));
    expect(bad.body.violations.map((v: { code: string }) => v.code).sort()).toEqual(["NOT_ALIGNED", "TOO_LONG"]);
  });

  it("shows availability that excludes booked time", async () => {
    const resource = await world.createResource({ bufferAfterMin: 30 });
    const day = futureDay(19);
    await book(member, resource.id, at(day, 10), at(day, 11));
    const response = await app.request(
      `/api/v1/resources/${resource.code}/availability?from=${encodeURIComponent(at(day, 0).toISOString())}&to=${encodeURIComponent(at(day + 86_400_000, 0).toISOString())}`,
    );
    const body = await response.json();
    expect(body.units[0].busy).toEqual([{ start: at(day, 10).toISOString(), end: at(day, 11, 30).toISOString() }]);
    expect(body.free).toEqual([
      // The new booking's own 30-minute after-buffer may not meet the busy time, so it ends by 09:30.
      { start: at(day, 0).toISOString(), end: at(day, 9, 30).toISOString() },
      { start: at(day, 11, 30).toISOString(), end: at(day + 86_400_000, 0).toISOString() },
    ]);
    expect(JSON.stringify(body)).not.toContain(world.orgA.id);
  });
});

describe("series, campaigns and idempotency", () => {
  it("makes a weekly series all-or-nothing, or skips the conflicting occurrences when asked", async () => {
    const resource = await world.createResource();
    // Four Mondays-to-be clear of 元旦 and 春节, which close even this round-the-clock facility.
    const day = futureDay(40);
    const week = 7 * 86_400_000;
    // Occupy the third occurrence.
    expect((await book(memberB, resource.id, at(day + 2 * week, 9), at(day + 2 * week, 10))).status).toBe(201);
    const series = { recurrence: { freq: "WEEKLY", count: 4 } };
    const all = await book(member, resource.id, at(day, 9), at(day, 10), series);
    expect(all.status).toBe(409);
    expect(await db.booking.count({ where: { resourceId: resource.id, requesterId: world.memberA.id } })).toBe(0);
    const skipping = await book(member, resource.id, at(day, 9), at(day, 10), { ...series, skipConflicts: true });
    expect(skipping.status).toBe(201);
    expect(skipping.body.bookings).toHaveLength(3);
    expect(skipping.body.skipped).toEqual([
      {
        start: at(day + 2 * week, 9).toISOString(),
        end: at(day + 2 * week, 10).toISOString(),
        resourceId: resource.id,
        reason: "CONFLICT",
      },
    ]);
    expect(new Set(skipping.body.bookings.map((b: { seriesId: string }) => b.seriesId)).size).toBe(1);
  });

  it("books a campaign of several resources in sequence, each with its duration and gap", async () => {
    const first = await world.createResource({ kind: "PILOT_LINE" });
    const second = await world.createResource();
    const day = futureDay(23);
    const { status, body } = await post("/api/v1/campaigns", member, {
      start: at(day, 8).toISOString(),
      purpose: "小试→表征",
      steps: [
        { resourceId: first.id, durationMin: 240, gapAfterMin: 60 },
        { resourceId: second.id, durationMin: 60, gapAfterMin: 0 },
      ],
    });
    expect(status).toBe(201);
    const byResource = Object.fromEntries(
      body.bookings.map((b: { resourceId: string; start: string; end: string }) => [b.resourceId, [b.start, b.end]]),
    );
    expect(byResource[first.id]).toEqual([at(day, 8).toISOString(), at(day, 12).toISOString()]);
    expect(byResource[second.id]).toEqual([at(day, 13).toISOString(), at(day, 14).toISOString()]);
  });

  it("returns the first booking for a retried Idempotency-Key and 422 for the same key with another body", async () => {
    const resource = await world.createResource();
    const day = futureDay(24);
    const key = { "idempotency-key": `key-${world.tag}` };
    const first = await book(member, resource.id, at(day, 9), at(day, 10), {}, key);
    const again = await book(member, resource.id, at(day, 9), at(day, 10), {}, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.bookings[0].id).toBe(first.body.bookings[0].id);
    expect(await db.booking.count({ where: { resourceId: resource.id } })).toBe(1);
    const different = await book(member, resource.id, at(day, 11), at(day, 12), {}, key);
    expect(different.status).toBe(422);
    expect(different.body.code).toBe("IDEMPOTENCY_KEY_REUSED");
  });
});

describe("maintenance blocks", () => {
  it("refuses a block over bookings, or cancels them and notifies each requester through the outbox", async () => {
    const resource = await world.createResource();
    const day = futureDay(25);
    const id = (await book(member, resource.id, at(day, 9), at(day, 10))).body.bookings[0].id;
    const block = {
      resourceId: resource.id,
      start: at(day, 8).toISOString(),
      end: at(day, 12).toISOString(),
      reason: "年度校准",
    };
    const refused = await post("/api/v1/maintenance-blocks", manager, block);
    expect(refused.status).toBe(409);
    expect(refused.body.conflicts[0].bookingId).toBe(id);
    expect((await post("/api/v1/maintenance-blocks", member, block)).status).toBe(403);
    const forced = await post("/api/v1/maintenance-blocks", manager, { ...block, cancelConflicting: true });
    expect(forced.status).toBe(201);
    expect(forced.body.cancelled).toEqual([id]);
    expect((await db.booking.findUniqueOrThrow({ where: { id } })).status).toBe("CANCELLED");
    const notices = await db.outbox.findMany({ where: { topic: "booking.cancelled_for_maintenance" } });
    expect(notices.some((n) => (n.payload as { bookingId: string }).bookingId === id)).toBe(true);
    const blocks = await (
      await app.request(`/api/v1/bookings?scope=facility&kind=MAINTENANCE&resource=${resource.code}`, {
        headers: manager,
      })
    ).json();
    expect(blocks.items.map((b: { kind: string; purpose: string }) => [b.kind, b.purpose])).toEqual([
      ["MAINTENANCE", "年度校准"],
    ]);
    // The block occupies the unit like a booking does.
    expect((await book(memberB, resource.id, at(day, 10), at(day, 11))).status).toBe(409);
  });
});
