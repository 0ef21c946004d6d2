import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parse } from "csv-parse/sync";
import { testApp, createWorld, futureDay, at, ORIGIN, testUscc, type TestWorld } from "../setup/fixtures.ts";
import type { Actor } from "../../api/src/lib/context.ts";

// Filters narrow, never widen: every list endpoint, with every filter, for every role, returns only rows
// inside the caller's scope; every endpoint that takes an id answers 404 for an object outside it.
const { db, app } = testApp(inject("databaseUrl"));
type Role = "memberA" | "memberB" | "manager" | "otherManager" | "admin";
const ROLES: Role[] = ["memberA", "memberB", "manager", "otherManager", "admin"];

let a: TestWorld;
let b: TestWorld;
let headers: Record<Role, Record<string, string>>;
let actors: Record<Role, Actor>;
let resourceA: Awaited<ReturnType<TestWorld["createResource"]>>;
let resourceB: Awaited<ReturnType<TestWorld["createResource"]>>;
const bookingIds: Record<string, string> = {};

const call = (role: Role, method: string, path: string, body?: unknown) =>
  app.request(path, { method, headers: headers[role], body: body === undefined ? undefined : JSON.stringify(body) });

const book = async (role: Role, resourceId: string, dayOffset: number) => {
  const day = futureDay(dayOffset);
  const response = await call(role, "POST", "/api/v1/bookings", {
    resourceId,
    start: at(day, 9).toISOString(),
    end: at(day, 10).toISOString(),
    purpose: "scope walk",
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()).bookings[0].id as string;
};

beforeAll(async () => {
  a = await createWorld(db);
  b = await createWorld(db);
  resourceA = await a.createResource({ approval: "MANAGER" });
  resourceB = await b.createResource({ approval: "MANAGER" });
  const authority = await db.organization.create({
    data: { kind: "AUTHORITY", nameZh: `局${a.tag}`, nameEn: `Authority ${a.tag}`, uscc: testUscc() },
  });
  const admin = await db.user.create({
    data: {
      email: `scope-admin.${a.tag.toLowerCase()}@test.zhongshi.cn`,
      name: "admin",
      passwordHash: "x",
      memberships: { create: { organizationId: authority.id, role: "ADMIN" } },
    },
  });
  const users: Record<Role, string> = {
    memberA: a.memberA.id,
    memberB: a.memberB.id,
    manager: a.manager.id,
    otherManager: b.manager.id,
    admin: admin.id,
  };
  headers = {} as typeof headers;
  actors = {} as typeof actors;
  for (const role of ROLES) {
    headers[role] = await a.sessionHeaders(users[role]);
    actors[role] = await a.actorOf(users[role]);
  }
  // Bookings of both organizations on both facilities, and one of world B's own member.
  bookingIds.aOnA = await book("memberA", resourceA.id, 40);
  bookingIds.aOnB = await book("memberA", resourceB.id, 41);
  bookingIds.bOnA = await book("memberB", resourceA.id, 42);
  const bMember = await b.sessionHeaders(b.memberA.id);
  const day = futureDay(43);
  const response = await app.request("/api/v1/bookings", {
    method: "POST",
    headers: bMember,
    body: JSON.stringify({
      resourceId: resourceB.id,
      start: at(day, 9).toISOString(),
      end: at(day, 10).toISOString(),
      purpose: "world B",
    }),
  });
  bookingIds.worldB = (await response.json()).bookings[0].id;
  for (const [role, resource] of [
    ["manager", resourceA],
    ["otherManager", resourceB],
  ] as const) {
    const recorded = await call(role, "POST", "/api/v1/usage-records", {
      resourceId: resource.id,
      unitId: resource.units[0]!.id,
      startedAt: at(futureDay(-2), 9).toISOString(),
      endedAt: at(futureDay(-2), 10).toISOString(),
    });
    expect(recorded.status).toBe(201);
  }
  for (const role of ROLES) expect((await call(role, "POST", "/api/v1/auth/tokens", { name: role })).status).toBe(201);
});
afterAll(() => db.$disconnect());

type BookingRow = { id: string; requesterId: string; organizationId: string | null; facilityId: string };
const bookingRows = async (ids: string[]): Promise<BookingRow[]> =>
  (
    await db.booking.findMany({
      where: { id: { in: ids } },
      select: { id: true, requesterId: true, organizationId: true, resource: { select: { facilityId: true } } },
    })
  ).map((r) => ({ ...r, facilityId: r.resource.facilityId }));

const inBookingScope = (actor: Actor, scope: string, row: BookingRow) => {
  switch (scope) {
    case "mine":
      return row.requesterId === actor.userId;
    case "organization":
      return row.organizationId !== null && actor.organizationIds.includes(row.organizationId);
    case "facility":
      return actor.isAdmin || actor.managedFacilityIds.includes(row.facilityId);
    default:
      return actor.isAdmin;
  }
};

const bookingFilters = () => [
  {},
  { facility: a.facility.code },
  { facility: b.facility.code },
  { resource: resourceA.code },
  { resource: resourceB.code },
  { status: "PENDING" },
  { status: "APPROVED" },
  { kind: "BOOKING" },
  { kind: "MAINTENANCE" },
  { from: new Date(futureDay(0)).toISOString(), to: new Date(futureDay(60)).toISOString() },
  { facility: b.facility.code, resource: resourceA.code },
];

const query = (params: Record<string, string | undefined>) =>
  new URLSearchParams(
    Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined),
  ).toString();

