import { loadEnv, StartupError } from "../lib/env.ts";
import { migrate } from "../lib/migrate.ts";

const env = loadEnv();
if (!env.DATABASE_URL) {
  console.error("[zhongshi] set DATABASE_URL (npm start migrates the embedded database by itself).");
  process.exit(1);
}
try {
  const { applied, alreadyApplied } = await migrate({ databaseUrl: env.DATABASE_URL });
  console.log(
    `[zhongshi] ${applied.length} applied (${applied.join(", ") || "none"}), ${alreadyApplied} already applied`,
  );
} catch (error) {
  console.error(`[zhongshi] ${error instanceof StartupError ? error.message : String(error)}`);
  process.exit(1);
}
