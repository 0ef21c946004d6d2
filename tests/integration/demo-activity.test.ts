import { afterAll, describe, expect, inject, it } from "vitest";
import { testApp } from "../setup/fixtures.ts";
import { DEMO_MARK, generateDemoActivity } from "../../seeds/demo-activity.ts";

const { db } = testApp(inject("databaseUrl"));

const cleanUp = async () => {
  const demo = { booking: { purpose: { startsWith: DEMO_MARK } } };
  await db.usageRecord.deleteMany({ where: demo });
  await db.bookingEvent.deleteMany({ where: demo });
  await db.booking.deleteMany({ where: { purpose: { startsWith: DEMO_MARK } } });
};
afterAll(async () => {
  await cleanUp();
  await db.$disconnect();
});

describe("demo activity (demo mode only)", () => {
  it("generates past bookings, decisions and usage for sample organizations, all marked sample, once", async () => {
    // Demo mode's sample organization and member (the demo accounts exist only in demo mode).
    const tag = String(Date.now());
    const organization = await db.organization.create({
      data: { kind: "SME", nameZh: `示例企业${tag}（示例）`, nameEn: `Sample SME ${tag}`, isSample: true },
    });
    const user = await db.user.create({
      data: { email: `demo.${tag}@test.zhongshi.cn`, name: "示例成员", passwordHash: "x" },
    });
    await db.membership.create({ data: { userId: user.id, organizationId: organization.id, role: "MEMBER" } });
    const now = Date.now();
    const summary = await generateDemoActivity(db, { now, days: 21, facilityCodes: ["INSTRUMENT"] });
    expect(summary.bookings).toBeGreaterThan(20);
    expect(summary.usageRecords).toBeGreaterThan(0);
    const bookings = await db.booking.findMany({
      where: { purpose: { startsWith: DEMO_MARK } },
      include: { organization: true, events: true },
    });
    expect(bookings).toHaveLength(summary.bookings);
    for (const b of bookings) {
      expect(b.organization?.isSample).toBe(true);
      expect(b.endsAt.getTime()).toBeLessThanOrEqual(now + 3 * 86_400_000);
      expect(b.startsAt.getTime()).toBeLessThan(now);
      expect(b.events.length).toBeGreaterThanOrEqual(2);
      expect(["COMPLETED", "NO_SHOW", "CANCELLED", "REJECTED", "EXPIRED"]).toContain(b.status);
    }
    expect(new Set(bookings.map((b) => b.status)).has("COMPLETED")).toBe(true);
    // The rollups count the demo rows (npm start loads them with the row triggers off, then rebuilds the
    // rollups set-based): what they hold for this organization and the demo bookings is what a full rebuild gives.
    const rollups = async () => ({
      org: await db.$queryRaw<{ day: number; used: number; bookings: number }[]>`
        SELECT day, round(sum(used_s))::int AS used, sum(bookings)::int AS bookings
        FROM analytics_org_day WHERE organization_id = ${organization.id}::uuid GROUP BY day ORDER BY day`,
      lead: await db.$queryRaw<{ booking: string; decided: Date | null }[]>`
        SELECT l.booking_id::text AS booking, l.decided_at AS decided FROM analytics_lead l
        JOIN booking b ON b.id = l.booking_id WHERE starts_with(b.purpose, ${DEMO_MARK}) ORDER BY 1`,
    });
    const loaded = await rollups();
    expect(loaded.org.some((r) => r.used > 0 && r.bookings > 0)).toBe(true);
    expect(loaded.lead).toHaveLength(summary.bookings);
    await db.$executeRaw`SELECT analytics_rebuild()`;
    expect(await rollups()).toEqual(loaded);
    // A second run leaves the database alone.
    expect((await generateDemoActivity(db, { now, days: 21, facilityCodes: ["INSTRUMENT"] })).bookings).toBe(0);
  });
});
