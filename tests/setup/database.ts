import type { TestProject } from "vitest/node";
import { prepareDatabase, startThrowawayDatabase } from "./throwaway-db.ts";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    demoPassword: string;
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
    const database = await startThrowawayDatabase("test");
    databaseUrl = database.url;
    stop = database.stop;
  }
  let demoPassword: string;
  try {
    ({ demoPassword } = await prepareDatabase(databaseUrl));
  } catch (error) {
    await stop();
    throw error;
  }
  project.provide("databaseUrl", databaseUrl);
  project.provide("demoPassword", demoPassword);
  return stop;
}
