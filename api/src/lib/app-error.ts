/** Every failure the API reports on purpose. The code is stable; the HTTP status is derived from it once. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  INVALID_CHARACTER: 400,
  RANGE_TOO_LONG: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  CSRF_REJECTED: 403,
  NOT_FOUND: 404,
  BOOKING_CONFLICT: 409,
  MAINTENANCE_CONFLICT: 409,
  INVALID_TRANSITION: 409,
  ALREADY_EXISTS: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  HEADERS_TOO_LARGE: 431,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RULE_VIOLATION: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  VOUCHER_NOT_APPLICABLE: 422,
  AMOUNT_EXCEEDS_BALANCE: 422,
  WEBHOOK_ADDRESS_FORBIDDEN: 422,
  IDEMPOTENCY_IN_PROGRESS: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  DATABASE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  override name = "AppError";
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

/**
 * Refuses a reversed or empty range as VALIDATION_FAILED naming the later field: the one check behind every
 * `start`/`end`, `from`/`to` and `startedAt`/`endedAt` pair the API accepts.
 */
export const assertOrdered = (
  start: number | Date,
  end: number | Date,
  [first, second]: [string, string] = ["start", "end"],
) => {
  if (!(+start < +end)) {
    throw new AppError("VALIDATION_FAILED", `\`${second}\` must be after \`${first}\`.`, {
      errors: [{ path: second, code: "not_after", message: `must be after ${first}`, params: { after: first } }],
    });
  }
};

/**
 * Refuses a range longer than `maxDays` before any work is done on it: a date thousands of years away must
 * cost nothing to refuse. One code, RANGE_TOO_LONG, for every time range the API accepts.
 */
export const assertRangeWithin = (
  start: number | Date,
  end: number | Date,
  maxDays: number,
  [first, second]: [string, string] = ["start", "end"],
) => {
  assertOrdered(start, end, [first, second]);
  if (+end - +start > maxDays * 86_400_000) {
    throw new AppError("RANGE_TOO_LONG", `\`${second}\` may be at most ${maxDays} days after \`${first}\`.`, {
      errors: [
        {
          path: second,
          code: "range_too_long",
          message: `at most ${maxDays} days after ${first}`,
          params: { maxDays },
        },
      ],
      maxDays,
    });
  }
};
