import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { randomUUID } from "node:crypto";
import { testApp, createWorld, futureDay, at, ORIGIN, testUscc, type TestWorld } from "../setup/fixtures.ts";
import {
  grants,
  PERMISSIONS,
  SEEN_THROUGH,
  type Permission,
  type Relation,
} from "../../api/src/modules/access/access.ts";

const { db, app } = testApp(inject("databaseUrl"));
type Role = "anonymous" | "memberA" | "memberB" | "manager" | "otherManager" | "admin";
const ROLES: Role[] = ["anonymous", "memberA", "memberB", "manager", "otherManager", "admin"];

let world: TestWorld;
let headers: Record<Role, Record<string, string>>;
let resource: Awaited<ReturnType<TestWorld["createResource"]>>;
let dayOffset = 60;

beforeAll(async () => {
  world = await createWorld(db);
  resource = await world.createResource({ units: 1 });
  // otherManager manages a different facility; admin is an ADMIN of the authority.
  const other = await db.facility.create({
    data: {
      code: `O-${world.tag}`,
      kind: "BASE",
      nameZh: "另一基地",
      nameEn: "Other base",
      summaryZh: "-",
      summaryEn: "-",
    },
  });
  await db.facilityManager.create({ data: { facilityId: other.id, userId: world.otherManager.id } });
  const authority = await db.organization.create({
    data: { kind: "AUTHORITY", nameZh: `管理局${world.tag}`, nameEn: `Authority ${world.tag}`, uscc: testUscc() },
  });
  const adminUser = await db.user.create({
    data: {
      email: `admin.${world.tag.toLowerCase()}@test.zhongshi.cn`,
      name: "admin",
      passwordHash: "x",
      memberships: { create: { organizationId: authority.id, role: "ADMIN" } },
    },
  });
  headers = {
    anonymous: { origin: ORIGIN, "content-type": "application/json" },
    memberA: await world.sessionHeaders(world.memberA.id),
    memberB: await world.sessionHeaders(world.memberB.id),
    manager: await world.sessionHeaders(world.manager.id),
    otherManager: await world.sessionHeaders(world.otherManager.id),
    admin: await world.sessionHeaders(adminUser.id),
  };
});
afterAll(() => db.$disconnect());

const call = (role: Role, method: string, path: string, body?: unknown) =>
  app.request(path, { method, headers: headers[role], body: body === undefined ? undefined : JSON.stringify(body) });

/** A fresh booking of organization A, so every role meets it in the same state. */
const bookingOfA = async (status: "PENDING" | "APPROVED" = "PENDING") => {
  const day = futureDay(dayOffset++);
  const response = await call("memberA", "POST", "/api/v1/bookings", {
    resourceId: resource.id,
    start: at(day, 9).toISOString(),
    end: at(day, 10).toISOString(),
    purpose: "matrix",
  });
  const id = (await response.json()).bookings[0].id as string;
  if (status === "APPROVED") await call("manager", "POST", `/api/v1/bookings/${id}/approve`);
  return id;
};

/** A pending usage charge of organization A at the world's facility, as the ledger writes one at check-out. */
const chargeOfA = async () => {
  const id = randomUUID();
  const line = await db.chargeLine.create({
    data: {
      organizationId: world.orgA.id,
      facilityId: world.facility.id,
      resourceId: resource.id,
      sourceType: "BOOKING",
      sourceId: id,
      kind: "USAGE",
      customerClass: "EXTERNAL",
      description: "matrix",
      quantity: 60,
      quantityUnit: "MINUTE",
      unitPriceFen: 10_000,
      grossFen: 10_000,
      amountFen: 10_000,
      serviceAt: new Date(),
      period: new Date().toISOString().slice(0, 7),
      confirmBy: new Date(Date.now() + 7 * 86_400_000),
    },
  });
  return line.id;
};

/**
 * How each signed-in test role stands to the objects these cases act on: organization A's bookings at the
 * world's facility, that facility's resources, and the platform. The access module's table turns these into
 * the expected answer of every case that names its permission, which must equal the case's literal `expect`.
 */