describe("lists: every filter narrows the caller's scope", () => {
  it("GET /bookings and its CSV export, every scope × filter × role", async () => {
    let checked = 0;
    for (const role of ROLES) {
      for (const scope of ["mine", "organization", "facility", "all"]) {
        for (const filter of bookingFilters()) {
          const qs = query({ scope, ...filter, limit: "100" });
          const list = await call(role, "GET", `/api/v1/bookings?${qs}`);
          const csv = await call(role, "GET", `/api/v1/bookings/export.csv?${query({ scope, ...filter })}`);
          expect(list.status === 200 || list.status === 403, `${role} ${qs}`).toBe(true);
          expect(csv.status, `${role} csv ${qs}`).toBe(list.status);
          if (list.status !== 200) continue;
          const ids = ((await list.json()).items as { id: string }[]).map((i) => i.id);
          const csvIds = (parse((await csv.text()).replace(/^\uFEFF/, ""), { columns: true }) as { id: string }[]).map(
            (r) => r.id,
          );
          for (const row of await bookingRows([...new Set([...ids, ...csvIds])])) {
            expect(inBookingScope(actors[role], scope, row), `${role} ${qs} returned ${row.id}`).toBe(true);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it("a member sees their own bookings and never world B's", async () => {
    const mine = (await (await call("memberA", "GET", "/api/v1/bookings?scope=mine&limit=100")).json()).items.map(
      (i: { id: string }) => i.id,
    );
    expect(mine).toEqual(expect.arrayContaining([bookingIds.aOnA, bookingIds.aOnB]));
    expect(mine).not.toContain(bookingIds.worldB);
    expect(mine).not.toContain(bookingIds.bOnA);
  });

  it("GET /usage-records: members are refused; managers only see their facilities, whatever the filter", async () => {
    for (const role of ROLES) {
      for (const filter of [
        {},
        { facility: a.facility.code },
        { facility: b.facility.code },
        { resource: resourceA.code },
        { resource: resourceB.code },
      ]) {
        const response = await call(role, "GET", `/api/v1/usage-records?${query({ ...filter, limit: "100" })}`);
        if (role === "memberA" || role === "memberB") {
          expect(response.status).toBe(403);
          continue;
        }
        expect(response.status).toBe(200);
        const items = (await response.json()).items as { resourceId: string }[];
        const resources = await db.resource.findMany({ where: { id: { in: items.map((i) => i.resourceId) } } });
        for (const r of resources) {
          expect(actors[role].isAdmin || actors[role].managedFacilityIds.includes(r.facilityId), `${role}`).toBe(true);
        }
      }
    }
  });

  it("GET /organizations: non-admins see only their own, whatever q or kind", async () => {
    for (const role of ROLES) {
      for (const filter of [{}, { kind: "SME" }, { kind: "AUTHORITY" }, { q: b.tag }, { q: "企业" }]) {
        const response = await call(role, "GET", `/api/v1/organizations?${query({ ...filter, limit: "100" })}`);
        expect(response.status).toBe(200);
        for (const org of (await response.json()).items as { id: string }[]) {
          expect(actors[role].isAdmin || actors[role].organizationIds.includes(org.id), `${role}`).toBe(true);
        }
      }
    }
  });

  it("GET /users is for admins only, whatever q", async () => {
    for (const role of ROLES) {
      for (const q of ["", a.tag.toLowerCase(), "@"]) {
        const response = await call(role, "GET", `/api/v1/users?${query({ q })}`);
        expect(response.status).toBe(role === "admin" ? 200 : 403);
      }
    }
  });

  it("GET /auth/tokens lists the caller's own tokens only", async () => {
    for (const role of ROLES) {
      const items = (await (await call(role, "GET", "/api/v1/auth/tokens")).json()).items as { id: string }[];
      const owners = await db.apiToken.findMany({ where: { id: { in: items.map((i) => i.id) } } });
      expect(owners.length).toBeGreaterThan(0);
      for (const t of owners) expect(t.userId).toBe(actors[role].userId);
    }
  });

  it("analytics: a facility filter never reaches past the managed facilities", async () => {
    for (const role of ["manager", "otherManager"] as const) {
      for (const facility of [a.facility.code, b.facility.code, undefined]) {
        const qs = query({ groupBy: "facility", ...(facility ? { facility } : {}) });
        const response = await call(role, "GET", `/api/v1/analytics/utilization?${qs}`);
        if (
          facility &&
          !actors[role].managedFacilityIds.includes(facility === a.facility.code ? a.facility.id : b.facility.id)
        ) {
          expect(response.status, `${role} ${qs}`).toBe(403);
          continue;
        }
        expect(response.status, `${role} ${qs}`).toBe(200);
        for (const row of (await response.json()).items as { facility: { id: string } }[]) {
          expect(actors[role].managedFacilityIds).toContain(row.facility.id);
        }
      }
      expect((await call("memberA", "GET", "/api/v1/analytics/utilization")).status).toBe(403);
    }
  });
});

describe("ids outside the caller's scope answer 404", () => {
  const decisions = ["approve", "reject", "cancel", "check-in", "check-out", "no-show"];
  const foreign: [Role, string][] = [
    ["memberA", "bOnA"],
    ["memberA", "worldB"],
    ["memberB", "aOnA"],
    ["memberB", "aOnB"],
    ["manager", "worldB"],
    ["manager", "aOnB"],
    ["otherManager", "aOnA"],
    ["otherManager", "bOnA"],
  ];

  it("GET /bookings/{id} and every decision on it", async () => {
    for (const [role, key] of foreign) {
      const id = bookingIds[key]!;
      expect((await call(role, "GET", `/api/v1/bookings/${id}`)).status, `${role} GET ${key}`).toBe(404);
      for (const decision of decisions) {
        const response = await call(role, "POST", `/api/v1/bookings/${id}/${decision}`, { reason: "x" });
        expect(response.status, `${role} ${decision} ${key}`).toBe(404);
      }
    }
  });

  it("DELETE /auth/tokens/{id} of someone else", async () => {
    const tokenOfB = await db.apiToken.findFirstOrThrow({ where: { userId: actors.memberB.userId } });
    expect((await call("memberA", "DELETE", `/api/v1/auth/tokens/${tokenOfB.id}`)).status).toBe(404);
    expect(await db.apiToken.count({ where: { id: tokenOfB.id } })).toBe(1);
  });

  it("POST /resources/{code}/feed/rotate of another facility's resource", async () => {
    expect((await call("otherManager", "POST", `/api/v1/resources/${resourceA.code}/feed/rotate`)).status).toBe(404);
    expect((await call("memberA", "POST", `/api/v1/resources/${resourceA.code}/feed/rotate`)).status).toBe(404);
  });

  // Every other operation that takes an id: tests/security/id-walk.test.ts walks them all, for every role.

  it("anonymous callers get 401, not data", async () => {
    const anonymous = { origin: ORIGIN };
    for (const path of ["/api/v1/bookings", `/api/v1/bookings/${bookingIds.aOnA}`, "/api/v1/usage-records"]) {
      expect((await app.request(path, { headers: anonymous })).status).toBe(401);
    }
  });
});
