import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testApp, createWorld, type TestWorld } from "../setup/fixtures.ts";
import { createOrderWorld } from "../setup/order-fixtures.ts";
import { callersOf, populateWorld, ROLES, type Role } from "./two-worlds.ts";

// Filters narrow, never widen. Every list operation of the OpenAPI document (a GET without path parameters)
// is called by each role of world A, first without filters, then with each filter it takes set in turn to
// world A's and world B's values (and to every value of an enumerated filter). No answer may carry anything
// of world B: not its organizations', facility's, users', resources' or objects' ids, codes or names (every
// name of world B carries its tag). World B's own callers see their objects in the same lists, so the
// markers are findable and the check is not vacuous. tests/security/scope.test.ts checks the booking lists
// row by row against each scope.
const { db, app } = testApp(inject("databaseUrl"));

/** Lists of the public catalogue and of the caller's own session: meant to show every facility's objects. */
const PUBLIC: Record<string, string> = {
  "/api/v1/facilities": "public catalogue",
  "/api/v1/resources": "public catalogue",
  "/api/v1/certification-bodies": "public directory",
  "/api/v1/search": "public catalogue search",
  "/api/v1/test-services": "public catalogue",
  "/api/v1/auth/demo-accounts": "demo accounts (empty outside demo mode)",
  "/api/health": "no data",
  "/api/ready": "no data",
};

let a: TestWorld;
let b: TestWorld;
let headersA: Record<Role, Record<string, string>>;
let headersB: Record<Role, Record<string, string>>;
let markersB: string[];
let markersA: string[];
let valuesOf: (name: string, schema: Param["schema"]) => string[];

type Param = { name: string; in: string; required?: boolean; schema?: { enum?: string[]; type?: string } };
type ListOperation = { path: string; params: Param[] };

beforeAll(async () => {
  a = await createWorld(db);
  b = await createWorld(db);
  const labsA = await createOrderWorld(db, a);
  const labsB = await createOrderWorld(db, b);
  headersA = await callersOf(db, a, labsA);
  headersB = await callersOf(db, b, labsB);
  const A = await populateWorld(db, app, a, labsA, 45);
  const B = await populateWorld(db, app, b, labsB, 46);
  const markersOf = (w: TestWorld, W: typeof A, labs: typeof labsA) => [
    w.tag,
    w.tag.toLowerCase(),
    w.facility.id,
    w.orgA.id,
    w.orgB.id,
    w.memberA.id,
    w.manager.id,
    W.resource.id,
    W.bookingId,
    W.tokenId,
    W.webhook.id,
    W.waitlist.id,
    W.suspension.id,
    W.training.id,
    W.charge.id,
    W.statement.id,
    W.voucher.id,
    W.order.id,
    labs.lab1.organization.id,
    labs.staff1.id,
  ];
  markersB = markersOf(b, B, labsB);
  markersA = markersOf(a, A, labsA);
  const month = new Date().toISOString().slice(0, 7);
  const both: Record<string, [string, string]> = {
    facility: [a.facility.code, b.facility.code],
    facilityId: [a.facility.id, b.facility.id],
    resource: [A.resource.code, B.resource.code],
    organizationId: [a.orgA.id, b.orgA.id],
    subjectId: [a.memberA.id, b.memberA.id],
    webhookId: [A.webhook.id, B.webhook.id],
    service: [labsA.service.code, labsB.service.code],
    body: [labsA.lab1.body.code, labsB.lab1.body.code],
    q: [a.tag, b.tag],
    period: [month, month],
  };
  valuesOf = (name, schema) => {
    if (both[name]) return [...new Set(both[name])];
    if (schema?.enum) return schema.enum;
    if (schema?.type === "boolean" || ["unread", "active", "mine"].includes(name)) return ["true", "false"];
    return [];
  };
});
afterAll(() => db.$disconnect());

