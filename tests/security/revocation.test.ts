import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testApp, createWorld, ORIGIN, testUscc, type TestWorld } from "../setup/fixtures.ts";

// Rights can be taken away: removing a membership, revoking a manager or disabling a user stops their
// sessions, API tokens and feed URLs at once, each as an audit event. Tokens expire and have a scope.
const { db, app } = testApp(inject("databaseUrl"));
let world: TestWorld;
let adminHeaders: Record<string, string>;
let resource: Awaited<ReturnType<TestWorld["createResource"]>>;

type Credentials = { cookie: string; token: string; feed: string };

/** Everything a user can hold: a session, a full API token and the feed URL. */
const credentialsOf = async (userId: string): Promise<Credentials> => {
  const headers = await world.sessionHeaders(userId);
  const created = await app.request("/api/v1/auth/tokens", {
    method: "POST",
    headers,
    body: JSON.stringify({ name: "integration", scope: "FULL" }),
  });
  expect(created.status).toBe(201);
  const feed = (await (await app.request("/api/v1/feeds/me", { headers })).json()).url as string;
  return { cookie: headers.cookie, token: (await created.json()).token, feed };
};

const statuses = async ({ cookie, token, feed }: Credentials) => ({
  session: (await app.request("/api/v1/auth/me", { headers: { cookie } })).status,
  token: (await app.request("/api/v1/auth/me", { headers: { authorization: `Bearer ${token}` } })).status,
  feed: (await app.request(feed)).status,
});
const WORKING = { session: 200, token: 200, feed: 200 };
const STOPPED = { session: 401, token: 401, feed: 404 };

const asAdmin = (method: string, path: string, body?: unknown) =>
  app.request(path, { method, headers: adminHeaders, body: body === undefined ? undefined : JSON.stringify(body) });

beforeAll(async () => {
  world = await createWorld(db);
  resource = await world.createResource();
  const authority = await db.organization.create({
    data: { kind: "AUTHORITY", nameZh: `局${world.tag}`, nameEn: `Authority ${world.tag}`, uscc: testUscc() },
  });
  const admin = await db.user.create({
    data: {
      email: `revoke-admin.${world.tag.toLowerCase()}@test.zhongshi.cn`,
      name: "admin",
      passwordHash: "x",
      memberships: { create: { organizationId: authority.id, role: "ADMIN" } },
    },
  });
  adminHeaders = await world.sessionHeaders(admin.id);
});
afterAll(() => db.$disconnect());

const auditOf = (subjectId: string, action: string) => db.auditEvent.findMany({ where: { subjectId, action } });

describe("an admin takes rights away, and everything issued under them stops at once", () => {
  it("removing a membership", async () => {
    const held = await credentialsOf(world.memberA.id);
    expect(await statuses(held)).toEqual(WORKING);
    const response = await asAdmin("DELETE", `/api/v1/users/${world.memberA.id}/memberships/${world.orgA.id}`);
    expect(response.status).toBe(200);
    expect(await statuses(held)).toEqual(STOPPED);
    expect(await auditOf(world.memberA.id, "membership.removed")).toHaveLength(1);
    expect((await asAdmin("DELETE", `/api/v1/users/${world.memberA.id}/memberships/${world.orgA.id}`)).status).toBe(
      404,
    );
  });

  it("revoking a facility manager, whose resource feed URLs are rotated too", async () => {
    const held = await credentialsOf(world.manager.id);
    const managerHeaders = await world.sessionHeaders(world.manager.id);
    const resourceFeed = (
      await (await app.request(`/api/v1/resources/${resource.code}/feed`, { headers: managerHeaders })).json()
    ).url as string;
    expect((await app.request(resourceFeed)).status).toBe(200);
    const response = await asAdmin("DELETE", `/api/v1/facilities/${world.facility.code}/managers/${world.manager.id}`);
    expect(response.status).toBe(200);
    // The manager has no organization in this world, so their session now resolves to a user without rights.
    const after = await statuses(held);
    expect(after).toEqual(STOPPED);
    expect((await app.request(resourceFeed)).status).toBe(404);
    expect(await auditOf(world.manager.id, "facility_manager.revoked")).toHaveLength(1);
    expect(await db.facilityManager.count({ where: { userId: world.manager.id } })).toBe(0);
  });

  it("disabling a user: no sign-in, nothing held keeps working; enabling gives sign-in back", async () => {
    const held = await credentialsOf(world.memberB.id);
    expect((await asAdmin("POST", `/api/v1/users/${world.memberB.id}/disable`)).status).toBe(200);
    expect(await statuses(held)).toEqual(STOPPED);
    // A session made afterwards (as sign-in would) is refused too.
    const fresh = await world.sessionHeaders(world.memberB.id);
    expect((await app.request("/api/v1/auth/me", { headers: { cookie: fresh.cookie } })).status).toBe(401);
    expect(await auditOf(world.memberB.id, "user.disabled")).toHaveLength(1);
    expect((await asAdmin("POST", `/api/v1/users/${world.memberB.id}/enable`)).status).toBe(200);
    const again = await world.sessionHeaders(world.memberB.id);
    expect((await app.request("/api/v1/auth/me", { headers: { cookie: again.cookie } })).status).toBe(200);
  });

  it("admins read the audit trail, newest first; nobody else does", async () => {
    const response = await asAdmin("GET", `/api/v1/audit-events?subjectId=${world.memberA.id}&limit=5`);
    expect(response.status).toBe(200);
    const { items } = await response.json();
    expect(items.map((e: { action: string }) => e.action)).toContain("membership.removed");
    const memberHeaders = await world.sessionHeaders(world.otherManager.id);
    expect((await app.request("/api/v1/audit-events", { headers: memberHeaders })).status).toBe(403);
    expect((await asAdmin("GET", "/api/v1/audit-events?cursor=not-a-number")).status).toBe(400);
  });

  it("only admins may do any of it", async () => {
    const memberHeaders = await world.sessionHeaders(world.otherManager.id);
    for (const [method, path] of [
      ["POST", `/api/v1/users/${world.memberB.id}/disable`],
      ["DELETE", `/api/v1/users/${world.memberB.id}/memberships/${world.orgB.id}`],
      ["DELETE", `/api/v1/facilities/${world.facility.code}/managers/${world.otherManager.id}`],
    ] as const) {
      expect((await app.request(path, { method, headers: memberHeaders })).status, path).toBe(403);
    }
  });
});

