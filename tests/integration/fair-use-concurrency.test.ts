// Fair-use quotas under concurrency: the check runs again under a per-organization advisory lock inside the
// transaction that inserts, so simultaneous requests cannot all read the same usage and all fit.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testApp, createWorld, futureDay, at, type TestWorld } from "../setup/fixtures.ts";
import { createBookings } from "../../api/src/modules/bookings/create-bookings.ts";
import { transitionBooking } from "../../api/src/modules/bookings/transition-booking.ts";
import { acceptOffer, joinWaitlist } from "../../api/src/modules/waitlist/waitlist.service.ts";
import { createMailer } from "../../api/src/modules/notifications/mailer.ts";
import { expandOutbox, type NotificationDeps } from "../../api/src/modules/notifications/deliver-notifications.ts";

const { db, app } = testApp(inject("databaseUrl"));
let world: TestWorld;
let deps: NotificationDeps;

beforeAll(async () => {
  world = await createWorld(db);
  const mailDir = mkdtempSync(join(tmpdir(), "zs-fair-use-"));
  deps = {
    mailer: createMailer({ from: "中试通 <noreply@zhongshi.test>", mailDir }),
    mailFrom: "中试通 <noreply@zhongshi.test>",
    publicOrigin: "http://portal.test",
  };
});
afterAll(async () => {
  deps.mailer.close();
  await db.$disconnect();
});

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

const setResourceRule = async (code: string, fields: Record<string, unknown>) => {
  const response = await app.request(`/api/v1/resources/${code}/fair-use`, {
    method: "PUT",
    headers: await world.sessionHeaders(world.manager.id),
    body: JSON.stringify(rule(fields)),
  });
  expect(response.status).toBe(200);
};

