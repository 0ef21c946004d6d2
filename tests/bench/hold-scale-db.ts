// Development helper: a throwaway PostgreSQL with the 1M scale data that stays up until SIGTERM, so that
// EXPLAIN and the benches can be pointed at it (BENCH_DATABASE_URL). Prints "url <url>" once filled.
import { createDb } from "../../api/src/lib/db.ts";
import { generateScale } from "../../seeds/generate-scale.ts";
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
console.log(`url ${database.url}`);
setInterval(() => {}, 1 << 30);
