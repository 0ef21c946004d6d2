import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testApp, createWorld, futureDay, at, type TestWorld } from "../setup/fixtures.ts";
import { createOrderWorld } from "../setup/order-fixtures.ts";
import { callersOf, populateWorld, ROLES, type Role } from "./two-worlds.ts";

// Every operation of the OpenAPI document that takes an id or a code is called by each role of world A with
// the id of world B's object (another organization's, another facility's). The answer must be 404: an object
// outside the caller's scope is not revealed, and nothing about it changes.
//
// The one other answer allowed is the 403 a caller's role gets whatever the id (admin-only operations for
// non-admins, manager-only ones for members): the walk then asks again with an id that exists nowhere and
// requires the very same status and problem code, so the answer says nothing about the object.
//
// Operations on public objects (the catalogue) and capability URLs are listed below with the reason.
const { db, app } = testApp(inject("databaseUrl"));

/** Meant to answer anyone, whoever owns the object. */
const PUBLIC: Record<string, string> = {
  "GET /api/v1/facilities/{code}": "public catalogue",
  "GET /api/v1/facilities/{code}/availability": "public catalogue: free time, never who holds it",
  "GET /api/v1/resources/{code}": "public catalogue",
  "GET /api/v1/resources/{code}/availability": "public catalogue: free time, never who holds it",
  "GET /api/v1/certification-bodies/{code}": "public directory of the 58 bodies",
  "GET /api/v1/test-services/{code}": "public catalogue",
  "GET /api/v1/resources/{code}/fair-use": "the rules a booker must follow are shown to bookers",
  "GET /api/v1/facilities/{code}/fair-use": "the rules a booker must follow are shown to bookers",
  "GET /api/v1/calendar/{year}": "the public holiday calendar",
  "POST /api/v1/resources/{code}/training-requests": "anyone may ask any facility for training, like booking it",
  "GET /api/v1/verify/{code}": "report verification: the code printed on a report is the capability",
  "GET /api/v1/feeds/users/{file}": "capability URL (unknown files are checked below)",
  "GET /api/v1/feeds/resources/{file}": "capability URL (unknown files are checked below)",
};

let a: TestWorld;
let b: TestWorld;
const headers = {} as Record<Role, Record<string, string>>;
/** World B's objects, by path parameter (and, where the name is shared, by path prefix). */
const foreign: Record<string, string> = {};

const call = (role: Role, method: string, path: string, body?: unknown) =>
  app.request(path, {
    method,
    headers: headers[role],
    body: body === undefined || method === "GET" || method === "DELETE" ? undefined : JSON.stringify(body),
  });

/** World B's value for a parameter of a path, or an id that exists nowhere. */
const valueFor = (path: string, name: string, unknown: boolean): string => {
  if (unknown) {
    if (name === "year") return "2099";
    if (name === "date") return "2099-01-01";
    if (name === "kind") return foreign.kind!;
    if (/^\/api\/v1\/(deliveries|dev-mailbox)\//.test(path)) return "999999999";
    return name === "code" ? `NOPE-${a.tag}` : randomUUID();
  }
  const prefixed = Object.entries(foreign).find(
    ([key]) => key.includes(" ") && path.startsWith(key.split(" ")[0]!) && key.endsWith(` ${name}`),
  );
  return prefixed ? prefixed[1] : foreign[name]!;
};

type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  default?: unknown;
};

/** A small body that passes the operation's schema, so the walk reaches the lookup behind it. */
const sampleOf = (schema: Schema | undefined, components: Record<string, Schema>, key = "", depth = 0): unknown => {
  if (!schema || depth > 8) return undefined;
  if (schema.$ref) return sampleOf(components[schema.$ref.split("/").pop()!], components, key, depth + 1);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return sampleOf(variants.find((v) => v.type !== "null") ?? variants[0], components, key, depth + 1);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s) => sampleOf(s, components, key, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const name of schema.required ?? [])
        out[name] = sampleOf(schema.properties?.[name], components, name, depth + 1);
      return out;
    }
    case "array":
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () =>
        sampleOf(schema.items, components, key, depth + 1),
      );
    case "integer":
    case "number":
      return Math.max(1, schema.minimum ?? 1, (schema.exclusiveMinimum ?? 0) + 1);
    case "boolean":
      return false;
    case "string":
      return sampleString(schema, key);
    default:
      return undefined;
  }
};