const listOperations = async (): Promise<ListOperation[]> => {
  const doc = await (await app.request("/api/openapi.json")).json();
  const out: ListOperation[] = [];
  for (const [path, item] of Object.entries<Record<string, { parameters?: Param[] }>>(doc.paths)) {
    if (path.includes("{") || !item.get || path in PUBLIC) continue;
    out.push({ path, params: (item.get.parameters ?? []).filter((p) => p.in === "query") });
  }
  return out;
};

/** A window around today that every range limit accepts. */
const baseQuery = (op: ListOperation) => {
  const query: Record<string, string> = {};
  const names = op.params.map((p) => p.name);
  if (names.includes("from")) query.from = new Date(Date.now() - 30 * 86_400_000).toISOString();
  if (names.includes("to")) query.to = new Date(Date.now() + 90 * 86_400_000).toISOString();
  if (names.includes("limit")) query.limit = "100";
  return query;
};

const get = (headers: Record<string, string>, path: string, query: Record<string, string>) =>
  app.request(`${path}?${new URLSearchParams(query)}`, { headers });

/** The answer as text (JSON, CSV), or null for binary files (their CSV twins are checked). */
const textOf = async (response: Response) => {
  const type = response.headers.get("content-type") ?? "";
  if (/json|csv|text|calendar/.test(type)) return response.text();
  return null;
};

describe("lists: every filter narrows the caller's scope", () => {
  it("no list answers a role of world A with anything of world B, whatever the filter", async () => {
    const ops = await listOperations();
    expect(ops.length).toBeGreaterThan(30);
    const leaks: string[] = [];
    const failures: string[] = [];
    let calls = 0;
    let withOwnRows = 0;
    for (const op of ops) {
      const base = baseQuery(op);
      const variants: Record<string, string>[] = [base];
      for (const param of op.params) {
        if (["from", "to", "limit", "cursor"].includes(param.name)) continue;
        for (const value of valuesOf(param.name, param.schema)) variants.push({ ...base, [param.name]: value });
      }
      for (const role of ROLES) {
        for (const query of variants) {
          const response = await get(headersA[role], op.path, query);
          calls++;
          const label = `${role} GET ${op.path}?${new URLSearchParams(query)}`;
          if (response.status >= 500 || response.status === 401) {
            failures.push(`${label}: ${response.status}`);
            continue;
          }
          if (response.status !== 200) continue;
          const text = await textOf(response);
          if (text === null) continue;
          const leaked = markersB.filter((m) => text.includes(m));
          if (leaked.length > 0) leaks.push(`${label}: ${leaked.join(", ")}`);
          if (markersA.some((m) => text.includes(m))) withOwnRows++;
        }
      }
    }
    expect(failures).toEqual([]);
    expect(leaks).toEqual([]);
    expect(calls).toBeGreaterThan(300);
    // World A's callers do see their own objects in these lists: the walk looks at real rows.
    expect(withOwnRows).toBeGreaterThan(40);
  });

  it("control: world B's callers find world B's objects in the same lists", async () => {
    const seen = new Set<string>();
    for (const op of await listOperations()) {
      for (const role of ROLES) {
        const response = await get(headersB[role], op.path, baseQuery(op));
        if (response.status !== 200) continue;
        const text = await textOf(response);
        if (text && markersB.some((m) => text.includes(m))) seen.add(op.path);
      }
    }
    for (const path of [
      "/api/v1/bookings",
      "/api/v1/auth/tokens",
      "/api/v1/webhooks",
      "/api/v1/waitlist",
      "/api/v1/training-requests",
      "/api/v1/charges",
      "/api/v1/statements",
      "/api/v1/vouchers",
      "/api/v1/orders",
      "/api/v1/organizations",
    ])
      expect([...seen], path).toContain(path);
  });

  it("the public lists named above exist in the document", async () => {
    const doc = await (await app.request("/api/openapi.json")).json();
    for (const path of Object.keys(PUBLIC)) expect(Object.keys(doc.paths), path).toContain(path);
  });
});
