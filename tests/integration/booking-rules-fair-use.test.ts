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

const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
  const response = await app.request(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: response.status === 204 ? null : await response.json() };
};
const iso = (d: Date) => d.toISOString();
const book = (headers: Record<string, string>, resourceId: string, start: Date, end: Date, extra = {}) =>
  call("POST", "/api/v1/bookings", headers, {
    resourceId,
    start: iso(start),
    end: iso(end),
    purpose: "规则测试",
    ...extra,
  });
const codes = (body: { violations?: { code: string }[] }) => (body.violations ?? []).map((v) => v.code);

describe("alternatives", () => {
  it("come only from equivalent resources the requester could book, and each passes the booking check", async () => {
    const xrd = `XRD-${world.tag}`;
    const wanted = await world.createResource({ technique: xrd, approval: "AUTO" });
    const twin = await world.createResource({ technique: xrd });
    const otherTechnique = await world.createResource({ technique: `BET-${world.tag}` });
    const needsTraining = await world.createResource({ technique: xrd, requiresQualification: true });
    const shortHorizon = await world.createResource({ technique: xrd, horizonDays: 1 });
    const day = futureDay(12);
    expect((await book(memberB, wanted.id, at(day, 10), at(day, 12))).status).toBe(201);

    const check = await call("POST", "/api/v1/bookings/check", member, {
      resourceId: wanted.id,
      start: iso(at(day, 10)),
      end: iso(at(day, 12)),
    });
    expect(check.body.ok).toBe(false);
    const alternatives: { resourceId: string; start: string; end: string }[] = check.body.alternatives;
    expect(alternatives.length).toBeGreaterThan(0);
    // The equivalent resource at the very time asked for comes first.
    expect(alternatives[0]).toMatchObject({ resourceId: twin.id, start: iso(at(day, 10)) });
    const offered = new Set(alternatives.map((a) => a.resourceId));
    for (const excluded of [otherTechnique.id, needsTraining.id, shortHorizon.id])
      expect(offered.has(excluded)).toBe(false);
    for (const a of alternatives) {
      const again = await call("POST", "/api/v1/bookings/check", member, {
        resourceId: a.resourceId,
        start: a.start,
        end: a.end,
      });
      expect(again.body, `${a.resourceId} ${a.start}`).toMatchObject({ ok: true, violations: [] });
    }
  });
});

describe("ways of use", () => {
  it("prices self-operated time per hour and sample submission per sample × item, and records the way", async () => {
    const resource = await world.createResource({ approval: "AUTO" });
    const [time, samples] = await Promise.all([
      db.resourceOffer.create({
        data: {
          resourceId: resource.id,
          kind: "SELF_OPERATED",
          priceUnit: "HOUR",
          priceInternalFen: 0,
          priceExternalFen: 30000,
        },
      }),
      db.resourceOffer.create({
        data: {
          resourceId: resource.id,
          kind: "SAMPLE",
          priceUnit: "ITEM",
          priceInternalFen: 0,
          priceExternalFen: 5000,
          leadDays: 5,
          countsTowardQuota: false,
        },
      }),
    ]);
    const day = futureDay(14);
    const own = await book(member, resource.id, at(day, 9), at(day, 11));
    expect(own.body.bookings[0]).toMatchObject({ offerId: time.id, offerKind: "SELF_OPERATED", quotedPriceFen: 60000 });
    const sent = await book(member, resource.id, at(day, 13), at(day, 14), {
      offerId: samples.id,
      samples: 3,
      items: 2,
    });
    expect(sent.body.bookings[0]).toMatchObject({ offerKind: "SAMPLE", samples: 3, items: 2, quotedPriceFen: 30000 });
    const wrong = await book(member, resource.id, at(day, 15), at(day, 16), { offerId: world.facility.id });
    expect(codes(wrong.body)).toContain("OFFER_UNAVAILABLE");
  });
});

describe("offers API", () => {
  it("lets managers offer and withdraw ways of use, priced by the right unit", async () => {
    const resource = await world.createResource();
    const path = `/api/v1/resources/${resource.code}/offers/SAMPLE`;
    const offer = { priceUnit: "ITEM", priceInternalFen: 3000, priceExternalFen: 6000, leadDays: 5 };
    expect((await call("PUT", path, member, offer)).status).toBe(404);
    expect((await call("PUT", path, manager, { ...offer, priceUnit: "HOUR" })).status).toBe(400);
    const saved = await call("PUT", path, manager, offer);
    expect(saved.body).toMatchObject({ kind: "SAMPLE", priceUnit: "ITEM", countsTowardQuota: false, leadDays: 5 });
    const shown = await call("GET", `/api/v1/resources/${resource.code}`, member);
    expect(shown.body.offers).toHaveLength(1);
    expect((await call("DELETE", path, manager)).status).toBe(204);
    expect((await call("GET", `/api/v1/resources/${resource.code}`, member)).body.offers).toEqual([]);
  });
});

