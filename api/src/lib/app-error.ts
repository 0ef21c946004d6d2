/** Every failure the API reports on purpose. The code is stable; the HTTP status is derived from it once. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
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
  UNSUPPORTED_MEDIA_TYPE: 415,
  RULE_VIOLATION: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
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
      errors: [{ path: second, message: `must be after ${first}` }],
    });
  }
};
