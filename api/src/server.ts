import { serve, type ServerType } from "@hono/node-server";
import { createApp } from "./app.ts";
import type { AppConfig } from "./lib/context.ts";
import type { Db } from "./lib/db.ts";
import { startJobs } from "./jobs.ts";
import type { NotificationDeps } from "./modules/notifications/deliver-notifications.ts";

export type RunningApi = { port: number; close: () => Promise<void> };

/** Serves the API and runs its background jobs; `close` stops both. */
export const startApi = ({
  db,
  config,
  port,
  host,
  notifications,
  jobIntervalMs,
}: {
  db: Db;
  config: AppConfig;
  port: number;
  host: string;
  notifications?: NotificationDeps;
  jobIntervalMs?: number;
}) =>
  new Promise<RunningApi>((resolve, reject) => {
    const app = createApp({ db, config });
    let server: ServerType;
    const onError = (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE" ? new Error(`Port ${port} is already taken. Set API_PORT to a free port.`) : error,
      );
    server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
      server.off("error", onError);
      const jobs = startJobs({ db, config, notifications, ...(jobIntervalMs ? { intervalMs: jobIntervalMs } : {}) });
      resolve({
        port: info.port,
        close: async () => {
          await jobs.stop();
          await new Promise<void>((done) => server.close(() => done()));
        },
      });
    });
    server.once("error", onError);
  });
