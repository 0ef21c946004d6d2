// Use cases behind POST /bookings and POST /campaigns: they turn a request into the items createBookings
// books (recurrence and campaign expansion) and tie the Idempotency-Key to a hash of the whole request body.
import { createHash } from "node:crypto";
import type { z } from "@hono/zod-openapi";
import type { Db } from "../../lib/db.ts";
import type { Actor, PendingSession } from "../../lib/context.ts";
import { AppError, assertOrdered, assertRangeWithin } from "../../lib/app-error.ts";
import { MINUTE_MS } from "../../domain/ranges.ts";
import { expandCampaign, expandRecurrence } from "../../domain/recurrence.ts";
import { requireActor } from "../auth/auth.middleware.ts";
import { createBookings, type BookingItemInput } from "./create-bookings.ts";
import type { ZCreateBooking, ZCreateCampaign } from "./bookings.schemas.ts";

const requestHash = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");

const RECURRENCE_ERRORS = {
  TOO_MANY: "The series has more than 200 occurrences.",
  NEEDS_COUNT_OR_UNTIL: "A series needs `count` or `until`.",
  INVALID_RULE: "The recurrence rule is not valid.",
} as const;

const occurrencesOf = (input: z.output<typeof ZCreateBooking>): BookingItemInput[] => {
  const range = { start: input.start.getTime(), end: input.end.getTime() };
  const use = { offerId: input.offerId, samples: input.samples, items: input.items };
  if (!input.recurrence) return [{ resourceId: input.resourceId, range, use }];
  assertOrdered(range.start, range.end);
  const { until, ...rule } = input.recurrence;
  const expanded = expandRecurrence({
    start: range.start,
    durationMin: (range.end - range.start) / MINUTE_MS,
    rule: { ...rule, ...(until ? { until: until.getTime() } : {}) },
  });
  if ("error" in expanded) {
    const message = RECURRENCE_ERRORS[expanded.error];
    throw new AppError("VALIDATION_FAILED", message, {
      errors: [{ path: "recurrence", code: `recurrence.${expanded.error}`, message }],
    });
  }
  return expanded.occurrences.map((r) => ({ resourceId: input.resourceId, range: r, use }));
};

/** `actor` may be null: the request is shaped (and refused if malformed) before authentication is required. */
type RequestOptions<T> = {
  db: Db;
  actor: Actor | null;
  /** The session behind `actor` when it is still to be confirmed (createBookings does). */
  session?: PendingSession | undefined;
  idempotencyKey: string | undefined;
  input: T;
};
type Common = Pick<z.output<typeof ZCreateBooking>, "purpose" | "sampleDetails" | "organizationId" | "skipConflicts">;

export const MAX_BOOKING_DAYS = 366;

const book = (
  { db, actor, session, idempotencyKey, input }: RequestOptions<Common>,
  items: BookingItemInput[],
  group: "series" | "campaign" | undefined,
) => {
  for (const item of items) assertRangeWithin(item.range.start, item.range.end, MAX_BOOKING_DAYS);
  return createBookings({
    db,
    actor: requireActor(actor),
    session,
    input: {
      items,
      purpose: input.purpose,
      sampleDetails: input.sampleDetails,
      organizationId: input.organizationId,
      skipConflicts: input.skipConflicts,
      ...(group ? { group } : {}),
    },
    // The key covers the whole request body, so a reused key with another body is refused.
    idempotency: idempotencyKey ? { key: idempotencyKey, requestHash: requestHash(input) } : undefined,
  });
};

/** One slot, or a recurring series (all or nothing unless skipConflicts). */
export const requestBooking = (options: RequestOptions<z.output<typeof ZCreateBooking>>) =>
  book(options, occurrencesOf(options.input), options.input.recurrence ? "series" : undefined);

/** Several resources in sequence, each with its own duration and gap. */
export const requestCampaign = (options: RequestOptions<z.output<typeof ZCreateCampaign>>) =>
  book(options, expandCampaign({ start: options.input.start.getTime(), steps: options.input.steps }), "campaign");
