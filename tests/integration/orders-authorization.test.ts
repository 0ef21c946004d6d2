import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testApp, createWorld, ORIGIN, testUscc, type TestWorld } from "../setup/fixtures.ts";
import { createOrderWorld, fakePdf } from "../setup/order-fixtures.ts";
import {
  grants,
  PERMISSIONS,
  SEEN_THROUGH,
  type Permission,
  type Relation,
} from "../../api/src/modules/access/access.ts";

// The order endpoints in the authorization matrix, kept in their own file so the permission-table rework of
// authorization-matrix.test.ts and this one merge cleanly. Roles: the ordering organization's member, another
// organization's member, the center's manager, another facility's manager, the performing body's staff
// (BODY_STAFF), another body's staff, an admin, and nobody.

const { db, app } = testApp(inject("databaseUrl"));
type Role = "anonymous" | "customer" | "otherMember" | "manager" | "otherManager" | "staff" | "otherStaff" | "admin";
const ROLES: Role[] = [
  "anonymous",
  "customer",
  "otherMember",
  "manager",
  "otherManager",
  "staff",
  "otherStaff",
  "admin",
];

let world: TestWorld;
let ow: Awaited<ReturnType<typeof createOrderWorld>>;
let headers: Record<Role, Record<string, string>>;

beforeAll(async () => {
  world = await createWorld(db);
  ow = await createOrderWorld(db, world);
  const other = await db.facility.create({
    data: {
      code: `OO-${world.tag}`,
      kind: "BASE",
      nameZh: "另一基地",
      nameEn: "Other",
      summaryZh: "-",
      summaryEn: "-",
    },
  });
  await db.facilityManager.create({ data: { facilityId: other.id, userId: world.otherManager.id } });
  const authority = await db.organization.create({
    data: { kind: "AUTHORITY", nameZh: `局${world.tag}`, nameEn: `Authority ${world.tag}`, uscc: testUscc() },
  });
  const admin = await db.user.create({
    data: {
      email: `order-admin.${world.tag.toLowerCase()}@test.zhongshi.cn`,
      name: "admin",
      passwordHash: "x",
      memberships: { create: { organizationId: authority.id, role: "ADMIN" } },
    },
  });
  headers = {
    anonymous: { origin: ORIGIN, "content-type": "application/json" },
    customer: await world.sessionHeaders(world.memberA.id),
    otherMember: await world.sessionHeaders(world.memberB.id),
    manager: await world.sessionHeaders(world.manager.id),
    otherManager: await world.sessionHeaders(world.otherManager.id),
    staff: await world.sessionHeaders(ow.staff1.id),
    otherStaff: await world.sessionHeaders(ow.staff2.id),
    admin: await world.sessionHeaders(admin.id),
  };
});
afterAll(() => db.$disconnect());

const call = async (role: Role, method: string, path: string, body?: unknown, type?: string): Promise<Response> =>
  app.request(`/api/v1${path}`, {
    method,
    headers: type ? { ...headers[role], "content-type": type } : headers[role],
    body: body === undefined ? undefined : body instanceof Uint8Array ? new Uint8Array(body) : JSON.stringify(body),
  });

type Stage = "REQUESTED" | "QUOTED" | "RECEIVED" | "TESTING" | "REPORTED";

/** A fresh order of the customer's organization for body 1, driven to the stage asked for. */
const orderAt = async (stage: Stage) => {
  const response = await call("customer", "POST", "/orders", {
    serviceId: ow.service.id,
    certificationBodyId: ow.lab1.body.id,
    sampleName: "电芯",
    sampleQuantity: 1,
    matrix: "电芯",
    items: [ow.itemA],
    standardNumber: ow.standard,
    reportLanguage: "ZH",
    retentionDays: 30,
  });
  const id = ((await response.json()) as { id: string }).id;
  const steps: [Stage, () => Promise<Response>][] = [
    [
      "QUOTED",
      () =>
        call("staff", "POST", `/orders/${id}/quote`, {
          priceFen: 100,
          validUntil: new Date(Date.now() + 86_400_000).toISOString(),
        }),
    ],
    [
      "RECEIVED",
      async () => {
        await call("customer", "POST", `/orders/${id}/accept`, {});
        return call("staff", "POST", `/orders/${id}/receive`, { condition: "ok", storage: "A" });
      },
    ],
    ["TESTING", () => call("staff", "POST", `/orders/${id}/start`, {})],
    ["REPORTED", () => call("staff", "PUT", `/orders/${id}/report`, fakePdf(), "application/pdf")],
  ];
  const order: Stage[] = ["REQUESTED", "QUOTED", "RECEIVED", "TESTING", "REPORTED"];
  for (const [target, run] of steps) {
    if (order.indexOf(target) > order.indexOf(stage)) break;
    expect((await run()).status, target).toBe(200);
  }
  return id;
};