describe("fair-use quotas under concurrency", () => {
  it("lets exactly 3 of 30 simultaneous requests through a quota of 3 bookings a week; the rest get 422", async () => {
    const resource = await world.createResource({ approval: "AUTO" });
    await setResourceRule(resource.code, { quotaPeriod: "WEEK", quotaBookings: 3 });
    const headers = await world.sessionHeaders(world.memberA.id);
    const day = futureDay(30);
    // 30 half-hour slots of one day that never overlap: only the quota can refuse them.
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        app.request("/api/v1/bookings", {
          method: "POST",
          headers,
          body: JSON.stringify({
            resourceId: resource.id,
            start: at(day, 0, 30 * i).toISOString(),
            end: at(day, 0, 30 * i + 30).toISOString(),
            purpose: `quota race ${i}`,
          }),
        }),
      ),
    );
    const results = await Promise.all(responses.map(async (r) => ({ status: r.status, body: await r.json() })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 422)).toHaveLength(27);
    for (const refused of results.filter((r) => r.status === 422)) {
      expect(refused.body.code).toBe("RULE_VIOLATION");
      expect(refused.body.violations.map((v: { code: string }) => v.code)).toEqual(["QUOTA_EXCEEDED"]);
    }
    const held = await db.booking.count({ where: { resourceId: resource.id, organizationId: world.orgA.id } });
    expect(held).toBe(3);
  });

  it("holds an hours quota across resources of a facility when requests for both arrive at once", async () => {
    const first = await world.createResource({ approval: "AUTO" });
    const second = await world.createResource({ approval: "AUTO" });
    // A facility-wide quota of 4 hours a month: 10 two-hour requests on two resources leave exactly 2.
    const put = await app.request(`/api/v1/facilities/${world.facility.code}/fair-use`, {
      method: "PUT",
      headers: await world.sessionHeaders(world.manager.id),
      body: JSON.stringify(rule({ quotaPeriod: "MONTH", quotaHours: 4 })),
    });
    expect(put.status).toBe(200);
    const headers = await world.sessionHeaders(world.memberB.id);
    const day = futureDay(35);
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        app.request("/api/v1/bookings", {
          method: "POST",
          headers,
          body: JSON.stringify({
            resourceId: i % 2 ? first.id : second.id,
            start: at(day, 2 * Math.floor(i / 2)).toISOString(),
            end: at(day, 2 * Math.floor(i / 2) + 2).toISOString(),
            purpose: `hours race ${i}`,
          }),
        }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(2);
    expect(statuses.filter((s) => s === 422)).toHaveLength(8);
    // The facility rule must not leak into the other tests of this file.
    await db.fairUseRule.deleteMany({ where: { facilityId: world.facility.id, resourceId: null } });
  });

  it("does not offer freed time to a waiting organization whose quota is used up", async () => {
    const resource = await world.createResource({ approval: "AUTO" });
    await setResourceRule(resource.code, { quotaPeriod: "WEEK", quotaBookings: 1 });
    const memberA = await world.actorOf(world.memberA.id);
    const memberB = await world.actorOf(world.memberB.id);
    const day = futureDay(40);
    const wanted = { start: at(day, 9).getTime(), end: at(day, 10).getTime() };
    const { bookings } = await createBookings({
      db,
      actor: memberB,
      input: { items: [{ resourceId: resource.id, range: wanted }], purpose: "taken" },
    });
    // Organization A uses its one booking of the week elsewhere, then waits for the taken slot.
    await createBookings({
      db,
      actor: memberA,
      input: {
        items: [{ resourceId: resource.id, range: { start: at(day, 14).getTime(), end: at(day, 15).getTime() } }],
        purpose: "own",
      },
    });
    const entry = await joinWaitlist({ db, actor: memberA, input: { resourceId: resource.id, window: wanted } });
    await transitionBooking({ db, actor: memberB, bookingId: bookings[0]!.id, action: "cancel" });
    for (let i = 0; i < 20 && (await expandOutbox(db, deps)) > 0; i++);
    expect((await db.waitlistEntry.findUniqueOrThrow({ where: { id: entry.id } })).status).toBe("WAITING");
    const active = await db.booking.count({
      where: { resourceId: resource.id, organizationId: world.orgA.id, status: { in: ["PENDING", "APPROVED"] } },
    });
    expect(active).toBe(1);
  });

  it("does not let a suspended organization accept an offer made before the suspension", async () => {
    const resource = await world.createResource({ approval: "AUTO" });
    const memberA = await world.actorOf(world.memberA.id);
    const memberB = await world.actorOf(world.memberB.id);
    const day = futureDay(44);
    const wanted = { start: at(day, 9).getTime(), end: at(day, 10).getTime() };
    const { bookings } = await createBookings({
      db,
      actor: memberB,
      input: { items: [{ resourceId: resource.id, range: wanted }], purpose: "taken" },
    });
    const entry = await joinWaitlist({ db, actor: memberA, input: { resourceId: resource.id, window: wanted } });
    await transitionBooking({ db, actor: memberB, bookingId: bookings[0]!.id, action: "cancel" });
    for (let i = 0; i < 20 && (await expandOutbox(db, deps)) > 0; i++);
    expect((await db.waitlistEntry.findUniqueOrThrow({ where: { id: entry.id } })).status).toBe("OFFERED");
    const suspension = await db.suspension.create({
      data: {
        organizationId: world.orgA.id,
        facilityId: world.facility.id,
        startsAt: new Date(Date.now() - 60_000),
        endsAt: new Date(Date.now() + 7 * 86_400_000),
        reason: "test",
      },
    });
    await expect(acceptOffer({ db, actor: memberA, entryId: entry.id })).rejects.toMatchObject({
      code: "RULE_VIOLATION",
    });
    expect((await db.waitlistEntry.findUniqueOrThrow({ where: { id: entry.id } })).status).toBe("OFFERED");
    await db.suspension.update({ where: { id: suspension.id }, data: { liftedAt: new Date() } });
    expect((await acceptOffer({ db, actor: memberA, entryId: entry.id })).status).toBe("BOOKED");
  });
});
