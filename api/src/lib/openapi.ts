import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "./context.ts";
import { AppError } from "./app-error.ts";

/**
 * The numbers and names a field error's message needs (minimum, maximum, what kind of value, format), so the
 * portal can say "at most 200 characters" in the user's language instead of showing zod's English text.
 */
const issueParams = (issue: z.core.$ZodIssue): { params?: Record<string, string | number> } => {
  switch (issue.code) {
    case "too_big":
      return { params: { maximum: Number(issue.maximum), origin: issue.origin, ...bounds(issue) } };
    case "too_small":
      return { params: { minimum: Number(issue.minimum), origin: issue.origin, ...bounds(issue) } };
    case "invalid_format":
      return { params: { format: issue.format } };
    case "invalid_type":
      return { params: { expected: issue.expected } };
    case "not_multiple_of":
      return { params: { divisor: Number(issue.divisor) } };
    default:
      return {};
  }
};
const bounds = (issue: { exact?: boolean; inclusive?: boolean }) => ({
  ...(issue.exact ? { exact: 1 } : {}),
  ...(issue.inclusive === false ? { exclusive: 1 } : {}),
});

/** A sub-app whose validation failures become VALIDATION_FAILED problems naming each field. */
export const router = () =>
  new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const errors = result.error.issues.map((issue) => ({
          path: issue.path.join(".") || (issue.code === "unrecognized_keys" ? "" : "(body)"),
          code: issue.code,
          message: issue.message,
          ...issueParams(issue),
          ...(issue.code === "unrecognized_keys" ? { keys: issue.keys } : {}),
        }));
        throw new AppError(
          "VALIDATION_FAILED",
          `Invalid ${result.target}: ${errors.map((e) => e.path || e.message).join(", ")}`,
          { errors },
        );
      }
    },
  });

export const ZProblem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
  })
  .loose()
  .openapi("Problem");

const problemContent = { "application/problem+json": { schema: ZProblem } };
export const problems = (...statuses: (400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 429 | 503)[]) =>
  Object.fromEntries(
    statuses.map((status) => [status, { description: "Problem (RFC 9457)", content: problemContent }]),
  ) as Record<number, { description: string; content: typeof problemContent }>;

export const json = <T extends z.ZodType>(schema: T, description = "OK") => ({
  description,
  content: { "application/json": { schema } },
});

export const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { "application/json": { schema } }, required: true },
});

/** RFC 3339 with an explicit offset (Z or ±hh:mm); bare local times are refused. */
/** Instants the API accepts at all: a date thousands of years away is refused before any work. */
export const EARLIEST_YEAR = 2000;
export const LATEST_YEAR = 2100;
export const ZDateTime = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value))
  .refine((d) => d.getUTCFullYear() >= EARLIEST_YEAR && d.getUTCFullYear() < LATEST_YEAR, {
    message: `must lie between the years ${EARLIEST_YEAR} and ${LATEST_YEAR}`,
  })
  .openapi({ type: "string", format: "date-time", example: "2026-12-01T09:00:00+08:00" });
export const ZUuid = z.uuid();
export const ZCursorQuery = {
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
};

export const encodeCursor = (value: Record<string, unknown>) =>
  Buffer.from(JSON.stringify(value)).toString("base64url");
export const decodeCursor = <T>(cursor: string | undefined, schema: z.ZodType<T>): T | undefined => {
  if (!cursor) return undefined;
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw new AppError("VALIDATION_FAILED", "The cursor is not valid.", {
      errors: [{ path: "cursor", message: "invalid cursor" }],
    });
  }
};
