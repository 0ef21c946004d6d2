import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createApp } from "../../api/src/app.ts";
import { testApp, createWorld, ORIGIN, type TestWorld } from "../setup/fixtures.ts";

// Every kind of API answer carries the security headers: JSON, problem+json, CSV, iCalendar, the OpenAPI
// document and the docs page (whose policy allows its own script by hash, nothing inline otherwise).
const { db, app } = testApp(inject("databaseUrl"));
let world: TestWorld;
let headers: Record<string, string>;
let feedUrl: string;

beforeAll(async () => {
  world = await createWorld(db);
  headers = await world.sessionHeaders(world.memberA.id);
  feedUrl = (await (await app.request("/api/v1/feeds/me", { headers })).json()).url;
});
afterAll(() => db.$disconnect());

const expectCommon = (response: Response, label: string) => {
  expect(response.headers.get("x-content-type-options"), label).toBe("nosniff");
  expect(response.headers.get("referrer-policy"), label).toBe("no-referrer");
  const csp = response.headers.get("content-security-policy") ?? "";
  expect(csp, label).toContain("frame-ancestors 'none'");
  expect(csp, label).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  return csp;
};

describe("API answers", () => {
  it.each([
    ["JSON", "/api/v1/facilities", 200],
    ["problem+json", "/api/v1/bookings/not-a-uuid", 400],
    ["not found", "/api/v1/nothing-here", 404],
    ["CSV", "/api/v1/bookings/export.csv", 200],
    ["OpenAPI", "/api/openapi.json", 200],
    ["health", "/api/health", 200],
  ])("%s gets nosniff, a Referrer-Policy and a CSP that loads nothing", async (label, path, status) => {
    const response = await app.request(path, { headers });
    expect(response.status, label).toBe(status);
    expect(expectCommon(response, label)).toContain("default-src 'none'");
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });

  it("iCalendar feeds", async () => {
    const response = await app.request(feedUrl);
    expect(response.status).toBe(200);
    expect(expectCommon(response, "ics")).toContain("default-src 'none'");
  });

  it("binary downloads (an XLSX report) too", async () => {
    const manager = await world.sessionHeaders(world.manager.id);
    const response = await app.request("/api/v1/analytics/export.xlsx", { headers: manager });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("spreadsheetml");
    expect(expectCommon(response, "xlsx")).toContain("default-src 'none'");
  });

  it("the docs page allows its own script file and its inline start-up script by hash only", async () => {
    const response = await app.request("/api/docs");
    expect(response.status).toBe(200);
    const csp = expectCommon(response, "docs");
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("connect-src 'self'");
  });

  it("HSTS is sent when the public origin is https", async () => {
    const secure = createApp({
      db,
      config: { allowedOrigins: [ORIGIN], secureCookies: true, hsts: true, noShowGraceMin: 30 },
    });
    for (const path of ["/api/v1/facilities", "/api/docs", "/api/v1/nothing"]) {
      expect((await secure.request(path)).headers.get("strict-transport-security"), path).toMatch(/max-age=\d{7,}/);
    }
  });
});
