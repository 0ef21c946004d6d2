import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import fc from "fast-check";
import { testApp, createWorld, futureDay, type TestWorld } from "../setup/fixtures.ts";
import { createBookings } from "../../api/src/modules/bookings/create-bookings.ts";
import { transitionBooking } from "../../api/src/modules/bookings/transition-booking.ts";
import { AppError } from "../../api/src/lib/app-error.ts";

const { db } = testApp(inject("databaseUrl"));
let world: TestWorld;
beforeAll(async () => {
  world = await createWorld(db);
});
afterAll(() => db.$disconnect());

type Command = { op: "create"; slot: number; length: number } | { op: "cancel" | "approve" | "reject"; pick: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    op: fc.constant("create" as const),
    slot: fc.integer({ min: 0, max: 40 }),
    length: fc.integer({ min: 1, max: 6 }),
  }),
  fc.record({ op: fc.constantFrom("cancel" as const, "approve" as const, "reject" as const), pick: fc.nat() }),
);

const overlapsInDb = async (resourceId: string) => {
  const rows = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM booking a JOIN booking b
      ON a.unit_id = b.unit_id AND a.id < b.id AND a.blocked && b.blocked
    WHERE a.resource_id = ${resourceId}::uuid
      AND a.status IN ('PENDING','APPROVED','CHECKED_IN') AND b.status IN ('PENDING','APPROVED','CHECKED_IN')`;
  return rows[0]!.n;
};

describe("property: no sequence of operations leaves two active overlapping bookings on one unit", () => {
  it("holds for random create/cancel/approve/reject sequences (checked with SQL after each run)", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 25 }), async (commands) => {
        const resource = await world.createResource({ units: 2, bufferBeforeMin: 15, bufferAfterMin: 30 });
        const member = await world.actorOf(world.memberA.id);
        const manager = await world.actorOf(world.manager.id);
        const day = futureDay(40 + (run++ % 200));
        const ids: string[] = [];
        for (const c of commands) {
          try {
            if (c.op === "create") {
              const start = day + c.slot * 30 * 60_000;
              const result = await createBookings({
                db,
                actor: member,
                input: {
                  items: [{ resourceId: resource.id, range: { start, end: start + c.length * 30 * 60_000 } }],
                  purpose: "property",
                },
              });
              ids.push(...result.bookings.map((b) => b.id));
            } else if (ids.length > 0) {
              const bookingId = ids[c.pick % ids.length]!;
              await transitionBooking({
                db,
                actor: c.op === "cancel" ? member : manager,
                bookingId,
                action: c.op,
                reason: "property test",
              });
            }
          } catch (error) {
            // Refusals (409 conflict, illegal transition) are expected outcomes; anything else is a failure.
            if (!(error instanceof AppError) || error.status >= 500) throw error;
          }
        }
        expect(await overlapsInDb(resource.id)).toBe(0);
      }),
      { numRuns: 25 },
    );
  });
});
