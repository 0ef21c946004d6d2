import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testApp, createWorld, type TestWorld } from "../setup/fixtures.ts";
import { getUtilization } from "../../api/src/modules/analytics/analytics.service.ts";

const { db } = testApp(inject("databaseUrl"));
let world: TestWorld;

beforeAll(async () => {
  world = await createWorld(db);
});
afterAll(() => db.$disconnect());

const openHours = async (resourceCode: string, from: string, to: string) => {
  const actor = await world.actorOf(world.manager.id);
  const report = await getUtilization({
    db,
    actor,
    query: { from, to, facility: world.facility.code, groupBy: "resource", period: "total" } as never,
  });
  return report.items.find((r) => r.resource?.code === resourceCode)!.openHours;
};

describe("analytics opening hours follow the calendar", () => {
  it("close an ordinary resource on 2027's derived 春节 days and keep a continuous one open 24/7", async () => {
    const ordinary = await world.createResource();
    const cycler = await world.createResource({ continuous: true });
    // 2027-02-04 … 2027-02-10: seven days, four of them 春节 (除夕 to 初三); the facility is open 24 h a day.
    expect(await openHours(ordinary.code, "2027-02-04", "2027-02-11")).toBe(3 * 24);
    expect(await openHours(cycler.code, "2027-02-04", "2027-02-11")).toBe(7 * 24);
  });
});
