// The catalog cache (api/src/modules/catalog/catalog-cache.repository.ts) on the booking hot path: a change to
// a resource, a way of use (offer), opening hours, a closure or the holiday calendar is seen by the very next
// request, so a cached rule never lets through a booking that the rules refuse; one unit of work reads the
// catalog version once; and the answer built without reading the booking back equals the booking read back.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import pg from "pg";
import { testApp, createWorld, futureDay, at, type TestWorld } from "../setup/fixtures.ts";
import { statementsOf } from "../setup/statements.ts";
import { findResourceById } from "../../api/src/modules/catalog/catalog.repository.ts";
import { loadCalendarContext } from "../../api/src/modules/catalog/availability.repository.ts";
import { withOneCatalogVersion } from "../../api/src/modules/catalog/catalog-cache.repository.ts";

const { db, app } = testApp(inject("databaseUrl"));
let world: TestWorld;
let member: Record<string, string>;

beforeAll(async () => {
  world = await createWorld(db);
  member = await world.sessionHeaders(world.memberA.id);
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
const slot = (resourceId: string, start: Date, end: Date, extra = {}) => ({
  resourceId,
  start: start.toISOString(),
  end: end.toISOString(),
  purpose: "缓存测试",
  ...extra,
});
const checkOf = (resourceId: string, start: Date, end: Date) =>
  call("POST", "/api/v1/bookings/check", member, { resourceId, start: start.toISOString(), end: end.toISOString() });
const codes = (body: { violations?: { code: string }[] }) => (body.violations ?? []).map((v) => v.code);

describe("catalog cache on the booking path", () => {
  it("refuses at once a booking on a resource that was just put out of service, and takes it again after", async () => {
    const resource = await world.createResource({ approval: "AUTO" });
    const day = futureDay(40);
    // Warm the cache with this resource.
    expect((await checkOf(resource.id, at(day, 9), at(day, 10))).body.ok).toBe(true);
    await db.resource.update({ where: { id: resource.id }, data: { status: "MAINTENANCE" } });
    const refused = await call("POST", "/api/v1/bookings", member, slot(resource.id, at(day, 9), at(day, 10)));
    expect(refused.status).toBe(422);
    expect(codes(refused.body)).toContain("RESOURCE_UNAVAILABLE");
    await db.resource.update({ where: { id: resource.id }, data: { status: "ACTIVE" } });
    expect((await call("POST", "/api/v1/bookings", member, slot(resource.id, at(day, 9), at(day, 10)))).status).toBe(
      201,
    );
  });

  it("refuses a way of use (offer) withdrawn after the resource was cached", async () => {
    const resource = await world.createResource({ approval: "AUTO" });
    const offer = await db.resourceOffer.create({
      data: {
        resourceId: resource.id,
        kind: "SAMPLE",
        priceUnit: "SAMPLE",
        priceInternalFen: 5_000,
        priceExternalFen: 8_000,
      },
    });
    const day = futureDay(41);
    const withOffer = (start: Date, end: Date) => slot(resource.id, start, end, { offerId: offer.id, samples: 2 });
    expect((await call("POST", "/api/v1/bookings", member, withOffer(at(day, 9), at(day, 10)))).status).toBe(201);
    await db.resourceOffer.update({ where: { id: offer.id }, data: { active: false } });
    const refused = await call("POST", "/api/v1/bookings", member, withOffer(at(day, 11), at(day, 12)));
    expect(refused.status).toBe(422);
    expect(codes(refused.body)).toContain("OFFER_UNAVAILABLE");
  });

  it("follows opening hours and closures changed after they were cached", async () => {
    const resource = await world.createResource({ approval: "AUTO" });
    const day = futureDay(42);
    expect((await checkOf(resource.id, at(day, 20), at(day, 21))).body.ok).toBe(true);
    // Hours of its own, 08:00–18:00 every day: 20:00 is now outside them.
    await db.openingHours.createMany({
      data: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
        facilityId: world.facility.id,
        resourceId: resource.id,
        weekday,
        opensMin: 8 * 60,
        closesMin: 18 * 60,
      })),
    });
    const outside = await call("POST", "/api/v1/bookings", member, slot(resource.id, at(day, 20), at(day, 21)));
    expect(outside.status).toBe(422);
    expect(codes(outside.body)).toContain("OUTSIDE_OPENING_HOURS");
    // A closure over the morning: 10:00 is now closed too.
    await db.closure.create({
      data: { resourceId: resource.id, startsAt: at(day, 9), endsAt: at(day, 12), reason: "检修" },
    });
    const closed = await call("POST", "/api/v1/bookings", member, slot(resource.id, at(day, 10), at(day, 11)));
    expect(closed.status).toBe(422);
    expect(closed.body.violations.length).toBeGreaterThan(0);
    expect((await call("POST", "/api/v1/bookings", member, slot(resource.id, at(day, 14), at(day, 15)))).status).toBe(
      201,
    );
  });

  it("sees a holiday entered in the calendar after the calendar was cached", async () => {
    // A date no other test books (the tables are shared by the test files), removed again at the end.
    const date = new Date("2099-06-01T00:00:00Z");
    const window = { start: Date.parse("2099-05-30T00:00:00Z"), end: Date.parse("2099-06-03T00:00:00Z") };
    const before = await loadCalendarContext(db, [world.facility.id], [], window);
    expect(before.calendar.get("2099-06-01")).toBeUndefined();
    await db.calendarDay.create({
      data: { date, kind: "HOLIDAY", nameZh: "测试假日", nameEn: "Test holiday", source: "test" },
    });
    try {
      const after = await loadCalendarContext(db, [world.facility.id], [], window);
      expect(after.calendar.get("2099-06-01")).toBe("HOLIDAY");
    } finally {
      await db.calendarDay.delete({ where: { date } });
    }
  });

  it("sends a check's overlap query beside its context statement, and asks again when the catalog changed", async () => {
    const resource = await world.createResource({ approval: "AUTO" });
    const day = futureDay(44);
    expect((await call("POST", "/api/v1/bookings", member, slot(resource.id, at(day, 9), at(day, 10)))).status).toBe(
      201,
    );
    // Warm: the resource is cached, so the overlap query goes out while the context statement runs.
    expect((await checkOf(resource.id, at(day, 10), at(day, 11))).body.ok).toBe(true);
    let inFlight = 0;
    let most = 0;
    const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const original = proto.query;
    proto.query = function (this: unknown, ...args: unknown[]) {
      inFlight += 1;
      most = Math.max(most, inFlight);
      const last = args.at(-1);
      if (typeof last === "function") {
        args[args.length - 1] = (...results: unknown[]) => {
          inFlight -= 1;
          return (last as (...r: unknown[]) => unknown)(...results);
        };
        return original.apply(this, args);
      }
      const result = original.apply(this, args);
      if (result instanceof Promise) void result.finally(() => (inFlight -= 1)).catch(() => undefined);
      else inFlight -= 1;
      return result;
    };
    try {
      expect((await checkOf(resource.id, at(day, 10), at(day, 11))).body.ok).toBe(true);
    } finally {
      proto.query = original;
    }
    expect(most).toBe(2);
    // A buffer before each booking now makes 10:00–11:00 reach into the 9:00–10:00 booking. The overlap query sent
    // early with the resource as cached (no buffer) belongs to the old catalog version: the check must not use it.
    await db.resource.update({ where: { id: resource.id }, data: { bufferBeforeMin: 30 } });
    const refused = await checkOf(resource.id, at(day, 10), at(day, 11));
    expect(refused.body.ok).toBe(false);
    expect(refused.body.conflicts).toHaveLength(1);
    await db.resource.update({ where: { id: resource.id }, data: { bufferBeforeMin: 0 } });
    expect((await checkOf(resource.id, at(day, 10), at(day, 11))).body.ok).toBe(true);
  });

  it("reads the catalog version once per unit of work, and a change is seen by the next one", async () => {
    const resource = await world.createResource();
    const other = await world.createResource();
    await findResourceById(db, resource.id);
    await findResourceById(db, other.id);
    const versionReads = (texts: string[]) => texts.filter((t) => /FROM catalog_version/i.test(t)).length;
    // Outside a unit of work every cached lookup reads the version; inside one, the first does.
    const { texts: loose } = await statementsOf(async () => {
      await findResourceById(db, resource.id);
      await findResourceById(db, other.id);
    });
    expect(versionReads(loose)).toBe(2);
    const { texts: pinned } = await statementsOf(() =>
      withOneCatalogVersion(db, async () => {
        await findResourceById(db, resource.id);
        await findResourceById(db, other.id);
        await findResourceById(db, resource.id);
      }),
    );
    expect(versionReads(pinned)).toBe(1);
    expect(pinned).toHaveLength(1);

    await db.resource.update({ where: { id: resource.id }, data: { nameEn: `renamed ${world.tag}` } });
    const renamed = await withOneCatalogVersion(db, () => findResourceById(db, resource.id));
    expect(renamed?.nameEn).toBe(`renamed ${world.tag}`);
  });

  it("answers POST /bookings with exactly what GET /bookings/{id} reads back, in two statements when warm, session included", async () => {
    const resource = await world.createResource({ units: 2 });
    const day = futureDay(43);
    await call("POST", "/api/v1/bookings", member, slot(resource.id, at(day, 8), at(day, 9)));
    let created: { status: number; body: { bookings: { id: string }[] } } | undefined;
    const { texts } = await statementsOf(async () => {
      created = await call("POST", "/api/v1/bookings", member, slot(resource.id, at(day, 9), at(day, 11)));
    });
    expect(created!.status).toBe(201);
    const [booking] = created!.body.bookings;
    const readBack = await call("GET", `/api/v1/bookings/${booking!.id}`, member);
    expect(readBack.status).toBe(200);
    expect(booking).toEqual(readBack.body);
    // The whole request, session included (this process saw the session on the first booking, so the context
    // statement confirms it): the context read and the insert, nothing read back.
    expect(texts).toHaveLength(2);
    expect(texts[0]).toMatch(/FROM session s/);
    expect(texts[0]).toMatch(/catalog_version/);
    expect(texts[1]).toMatch(/INSERT INTO booking /);
  });
});