/**
 * How each signed-in role stands to the orders these cases act on (organization A's orders for body 1 at the
 * world's center). The access module's table turns these into the expected answer of every case that names its
 * permissions, which must equal the case's literal `expect` (as in authorization-matrix.test.ts).
 */
const RELATIONS: Record<Exclude<Role, "anonymous">, Relation[]> = {
  customer: ["SIGNED_IN", "ORG_MEMBER", "ANY_ORG_MEMBER", "REQUESTER"],
  otherMember: ["SIGNED_IN", "ANY_ORG_MEMBER"],
  manager: ["SIGNED_IN", "FACILITY_MANAGER", "ANY_FACILITY_MANAGER"],
  otherManager: ["SIGNED_IN", "ANY_FACILITY_MANAGER"],
  staff: ["SIGNED_IN", "BODY_STAFF", "ANY_BODY_STAFF", "ANY_ORG_MEMBER"],
  otherStaff: ["SIGNED_IN", "ANY_BODY_STAFF", "ANY_ORG_MEMBER"],
  admin: ["SIGNED_IN", "ADMIN", "ANY_ORG_MEMBER"],
};

/** 401 without a session; else `ok` if the table grants it, 404 if the order is out of sight, else 403. */
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

/** order.create is asked about the organization an order is for (each orders for its own): pinned literally. */
const NOT_DERIVED: Permission[] = ["order.create"];

type Case = {
  name: string;
  expect: Record<Role, number>;
  /** The permissions the endpoint asks, in order, and its success status. */
  access?: { permissions: Permission[]; ok: number };
  run: (role: Role) => Promise<Response>;
};

