import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testApp, createWorld, futureDay, at, type TestWorld } from "../setup/fixtures.ts";

const { db, app } = testApp(inject("databaseUrl"));
let world: TestWorld;
beforeAll(async () => {
  world = await createWorld(db);
});
afterAll(() => db.$disconnect());

const race = async (resourceId: string, headers: Record<string, string>, day: number, n = 50) => {
  // Three different ranges that pairwise overlap (all contain 10:30–11:00), so at most one per unit fits.
  const variants = [
    [at(day, 10), at(day, 11)],
    [at(day, 10, 30), at(day, 11, 30)],
    [at(day, 10), at(day, 11, 30)],
  ] as const;
  const responses = await Promise.all(
    Array.from({ length: n }, (_, i) => {
      const [start, end] = variants[i % 3]!;
      return app.request("/api/v1/bookings", {
        method: "POST",
        headers,
        body: JSON.stringify({ resourceId, start: start.toISOString(), end: end.toISOString(), purpose: `race ${i}` }),
      });
    }),
  );
  return Promise.all(responses.map(async (r) => ({ status: r.status, body: await r.json() })));
};

describe("concurrent creates: the exclusion constraint is the judge", () => {
  it("lets exactly 1 of 50 overlapping requests win on a one-unit resource; 49 get 409, none 5xx", async () => {
    const resource = await world.createResource({ units: 1 });
    const headers = await world.sessionHeaders(world.memberA.id);
    const results = await race(resource.id, headers, futureDay(20));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(statuses.filter((s) => s >= 500)).toHaveLength(0);
    const conflict = results.find((r) => r.status === 409)!.body;
    expect(conflict.code).toBe("BOOKING_CONFLICT");
    expect(conflict.conflicts.length).toBeGreaterThan(0);
    const active = await db.booking.count({
      where: { resourceId: resource.id, status: { in: ["PENDING", "APPROVED", "CHECKED_IN"] } },
    });
    expect(active).toBe(1);
  });

  it("lets exactly 3 win on a three-unit resource, one per unit", async () => {
    const resource = await world.createResource({ units: 3 });
    const headers = await world.sessionHeaders(world.memberB.id);
    const results = await race(resource.id, headers, futureDay(21));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(47);
    expect(statuses.filter((s) => s >= 500)).toHaveLength(0);
    const units = await db.booking.groupBy({ by: ["unitId"], where: { resourceId: resource.id }, _count: true });
    expect(units.map((u) => u._count)).toEqual([1, 1, 1]);
  });
});
