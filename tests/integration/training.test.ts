import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testApp, createWorld, futureDay, at, type TestWorld } from "../setup/fixtures.ts";

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

describe("training and qualification requests", () => {
  it("runs request → schedule → grant with expiry, writes qualification.* outbox rows, and unlocks booking", async () => {
    const resource = await world.createResource({ requiresQualification: true, approval: "AUTO" });
    const day = futureDay(30);
    const booking = {
      resourceId: resource.id,
      start: at(day, 9).toISOString(),
      end: at(day, 10).toISOString(),
      purpose: "x",
    };
    const refused = await call("POST", "/api/v1/bookings", member, booking);
    expect(refused.body.violations.map((v: { code: string }) => v.code)).toContain("QUALIFICATION_REQUIRED");

    const requested = await call("POST", `/api/v1/resources/${resource.code}/training-requests`, member, {
      message: "需要上机培训",
    });
    expect(requested.status).toBe(201);
    expect(requested.body).toMatchObject({ status: "REQUESTED", resourceCode: resource.code });
    const again = await call("POST", `/api/v1/resources/${resource.code}/training-requests`, member, {});
    expect(again.status).toBe(409);

    // The manager sees it in the workspace list; another facility's manager and another member do not.
    const queue = await call("GET", "/api/v1/training-requests?status=REQUESTED", manager);
    expect(queue.body.items.map((r: { id: string }) => r.id)).toContain(requested.body.id);
    const foreign = await call("GET", "/api/v1/training-requests", otherManager);
    expect(foreign.body.items.map((r: { id: string }) => r.id)).not.toContain(requested.body.id);
    const otherMember = await call("GET", "/api/v1/training-requests", memberB);
    expect(otherMember.body.items).toEqual([]);

    const id = requested.body.id;
    expect(
      (
        await call("POST", `/api/v1/training-requests/${id}/schedule`, member, {
          scheduledFor: at(day, 8).toISOString(),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call("POST", `/api/v1/training-requests/${id}/schedule`, otherManager, {
          scheduledFor: at(day, 8).toISOString(),
        })
      ).status,
    ).toBe(404);
    const scheduled = await call("POST", `/api/v1/training-requests/${id}/schedule`, manager, {
      scheduledFor: new Date(Date.now() + 86_400_000).toISOString(),
      note: "周四上午",
    });
    expect(scheduled.body.status).toBe("SCHEDULED");
    const expiresAt = new Date(Date.now() + 365 * 86_400_000).toISOString();
    const granted = await call("POST", `/api/v1/training-requests/${id}/grant`, manager, { expiresAt });
    expect(granted.body).toMatchObject({ status: "GRANTED" });
    expect(granted.body.qualificationId).toBeTruthy();
    expect((await call("POST", `/api/v1/training-requests/${id}/decline`, manager, { note: "late" })).status).toBe(409);

    const topics = await db.outbox.findMany({
      where: { topic: { startsWith: "qualification." }, payload: { path: ["requestId"], equals: id } },
      orderBy: { id: "asc" },
    });
    expect(topics.map((t) => t.topic)).toEqual([
      "qualification.requested",
      "qualification.scheduled",
      "qualification.granted",
    ]);

    const mine = await call("GET", "/api/v1/me/qualifications", member);
    expect(mine.body.items).toContainEqual(
      expect.objectContaining({
        resourceCode: resource.code,
        status: "VALID",
        expiresAt: new Date(expiresAt).toISOString(),
      }),
    );
    const ownRequests = await call("GET", "/api/v1/training-requests?mine=true", member);
    expect(ownRequests.body.items[0]).toMatchObject({ id, status: "GRANTED" });
    expect((await call("POST", "/api/v1/bookings", member, booking)).status).toBe(201);
  });

  it("lets a qualification lapse after the set time without use", async () => {
    const resource = await world.createResource({ requiresQualification: true, approval: "AUTO" });
    await db.resource.update({ where: { id: resource.id }, data: { qualificationLapseDays: 90 } });
    await db.qualification.create({
      data: { userId: world.memberB.id, resourceId: resource.id, grantedAt: new Date(Date.now() - 200 * 86_400_000) },
    });
    const day = futureDay(31);
    const refused = await call("POST", "/api/v1/bookings", memberB, {
      resourceId: resource.id,
      start: at(day, 9).toISOString(),
      end: at(day, 10).toISOString(),
      purpose: "x",
    });
    expect(refused.body.violations.map((v: { code: string }) => v.code)).toContain("QUALIFICATION_REQUIRED");
    const mine = await call("GET", "/api/v1/me/qualifications", memberB);
    expect(mine.body.items.find((q: { resourceCode: string }) => q.resourceCode === resource.code).status).toBe(
      "LAPSED",
    );
    // A lapsed holder may ask for training again.
    expect((await call("POST", `/api/v1/resources/${resource.code}/training-requests`, memberB, {})).status).toBe(201);
  });
});
