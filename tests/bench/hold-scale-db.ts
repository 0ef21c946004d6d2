// Development helper: a throwaway PostgreSQL with the 1M scale data that stays up until SIGTERM, so that
// EXPLAIN and the benches can be pointed at it (BENCH_DATABASE_URL). Prints "url <url>" once filled.
import { createDb } from "../../api/src/lib/db.ts";
import { generateScale } from "../../seeds/generate-scale.ts";
import { ensureCalendarYears } from "../../api/src/modules/calendar/calendar.service.ts";
import { prepareDatabase, startThrowawayDatabase } from "../setup/throwaway-db.ts";

const database = await startThrowawayDatabase("scale-hold");
const stop = () => void database.stop().finally(() => process.exit(0));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
await prepareDatabase(database.url);
const db = createDb(database.url);
const thisYear = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
await generateScale(db, {
  startDate: `${thisYear - 1}-01-01`,
  databaseUrl: database.url,
  log: (l) => console.log(l),
});
await db.$executeRawUnsafe("ANALYZE");
await db.$disconnect();
// Derive the holiday calendar of the years the benches book in now, so that no bench request does it. A calendar
// change recomputes only the rollups of the changed dates (migration 20261204120000_analytics_targeted_recompute:
// about 0.1–0.7 s at 1M bookings; before it, every unit's over all time, 2 min, past a request's 15 s timeout).
const bulk = createDb(database.url, { max: 1, bulk: true });
await ensureCalendarYears(bulk, [thisYear, thisYear + 1, thisYear + 2]);
await bulk.$disconnect();
console.log(`url ${database.url}`);
setInterval(() => {}, 1 << 30);
