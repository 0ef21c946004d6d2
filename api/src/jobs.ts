/**
 * Background jobs of the API process, on graphile-worker 0.16 (a job queue in PostgreSQL, schema
 * `graphile_worker`). It gives what the old setInterval loop did not:
 * - schedules: each job has a cron line; graphile-worker's cron is distributed-safe, so with any number of
 *   replicas each tick is queued once, and each queued job is run by one replica only;
 * - retries with exponential back-off when a run throws (up to MAX_ATTEMPTS);
 * - a quiet pause while the database is away: the runner is restarted with growing delays (1 s … 30 s)
 *   and database-unavailable errors are logged at debug level only.
 *
 * ADDING A JOB: write a plain `export const myJob = async (db: Db) => { … }` in your module (claim rows with
 * FOR UPDATE SKIP LOCKED or make it idempotent, since a retried run may repeat work), then add ONE line
 * to JOBS below: `{ name: "my_job", cron: "*\/5 * * * *", run: myJob },`. Cron is minute-granular, in UTC.
 * Tests call the job function directly, or `jobs.runNow("my_job")` to go through the queue.
 */
import { Logger as WorkerLogger, parseCronItems, run, type Runner, type TaskList } from "graphile-worker";
import type { Db } from "./lib/db.ts";
import { createPgPool } from "./lib/db.ts";
import { isDatabaseUnavailable } from "./lib/db-errors.ts";
import { logger as rootLogger, type Logger } from "./lib/log.ts";
import { expirePendingHolds } from "./modules/bookings/transition-booking.ts";
import { purgeIdempotencyRecords } from "./modules/bookings/purge-idempotency-records.ts";
import { purgeExpiredAuth } from "./modules/auth/auth.service.ts";
import { remindRetentionEnding } from "./modules/orders/transition-order.ts";
import { deliverOutbox, logSender } from "./modules/notifications/outbox-worker.ts";
import { deliverNotifications, type NotificationDeps } from "./modules/notifications/deliver-notifications.ts";
import { materializeCalendar } from "./modules/calendar/calendar.service.ts";
import { markNoShows } from "./modules/fair-use/fair-use.service.ts";
import { chargeMissedBookings } from "./modules/money/charge-completed.ts";
import { autoConfirmCharges } from "./modules/money/charges.service.ts";
import { closeChargePeriod } from "./modules/money/statements.service.ts";

export type Job = { name: string; cron: string; run: (db: Db) => Promise<void> };

/** Repeats a batch job until it reports no more work, so one run clears a backlog. */
const drain = (step: (db: Db) => Promise<number>) => async (db: Db) => {
  for (let round = 0; round < 100 && (await step(db)) > 0; round++);
};

export const JOBS: Job[] = [
  { name: "expire_holds", cron: "* * * * *", run: drain((db) => expirePendingHolds(db)) },
  { name: "deliver_outbox", cron: "* * * * *", run: drain((db) => deliverOutbox(db, logSender)) },
  { name: "purge_idempotency_records", cron: "17 * * * *", run: purgeIdempotencyRecords },
  { name: "purge_expired_auth", cron: "*/10 * * * *", run: async (db) => void (await purgeExpiredAuth(db)) },
  // Provisional statutory holidays for this year and the next two, ahead of every booking horizon.
  { name: "materialize_calendar", cron: "7 * * * *", run: (db) => materializeCalendar(db) },
  // Approved bookings nobody checked in within the grace period become NO_SHOW (freeing the unit).
  { name: "mark_no_shows", cron: "* * * * *", run: async (db) => void (await markNoShows(db)) },
  // Money: the safety net behind charging at check-out, confirmation when the period lapses, and last
  // month's statements (idempotent, so hourly is enough and catches the month's first hour).
  { name: "charge_missed_bookings", cron: "*/5 * * * *", run: drain((db) => chargeMissedBookings(db)) },
  { name: "auto_confirm_charges", cron: "*/5 * * * *", run: async (db) => void (await autoConfirmCharges(db)) },
  { name: "close_charge_period", cron: "7 * * * *", run: (db) => closeChargePeriod(db) },
  { name: "remind_retention_ending", cron: "7 * * * *", run: drain((db) => remindRetentionEnding(db)) },
  // Next: booking reminders, e.g. { name: "send_reminders", cron: "*/5 * * * *", run: sendBookingReminders },
];

const MAX_ATTEMPTS = 5;
const RESTART_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

/** graphile-worker's log lines through pino; an unreachable database is expected during outages: debug. */
const workerLogger = (log: Logger) =>
  new WorkerLogger((scope) => (level, message, meta) => {
    const error = (meta as { error?: unknown; fatalError?: unknown } | undefined)?.error;
    const quiet = error !== undefined && isDatabaseUnavailable(error);
    const method = quiet || level === "debug" ? "debug" : level === "warning" ? "warn" : level;
    log[method]({ scope: scope.label, task: scope.taskIdentifier, jobId: scope.jobId }, message);
  });

