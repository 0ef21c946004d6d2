// The API alone, for process managers and replicas behind a load balancer: DATABASE_URL is required,
// migrations are applied by `pnpm migrate` (or npm start) beforehand. SIGTERM/SIGINT shut it down
// gracefully: stop accepting, finish requests in flight, stop the jobs, close the pool, exit 0 (< 10 s).
import { loadEnv, StartupError, trustedProxies } from "../lib/env.ts";
import { createDb } from "../lib/db.ts";
import { logger } from "../lib/log.ts";
import { startApi } from "../server.ts";

const SHUTDOWN_DEADLINE_MS = 10_000;

const main = async () => {
  const env = loadEnv();
  if (!env.DATABASE_URL) throw new StartupError("Set DATABASE_URL: the API needs a PostgreSQL to serve from.");
  const databaseUrl = env.DATABASE_URL;
  const db = createDb(databaseUrl, { max: env.DB_POOL_MAX });
  const webOrigin = env.PUBLIC_ORIGIN ?? `http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${env.WEB_PORT}`;
  const api = await startApi({
    db,
    databaseUrl,
    config: {
      allowedOrigins: [webOrigin, `http://localhost:${env.WEB_PORT}`, `http://127.0.0.1:${env.WEB_PORT}`],
      secureCookies: webOrigin.startsWith("https:"),
      hsts: webOrigin.startsWith("https:"),
      noShowGraceMin: 30,
      ...(trustedProxies(env) ? { trustedProxies: trustedProxies(env) } : {}),
    },
    port: env.API_PORT,
    host: env.HOST,
    jobs: env.ZHONGSHI_JOBS !== "0",
  });
  logger.info({ url: `http://${env.HOST}:${api.port}/api/v1`, pid: process.pid }, "API listening");

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: no new connections, finishing requests in flight");
    setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    await api.close();
    await db.$disconnect();
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
};

main().catch((error) => {
  if (error instanceof StartupError || /Port \d+ is already taken/.test(String(error))) {
    console.error(`[zhongshi] ${error.message}`);
  } else {
    console.error("[zhongshi] API start-up failed:", error);
  }
  process.exit(1);
});
