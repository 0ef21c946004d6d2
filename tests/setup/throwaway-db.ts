import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedDatabase } from "../../api/src/lib/embedded-db.ts";
import { migrate } from "../../api/src/lib/migrate.ts";
import { createDb } from "../../api/src/lib/db.ts";
import { seed, seedDemo } from "../../seeds/index.ts";
import { newPassword } from "../../api/src/lib/secrets.ts";
import { freePort } from "./free-port.ts";

export type ThrowawayDatabase = { url: string; dataDir: string; stop: () => Promise<void> };

/**
 * A real PostgreSQL for one run of tests or benchmarks: a cluster in a temp folder on a free port.
 * `stop` shuts it down and deletes the folder; calling it twice is harmless.
 */
export const startThrowawayDatabase = async (name: string): Promise<ThrowawayDatabase> => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `zhongshi-${name}-`));
  // mkdtemp makes the folder private; as root, postgres runs as another user who must enter it.
  chmodSync(dataDir, 0o755);
  try {
    const embedded = await startEmbeddedDatabase({
      dataDir,
      port: await freePort(),
      persistent: false,
      databaseName: `zhongshi_${name.replaceAll("-", "_")}`,
    });
    let stopped = false;
    return {
      url: embedded.url,
      dataDir,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await embedded.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
};

/**
 * Applies the migrations and the seed, as the start command does on an empty database in demo mode. The
 * demo accounts get a password generated for this run, returned for the tests to sign in with.
 */
export const prepareDatabase = async (databaseUrl: string) => {
  await migrate({ databaseUrl });
  const db = createDb(databaseUrl);
  const demoPassword = newPassword();
  try {
    await seed(db);
    await seedDemo(db, { password: demoPassword, resetPasswords: true });
  } finally {
    await db.$disconnect();
  }
  return { demoPassword };
};