describe("fair use", () => {
  it("enforces a weekly hour quota per organization, which per-sample use does not count toward", async () => {
    const resource = await world.createResource({ approval: "AUTO" });
    await db.resourceOffer.create({
      data: {
        resourceId: resource.id,
        kind: "SELF_OPERATED",
        priceUnit: "HOUR",
        priceInternalFen: 100,
        priceExternalFen: 200,
      },
    });
    const sample = await db.resourceOffer.create({
      data: {
        resourceId: resource.id,
        kind: "SAMPLE",
        priceUnit: "SAMPLE",
        priceInternalFen: 100,
        priceExternalFen: 200,
        countsTowardQuota: false,
      },
    });
    const rule = {
      quotaPeriod: "WEEK",
      quotaHours: 3,
      quotaBookings: null,
      lateCancelHours: null,
      noShowGraceMin: null,
      noShowLimit: null,
      noShowWindowDays: null,
      suspensionDays: null,
    };
    expect((await call("PUT", `/api/v1/resources/${resource.code}/fair-use`, member, rule)).status).toBe(404);
    expect((await call("PUT", `/api/v1/resources/${resource.code}/fair-use`, manager, rule)).status).toBe(200);
    const shown = await call("GET", `/api/v1/resources/${resource.code}/fair-use`, member);
    expect(shown.body.effective).toMatchObject({ quotaPeriod: "WEEK", quotaHours: 3 });

    const day = futureDay(21);
    expect((await book(member, resource.id, at(day, 9), at(day, 11))).status).toBe(201);
    const over = await book(member, resource.id, at(day, 12), at(day, 14));
    expect(over.status).toBe(422);
    expect(codes(over.body)).toContain("QUOTA_EXCEEDED");
    expect(over.body.violations[0].params).toMatchObject({ limitHours: 3, usedHours: 2 });
    // Another organization has its own quota; sample submission carries no hourly quota.
    expect((await book(memberB, resource.id, at(day, 12), at(day, 14))).status).toBe(201);
    expect((await book(member, resource.id, at(day, 15), at(day, 17), { offerId: sample.id })).status).toBe(201);
  });

  it("marks no-shows after the grace period, frees the unit, suspends after N and lets a manager lift it", async () => {
    const resource = await world.createResource({ approval: "AUTO" });
    await call("PUT", `/api/v1/facilities/${world.facility.code}/fair-use`, manager, {
      quotaPeriod: null,
      quotaHours: null,
      quotaBookings: null,
      lateCancelHours: 48,
      noShowGraceMin: 15,
      noShowLimit: 2,
      noShowWindowDays: 30,
      suspensionDays: 7,
    });
    const unit = resource.units[0]!;
    const past = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000);
    for (const hoursAgo of [5, 3]) {
      await db.booking.create({
        data: {
          organizationId: world.orgA.id,
          requesterId: world.memberA.id,
          resourceId: resource.id,
          unitId: unit.id,
          startsAt: past(hoursAgo),
          endsAt: past(hoursAgo - 1),
          status: "APPROVED",
        },
      });
    }
    expect(await markNoShows(db)).toBeGreaterThanOrEqual(2);
    const marked = await db.booking.findMany({ where: { resourceId: resource.id } });
    expect(marked.map((b) => b.status)).toEqual(["NO_SHOW", "NO_SHOW"]);
    expect(await db.outbox.count({ where: { topic: "suspension.created" } })).toBeGreaterThan(0);

    const day = futureDay(25);
    const refused = await book(member, resource.id, at(day, 9), at(day, 10));
    expect(refused.status).toBe(422);
    expect(codes(refused.body)).toContain("SUSPENDED");

    const list = await call("GET", "/api/v1/suspensions?active=true", manager);
    const suspension = list.body.items.find((s: { organizationId: string }) => s.organizationId === world.orgA.id);
    expect(suspension).toBeTruthy();
    expect((await call("POST", `/api/v1/suspensions/${suspension.id}/lift`, member)).status).toBe(404);
    expect((await call("POST", `/api/v1/suspensions/${suspension.id}/lift`, manager)).status).toBe(200);
    expect((await book(member, resource.id, at(day, 9), at(day, 10))).status).toBe(201);
  });

  it("records a cancellation inside the window as late", async () => {
    const resource = await world.createResource({ approval: "AUTO" });
    const start = new Date(Math.ceil((Date.now() + 24 * 3_600_000) / 1_800_000) * 1_800_000);
    const created = await book(memberB, resource.id, start, new Date(start.getTime() + 3_600_000));
    expect(created.status).toBe(201);
    const cancelled = await call("POST", `/api/v1/bookings/${created.body.bookings[0].id}/cancel`, memberB, {
      reason: "计划变更",
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.events.at(-1).reason).toMatch(
      /^late cancellation \(less than 48 h before the start\): 计划变更/,
    );
  });
});
