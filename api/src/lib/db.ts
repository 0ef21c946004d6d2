import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { Prisma, PrismaClient } from "../generated/prisma/client.ts";
import { logger } from "./log.ts";

export type Db = PrismaClient;

/**
 * Bounds on every wait for the database, so that an outage turns into a quick 503 instead of a hang:
 * a connection is given up after CONNECT_TIMEOUT_MS (the pool's wait for a free connection included),
 * a statement after STATEMENT_TIMEOUT_MS on the server, and a reply after QUERY_TIMEOUT_MS on the client
 * (a server that vanished without closing the socket).
 */
export const DB_TIMEOUTS = {
  CONNECT_TIMEOUT_MS: 3_000,
  STATEMENT_TIMEOUT_MS: 15_000,
  QUERY_TIMEOUT_MS: 20_000,
  IDLE_IN_TRANSACTION_MS: 30_000,
} as const;

/**
 * node-postgres emits 'error' on a connection the server drops (a restart, pg_terminate_backend, a network
 * cut), and an 'error' event nobody listens to kills the process. The pool listens for its idle connections
 * only, and only while they are idle: a connection checked out between two queries has no listener. So every
 * connection gets one for its whole life, and the pool one for its idle connections. The broken connection
 * is not handed out again (its next query fails, the caller answers 503, the pool drops it on release).
 */
export const guardConnections = (pool: pg.Pool, onLost = (error: Error) => logConnectionLost(error)) => {
  pool.on("error", onLost);
  pool.on("connect", (client) => client.on("error", onLost));
  return pool;
};

const logConnectionLost = (error: Error) =>
  logger.debug({ err: error.message, code: (error as { code?: string }).code }, "database connection lost");

/**
 * One client per process; Prisma talks to PostgreSQL through node-postgres, no native engine. `bulk`: no
 * statement or reply timeout, for bulk loads that run for minutes (the scale generator), never for requests.
 */
export const createDb = (
  databaseUrl: string,
  { max = 10, bulk = false }: { max?: number; bulk?: boolean } = {},
): Db => {
  const pool = guardConnections(
    new pg.Pool({
      connectionString: databaseUrl,
      max,
      connectionTimeoutMillis: DB_TIMEOUTS.CONNECT_TIMEOUT_MS,
      ...(bulk
        ? {}
        : { statement_timeout: DB_TIMEOUTS.STATEMENT_TIMEOUT_MS, query_timeout: DB_TIMEOUTS.QUERY_TIMEOUT_MS }),
      idle_in_transaction_session_timeout: DB_TIMEOUTS.IDLE_IN_TRANSACTION_MS,
      // Dead connections left over from a database restart are dropped rather than handed out again.
      idleTimeoutMillis: 10_000,
      keepAlive: true,
    }),
  );
  // $disconnect() ends the pool, as it did when the adapter made its own.
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(client, pool);
  return client;
};

const pools = new WeakMap<object, pg.Pool>();

/**
 * A raw statement straight on the node-postgres pool under `db`, past Prisma's per-query work (0.2–0.4 ms of
 * CPU per statement measured here, several times the round trip): for the few statements on hot read paths.
 * Rows come as node-postgres gives them (int8 as a string: read it with BigInt(), which takes Prisma's bigint
 * too). A client createDb did not make (a transaction's) goes through Prisma as usual.
 */
export const queryRawFast = async <T>(db: Tx, query: Prisma.Sql, { name }: { name?: string } = {}): Promise<T[]> => {
  const pool = pools.get(db);
  if (!pool) return db.$queryRaw<T[]>(query);
  // A name makes it a prepared statement on each connection: parsed and planned once there, not per call
  // (planning was 0.3 ms of the session and context statements' 0.5). One name, one text.
  const values = query.values as unknown[];
  return (
    await pool.query<T & pg.QueryResultRow>(name ? { name, text: query.text, values } : { text: query.text, values })
  ).rows;
};

/**
 * A plain node-postgres pool, for libraries that want one (the job queue), with the same connect timeout as the
 * Prisma client and the same guard: `onLost` hears every connection the server drops, idle or checked out.
 */
export const createPgPool = (
  databaseUrl: string,
  { max = 10, onLost }: { max?: number; onLost?: (error: Error) => void } = {},
) =>
  guardConnections(
    new pg.Pool({ connectionString: databaseUrl, max, connectionTimeoutMillis: DB_TIMEOUTS.CONNECT_TIMEOUT_MS }),
    onLost,
  );

/**
 * A constant list of enum values (from api/src/enums.ts) as an SQL literal list `('A', 'B')`. Inlined rather
 * than bound, so that the planner can match it against partial indexes and the exclusion constraint's
 * predicate, which a bind parameter would hide from it.
 */
export const sqlList = (values: readonly string[]) => {
  if (values.length === 0 || !values.every((value) => /^[A-Z][A-Z_]*$/.test(value)))
    throw new Error(`sqlList takes enum values only, got ${JSON.stringify(values)}`);
  return Prisma.raw(`(${values.map((value) => `'${value}'`).join(", ")})`);
};

/** A transaction client or the root client: repositories work with either. */
export type Tx = Prisma.TransactionClient | Db;

/**
 * The one way a use case opens a transaction: it decides the unit of work, the repositories it calls inside
 * do the queries with the `tx` they are given.
 */
export const inTransaction = <T>(
  db: Db,
  work: (tx: Prisma.TransactionClient) => Promise<T>,
  options?: { isolationLevel?: Prisma.TransactionIsolationLevel; timeout?: number },
): Promise<T> => db.$transaction(work, options);