const sampleString = (schema: Schema, key: string) => {
  if (schema.format === "uuid") return foreign[key] ?? randomUUID();
  if (schema.format === "date-time") {
    const day = futureDay(70);
    return (/end|to$/i.test(key) ? at(day, 11) : at(day, 10)).toISOString();
  }
  if (schema.format === "date") return new Date(futureDay(70)).toISOString().slice(0, 10);
  if (schema.format === "email") return `walk.${a.tag.toLowerCase()}@test.zhongshi.cn`;
  if (schema.format === "uri") return "https://8.8.8.8/hook";
  if (/^period$/.test(key)) return new Date().toISOString().slice(0, 7);
  const text = "id walk text";
  return text.padEnd(schema.minLength ?? 0, "x").slice(0, schema.maxLength ?? text.length);
};

beforeAll(async () => {
  a = await createWorld(db);
  b = await createWorld(db);
  const labsA = await createOrderWorld(db, a);
  const labsB = await createOrderWorld(db, b);
  Object.assign(headers, await callersOf(db, a, labsA));
  const B = await populateWorld(db, app, b, labsB, 44);
  Object.assign(foreign, {
    id: B.bookingId,
    code: B.resource.code,
    kind: "SELF_OPERATED",
    organizationId: b.orgA.id,
    userId: b.memberA.id,
    resourceId: B.resource.id,
    facilityId: b.facility.id,
    fileId: B.file.id,
    year: "2026",
    date: new Date(futureDay(10)).toISOString().slice(0, 10),
    "/api/v1/auth/tokens id": B.tokenId,
    "/api/v1/facilities code": b.facility.code,
    "/api/v1/facilities/{code}/managers userId": b.manager.id,
    "/api/v1/certification-bodies code": labsB.lab1.body.code,
    "/api/v1/test-services code": labsB.service.code,
    "/api/v1/users id": b.memberA.id,
    "/api/v1/organizations id": b.orgA.id,
    "/api/v1/organization-verifications id": b.orgA.id,
    "/api/v1/webhooks id": B.webhook.id,
    "/api/v1/deliveries id": String(B.delivery.id),
    "/api/v1/waitlist id": B.waitlist.id,
    "/api/v1/suspensions id": B.suspension.id,
    "/api/v1/training-requests id": B.training.id,
    "/api/v1/charges id": B.charge.id,
    "/api/v1/statements id": B.statement.id,
    "/api/v1/vouchers id": B.voucher.id,
    "/api/v1/orders id": B.order.id,
    "/api/v1/dev-mailbox id": String(B.mail.id),
  });
});
afterAll(() => db.$disconnect());

/** Bodies whose rules the schema alone cannot say (one of two fields). */
const BODIES: Record<string, () => unknown> = {
  "POST /api/v1/statements/{id}/vouchers": () => ({ voucherId: foreign["/api/v1/vouchers id"], amountFen: 1 }),
};

type Operation = { method: string; path: string; body?: unknown; label: string };
const operations = async (): Promise<Operation[]> => {
  const doc = await (await app.request("/api/openapi.json")).json();
  const components = doc.components?.schemas ?? {};
  const out: Operation[] = [];
  for (const [path, item] of Object.entries<
    Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>
  >(doc.paths)) {
    if (!path.includes("{")) continue;
    for (const [method, op] of Object.entries(item)) {
      const label = `${method.toUpperCase()} ${path}`;
      const schema = op.requestBody?.content?.["application/json"]?.schema;
      const body = BODIES[label]?.() ?? (schema ? sampleOf(schema, components) : undefined);
      out.push({ method: method.toUpperCase(), path, label, body });
    }
  }
  return out;
};

const fill = (path: string, unknown: boolean) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(valueFor(path, name, unknown)));

