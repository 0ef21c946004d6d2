// `pnpm seed`: seeds the database at DATABASE_URL (idempotent); demo accounts only in demo mode.
import { createDb } from "@zhongshi/api/db";
import { demoPasswordFile, isDemoMode, loadEnv } from "@zhongshi/api/env";
import { readOrCreateSecret } from "@zhongshi/api/secrets";
import { seed, seedDemo } from "../index.ts";

const env = loadEnv();
if (!env.DATABASE_URL) {
  console.error("[zhongshi] set DATABASE_URL (npm start seeds the embedded database by itself).");
  process.exit(1);
}
const db = createDb(env.DATABASE_URL);
console.log("[zhongshi] seeded", await seed(db));
// Demo accounts only when asked for with ZHONGSHI_DEMO=1: a database of one's own gets no known accounts.
if (isDemoMode(env)) {
  const secret = readOrCreateSecret(demoPasswordFile(env));
  await seedDemo(db, { password: secret.value, resetPasswords: secret.created });
  console.log(`[zhongshi] demo accounts ready (password for all: ${secret.value}, kept in ${demoPasswordFile(env)})`);
}
await db.$disconnect();
