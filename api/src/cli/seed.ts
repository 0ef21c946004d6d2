import { loadEnv } from "../lib/env.ts";
import { createDb } from "../lib/db.ts";
import { seed } from "../../../seeds/index.ts";

const env = loadEnv();
if (!env.DATABASE_URL) {
  console.error("[zhongshi] set DATABASE_URL (npm start seeds the embedded database by itself).");
  process.exit(1);
}
const db = createDb(env.DATABASE_URL);
console.log("[zhongshi] seeded", await seed(db));
await db.$disconnect();