describe("ids outside the caller's scope", () => {
  it("every operation that takes an id answers 404 to every role of another organization or facility", async () => {
    const ops = (await operations()).filter((op) => !(op.label in PUBLIC));
    expect(ops.length).toBeGreaterThan(60);
    const wrong: string[] = [];
    const byRole: string[] = [];
    for (const op of ops) {
      for (const role of ROLES) {
        const response = await call(role, op.method, fill(op.path, false), op.body);
        if (response.status === 404) continue;
        const text = await response.text();
        if (response.status === 403) {
          const unknown = await call(role, op.method, fill(op.path, true), op.body);
          const same = unknown.status === 403 && (await unknown.json()).code === JSON.parse(text).code;
          if (same) {
            byRole.push(`${role} ${op.label}`);
            continue;
          }
          wrong.push(`${role} ${op.label}: 403 for B's object but ${unknown.status} for an unknown id`);
          continue;
        }
        wrong.push(`${role} ${op.label}: ${response.status} ${text.slice(0, 160)}`);
      }
    }
    console.log(`refused by role, the same for an unknown id:\n  ${byRole.join("\n  ")}`);
    expect(wrong).toEqual([]);
    // Most refusals are 404s; the role refusals are the minority, each checked against an unknown id above.
    expect(byRole.length).toBeLessThan(ops.length * ROLES.length);
  });

  it("world B's objects are unchanged after the walk", async () => {
    expect((await db.booking.findUniqueOrThrow({ where: { id: foreign.id! } })).status).toBe("PENDING");
    expect(await db.user.count({ where: { id: b.memberA.id, disabledAt: { not: null } } })).toBe(0);
    expect(await db.apiToken.count({ where: { id: foreign["/api/v1/auth/tokens id"]! } })).toBe(1);
    expect(await db.webhookEndpoint.count({ where: { id: foreign["/api/v1/webhooks id"]! } })).toBe(1);
    expect(await db.membership.count({ where: { userId: b.memberA.id, organizationId: b.orgA.id } })).toBe(1);
    expect(await db.facilityManager.count({ where: { userId: b.manager.id, facilityId: b.facility.id } })).toBe(1);
    expect((await db.testOrder.findUniqueOrThrow({ where: { id: foreign["/api/v1/orders id"]! } })).status).toBe(
      "REQUESTED",
    );
    expect((await db.waitlistEntry.findUniqueOrThrow({ where: { id: foreign["/api/v1/waitlist id"]! } })).status).toBe(
      "WAITING",
    );
  });

  it("capability URLs: an unknown feed file is 404", async () => {
    for (const path of ["/api/v1/feeds/users/", "/api/v1/feeds/resources/"])
      expect((await app.request(`${path}${"ab".repeat(20)}.ics`)).status, path).toBe(404);
  });

  it("the public operations named above exist in the document", async () => {
    const labels = new Set((await operations()).map((op) => op.label));
    for (const label of Object.keys(PUBLIC)) expect(labels, label).toContain(label);
  });
});

describe("admin-only operations", () => {
  it("answer the same 403 to non-admins for an existing id and for one that exists nowhere", async () => {
    const adminOnly = [
      ["POST", "/api/v1/users/{id}/disable"],
      ["POST", "/api/v1/users/{id}/enable"],
      ["POST", "/api/v1/users/{id}/memberships"],
      ["DELETE", "/api/v1/users/{id}/memberships/{organizationId}"],
      ["POST", "/api/v1/organization-verifications/{id}"],
      ["POST", "/api/v1/facilities/{code}/managers"],
      ["DELETE", "/api/v1/facilities/{code}/managers/{userId}"],
    ] as const;
    const ops = await operations();
    for (const [method, path] of adminOnly) {
      const op = ops.find((o) => o.method === method && o.path === path)!;
      expect(op, path).toBeDefined();
      for (const role of ROLES) {
        // World A's own objects: the caller's organization, facility and colleague.
        const own = path.replace(/\{(\w+)\}/g, (_, name: string) =>
          name === "code"
            ? a.facility.code
            : name === "organizationId"
              ? a.orgA.id
              : name === "userId"
                ? a.manager.id
                : a.memberA.id,
        );
        const known = await call(role, method, own, op.body);
        const unknown = await call(role, method, fill(path, true), op.body);
        expect(known.status, `${role} ${method} ${path}`).toBe(403);
        expect(unknown.status, `${role} ${method} ${path} (unknown id)`).toBe(403);
        expect((await unknown.json()).code).toBe((await known.json()).code);
      }
    }
  });
});
