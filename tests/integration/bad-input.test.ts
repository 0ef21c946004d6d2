import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { randomUUID } from "node:crypto";
import { testApp, createWorld, ORIGIN, testUscc } from "../setup/fixtures.ts";

// Every operation of the OpenAPI document gets malformed JSON, wrong types, 1 MB strings, invalid and
// reversed dates, and unknown ids. Each answer must be a 4xx problem+json: never a 5xx, never a success.
const { db, app } = testApp(inject("databaseUrl"));
let headers: Record<string, string>;
type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  format?: string;
  items?: Schema;
  anyOf?: Schema[];
  $ref?: string;
};
type Operation = {
  method: string;
  path: string;
  parameters: { name: string; in: string; schema: Schema }[];
  body?: Schema;
};
const operations: Operation[] = [];
let components: Record<string, Schema> = {};

beforeAll(async () => {
  const world = await createWorld(db);
  const authority = await db.organization.create({
    data: { kind: "AUTHORITY", nameZh: `局${world.tag}`, nameEn: `Authority ${world.tag}`, uscc: testUscc() },
  });
  const admin = await db.user.create({
    data: {
      email: `bad.${world.tag.toLowerCase()}@test.zhongshi.cn`,
      name: "admin",
      passwordHash: "x",
      memberships: { create: { organizationId: authority.id, role: "ADMIN" } },
    },
  });
  // An admin who also belongs to an SME passes every permission check, so what is tested is the input.
  await db.membership.create({ data: { userId: admin.id, organizationId: world.orgA.id, role: "MEMBER" } });
  headers = await world.sessionHeaders(admin.id);
  const doc = await (await app.request("/api/openapi.json")).json();
  components = doc.components?.schemas ?? {};
  for (const [path, item] of Object.entries<
    Record<
      string,
      { parameters?: Operation["parameters"]; requestBody?: { content: Record<string, { schema: Schema }> } }
    >
  >(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (path.includes("/auth/sign-out")) continue; // has no input
      operations.push({
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content["application/json"]?.schema,
      });
    }
  }
});
afterAll(() => db.$disconnect());

const resolve = (schema: Schema | undefined): Schema | undefined =>
  schema?.$ref ? components[schema.$ref.split("/").pop()!] : schema;
const wrongValue = (schema: Schema | undefined): unknown => {
  const s = resolve(schema);
  const type = Array.isArray(s?.type) ? s?.type[0] : s?.type;
  if (type === "string") return 12345;
  if (type === "number" || type === "integer") return "not a number";
  if (type === "boolean") return "yes";
  if (type === "array") return { not: "an array" };
  return [1, 2, 3];
};
const fillPath = (path: string, value: string) => path.replace(/\{[^}]+\}/g, value);
const unknownIdFor = (path: string) =>
  path.includes("/feeds/")
    ? "00000000000000000000000000000000.ics"
    : /\{id\}/.test(path)
      ? randomUUID()
      : "NO-SUCH-CODE";
const send = (
  op: Operation,
  init: { path?: string; query?: string; body?: string; extraHeaders?: Record<string, string> },
) =>
  app.request(`${init.path ?? fillPath(op.path, unknownIdFor(op.path))}${init.query ?? ""}`, {
    method: op.method,
    headers: { ...headers, ...init.extraHeaders },
    body: op.method === "GET" ? undefined : init.body,
  });

const expectProblem = async (response: Response, label: string) => {
  expect(response.status, label).toBeGreaterThanOrEqual(400);
  expect(response.status, label).toBeLessThan(500);
  expect(response.headers.get("content-type"), label).toContain("application/problem+json");
  const body = await response.json();
  expect(typeof body.code, label).toBe("string");
  expect(JSON.stringify(body), label).not.toMatch(/at .*\.ts:\d+|SELECT |INSERT |prisma/i);
  return body;
};

