import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import net from "node:net";
import { testApp, createWorld, futureDay, at, ORIGIN, testUscc, type TestWorld } from "../setup/fixtures.ts";
import { startApi, type RunningApi } from "../../api/src/server.ts";
import { createDb } from "../../api/src/lib/db.ts";

// Input that costs nothing to send must cost nothing to refuse: U+0000 anywhere, unbounded time ranges,
// oversize query strings and headers. Each gets a 4xx problem+json with a stable code at once.
const { db, app } = testApp(inject("databaseUrl"));
let world: TestWorld;
let headers: Record<string, string>;
let resource: Awaited<ReturnType<TestWorld["createResource"]>>;
type Operation = { method: string; path: string; query: string[]; hasBody: boolean };
const operations: Operation[] = [];

beforeAll(async () => {
  world = await createWorld(db);
  resource = await world.createResource();
  const authority = await db.organization.create({
    data: { kind: "AUTHORITY", nameZh: `局${world.tag}`, nameEn: `Authority ${world.tag}`, uscc: testUscc() },
  });
  const admin = await db.user.create({
    data: {
      email: `input.${world.tag.toLowerCase()}@test.zhongshi.cn`,
      name: "admin",
      passwordHash: "x",
      memberships: {
        create: [
          { organizationId: authority.id, role: "ADMIN" },
          { organizationId: world.orgA.id, role: "MEMBER" },
        ],
      },
    },
  });
  headers = await world.sessionHeaders(admin.id);
  const doc = await (await app.request("/api/openapi.json")).json();
  for (const [path, item] of Object.entries<
    Record<string, { parameters?: { name: string; in: string }[]; requestBody?: unknown }>
  >(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      operations.push({
        method: method.toUpperCase(),
        path,
        query: (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name),
        hasBody: Boolean(op.requestBody),
      });
    }
  }
});
afterAll(() => db.$disconnect());

const fill = (path: string, value: string) => path.replace(/\{[^}]+\}/g, value);

const expectProblem = async (response: Response, code: string, label: string) => {
  expect(response.status, label).toBeGreaterThanOrEqual(400);
  expect(response.status, label).toBeLessThan(500);
  expect(response.headers.get("content-type"), label).toContain("application/problem+json");
  expect((await response.json()).code, label).toBe(code);
};

describe("U+0000", () => {
  it("in a JSON body of every operation that takes one: 400 INVALID_CHARACTER", async () => {
    const withBody = operations.filter((op) => op.hasBody);
    expect(withBody.length).toBeGreaterThan(10);
    for (const op of withBody) {
      const body = JSON.stringify({ name: "a\u0000b", purpose: "x\u0000", nested: { k: ["\u0000"] } });
      const response = await app.request(fill(op.path, "00000000-0000-4000-8000-000000000000"), {
        method: op.method,
        headers,
        body,
      });
      await expectProblem(response, "INVALID_CHARACTER", `${op.method} ${op.path}`);
    }
  });

  it("in a key of the body, and as a raw byte", async () => {
    const op = { method: "POST", path: "/api/v1/auth/sign-in" };
    await expectProblem(
      await app.request(op.path, { method: op.method, headers, body: '{"e\\u0000mail":"a@b.cn","password":"x"}' }),
      "INVALID_CHARACTER",
      "key",
    );
    await expectProblem(
      await app.request(op.path, { method: op.method, headers, body: '{"email":"a@b.cn\u0000","password":"x"}' }),
      "INVALID_CHARACTER",
      "raw",
    );
  });

  it("in every query parameter of every operation: 400 INVALID_CHARACTER", async () => {
    let count = 0;
    for (const op of operations.filter((o) => o.method === "GET")) {
      for (const name of op.query) {
        const response = await app.request(`${fill(op.path, "x")}?${name}=a%00b`, { headers });
        await expectProblem(response, "INVALID_CHARACTER", `${op.path}?${name}`);
        count++;
      }
    }
    expect(count).toBeGreaterThan(20);
  });

  it("in path parameters: 400 INVALID_CHARACTER", async () => {
    for (const path of [
      "/api/v1/resources/A%00B",
      "/api/v1/facilities/X%00",
      "/api/v1/bookings/%00",
      "/api/v1/feeds/users/%00.ics",
    ]) {
      await expectProblem(await app.request(path, { headers }), "INVALID_CHARACTER", path);
    }
  });

  it("an escaped backslash before u0000 is ordinary text, not U+0000", async () => {
    const response = await app.request("/api/v1/auth/sign-in", {
      method: "POST",
      headers: { ...headers, "x-forwarded-for": "198.51.100.200" },
      body: JSON.stringify({ email: "nobody@test.zhongshi.cn", password: "\\u0000" }),
    });
    expect(response.status).toBe(401);
  });
});

