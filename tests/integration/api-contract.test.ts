import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import SwaggerParser from "@apidevtools/swagger-parser";
import ICAL from "ical.js";
import { parse as parseCsv } from "csv-parse/sync";
import { testApp, createWorld, futureDay, at, ORIGIN, type TestWorld } from "../setup/fixtures.ts";

const { db, app } = testApp(inject("databaseUrl"));
let world: TestWorld;
beforeAll(async () => {
  world = await createWorld(db);
});
afterAll(() => db.$disconnect());

describe("OpenAPI document and docs page", () => {
  it("serves a valid OpenAPI 3.1 document covering every area", async () => {
    const doc = await (await app.request("/api/openapi.json")).json();
    expect(doc.openapi).toBe("3.1.0");
    await SwaggerParser.validate(structuredClone(doc));
    const paths = Object.keys(doc.paths);
    for (const p of [
      "/api/v1/bookings",
      "/api/v1/resources/{code}/availability",
      "/api/v1/certification-bodies",
      "/api/v1/maintenance-blocks",
      "/api/v1/usage-records",
      "/api/v1/organizations",
      "/api/v1/users",
      "/api/v1/auth/sign-in",
    ]) {
      expect(paths).toContain(p);
    }
  });

  it("serves an interactive docs page whose script comes from the app itself (works offline)", async () => {
    const html = await (await app.request("/api/docs")).text();
    expect(html).toContain("/api/docs/scalar.js");
    expect(html).not.toMatch(/https?:\/\/cdn\./);
    const script = await app.request("/api/docs/scalar.js");
    expect(script.status).toBe(200);
    expect((await script.text()).length).toBeGreaterThan(100_000);
  });
});

