// The API as production runs it (api/src/server.ts: the app plus its jobs, unless BENCH_JOBS=0), for `pnpm bench:api`.
// DATABASE_URL, API_PORT and BENCH_ORIGIN come from the bench; it prints "listening <port>" once ready and
// stops on SIGTERM. Run it with `node --cpu-prof` (BENCH_CPU_PROF=1) to profile the server under load.
import { createDb } from "../../api/src/lib/db.ts";
import { startApi } from "../../api/src/server.ts";

const db = createDb(process.env.DATABASE_URL!, { max: Number(process.env.BENCH_POOL ?? 10) });
const api = await startApi({
  db,
  databaseUrl: process.env.DATABASE_URL!,
  config: { allowedOrigins: [process.env.BENCH_ORIGIN!], secureCookies: false, noShowGraceMin: 30 },
  port: Number(process.env.API_PORT ?? 0),
  // BENCH_JOBS=0: an HTTP-only replica (no job runner), e.g. on a scale database whose jobs have a backlog.
  jobs: process.env.BENCH_JOBS !== "0",
  host: "127.0.0.1",
});
console.log(`listening ${api.port}`);
const stop = async () => {
  await api.close().catch(() => {});
  await db.$disconnect().catch(() => {});
  // process.exit lets --cpu-prof write its profile.
  process.exit(0);
};
process.once("SIGTERM", () => void stop());
process.once("SIGINT", () => void stop());
