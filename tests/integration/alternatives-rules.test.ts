// Alternatives are offered only when the requester could book them (suspension, notice, quotas), each one
// checked on its own; and the no-show job frees the unit it marks.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testApp, createWorld, futureDay, at, type TestWorld } from "../setup/fixtures.ts";
import { markNoShows } from "../../api/src/modules/fair-use/fair-use.service.ts";

const { db, app } = testApp(inject("databaseUrl"));
let world: TestWorld;
let member: Record<string, string>;
let memberB: Record<string, string>;
let manager: Record<string, string>;

beforeAll(async () => {
  world = await createWorld(db);
  member = await world.sessionHeaders(world.memberA.id);
  memberB = await world.sessionHeaders(world.memberB.id);
  manager = await world.sessionHeaders(world.manager.id);
});
afterAll(() => db.$disconnect());

const HOUR = 3_600_000;
const post = async (path: string, headers: Record<string, string>, body: unknown) => {
  const response = await app.request(path, { method: "POST", headers, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
};
const book = (headers: Record<string, string>, resourceId: string, start: Date, end: Date) =>
  post("/api/v1/bookings", headers, { resourceId, start: start.toISOString(), end: end.toISOString(), purpose: "x" });
const check = (headers: Record<string, string>, resourceId: string, start: Date, end: Date) =>
  post("/api/v1/bookings/check", headers, { resourceId, start: start.toISOString(), end: end.toISOString() });
const rule = (fields: Record<string, unknown>) => ({
  quotaPeriod: null,
  quotaHours: null,
  quotaBookings: null,
  lateCancelHours: null,
  noShowGraceMin: null,
  noShowLimit: null,
  noShowWindowDays: null,
  suspensionDays: null,
  ...fields,
});
/** A Wednesday well ahead, so that slots hours around noon stay in one quota week. */
const wednesday = (from: number) => {
  for (let n = from; ; n++) {
    const day = futureDay(n);
    if (new Date(day + 12 * HOUR).getUTCDay() === 3) return day;
  }
};
type Alternative = { resourceId: string; start: string; end: string };

describe("alternatives the requester could book", () => {
  it("checks each alternative on its own against a quota: all that fit are offered, and each passes", async () => {
    const resource = await world.createResource({ approval: "AUTO", technique: `QUOTA-${world.tag}` });
    const put = await app.request(`/api/v1/resources/${resource.code}/fair-use`, {
      method: "PUT",
      headers: manager,
      body: JSON.stringify(rule({ quotaPeriod: "WEEK", quotaBookings: 3 })),
    });
    expect(put.status).toBe(200);
    const day = wednesday(20);
    expect((await book(member, resource.id, at(day, 8), at(day, 9))).status).toBe(201);
    expect((await book(memberB, resource.id, at(day, 12), at(day, 13))).status).toBe(201);

    const answer = await check(member, resource.id, at(day, 12), at(day, 13));
    expect(answer.body.ok).toBe(false);
    const alternatives: Alternative[] = answer.body.alternatives;
    // Two more bookings fit the week's quota, but each alternative is one choice: more than two are offered.
    expect(alternatives.length).toBeGreaterThanOrEqual(3);
    for (const alternative of alternatives) {
      const again = await check(member, alternative.resourceId, new Date(alternative.start), new Date(alternative.end));
      expect(again.body, `${alternative.start} must pass the booking check`).toMatchObject({ ok: true });
    }
  });

  it("offers nothing to a suspended organization, and nothing inside the minimum notice", async () => {
    const noticed = await world.createResource({ minNoticeMin: 48 * 60 });
    const soon = new Date(Math.ceil((Date.now() + 50 * HOUR) / (30 * 60_000)) * 30 * 60_000);
    const soonEnd = new Date(soon.getTime() + HOUR);
    expect((await book(memberB, noticed.id, soon, soonEnd)).status).toBe(201);
    const answer = await check(member, noticed.id, soon, soonEnd);
    expect(answer.body.ok).toBe(false);
    const alternatives: Alternative[] = answer.body.alternatives;
    expect(alternatives.length).toBeGreaterThan(0);
    for (const alternative of alternatives)
      expect(new Date(alternative.start).getTime()).toBeGreaterThanOrEqual(Date.now() + 48 * HOUR);

    const suspension = await db.suspension.create({
      data: {
        organizationId: world.orgA.id,
        facilityId: world.facility.id,
        startsAt: new Date(Date.now() - HOUR),
        endsAt: new Date(Date.now() + 30 * 24 * HOUR),
        reason: "test",
      },
    });
    const suspended = await check(member, noticed.id, soon, soonEnd);
    expect(suspended.body.violations.map((v: { code: string }) => v.code)).toContain("SUSPENDED");
    expect(suspended.body.alternatives).toEqual([]);
    await db.suspension.update({ where: { id: suspension.id }, data: { liftedAt: new Date() } });
  });
});

describe("no-shows", () => {
  it("are marked by the job after the grace period, which frees the unit for the rest of the slot", async () => {
    const resource = await world.createResource({ approval: "AUTO", units: 1, granularityMin: 15 });
    const put = await app.request(`/api/v1/resources/${resource.code}/fair-use`, {
      method: "PUT",
      headers: manager,
      body: JSON.stringify(rule({ noShowGraceMin: 15 })),
    });
    expect(put.status).toBe(200);
    const quarter = 15 * 60_000;
    const started = new Date(Math.floor((Date.now() - 30 * 60_000) / quarter) * quarter);
    const ends = new Date(started.getTime() + 3 * HOUR);
    const booking = await db.booking.create({
      data: {
        organizationId: world.orgB.id,
        requesterId: world.memberB.id,
        resourceId: resource.id,
        unitId: resource.units[0]!.id,
        startsAt: started,
        endsAt: ends,
        status: "APPROVED",
      },
    });
    const later = new Date(Math.ceil((Date.now() + 30 * 60_000) / quarter) * quarter);
    expect((await book(member, resource.id, later, new Date(later.getTime() + HOUR))).status).toBe(409);
    expect(await markNoShows(db)).toBeGreaterThanOrEqual(1);
    const marked = await db.booking.findUniqueOrThrow({ where: { id: booking.id } });
    expect(marked.status).toBe("NO_SHOW");
    const event = await db.bookingEvent.findFirst({ where: { bookingId: booking.id, toStatus: "NO_SHOW" } });
    expect(event?.actorId).toBeNull();
    expect((await book(member, resource.id, later, new Date(later.getTime() + HOUR))).status).toBe(201);
  });
});