const cases: Case[] = [
  {
    name: "GET /test-services (public search)",
    expect: {
      anonymous: 200,
      customer: 200,
      otherMember: 200,
      manager: 200,
      otherManager: 200,
      staff: 200,
      otherStaff: 200,
      admin: 200,
    },
    run: (r) => call(r, "GET", "/test-services?q=GB%2038031"),
  },
  {
    name: "POST /orders",
    // The test world's managers belong to no organization, so they have none to order for.
    expect: {
      anonymous: 401,
      customer: 201,
      otherMember: 201,
      manager: 403,
      otherManager: 403,
      staff: 201,
      otherStaff: 201,
      admin: 201,
    },
    run: (r) =>
      call(r, "POST", "/orders", {
        serviceId: ow.service.id,
        certificationBodyId: ow.lab1.body.id,
        sampleName: "x",
        sampleQuantity: 1,
        matrix: "x",
        items: [ow.itemA],
        standardNumber: ow.standard,
        reportLanguage: "ZH",
        retentionDays: 0,
      }),
  },
  {
    name: "GET /orders/{id}",
    access: { permissions: ["order.read"], ok: 200 },
    expect: {
      anonymous: 401,
      customer: 200,
      otherMember: 404,
      manager: 200,
      otherManager: 404,
      staff: 200,
      otherStaff: 404,
      admin: 200,
    },
    run: async (r) => call(r, "GET", `/orders/${await orderAt("REQUESTED")}`),
  },
  {
    name: "GET /orders?scope=board",
    access: { permissions: ["orders.list.board"], ok: 200 },
    expect: {
      anonymous: 401,
      customer: 403,
      otherMember: 403,
      manager: 200,
      otherManager: 200,
      staff: 200,
      otherStaff: 200,
      admin: 200,
    },
    run: (r) => call(r, "GET", "/orders?scope=board"),
  },
  {
    name: "POST /orders/{id}/quote",
    access: { permissions: ["order.lab"], ok: 200 },
    expect: {
      anonymous: 401,
      customer: 403,
      otherMember: 404,
      manager: 200,
      otherManager: 404,
      staff: 200,
      otherStaff: 404,
      admin: 200,
    },
    run: async (r) =>
      call(r, "POST", `/orders/${await orderAt("REQUESTED")}/quote`, {
        priceFen: 5,
        validUntil: new Date(Date.now() + 86_400_000).toISOString(),
      }),
  },
  {
    name: "POST /orders/{id}/accept",
    access: { permissions: ["order.customer"], ok: 200 },
    // An admin is on the lab side, never the customer's.
    expect: {
      anonymous: 401,
      customer: 200,
      otherMember: 404,
      manager: 403,
      otherManager: 404,
      staff: 403,
      otherStaff: 404,
      admin: 403,
    },
    run: async (r) => call(r, "POST", `/orders/${await orderAt("QUOTED")}/accept`, {}),
  },
  {
    name: "POST /orders/{id}/cancel (requested)",
    access: { permissions: ["order.read"], ok: 200 },
    expect: {
      anonymous: 401,
      customer: 200,
      otherMember: 404,
      manager: 200,
      otherManager: 404,
      staff: 200,
      otherStaff: 404,
      admin: 200,
    },
    run: async (r) => call(r, "POST", `/orders/${await orderAt("REQUESTED")}/cancel`, { reason: "matrix" }),
  },
  {
    name: "GET /orders/{id}/label",
    access: { permissions: ["order.lab"], ok: 200 },
    expect: {
      anonymous: 401,
      customer: 403,
      otherMember: 404,
      manager: 200,
      otherManager: 404,
      staff: 200,
      otherStaff: 404,
      admin: 200,
    },
    run: async (r) => call(r, "GET", `/orders/${await orderAt("RECEIVED")}/label`),
  },
  {
    name: "PUT /orders/{id}/report",
    access: { permissions: ["order.lab"], ok: 200 },
    expect: {
      anonymous: 401,
      customer: 403,
      otherMember: 404,
      manager: 200,
      otherManager: 404,
      staff: 200,
      otherStaff: 404,
      admin: 200,
    },
    run: async (r) => call(r, "PUT", `/orders/${await orderAt("TESTING")}/report`, fakePdf(), "application/pdf"),
  },
  {
    name: "GET /orders/{id}/report",
    access: { permissions: ["order.read"], ok: 200 },
    expect: {
      anonymous: 401,
      customer: 200,
      otherMember: 404,
      manager: 200,
      otherManager: 404,
      staff: 200,
      otherStaff: 404,
      admin: 200,
    },
    run: async (r) => call(r, "GET", `/orders/${await orderAt("REPORTED")}/report`),
  },
  {
    name: "GET /order-analytics",
    access: { permissions: ["orders.list.board"], ok: 200 },
    expect: {
      anonymous: 401,
      customer: 403,
      otherMember: 403,
      manager: 200,
      otherManager: 200,
      staff: 200,
      otherStaff: 200,
      admin: 200,
    },
    run: (r) =>
      call(
        r,
        "GET",
        `/order-analytics?from=${encodeURIComponent("2026-01-01T00:00:00+08:00")}&to=${encodeURIComponent("2027-01-01T00:00:00+08:00")}`,
      ),
  },
];

describe("authorization matrix: test orders", () => {
  it("covers every order permission of the access module's table", () => {
    const covered = new Set(cases.flatMap((c) => c.access?.permissions ?? []));
    const orderPermissions = Object.keys(PERMISSIONS).filter((p) => p.startsWith("order")) as Permission[];
    expect(orderPermissions.filter((p) => !covered.has(p) && !NOT_DERIVED.includes(p))).toEqual([]);
  });

  for (const c of cases) {
    it(c.name, async () => {
      const got: Record<string, number> = {};
      for (const role of ROLES) got[role] = (await c.run(role)).status;
      expect(got).toEqual(c.expect);
      if (c.access) expect(fromTable(c.access.permissions, c.access.ok)).toEqual(c.expect);
    });
  }

  it("lists only what each role may see on the board, and filters never widen it", async () => {
    const id = await orderAt("REQUESTED");
    const codes = async (role: Role, query = "") =>
      ((await (await call(role, "GET", `/orders?scope=board&limit=100${query}`)).json()).items as { id: string }[]).map(
        (o) => o.id,
      );
    expect(await codes("staff")).toContain(id);
    expect(await codes("manager")).toContain(id);
    expect(await codes("otherStaff")).not.toContain(id);
    expect(await codes("otherStaff", `&body=${ow.lab1.body.code}`)).toEqual([]);
    expect(await codes("otherManager", `&facility=${world.facility.code}`)).toEqual([]);
    const mine = await (await call("otherMember", "GET", "/orders?scope=organization&limit=100")).json();
    expect(mine.items.map((o: { id: string }) => o.id)).not.toContain(id);
  });
});
