import { fileURLToPath } from "node:url";

/** The checkout's top folder; everything else is found from here, wherever the clone lives. */
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
export const migrationsDir = fileURLToPath(new URL("../../../prisma/migrations/", import.meta.url));
