import { chmodSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedDatabase } from "../../api/src/lib/embedded-db.ts";
import { migrate } from "../../api/src/lib/migrate.ts";
import { createDb } from "../../api/src/lib/db.ts";
import { seed } from "../../seeds/index.ts";
import { freePort } from "./free-port.ts";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/**
 * One real PostgreSQL for the whole run: TEST_DATABASE_URL when set, otherwise a throwaway embedded
 * cluster in a temp folder, deleted at the end. Migrated and seeded once; tests add their own rows.
 */
export default async function setup(project: TestProject) {
  let databaseUrl = process.env.TEST_DATABASE_URL;
  let stop = async () => {};
  if (!databaseUrl) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "zhongshi-test-"));
    // mkdtemp makes the folder private; as root, postgres runs as another user who must enter it.
    chmodSync(dataDir, 0o755);
    const db = await startEmbeddedDatabase({ dataDir, port: await freePort(), persistent: false, databaseName: "zhongshi_test" });
    databaseUrl = db.url;
    stop = db.stop;
  }
  try {
    await migrate({ databaseUrl });
    const db = createDb(databaseUrl);
    await seed(db);
    await db.$disconnect();
  } catch (error) {
    await stop();
    throw error;
  }
  project.provide("databaseUrl", databaseUrl);
  return stop;
}