describe("time ranges are bounded before any work", () => {
  const far = "9999-12-31T00:00:00Z";
  const start = () => at(futureDay(10), 9).toISOString();

  it("a booking check reaching thousands of years ahead is refused at once", async () => {
    const started = performance.now();
    const response = await app.request("/api/v1/bookings/check", {
      method: "POST",
      headers,
      body: JSON.stringify({ resourceId: resource.id, start: start(), end: far }),
    });
    expect(performance.now() - started).toBeLessThan(500);
    await expectProblem(response, "VALIDATION_FAILED", "far date");
  });

  it("long ranges inside the accepted years get RANGE_TOO_LONG everywhere", async () => {
    const end = "2099-01-01T00:00:00Z";
    const cases: [string, string, unknown?][] = [
      ["POST", "/api/v1/bookings/check", { resourceId: resource.id, start: start(), end }],
      ["POST", "/api/v1/bookings", { resourceId: resource.id, start: start(), end, purpose: "x" }],
      ["POST", "/api/v1/maintenance-blocks", { resourceId: resource.id, start: start(), end, reason: "x" }],
      [
        "POST",
        "/api/v1/usage-records",
        { resourceId: resource.id, unitId: resource.units[0]!.id, startedAt: start(), endedAt: end },
      ],
      ["GET", `/api/v1/bookings?from=${start()}&to=${end}`],
      ["GET", `/api/v1/bookings/export.csv?from=${start()}&to=${end}`],
      ["GET", `/api/v1/resources/${resource.code}/availability?from=${start()}&to=${end}`],
      ["GET", `/api/v1/facilities/${world.facility.code}/availability?from=${start()}&to=${end}`],
      ["GET", "/api/v1/analytics/utilization?from=2000-01-01&to=2099-01-01&period=day"],
      ["GET", "/api/v1/analytics/summary?from=2000-01-01&to=2099-01-01"],
      ["GET", "/api/v1/analytics/heatmap?from=2000-01-01&to=2099-01-01"],
    ];
    for (const [method, path, body] of cases) {
      const started = performance.now();
      const response = await app.request(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      expect(performance.now() - started, path).toBeLessThan(1000);
      await expectProblem(response, "RANGE_TOO_LONG", `${method} ${path}`);
    }
  });

  it("every operation with a from/to query refuses a century with RANGE_TOO_LONG", async () => {
    const ranged = operations.filter(
      (op) => op.method === "GET" && op.query.includes("from") && op.query.includes("to"),
    );
    expect(ranged.length).toBeGreaterThan(10);
    const unbounded: string[] = [];
    for (const op of ranged) {
      const path = fill(op.path, op.path.includes("/facilities/") ? world.facility.code : resource.code);
      // Calendars take instants, reports dates, income months: the form the operation accepts is what counts.
      let response: Response | undefined;
      for (const [from, to] of [
        ["2000-01-01T00:00:00Z", "2099-01-01T00:00:00Z"],
        ["2000-01-01", "2099-01-01"],
        ["2000-01", "2099-01"],
      ]) {
        response = await app.request(`${path}?from=${from}&to=${to}`, { headers });
        if (response.status !== 400 || (await response.clone().json()).code !== "VALIDATION_FAILED") break;
      }
      const code = response!.status === 400 ? ((await response!.json()) as { code: string }).code : "";
      if (code !== "RANGE_TOO_LONG") unbounded.push(`${op.method} ${op.path}: ${response!.status} ${code}`);
    }
    expect(unbounded).toEqual([]);
  });

  it("a waitlist window spanning a century gets RANGE_TOO_LONG", async () => {
    const response = await app.request("/api/v1/waitlist", {
      method: "POST",
      headers,
      body: JSON.stringify({ resourceId: resource.id, start: start(), end: "2099-01-01T00:00:00Z", durationMin: 60 }),
    });
    await expectProblem(response, "RANGE_TOO_LONG", "waitlist");
  });

  it("dates outside 2000–2100 are refused by the schema, recurrence `until` included", async () => {
    const response = await app.request("/api/v1/bookings", {
      method: "POST",
      headers,
      body: JSON.stringify({
        resourceId: resource.id,
        start: start(),
        end: new Date(Date.parse(start()) + 3_600_000).toISOString(),
        purpose: "x",
        recurrence: { freq: "DAILY", until: far },
      }),
    });
    await expectProblem(response, "VALIDATION_FAILED", "until");
  });
});

describe("size limits answer 4xx, never a reset connection", () => {
  let api: RunningApi;
  let apiDb: ReturnType<typeof createDb>;
  beforeAll(async () => {
    apiDb = createDb(inject("databaseUrl"));
    api = await startApi({
      db: apiDb,
      databaseUrl: inject("databaseUrl"),
      config: { allowedOrigins: [ORIGIN], secureCookies: false, noShowGraceMin: 30 },
      port: 0,
      host: "127.0.0.1",
    });
  });
  afterAll(async () => {
    await api.close();
    await apiDb.$disconnect();
  });

  /** A raw HTTP exchange, so that a reset connection shows as an error rather than a client retry. */
  const raw = (request: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = net.connect(api.port, "127.0.0.1", () => socket.end(request));
      let answer = "";
      socket.on("data", (chunk) => (answer += chunk.toString("latin1")));
      socket.on("end", () => resolve(answer));
      socket.on("error", reject);
    });

  // The body limit is checked from Content-Length when the request declares it (app.ts), and by counting the
  // bytes otherwise: both must refuse past the limit, and a declared body within it must still be read.
  const post = (path: string, body: string, framing: "length" | "chunked") => {
    const bytes = Buffer.byteLength(body);
    const head = `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\n`;
    return framing === "length"
      ? raw(`${head}Content-Length: ${bytes}\r\n\r\n${body}`)
      : raw(`${head}Transfer-Encoding: chunked\r\n\r\n${bytes.toString(16)}\r\n${body}\r\n0\r\n\r\n`);
  };
  const codeOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4)).code as string;

  it("a body past 64 KiB: 413 PAYLOAD_TOO_LARGE, with Content-Length or chunked", async () => {
    const big = JSON.stringify({ email: "a".repeat(70 * 1024), password: "x" });
    for (const framing of ["length", "chunked"] as const) {
      const answer = await post("/api/v1/auth/sign-in", big, framing);
      expect(answer, framing).toMatch(/^HTTP\/1\.1 413/);
      expect(codeOf(answer), framing).toBe("PAYLOAD_TOO_LARGE");
    }
  });

  it("a body within the limit is read, with Content-Length or chunked", async () => {
    const small = JSON.stringify({ email: "not an address", password: "x" });
    for (const framing of ["length", "chunked"] as const) {
      const answer = await post("/api/v1/auth/sign-in", small, framing);
      expect(answer, framing).toMatch(/^HTTP\/1\.1 400/);
      expect(codeOf(answer), framing).toBe("VALIDATION_FAILED");
    }
  });

  it("a 6 KiB query string: 414 URI_TOO_LONG", async () => {
    const response = await fetch(`http://127.0.0.1:${api.port}/api/v1/resources?q=${"a".repeat(6 * 1024)}`);
    await expectProblem(response, "URI_TOO_LONG", "query");
  });

  it("14 KiB of headers: 431 HEADERS_TOO_LARGE with a problem body", async () => {
    const response = await fetch(`http://127.0.0.1:${api.port}/api/v1/facilities`, {
      headers: { "x-padding": "a".repeat(14 * 1024) },
    });
    await expectProblem(response, "HEADERS_TOO_LARGE", "headers");
  });

  it("headers past Node's own limit get 431, not a reset", async () => {
    const answer = await raw(
      `GET /api/v1/facilities HTTP/1.1\r\nHost: x\r\nX-Padding: ${"a".repeat(64 * 1024)}\r\nConnection: close\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 431/);
  });

  it("a 100 KiB request line gets a 4xx, not a reset", async () => {
    const answer = await raw(
      `GET /api/v1/resources?q=${"a".repeat(100 * 1024)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 4\d\d/);
  });
});