const RELATIONS: Record<Exclude<Role, "anonymous">, Relation[]> = {
  memberA: ["SIGNED_IN", "ORG_MEMBER", "ANY_ORG_MEMBER", "REQUESTER"],
  memberB: ["SIGNED_IN", "ANY_ORG_MEMBER"],
  manager: ["SIGNED_IN", "FACILITY_MANAGER", "ANY_FACILITY_MANAGER"],
  otherManager: ["SIGNED_IN", "ANY_FACILITY_MANAGER"],
  admin: ["SIGNED_IN", "ADMIN", "ANY_ORG_MEMBER"],
};

/** 401 without a session; else `ok` if the table grants it, 404 if the object is out of sight, else 403. */
const fromTable = (permissions: Permission[], ok: number): Record<Role, number> =>
  Object.fromEntries(
    ROLES.map((role) => {
      if (role === "anonymous") return [role, 401];
      const held = RELATIONS[role];
      for (const permission of permissions) {
        const seenThrough = SEEN_THROUGH[permission];
        if (seenThrough && !grants(seenThrough, held)) return [role, 404];
        if (!grants(permission, held)) return [role, 403];
      }
      return [role, ok];
    }),
  ) as Record<Role, number>;

/**
 * booking.create is asked about the organization a booking is for: every member books for their own, so the
 * relations above (to organization A) do not describe it; the POST /bookings case pins it literally.
 */
const NOT_IN_MATRIX: Permission[] = ["booking.create"];

/**
 * The order permissions are asked by the order endpoints, whose roles (the performing body's staff among them)
 * need the order world: tests/integration/orders-authorization.test.ts derives its expectations from the same
 * table and checks that it covers these.
 */
const IN_ORDERS_MATRIX: Permission[] = [
  "order.create",
  "order.read",
  "order.lab",
  "order.customer",
  "orders.list.board",
];

type Case = {
  name: string;
  expect: Record<Role, number>;
  /** The permissions the endpoint asks, in order, and its success status (cases the access module decides). */
  access?: { permissions: Permission[]; ok: number };
  run: (role: Role) => Response | Promise<Response>;
};

