// `pnpm db:restore <file>`: pg_restore into DATABASE_URL when set, else replaces the (stopped) embedded cluster.
import path from "node:path";
import { loadEnv, StartupError } from "../lib/env.ts";
import { isDumpFile, restoreEmbedded, restoreServer } from "../lib/backup.ts";

try {
  const env = loadEnv();
  const given = process.argv[2];
  if (!given) throw new StartupError("Name the backup to restore: pnpm db:restore backups/<file>");
  const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), given);
  if (env.DATABASE_URL) {
    if (!isDumpFile(file)) throw new StartupError(`${file} is not a pg_dump file (an embedded-cluster backup?).`);
    await restoreServer({ databaseUrl: env.DATABASE_URL, file });
    console.log(`[zhongshi] restored ${file} into DATABASE_URL`);
  } else {
    if (isDumpFile(file)) throw new StartupError(`${file} is a pg_dump file: set DATABASE_URL to restore it.`);
    const clusterDir = path.join(path.resolve(env.ZHONGSHI_DATA_DIR), "pg");
    const { keptAt } = await restoreEmbedded({ file, clusterDir });
    console.log(
      `[zhongshi] restored ${file} into ${clusterDir}${keptAt ? ` (previous data kept in ${keptAt})` : ""}. ` +
        "`npm start` replays its WAL and serves it.",
    );
  }
} catch (error) {
  console.error(`[zhongshi] ${error instanceof StartupError ? error.message : String(error)}`);
  process.exit(1);
}