describe("authentication", () => {
  const email = () => `signup-${Math.random().toString(36).slice(2)}@test.zhongshi.cn`;
  const signUp = (body: unknown) =>
    app.request("/api/v1/auth/sign-up", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("signs up, signs in with an HttpOnly SameSite cookie, and signs out", async () => {
    const address = email();
    const created = await signUp({
      email: address,
      password: "correct horse battery",
      name: "新用户",
      organization: { nameZh: "贵州新企业有限公司", uscc: "91350100M000100Y43" },
    });
    expect(created.status).toBe(201);
    const signIn = await app.request("/api/v1/auth/sign-in", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: address, password: "correct horse battery" }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.get("set-cookie")!;
    expect(cookie).toMatch(/zs_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const session = cookie.split(";")[0]!;
    const me = await app.request("/api/v1/auth/me", { headers: { cookie: session } });
    const meBody = await me.json();
    expect(meBody.email).toBe(address);
    expect(meBody.organizations).toEqual([
      { id: meBody.organizationIds[0], nameZh: "贵州新企业有限公司", nameEn: "贵州新企业有限公司" },
    ]);
    const user = await db.user.findUniqueOrThrow({ where: { email: address } });
    expect(user.passwordHash).toMatch(/^scrypt\$/);
    // One sign-up path: the registration's, so the member administers the new, unverified organization
    // and is sent a link to verify the address.
    const membership = await db.membership.findFirstOrThrow({
      where: { userId: user.id },
      include: { organization: true },
    });
    expect([membership.role, membership.organization.verification]).toEqual(["ORG_ADMIN", "UNVERIFIED"]);
    const verification = await db.outbox.findMany({ where: { topic: "account.verify_email" } });
    expect(verification.filter((m) => (m.payload as { userId?: string }).userId === user.id)).toHaveLength(1);
    expect(
      (await app.request("/api/v1/auth/sign-out", { method: "POST", headers: { cookie: session, origin: ORIGIN } }))
        .status,
    ).toBe(204);
    expect((await app.request("/api/v1/auth/me", { headers: { cookie: session } })).status).toBe(401);
  });

  it("rejects an invalid unified social credit code at sign-up, naming the field", async () => {
    const response = await signUp({
      email: email(),
      password: "correct horse battery",
      name: "x",
      organization: { nameZh: "某公司", uscc: "91350100M000100Y44" },
    });
    expect(response.status).toBe(400);
    expect((await response.json()).errors[0].path).toBe("organization.uscc");
  });

  it("rate-limits sign-in per account and address with counters in the database", async () => {
    const target = `nobody-${Math.random().toString(36).slice(2)}@test.zhongshi.cn`;
    const attempt = () =>
      app.request("/api/v1/auth/sign-in", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: target, password: "wrong-password" }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await attempt()).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // No socket and no X-Forwarded-For under app.request(): the address is "unknown".
    const key = `sign-in:account-client:${createHash("sha256").update(`${target}\nunknown`).digest("hex")}`;
    const counter = await db.rateLimit.findUnique({ where: { key } });
    expect(counter?.count).toBe(12);
  });

  it("does not count successful sign-ins against the allowance", async () => {
    const address = email();
    await signUp({
      email: address,
      password: "correct horse battery",
      name: "常用户",
      organization: { nameZh: "贵州常用企业有限公司", uscc: "91110000802100433B" },
    });
    const statuses: number[] = [];
    // One more than the allowance of 10: were successes counted, the last would be refused.
    for (let i = 0; i < 11; i++) {
      const response = await app.request("/api/v1/auth/sign-in", {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.9" },
        body: JSON.stringify({ email: address, password: "correct horse battery" }),
      });
      statuses.push(response.status);
    }
    expect(new Set(statuses)).toEqual(new Set([200]));
  });

  it("refuses cookie-authenticated changes from another origin (CSRF) but accepts API tokens", async () => {
    const headers = await world.sessionHeaders(world.memberA.id);
    const resource = await world.createResource();
    const day = futureDay(50);
    const payload = JSON.stringify({
      resourceId: resource.id,
      start: at(day, 9).toISOString(),
      end: at(day, 10).toISOString(),
      purpose: "csrf",
    });
    const forged = await app.request("/api/v1/bookings", {
      method: "POST",
      headers: { ...headers, origin: "https://evil.example" },
      body: payload,
    });
    expect(forged.status).toBe(403);
    expect((await forged.json()).code).toBe("CSRF_REJECTED");
    const noOrigin = await app.request("/api/v1/bookings", {
      method: "POST",
      headers: { cookie: headers.cookie, "content-type": "application/json" },
      body: payload,
    });
    expect(noOrigin.status).toBe(403);
    const token = await (
      await app.request("/api/v1/auth/tokens", {
        method: "POST",
        headers,
        body: JSON.stringify({ name: "ERP integration", scope: "FULL" }),
      })
    ).json();
    expect(token.token).toMatch(/^zs_/);
    const stored = await db.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(stored.tokenHash).not.toContain(token.token);
    const viaToken = await app.request("/api/v1/bookings", {
      method: "POST",
      headers: { authorization: `Bearer ${token.token}`, "content-type": "application/json" },
      body: payload,
    });
    expect(viaToken.status).toBe(201);
    expect((await app.request(`/api/v1/auth/tokens/${token.id}`, { method: "DELETE", headers })).status).toBe(204);
    expect((await app.request("/api/v1/auth/me", { headers: { authorization: `Bearer ${token.token}` } })).status).toBe(
      401,
    );
  });
});

describe("lists, feeds and exports", () => {
  it("paginates with a cursor, without repeats or gaps", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response: Response = await app.request(`/api/v1/resources?limit=7${cursor ? `&cursor=${cursor}` : ""}`);
      const page: { items: { code: string }[]; nextCursor: string | null } = await response.json();
      seen.push(...page.items.map((r) => r.code));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThanOrEqual(40);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(seen);
  });

  it("filters certification bodies by domain and accreditation", async () => {
    const food = await (
      await app.request("/api/v1/certification-bodies?domain=food&accreditation=CNAS&limit=100")
    ).json();
    expect(food.items.length).toBeGreaterThan(0);
    for (const body of food.items) {
      expect(body.domains).toContain("food");
      expect(body.cnasNumber).not.toBeNull();
    }
    const all = await (await app.request("/api/v1/certification-bodies?limit=100")).json();
    // Other tests add bodies of their own; the seeded 58 are the sample ones.
    expect(all.items.filter((b: { isSample: boolean }) => b.isSample)).toHaveLength(58);
  });

  it("publishes valid iCalendar feeds per user and per resource, and a CSV export", async () => {
    const headers = await world.sessionHeaders(world.memberA.id);
    const resource = await world.createResource({ approval: "AUTO" });
    const day = futureDay(51);
    const created = await (
      await app.request("/api/v1/bookings", {
        method: "POST",
        headers,
        body: JSON.stringify({
          resourceId: resource.id,
          start: at(day, 9).toISOString(),
          end: at(day, 10, 30).toISOString(),
          purpose: "feed check",
        }),
      })
    ).json();
    const { url } = await (await app.request("/api/v1/feeds/me", { headers })).json();
    const ics = await (await app.request(url)).text();
    const calendar = new ICAL.Component(ICAL.parse(ics));
    const events = calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    const mine = events.find((e) => e.uid === `${created.bookings[0].id}@zhongshi`)!;
    expect(mine.startDate.toJSDate().toISOString()).toBe(at(day, 9).toISOString());
    expect(mine.endDate.toJSDate().toISOString()).toBe(at(day, 10, 30).toISOString());
    expect(calendar.getFirstPropertyValue("version")).toBe("2.0");
    expect(calendar.getFirstPropertyValue("prodid")).toBeTruthy();

    const managerHeaders = await world.sessionHeaders(world.manager.id);
    const feed = await (
      await app.request(`/api/v1/resources/${resource.code}/feed`, { headers: managerHeaders })
    ).json();
    const resourceIcs = await (await app.request(feed.url)).text();
    const resourceEvents = new ICAL.Component(ICAL.parse(resourceIcs))
      .getAllSubcomponents("vevent")
      .map((v) => new ICAL.Event(v));
    expect(resourceEvents).toHaveLength(1);
    expect(resourceEvents[0]!.summary).toBe("已预约 Booked");
    expect(resourceIcs).not.toContain("feed check");
    expect((await app.request(`/api/v1/resources/${resource.code}/feed`, { headers })).status).toBe(404);
    expect((await app.request("/api/v1/feeds/users/0123456789abcdef0123.ics")).status).toBe(404);

    const csv = await (await app.request("/api/v1/bookings/export.csv?scope=mine", { headers })).text();
    const rows = parseCsv(csv.replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
    expect(rows.some((r) => r.id === created.bookings[0].id && r.quoted_price_cny === "300.00")).toBe(true);
  });
});
