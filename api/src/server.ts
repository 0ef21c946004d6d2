import { serve, type ServerType } from "@hono/node-server";
import type { Server } from "node:http";
import { createApp } from "./app.ts";
import type { AppConfig } from "./lib/context.ts";
import type { Db } from "./lib/db.ts";
import { logger } from "./lib/log.ts";
import { startJobs } from "./jobs.ts";
import type { NotificationDeps } from "./modules/notifications/deliver-notifications.ts";

export type RunningApi = { port: number; close: () => Promise<void> };

/** In-flight requests get this long to finish on shutdown; then their connections are cut. */
export const SHUTDOWN_GRACE_MS = 8_000;

type StartApiOptions = {
  db: Db;
  databaseUrl: string;
  config: AppConfig;
  port: number;
  host: string;
  /** Off for replicas that should only serve HTTP. */
  jobs?: boolean;
  /** Mail, inbox and webhooks for the outbox job. */
  notifications?: NotificationDeps | undefined;
};

/**
 * Serves the API and runs its background jobs. `close` is the graceful shutdown: stop accepting, let
 * requests in flight finish (up to SHUTDOWN_GRACE_MS), then stop the jobs. The caller closes the pool.
 */
export const startApi = ({
  db,
  databaseUrl,
  config,
  port,
  host,
  jobs: withJobs = true,
  notifications,
}: StartApiOptions) =>
  new Promise<RunningApi>((resolve, reject) => {
    const app = createApp({ db, config });
    let server: ServerType;
    const onError = (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE" ? new Error(`Port ${port} is already taken. Set API_PORT to a free port.`) : error,
      );
    server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
      server.off("error", onError);
      const jobs = withJobs ? startJobs({ db, databaseUrl, notifications }) : undefined;
      let closing: Promise<void> | undefined;
      resolve({
        port: info.port,
        close: () =>
          (closing ??= (async () => {
            const http = server as Server;
            const drained = new Promise<void>((done) => http.close(() => done()));
            // Keep-alive connections would hold close() open: drop each as soon as it has no request.
            const sweep = setInterval(() => http.closeIdleConnections(), 100);
            http.closeIdleConnections();
            const timedOut = await Promise.race([
              drained.then(() => false),
              new Promise<boolean>((done) => setTimeout(() => done(true), SHUTDOWN_GRACE_MS).unref()),
            ]);
            clearInterval(sweep);
            if (timedOut) {
              logger.warn("requests still running after the grace period; closing their connections");
              http.closeAllConnections();
            }
            await jobs?.stop();
          })()),
      });
    });
    server.once("error", onError);
  });
