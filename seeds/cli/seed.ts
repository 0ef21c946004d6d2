// `pnpm seed`: seeds the database at DATABASE_URL (idempotent).
import { createDb } from "@zhongshi/api/db";
import { seed } from "../index.ts";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("[zhongshi] set DATABASE_URL (npm start seeds the embedded database by itself).");
  process.exit(1);
}
const db = createDb(url);
console.log("[zhongshi] seeded", await seed(db));
await db.$disconnect();
