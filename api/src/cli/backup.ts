// `pnpm db:backup [file]`: pg_dump of DATABASE_URL when set, else an online snapshot of the embedded cluster.
import path from "node:path";
import { loadEnv, StartupError } from "../lib/env.ts";
import { backupEmbedded, backupServer } from "../lib/backup.ts";
import { runningEmbeddedUrl } from "../lib/embedded-db.ts";

/** A cluster from before per-folder passwords gets its generated password at the next `npm start`. */
const embeddedUrl = (dataDir: string, port: number) => {
  const url = runningEmbeddedUrl(dataDir, port, "postgres");
  if (!url) throw new StartupError(`No ${dataDir}/pg-superuser-password yet: run \`npm start\` once, then back up.`);
  return url;
};

const stamp = new Date().toISOString().replaceAll(":", "-").replace(/\..*$/, "");
try {
  const env = loadEnv();
  const given = process.argv[2];
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const result = env.DATABASE_URL
    ? await backupServer({
        databaseUrl: env.DATABASE_URL,
        file: path.resolve(cwd, given ?? `backups/zhongshi-${stamp}.dump`),
      })
    : await backupEmbedded({
        databaseUrl: embeddedUrl(env.ZHONGSHI_DATA_DIR, env.PG_PORT),
        clusterDir: path.join(path.resolve(env.ZHONGSHI_DATA_DIR), "pg"),
        file: path.resolve(cwd, given ?? `backups/zhongshi-${stamp}.tar.gz`),
      });
  console.log(`[zhongshi] backup written: ${result.file} (${result.kind}, ${result.detail})`);
} catch (error) {
  console.error(`[zhongshi] ${error instanceof StartupError ? error.message : String(error)}`);
  process.exit(1);
}