const cases: Case[] = [
  {
    name: "GET /facilities",
    expect: { anonymous: 200, memberA: 200, memberB: 200, manager: 200, otherManager: 200, admin: 200 },
    run: (r) => call(r, "GET", "/api/v1/facilities"),
  },
  {
    name: "GET availability",
    expect: { anonymous: 200, memberA: 200, memberB: 200, manager: 200, otherManager: 200, admin: 200 },
    run: (r) =>
      call(
        r,
        "GET",
        `/api/v1/resources/${resource.code}/availability?from=${encodeURIComponent(at(futureDay(5), 0).toISOString())}&to=${encodeURIComponent(at(futureDay(6), 0).toISOString())}`,
      ),
  },
  {
    name: "POST /bookings",
    expect: { anonymous: 401, memberA: 201, memberB: 201, manager: 403, otherManager: 403, admin: 201 },
    run: (r) => {
      const day = futureDay(dayOffset++);
      return call(r, "POST", "/api/v1/bookings", {
        resourceId: resource.id,
        start: at(day, 9).toISOString(),
        end: at(day, 10).toISOString(),
        purpose: "matrix",
      });
    },
  },
  {
    name: "GET /bookings/{id} of org A",
    access: { permissions: ["booking.read"], ok: 200 },
    expect: { anonymous: 401, memberA: 200, memberB: 404, manager: 200, otherManager: 404, admin: 200 },
    run: async (r) => call(r, "GET", `/api/v1/bookings/${await bookingOfA()}`),
  },
  {
    name: "approve",
    access: { permissions: ["booking.decide"], ok: 200 },
    expect: { anonymous: 401, memberA: 403, memberB: 404, manager: 200, otherManager: 404, admin: 200 },
    run: async (r) => call(r, "POST", `/api/v1/bookings/${await bookingOfA()}/approve`),
  },
  {
    name: "reject",
    access: { permissions: ["booking.decide"], ok: 200 },
    expect: { anonymous: 401, memberA: 403, memberB: 404, manager: 200, otherManager: 404, admin: 200 },
    run: async (r) => call(r, "POST", `/api/v1/bookings/${await bookingOfA()}/reject`, { reason: "no" }),
  },
  {
    name: "cancel",
    access: { permissions: ["booking.cancel"], ok: 200 },
    expect: { anonymous: 401, memberA: 200, memberB: 404, manager: 200, otherManager: 404, admin: 200 },
    run: async (r) => call(r, "POST", `/api/v1/bookings/${await bookingOfA()}/cancel`),
  },
  {
    name: "check-in",
    access: { permissions: ["booking.decide"], ok: 200 },
    expect: { anonymous: 401, memberA: 403, memberB: 404, manager: 200, otherManager: 404, admin: 200 },
    run: async (r) => call(r, "POST", `/api/v1/bookings/${await bookingOfA("APPROVED")}/check-in`),
  },
  {
    name: "list mine",
    access: { permissions: ["bookings.list.mine"], ok: 200 },
    expect: { anonymous: 401, memberA: 200, memberB: 200, manager: 200, otherManager: 200, admin: 200 },
    run: (r) => call(r, "GET", "/api/v1/bookings?scope=mine"),
  },
  {
    name: "list organization",
    access: { permissions: ["bookings.list.organization"], ok: 200 },
    expect: { anonymous: 401, memberA: 200, memberB: 200, manager: 200, otherManager: 200, admin: 200 },
    run: (r) => call(r, "GET", "/api/v1/bookings?scope=organization"),
  },
  {
    name: "GET /resources/{code}/feed",
    access: { permissions: ["resource.feed.read"], ok: 200 },
    expect: { anonymous: 401, memberA: 404, memberB: 404, manager: 200, otherManager: 404, admin: 200 },
    run: (r) => call(r, "GET", `/api/v1/resources/${resource.code}/feed`),
  },
  {
    name: "list facility",
    access: { permissions: ["bookings.list.facility"], ok: 200 },
    expect: { anonymous: 401, memberA: 403, memberB: 403, manager: 200, otherManager: 200, admin: 200 },
    run: (r) => call(r, "GET", "/api/v1/bookings?scope=facility"),
  },
  {
    name: "list all",
    access: { permissions: ["bookings.list.all"], ok: 200 },
    expect: { anonymous: 401, memberA: 403, memberB: 403, manager: 403, otherManager: 403, admin: 200 },
    run: (r) => call(r, "GET", "/api/v1/bookings?scope=all&limit=5"),
  },
  {
    name: "POST /maintenance-blocks",
    access: { permissions: ["maintenance.create"], ok: 201 },
    expect: { anonymous: 401, memberA: 403, memberB: 403, manager: 201, otherManager: 403, admin: 201 },
    run: (r) => {
      const day = futureDay(dayOffset++);
      return call(r, "POST", "/api/v1/maintenance-blocks", {
        resourceId: resource.id,
        start: at(day, 13).toISOString(),
        end: at(day, 14).toISOString(),
        reason: "校准",
      });
    },
  },
  {
    name: "POST /usage-records",
    access: { permissions: ["facility.operate"], ok: 201 },
    expect: { anonymous: 401, memberA: 403, memberB: 403, manager: 201, otherManager: 403, admin: 201 },
    run: (r) =>
      call(r, "POST", "/api/v1/usage-records", {
        resourceId: resource.id,
        unitId: resource.units[0]!.id,
        startedAt: at(futureDay(-3), 9).toISOString(),
        endedAt: at(futureDay(-3), 11).toISOString(),
        samples: 3,
      }),
  },
  {
    name: "GET /usage-records",
    access: { permissions: ["usage.list"], ok: 200 },
    expect: { anonymous: 401, memberA: 403, memberB: 403, manager: 200, otherManager: 200, admin: 200 },
    run: (r) => call(r, "GET", "/api/v1/usage-records"),
  },
  {
    name: "PATCH /resources/{code}",
    access: { permissions: ["facility.manage"], ok: 200 },
    expect: { anonymous: 401, memberA: 404, memberB: 404, manager: 200, otherManager: 404, admin: 200 },
    run: (r) => call(r, "PATCH", `/api/v1/resources/${resource.code}`, { descriptionEn: `edited by ${r}` }),
  },
  {
    name: "POST /facilities",
    access: { permissions: ["platform.administer"], ok: 201 },
    expect: { anonymous: 401, memberA: 403, memberB: 403, manager: 403, otherManager: 403, admin: 201 },
    run: (r) =>
      call(r, "POST", "/api/v1/facilities", {
        code: `F-${randomUUID().slice(0, 6).toUpperCase()}`,
        kind: "BASE",
        nameZh: "先进装备制造中试基地",
        nameEn: "Advanced equipment pilot base",
        summaryZh: "-",
        summaryEn: "-",
      }),
  },
  {
    name: "POST /certification-bodies",
    access: { permissions: ["platform.administer"], ok: 201 },
    expect: { anonymous: 401, memberA: 403, memberB: 403, manager: 403, otherManager: 403, admin: 201 },
    run: (r) =>
      call(r, "POST", "/api/v1/certification-bodies", {
        code: `CB-T${randomUUID().slice(0, 6).toUpperCase()}`,
        nameZh: "示例检测",
        nameEn: "Sample lab",
        uscc: testUscc(),
        domains: ["food"],
        scopeZh: "-",
        scopeEn: "-",
        contactName: "张工",
        contactPhone: "0851-80000000",
        contactEmail: "lab@example.cn",
        address: "贵阳",
      }),
  },
  {
    name: "GET /users",
    access: { permissions: ["platform.administer"], ok: 200 },
    expect: { anonymous: 401, memberA: 403, memberB: 403, manager: 403, otherManager: 403, admin: 200 },
    run: (r) => call(r, "GET", "/api/v1/users?limit=5"),
  },
  {
    name: "POST /users/{id}/memberships",
    access: { permissions: ["platform.administer"], ok: 204 },
    expect: { anonymous: 401, memberA: 403, memberB: 403, manager: 403, otherManager: 403, admin: 204 },
    run: (r) =>
      call(r, "POST", `/api/v1/users/${world.memberB.id}/memberships`, {
        organizationId: world.orgB.id,
        role: "MEMBER",
      }),
  },
  {
    name: "POST /organizations",
    access: { permissions: ["platform.administer"], ok: 201 },
    expect: { anonymous: 401, memberA: 403, memberB: 403, manager: 403, otherManager: 403, admin: 201 },
    run: (r) =>
      call(r, "POST", "/api/v1/organizations", {
        kind: "SME",
        nameZh: "示例企业",
        nameEn: "Sample SME",
        uscc: testUscc(),
      }),
  },
  {
    name: "GET /webhooks",
    access: { permissions: ["notifications.operate"], ok: 200 },
    expect: { anonymous: 401, memberA: 403, memberB: 403, manager: 200, otherManager: 200, admin: 200 },
    run: (r) => call(r, "GET", "/api/v1/webhooks"),
  },
  {
    name: "DELETE /webhooks/{id} of the facility",
    access: { permissions: ["webhook.manage"], ok: 204 },
    expect: { anonymous: 401, memberA: 404, memberB: 404, manager: 204, otherManager: 404, admin: 204 },
    run: async (r) => {
      const hook = await db.webhookEndpoint.create({
        data: {
          url: "https://hooks.example.org/matrix",
          format: "JSON",
          secret: "matrix",
          facilityId: world.facility.id,
          createdById: world.manager.id,
        },
      });
      return call(r, "DELETE", `/api/v1/webhooks/${hook.id}`);
    },
  },
  {
    name: "GET /suspensions",
    access: { permissions: ["suspensions.list"], ok: 200 },
    expect: { anonymous: 401, memberA: 403, memberB: 403, manager: 200, otherManager: 200, admin: 200 },
    run: (r) => call(r, "GET", "/api/v1/suspensions"),
  },
  {
    name: "POST /organizations/{id}/invitations of org A",
    access: { permissions: ["organization.read", "organization.invite"], ok: 201 },
    expect: { anonymous: 401, memberA: 403, memberB: 404, manager: 404, otherManager: 404, admin: 201 },
    run: (r) =>
      call(r, "POST", `/api/v1/organizations/${world.orgA.id}/invitations`, {
        email: `invitee.${randomUUID().slice(0, 8)}@test.zhongshi.cn`,
      }),
  },
  {
    name: "GET /analytics/summary (own facility)",
    access: { permissions: ["analytics.read", "analytics.facility.read"], ok: 200 },
    expect: { anonymous: 401, memberA: 403, memberB: 403, manager: 200, otherManager: 403, admin: 200 },
    run: (r) => call(r, "GET", `/api/v1/analytics/summary?facility=${world.facility.code}`),
  },
  {
    name: "GET /analytics/summary and heatmap (all)",
    access: { permissions: ["analytics.read"], ok: 200 },
    expect: { anonymous: 401, memberA: 403, memberB: 403, manager: 200, otherManager: 200, admin: 200 },
    run: async (r) => {
      const s = await call(r, "GET", "/api/v1/analytics/summary");
      return s.status === 200 ? call(r, "GET", "/api/v1/analytics/heatmap") : s;
    },
  },
  {
    name: "GET /analytics/utilization (all)",
    access: { permissions: ["analytics.read"], ok: 200 },
    expect: { anonymous: 401, memberA: 403, memberB: 403, manager: 200, otherManager: 200, admin: 200 },
    run: (r) => call(r, "GET", "/api/v1/analytics/utilization?groupBy=facility&period=month"),
  },
  {
    name: "GET /charges/{id} of org A",
    access: { permissions: ["money.read"], ok: 200 },
    expect: { anonymous: 401, memberA: 200, memberB: 404, manager: 200, otherManager: 404, admin: 200 },
    run: async (r) => call(r, "GET", `/api/v1/charges/${await chargeOfA()}`),
  },
  {
    name: "POST /charges/{id}/adjustments of org A",
    access: { permissions: ["money.operate"], ok: 201 },
    expect: { anonymous: 401, memberA: 403, memberB: 404, manager: 201, otherManager: 404, admin: 201 },
    run: async (r) =>
      call(r, "POST", `/api/v1/charges/${await chargeOfA()}/adjustments`, { amountFen: -100, reason: "matrix" }),
  },
  {
    name: "POST /charges/{id}/confirm of org A",
    access: { permissions: ["charge.decide"], ok: 200 },
    expect: { anonymous: 401, memberA: 403, memberB: 404, manager: 403, otherManager: 404, admin: 200 },
    run: async (r) => call(r, "POST", `/api/v1/charges/${await chargeOfA()}/confirm`),
  },
  {
    name: "GET /organizations/{id}/settings of org A",
    access: { permissions: ["organization.administer"], ok: 200 },
    expect: { anonymous: 401, memberA: 403, memberB: 404, manager: 404, otherManager: 404, admin: 200 },
    run: (r) => call(r, "GET", `/api/v1/organizations/${world.orgA.id}/settings`),
  },
  {
    name: "GET /analytics/income",
    access: { permissions: ["income.read"], ok: 200 },
    expect: { anonymous: 401, memberA: 403, memberB: 403, manager: 200, otherManager: 200, admin: 200 },
    run: (r) => call(r, "GET", "/api/v1/analytics/income?from=2026-01&to=2026-03"),
  },
  {
    name: "POST /statements/issue (a month without charges)",
    access: { permissions: ["statements.issue"], ok: 200 },
    expect: { anonymous: 401, memberA: 403, memberB: 403, manager: 200, otherManager: 200, admin: 200 },
    run: (r) => call(r, "POST", "/api/v1/statements/issue", { period: "2001-01" }),
  },
];