describe("API tokens", () => {
  let headers: Record<string, string>;
  beforeAll(async () => {
    headers = await world.sessionHeaders(world.otherManager.id);
  });
  const create = (body: unknown, h = headers) =>
    app.request("/api/v1/auth/tokens", { method: "POST", headers: h, body: JSON.stringify(body) });

  it("have an expiry and a scope; read-only tokens cannot change anything", async () => {
    const response = await create({ name: "ro", expiresInDays: 7 });
    expect(response.status).toBe(201);
    const created = await response.json();
    expect(created.scope).toBe("READ_ONLY");
    expect(Date.parse(created.expiresAt) - Date.now()).toBeLessThanOrEqual(7 * 86_400_000);
    const bearer = { authorization: `Bearer ${created.token}`, "content-type": "application/json" };
    expect((await app.request("/api/v1/auth/me", { headers: bearer })).status).toBe(200);
    const write = await app.request("/api/v1/feeds/me/rotate", { method: "POST", headers: bearer });
    expect(write.status).toBe(403);
    expect((await create({ name: "long", expiresInDays: 10_000 })).status).toBe(400);
  });

  it("stop working after their expiry", async () => {
    const created = await (await create({ name: "short", scope: "FULL", expiresInDays: 1 })).json();
    await db.apiToken.update({ where: { id: created.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const response = await app.request("/api/v1/auth/me", { headers: { authorization: `Bearer ${created.token}` } });
    expect(response.status).toBe(401);
  });

  it("cannot create or revoke tokens, even with full scope", async () => {
    const created = await (await create({ name: "full", scope: "FULL" })).json();
    const bearer = { authorization: `Bearer ${created.token}`, "content-type": "application/json" };
    const minted = await create({ name: "child", scope: "FULL" }, bearer);
    expect(minted.status).toBe(403);
    const revoke = await app.request(`/api/v1/auth/tokens/${created.id}`, { method: "DELETE", headers: bearer });
    expect(revoke.status).toBe(403);
  });
});

describe("feed URLs rotate", () => {
  it("a user's: the old URL answers 404, the new one works", async () => {
    const headers = await world.sessionHeaders(world.otherManager.id);
    const old = (await (await app.request("/api/v1/feeds/me", { headers })).json()).url as string;
    const rotated = await app.request("/api/v1/feeds/me/rotate", {
      method: "POST",
      headers: { ...headers, origin: ORIGIN },
    });
    expect(rotated.status).toBe(200);
    const fresh = (await rotated.json()).url as string;
    expect(fresh).not.toBe(old);
    expect((await app.request(old)).status).toBe(404);
    expect((await app.request(fresh)).status).toBe(200);
  });

  it("a resource's, by its manager", async () => {
    const other = await createWorld(db);
    const otherResource = await other.createResource();
    const headers = await other.sessionHeaders(other.manager.id);
    const old = (await (await app.request(`/api/v1/resources/${otherResource.code}/feed`, { headers })).json())
      .url as string;
    const rotated = await app.request(`/api/v1/resources/${otherResource.code}/feed/rotate`, {
      method: "POST",
      headers,
    });
    expect(rotated.status).toBe(200);
    expect((await app.request(old)).status).toBe(404);
    expect((await app.request((await rotated.json()).url)).status).toBe(200);
    expect(await db.auditEvent.count({ where: { subjectId: otherResource.id, action: "feed.rotated" } })).toBe(1);
  });
});