/**
 * graphile-worker 0.16 chains `cron.promise.finally(…)` without a handler, so when its minute tick meets a
 * database that is away, the cron's rejection (already handled through `runner.promise`, which restarts the
 * runner below) surfaces a second time as an unhandled rejection, which ends a Node process. Upstream fixed
 * it after 0.16 (graphile/worker#544). Those rejections are the database being away: logged at debug level.
 * Any other unhandled rejection keeps Node's default, the process ends, unless someone else listens.
 */
const strayDatabaseRejection = (reason: unknown) => {
  if (isDatabaseUnavailable(reason)) {
    rootLogger.debug({ err: reason instanceof Error ? reason.message : reason }, "job queue: database away");
    return;
  }
  if (process.listenerCount("unhandledRejection") === 1) throw reason;
};
/** Listening while any runner runs (tests start several in one process); returns the release. */
let guardedRunners = 0;
const guardStrayRejections = () => {
  if (guardedRunners++ === 0) process.on("unhandledRejection", strayDatabaseRejection);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--guardedRunners === 0) process.off("unhandledRejection", strayDatabaseRejection);
  };
};

export type RunningJobs = { stop: () => Promise<void>; runNow: (name: string) => Promise<void> };

export const startJobs = ({
  db,
  databaseUrl,
  jobs = JOBS,
  log = rootLogger.child({ component: "jobs" }),
  concurrency = 2,
  notifications,
}: {
  db: Db;
  databaseUrl: string;
  jobs?: Job[];
  log?: Logger;
  concurrency?: number;
  /** Mail, inbox and webhooks: they take over the outbox job; without them the outbox is only logged. */
  notifications?: NotificationDeps | undefined;
}): RunningJobs => {
  if (notifications) {
    const deliver: Job["run"] = drain((db) => deliverNotifications(db, notifications));
    jobs = jobs.map((job) => (job.name === "deliver_outbox" ? { ...job, run: deliver } : job));
  }
  // A connection dropped by a restarting server must not crash the process.
  const pool = createPgPool(databaseUrl, {
    max: concurrency + 2,
    onLost: (error) => log.debug({ err: error.message }, "job queue connection lost"),
  });

  const taskList: TaskList = Object.fromEntries(jobs.map((job) => [job.name, () => job.run(db)]));
  const parsedCronItems = parseCronItems(
    jobs.map((job) => ({
      task: job.name,
      match: job.cron,
      identifier: job.name,
      options: { backfillPeriod: 0, maxAttempts: MAX_ATTEMPTS, jobKey: job.name, jobKeyMode: "preserve_run_at" },
    })),
  );

  let runner: Runner | undefined;
  let stopping = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let starting: Promise<void> | undefined;

  const restartLater = (error: unknown) => {
    if (stopping) return;
    const delay = RESTART_DELAYS_MS[Math.min(failures, RESTART_DELAYS_MS.length - 1)]!;
    failures++;
    const quiet = isDatabaseUnavailable(error) || error === undefined;
    // One line when the pause starts; the retries that follow stay at debug level.
    const level = failures === 1 && !quiet ? "warn" : failures === 1 ? "info" : "debug";
    log[level]({ err: error instanceof Error ? error.message : error, retryInMs: delay }, "jobs paused");
    timer = setTimeout(() => void launch(), delay);
    timer.unref();
  };

  const launch = () =>
    (starting = (async () => {
      if (stopping) return;
      try {
        const started = await run({
          pgPool: pool,
          taskList,
          parsedCronItems,
          concurrency,
          noHandleSignals: true,
          pollInterval: 2_000,
          logger: workerLogger(log),
        });
        runner = started;
        if (failures > 0) log.info("jobs resumed");
        failures = 0;
        // One handler for both outcomes: a second `.finally()` chain would be a rejection nobody handles.
        const ended = (error: unknown) => {
          if (runner === started) runner = undefined;
          restartLater(error);
        };
        started.promise.then(() => ended(undefined), ended);
      } catch (error) {
        restartLater(error);
      }
    })());

  const releaseGuard = guardStrayRejections();
  void launch();

  return {
    runNow: async (name) => {
      await starting;
      if (!runner) throw new Error("The job runner is not running (is the database up?)");
      await runner.addJob(name, {}, { maxAttempts: MAX_ATTEMPTS });
    },
    stop: async () => {
      stopping = true;
      clearTimeout(timer);
      releaseGuard();
      await starting;
      await runner?.stop().catch(() => {});
      await pool.end().catch(() => {});
      notifications?.mailer.close();
    },
  };
};
