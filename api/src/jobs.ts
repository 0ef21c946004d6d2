import type { AppConfig } from "./lib/context.ts";
import type { Db } from "./lib/db.ts";

/** Background work of the API process. Each job is safe with several replicas (see the job's own lock). */
export const startJobs = ({ db, config, intervalMs = 60_000 }: { db: Db; config: AppConfig; intervalMs?: number }) => {
  void db;
  void config;
  const timer = setInterval(() => {}, intervalMs);
  return { stop: async () => clearInterval(timer) };
};
