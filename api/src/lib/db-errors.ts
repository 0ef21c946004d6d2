/**
 * Recognises "the database is not there right now" in any of the shapes it reaches us: node-postgres
 * socket errors, pool and query timeouts, SQLSTATEs of a server shutting down or starting up, and the
 * same wrapped by Prisma's driver adapter (`meta.driverAdapterError.cause`) or as Prisma P1xxx codes.
 * Such errors are transient: the API answers 503 with Retry-After and jobs try again later.
 */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH"]);
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
/** P1001 unreachable, P1002 timed out, P1008 operation timed out, P1017 connection closed, P2024 pool timeout,
 * P2028 a transaction could not start in time. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028"]);
/** 57P01-03 shutdown/crash/starting up, 53300 too many connections, 57014 statement timeout. */
const SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300", "57014"]);
const MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|connection error and is not queryable|Query read timeout|Can't reach database server|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command/i;

const isSqlState = (code: unknown) => typeof code === "string" && (SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code));

export const isDatabaseUnavailable = (error: unknown, depth = 0): boolean => {
  if (!error || typeof error !== "object" || depth > 6) return false;
  const e = error as {
    code?: unknown;
    kind?: unknown;
    originalCode?: unknown;
    message?: unknown;
    cause?: unknown;
    meta?: { driverAdapterError?: unknown };
  };
  if (typeof e.code === "string" && (SOCKET_CODES.has(e.code) || PRISMA_CODES.has(e.code) || isSqlState(e.code)))
    return true;
  if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
  if (isSqlState(e.originalCode)) return true;
  if (typeof e.message === "string" && MESSAGES.test(e.message)) return true;
  if (error instanceof AggregateError && error.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1)))
    return true;
  return isDatabaseUnavailable(e.cause, depth + 1) || isDatabaseUnavailable(e.meta?.driverAdapterError, depth + 1);
};