describe("authorization matrix: every role against every endpoint", () => {
  it("covers every permission of the access module's table", () => {
    const covered = new Set(cases.flatMap((c) => c.access?.permissions ?? []));
    const uncovered = Object.keys(PERMISSIONS).filter(
      (p) =>
        !covered.has(p as Permission) &&
        !NOT_IN_MATRIX.includes(p as Permission) &&
        !IN_ORDERS_MATRIX.includes(p as Permission),
    );
    expect(uncovered).toEqual([]);
  });

  for (const c of cases) {
    it(c.name, async () => {
      const actual: Record<string, number> = {};
      for (const role of ROLES) actual[role] = (await c.run(role)).status;
      expect(actual).toEqual(c.expect);
      if (c.access) expect(fromTable(c.access.permissions, c.access.ok)).toEqual(c.expect);
    });
  }

  it("scopes lists: members see their organization's bookings only; managers their facilities only", async () => {
    const id = await bookingOfA();
    const ids = async (role: Role, scope: string) =>
      (
        (await (await call(role, "GET", `/api/v1/bookings?scope=${scope}&limit=100`)).json()).items as { id: string }[]
      ).map((b) => b.id);
    expect(await ids("memberA", "organization")).toContain(id);
    expect(await ids("memberB", "organization")).not.toContain(id);
    expect(await ids("manager", "facility")).toContain(id);
    expect(await ids("otherManager", "facility")).not.toContain(id);
    const orgs = (await (await call("memberA", "GET", "/api/v1/organizations")).json()).items as { id: string }[];
    expect(orgs.map((o) => o.id)).toEqual([world.orgA.id]);
  });
});
