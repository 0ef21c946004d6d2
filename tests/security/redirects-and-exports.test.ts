import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parse } from "csv-parse/sync";
import { safeNext } from "../../web/src/lib/server/redirects.ts";
import { testApp, createWorld, futureDay, at, type TestWorld } from "../setup/fixtures.ts";

const ORIGIN = "https://zhongshi.example";

describe("`next` after sign-in resolves to the portal's own origin only", () => {
  it.each([
    ["/bookings", "/bookings"],
    [
      "/resources/INS-XRD-01/book?start=2026-12-01T09:00:00%2B08:00",
      "/resources/INS-XRD-01/book?start=2026-12-01T09:00:00%2B08:00",
    ],
    ["/manage#today", "/manage#today"],
    ["/a/../b", "/b"],
  ])("keeps %j", (value, expected) => expect(safeNext(value, ORIGIN)).toBe(expected));

  it.each([
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "\t//evil.example",
    " //evil.example",
    "/%09/evil.example".replace("%09", "\t"),
    "https://evil.example",
    "http://zhongshi.example/bookings",
    "HTTPS://evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
    "//user:pass@evil.example",
    "/\u0000/evil.example",
    "",
    "x".repeat(3000),
  ])("refuses %j", (value) => expect(safeNext(value, ORIGIN)).toBe("/"));

  it("refuses non-strings", () => {
    expect(safeNext(null, ORIGIN)).toBe("/");
    expect(safeNext(["/a"], ORIGIN)).toBe("/");
  });

  it("never returns anything a browser would send elsewhere", () => {
    for (const value of ["/ok", "//x", "/\\x", "/\t/x"]) {
      expect(new URL(safeNext(value, ORIGIN), ORIGIN).origin).toBe(ORIGIN);
    }
  });
});

describe("CSV exports neutralise formulas", () => {
  const { db, app } = testApp(inject("databaseUrl"));
  let world: TestWorld;
  let headers: Record<string, string>;
  beforeAll(async () => {
    world = await createWorld(db);
    const resource = await world.createResource({ approval: "AUTO" });
    headers = await world.sessionHeaders(world.memberA.id);
    const day = futureDay(20);
    const response = await app.request("/api/v1/bookings", {
      method: "POST",
      headers,
      body: JSON.stringify({
        resourceId: resource.id,
        start: at(day, 9).toISOString(),
        end: at(day, 10).toISOString(),
        purpose: '=HYPERLINK("http://evil.example","click")',
      }),
    });
    expect(response.status).toBe(201);
    await db.user.update({ where: { id: world.memberA.id }, data: { name: "@SUM(1+1)" } });
  });
  afterAll(() => db.$disconnect());

  it("in the bookings export", async () => {
    const response = await app.request("/api/v1/bookings/export.csv?scope=mine", { headers });
    expect(response.status).toBe(200);
    const rows = parse((await response.text()).replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
    expect(rows[0]!.purpose).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(rows[0]!.requester).toBe("'@SUM(1+1)");
  });

  it("every CSV is written by the one shared writer", async () => {
    const { readFileSync } = await import("node:fs");
    const { execFileSync } = await import("node:child_process");
    const files = execFileSync("git", ["ls-files", "api/src"], { encoding: "utf8" }).split("\n");
    const sources = files.filter((f) => f.endsWith(".ts") && !f.endsWith("lib/csv.ts") && !f.endsWith(".test.ts"));
    for (const file of sources) {
      expect(readFileSync(file, "utf8"), file).not.toMatch(/csv-stringify|const csvCell|\.join\(","\)/);
    }
    for (const exporter of [
      "api/src/modules/bookings/list-bookings.ts",
      "api/src/modules/analytics/analytics.service.ts",
    ]) {
      expect(readFileSync(exporter, "utf8"), exporter).toMatch(/toCsv\(/);
    }
  });
});
