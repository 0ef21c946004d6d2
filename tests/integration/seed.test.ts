import { afterAll, describe, expect, inject, it } from "vitest";
import pg from "pg";
import { createDb } from "../../api/src/lib/db.ts";
import { seed } from "../../seeds/index.ts";
import { isValidUscc } from "../../api/src/domain/uscc.ts";

const url = inject("databaseUrl");
const db = createDb(url);
afterAll(() => db.$disconnect());

const SEEDED_TABLES = [
  "organization",
  "app_user",
  "membership",
  "facility",
  "facility_operator",
  "facility_manager",
  "resource",
  "resource_unit",
  "opening_hours",
  "calendar_day",
  "certification_body",
];

/** A fingerprint of every seeded table's full contents (the global setup already seeded once). */
const fingerprint = async () => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result: Record<string, string> = {};
    for (const table of SEEDED_TABLES) {
      const { rows } = await client.query(
        `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM ${table} t`,
      );
      result[table] = rows[0].h;
    }
    return result;
  } finally {
    await client.end();
  }
};

describe("seed", () => {
  it("is idempotent: a second run changes nothing", async () => {
    // Other test files add their own rows; compare only what seeding touches, before and after a rerun.
    const before = await fingerprint();
    await seed(db);
    expect(await fingerprint()).toEqual(before);
  });

  it("holds the five facilities, ≥ 40 resources, exactly 58 certification bodies and the 2025–2026 calendar", async () => {
    const facilities = await db.facility.findMany({
      where: { code: { in: ["BATTERY", "FOOD", "INSTRUMENT", "TESTING", "PRINTING"] } },
      include: { _count: { select: { resources: true } } },
    });
    expect(facilities).toHaveLength(5);
    for (const f of facilities) expect(f._count.resources).toBeGreaterThanOrEqual(5);
    expect(
      await db.resource.count({
        where: { facility: { code: { in: ["BATTERY", "FOOD", "INSTRUMENT", "TESTING", "PRINTING"] } } },
      }),
    ).toBeGreaterThanOrEqual(40);
    const bodies = await db.certificationBody.findMany({
      where: { code: { startsWith: "CB-0" }, isSample: true },
      include: { organization: true },
    });
    expect(bodies).toHaveLength(58);
    expect(bodies.every((b) => b.isSample && isValidUscc(b.organization.uscc!))).toBe(true);
    const makeUp = await db.calendarDay.findUnique({ where: { date: new Date("2025-10-11T00:00:00Z") } });
    expect(makeUp?.kind).toBe("WORKDAY");
    expect(makeUp?.source).toMatch(/chinese-days/);
    expect((await db.calendarDay.findUnique({ where: { date: new Date("2026-10-01T00:00:00Z") } }))?.kind).toBe(
      "HOLIDAY",
    );
    const roles = await db.membership.findMany({ where: { user: { email: { endsWith: "@demo.zhongshi.cn" } } } });
    expect(new Set(roles.map((r) => r.role))).toEqual(new Set(["MEMBER", "MANAGER", "ADMIN", "BODY_STAFF"]));
    // Scope lines for every sample body, and the test services that cite them.
    expect(await db.certificationBody.count({ where: { isSample: true, code: { startsWith: "CB-0" } } })).toBe(
      (
        await db.$queryRaw<
          { n: number }[]
        >`SELECT count(DISTINCT s.certification_body_id)::int AS n FROM accreditation_scope s JOIN certification_body cb ON cb.id = s.certification_body_id WHERE cb.code LIKE 'CB-0%' AND s.is_sample`
      )[0]!.n,
    );
    expect(await db.testService.count({ where: { code: { startsWith: "SVC-" }, isSample: true } })).toBeGreaterThan(15);
    expect(
      await db.facilityManager.count({
        where: { user: { email: { startsWith: "manager.", endsWith: "@demo.zhongshi.cn" } } },
      }),
    ).toBe(5);
  });
});
