// The lists in api/src/enums.ts are the source; the migrations (SQL that cannot import them) must agree.
// Compares the migrated database's own definitions, so a later migration that changes them is checked too.
import { afterAll, describe, expect, inject, it } from "vitest";
import pg from "pg";
import { ACTIVE_STATUSES, USED_STATUSES } from "../../api/src/enums.ts";

const literals = (definition: string) => [...definition.matchAll(/'(\w+)'/g)].map((m) => m[1]).sort();

describe("SQL that repeats a contract list agrees with api/src/enums.ts", () => {
  const client = new pg.Client({ connectionString: inject("databaseUrl") });
  afterAll(() => client.end());

  it("the exclusion constraint holds exactly the ACTIVE_STATUSES", async () => {
    await client.connect();
    const { rows } = await client.query<{ def: string }>(
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'booking_no_overlap'`,
    );
    expect(rows).toHaveLength(1);
    const where = rows[0]!.def.split("WHERE")[1] ?? "";
    expect(literals(where)).toEqual([...ACTIVE_STATUSES].sort());
  });

  it("the counted-bookings index covers exactly the USED_STATUSES (so analytics queries can use it)", async () => {
    const { rows } = await client.query<{ def: string }>(
      `SELECT indexdef AS def FROM pg_indexes WHERE indexname = 'booking_counted_resource_id_starts_at_idx'`,
    );
    expect(rows).toHaveLength(1);
    const where = (rows[0]!.def.split("WHERE")[1] ?? "").replace(/'BOOKING'::"BookingKind"/, "");
    expect(literals(where)).toEqual([...USED_STATUSES].sort());
  });
});