describe("bad input on every endpoint", () => {
  it("covers the whole document", () => {
    expect(operations.length).toBeGreaterThan(35);
  });

  it("answers malformed JSON with 400 MALFORMED_REQUEST or VALIDATION_FAILED", async () => {
    for (const op of operations.filter((o) => o.body)) {
      const body = await expectProblem(
        await send(op, { path: fillPath(op.path, unknownIdFor(op.path)), body: '{"resourceId": ' }),
        `${op.method} ${op.path}`,
      );
      expect(["MALFORMED_REQUEST", "VALIDATION_FAILED", "NOT_FOUND"]).toContain(body.code);
    }
  });

  it("answers wrong types with a problem naming the fields", async () => {
    for (const op of operations.filter((o) => o.body)) {
      const props = resolve(op.body)?.properties ?? {};
      const wrong = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, wrongValue(v)]));
      const body = await expectProblem(await send(op, { body: JSON.stringify(wrong) }), `${op.method} ${op.path}`);
      if (body.code === "VALIDATION_FAILED") expect(body.errors.length, `${op.method} ${op.path}`).toBeGreaterThan(0);
    }
  });

  it("answers 1 MB strings with 413 (body) or 400 (query)", async () => {
    const huge = "汉".repeat(350_000);
    for (const op of operations) {
      if (op.body) {
        const props = Object.keys(resolve(op.body)?.properties ?? { x: {} });
        const response = await send(op, { body: JSON.stringify(Object.fromEntries(props.map((k) => [k, huge]))) });
        expect(response.status, `${op.method} ${op.path}`).toBe(413);
        await expectProblem(response, `${op.method} ${op.path}`);
      }
      for (const p of op.parameters.filter((p) => p.in === "query")) {
        await expectProblem(
          await send(op, { query: `?${p.name}=${"a".repeat(1_000_000)}` }),
          `${op.method} ${op.path} ?${p.name}`,
        );
      }
    }
  });

  it("answers wrong-typed and invalid query values with 400", async () => {
    for (const op of operations) {
      for (const p of op.parameters.filter(
        (p) =>
          p.in === "query" &&
          p.schema &&
          (p.schema.type === "integer" || p.schema.format === "date-time" || (p.schema as { enum?: unknown }).enum),
      )) {
        await expectProblem(
          await send(op, {
            query: `?${p.name}=${p.schema.format === "date-time" ? "2026-13-45T99:00:00Z" : "%%%nonsense"}`,
          }),
          `${op.method} ${op.path} ?${p.name}`,
        );
      }
    }
  });

  it("answers reversed and invalid dates in bodies and queries", async () => {
    const reversed = {
      start: "2026-12-02T10:00:00+08:00",
      end: "2026-12-02T09:00:00+08:00",
      startedAt: "2026-12-02T10:00:00+08:00",
      endedAt: "2026-12-02T09:00:00+08:00",
      from: "2026-12-02T10:00:00+08:00",
      to: "2026-12-01T10:00:00+08:00",
    };
    const resource = await db.resource.findFirstOrThrow({ include: { units: true } });
    const booking = {
      resourceId: resource.id,
      unitId: resource.units[0]!.id,
      purpose: "bad dates",
      reason: "bad dates",
    };
    for (const op of operations) {
      const props = Object.keys(resolve(op.body)?.properties ?? {});
      if (props.some((k) => k in reversed)) {
        const body = Object.fromEntries(
          props
            .filter((k) => k in reversed || k in booking)
            .map((k) => [k, (reversed as Record<string, string>)[k] ?? (booking as Record<string, string>)[k]]),
        );
        await expectProblem(
          await send(op, { path: op.path.includes("{") ? undefined : op.path, body: JSON.stringify(body) }),
          `${op.method} ${op.path} reversed`,
        );
        const invalid = Object.fromEntries(
          Object.entries(body).map(([k, v]) => [k, k in reversed ? "2026-02-30T25:61:00" : v]),
        );
        await expectProblem(
          await send(op, { path: op.path.includes("{") ? undefined : op.path, body: JSON.stringify(invalid) }),
          `${op.method} ${op.path} invalid`,
        );
      }
      const queryDates = op.parameters.filter((p) => p.in === "query" && (p.name === "from" || p.name === "to"));
      if (queryDates.length === 2) {
        const path = op.path.includes("{code}")
          ? fillPath(op.path, op.path.includes("facilities") ? "BATTERY" : resource.code)
          : op.path;
        await expectProblem(
          await send(op, {
            path,
            query: `?from=${encodeURIComponent(reversed.from)}&to=${encodeURIComponent(reversed.to)}`,
          }),
          `${op.method} ${op.path} reversed query`,
        );
      }
    }
  });

  it("answers unknown and malformed ids with 4xx", async () => {
    for (const op of operations.filter((o) => o.path.includes("{"))) {
      for (const id of [unknownIdFor(op.path), "not-a-valid-id!", "%00"]) {
        const response = await send(op, {
          path: fillPath(op.path, encodeURIComponent(id)),
          body: JSON.stringify({ reason: "x" }),
        });
        await expectProblem(response, `${op.method} ${op.path} id=${id}`);
      }
    }
  });

  it("rejects unknown fields, naming them", async () => {
    const response = await app.request("/api/v1/auth/sign-in", {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN },
      body: JSON.stringify({ email: "a@b.cn", password: "x", isAdmin: true }),
    });
    const body = await expectProblem(response, "sign-in unknown field");
    expect(body.code).toBe("VALIDATION_FAILED");
    expect(body.errors.some((e: { keys?: string[] }) => e.keys?.includes("isAdmin"))).toBe(true);
  });
});
