import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { AppError, ERROR_STATUS, type ErrorCode } from "./app-error.ts";
import { isDatabaseUnavailable } from "./db-errors.ts";
import { logger } from "./log.ts";

/** Seconds a client should wait before retrying while the database is away or a twin request is running. */
export const RETRY_AFTER_SECONDS = { DATABASE_UNAVAILABLE: 2, IDEMPOTENCY_IN_PROGRESS: 1 } as const;

const TITLES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: "The request is not valid",
  MALFORMED_REQUEST: "The request could not be read",
  INVALID_CHARACTER: "The request contains a character that is never accepted",
  RANGE_TOO_LONG: "The time range is too long",
  UNAUTHENTICATED: "Sign-in required",
  INVALID_CREDENTIALS: "Wrong e-mail or password",
  FORBIDDEN: "Not allowed",
  CSRF_REJECTED: "Cross-site request refused",
  NOT_FOUND: "Not found",
  BOOKING_CONFLICT: "The time is already taken",
  MAINTENANCE_CONFLICT: "The maintenance block overlaps bookings",
  INVALID_TRANSITION: "This change is not possible in the booking's current state",
  ALREADY_EXISTS: "It exists already",
  PRECONDITION_FAILED: "The booking was changed by someone else",
  PAYLOAD_TOO_LARGE: "The request body is too large",
  URI_TOO_LONG: "The query string is too long",
  HEADERS_TOO_LARGE: "The request headers are too large",
  UNSUPPORTED_MEDIA_TYPE: "This type of file is not accepted",
  RULE_VIOLATION: "The request breaks a booking rule",
  IDEMPOTENCY_KEY_REUSED: "Idempotency-Key reused with a different request",
  VOUCHER_NOT_APPLICABLE: "The voucher cannot pay for this",
  AMOUNT_EXCEEDS_BALANCE: "The amount exceeds what is left",
  WEBHOOK_ADDRESS_FORBIDDEN: "The webhook address is not a public address",
  IDEMPOTENCY_IN_PROGRESS: "The same request is still being processed",
  RATE_LIMITED: "Too many attempts",
  INTERNAL: "Internal error",
  DATABASE_UNAVAILABLE: "The service is briefly unavailable",
};

export const problem = (c: Context, code: ErrorCode, detail: string, extra: Record<string, unknown> = {}) => {
  if (code in RETRY_AFTER_SECONDS)
    c.header("Retry-After", String(RETRY_AFTER_SECONDS[code as keyof typeof RETRY_AFTER_SECONDS]));
  const requestId = c.get("requestId") as string | undefined;
  return c.body(
    JSON.stringify({
      type: `https://zhongshi.example/problems/${code.toLowerCase().replaceAll("_", "-")}`,
      title: TITLES[code],
      status: ERROR_STATUS[code],
      code,
      detail,
      ...extra,
      ...(requestId ? { requestId } : {}),
    }),
    ERROR_STATUS[code],
    {
      "content-type": "application/problem+json; charset=utf-8",
    },
  );
};

/** The one place where errors become HTTP: RFC 9457 bodies, never a stack trace or SQL. */
export const onError = (error: Error, c: Context) => {
  if (error instanceof AppError) return problem(c, error.code, error.message, error.extra);
  if (error instanceof HTTPException) {
    const status = error.status;
    if (status === 413) return problem(c, "PAYLOAD_TOO_LARGE", "The request body exceeds the size limit.");
    if (status === 431) return problem(c, "HEADERS_TOO_LARGE", "The request headers exceed the size limit.");
    if (status === 401) return problem(c, "UNAUTHENTICATED", "Sign in first.");
    if (status === 404) return problem(c, "NOT_FOUND", "No such resource.");
    if (status < 500) return problem(c, "MALFORMED_REQUEST", error.message || "The request could not be read.");
  }
  const prismaCode = (error as { code?: unknown }).code;
  if (error.name === "PrismaClientKnownRequestError" && typeof prismaCode === "string") {
    if (prismaCode === "P2025") return problem(c, "NOT_FOUND", "No such record.");
    if (prismaCode === "P2002") return problem(c, "ALREADY_EXISTS", "A record with these values exists already.");
    if (prismaCode === "P2003") return problem(c, "VALIDATION_FAILED", "A referenced record does not exist.");
  }
  const log = (c.get("log") as typeof logger | undefined) ?? logger;
  if (isDatabaseUnavailable(error)) {
    log.warn({ err: { name: error.name, message: error.message.slice(-300) } }, "database unavailable");
    return problem(c, "DATABASE_UNAVAILABLE", "The database cannot be reached right now. Try again shortly.");
  }
  log.error({ err: error }, "unhandled error");
  return problem(c, "INTERNAL", "Something went wrong on our side. The request was not applied.");
};
