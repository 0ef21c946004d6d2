import { randomUUID } from "node:crypto";
import { inTransaction, type Db, type Tx } from "../../lib/db.ts";
import type { Actor, PendingSession } from "../../lib/context.ts";
import { AppError } from "../../lib/app-error.ts";
import { sqlState, withSerializationRetry } from "../../lib/retry.ts";
import { MINUTE_MS, type Range } from "../../domain/ranges.ts";
import { findResourceById, type ResourceRow } from "../catalog/catalog.repository.ts";
import { isoRange } from "../catalog/catalog.mappers.ts";
import { policyOf } from "../catalog/availability.service.ts";
import { blockedRange } from "../../domain/booking-policy.ts";
import {
  checkItems,
  inQuotaTurn,
  lockQuotasOf,
  resolveOrganization,
  type BookingUse,
  type CheckedItem,
  type PlannedItem,
} from "./booking-rules.ts";
import { suggestAlternatives } from "./suggest-alternatives.ts";
import { toCreatedBooking, type TBooking } from "./bookings.mappers.ts";
import * as repo from "./bookings.repository.ts";
import { orgApprovalGateOf } from "../money/org-approval.ts";
import { withOneCatalogVersion } from "../catalog/catalog-cache.repository.ts";
import { confirmSession, sessionToConfirm } from "../auth/auth.service.ts";

export type BookingItemInput = { resourceId: string; range: Range; use?: BookingUse | undefined };
export type CreateBookingsInput = {
  items: BookingItemInput[];
  purpose: string;
  sampleDetails?: string | undefined;
  organizationId?: string | undefined;
  skipConflicts?: boolean | undefined;
  /** Set for recurring series and campaigns: ties the occurrences together. */
  group?: "series" | "campaign";
};
export type Skipped = {
  start: string;
  end: string;
  resourceId: string;
  reason: string;
  violations?: { code: string; message: string }[];
};
export type CreateBookingsResult = { bookings: TBooking[]; skipped: Skipped[] };

export type CreateBookingsOptions = {
  db: Db;
  actor: Actor;
  /** The session behind `actor`, still to be confirmed: the context statement reads it, nothing is written before. */
  session?: PendingSession | undefined;
  input: CreateBookingsInput;
  idempotency?: { key: string; requestHash: string } | undefined;
  now?: number;
};

/** Raised inside the transaction to roll it back when an item finds no free unit. */
class NoFreeUnit extends Error {
  constructor(readonly item: CheckedItem) {
    super("no free unit");
  }
}

/** Raised inside the transaction when a twin request (same user and key) answered while this one waited. */
class AnsweredMeanwhile extends Error {
  constructor(readonly result: CreateBookingsResult) {
    super("answered meanwhile");
  }
}

/** A twin request still holds the key after the wait: the client should retry and will then get the replay. */
const IN_PROGRESS = () =>
  new AppError(
    "IDEMPOTENCY_IN_PROGRESS",
    "A request with this Idempotency-Key is still being processed. Retry shortly.",
  );

const loadResources = async (db: Db, ids: string[]) => {
  const map = new Map<string, ResourceRow>();
  for (const id of new Set(ids)) {
    const resource = await findResourceById(db, id);
    if (!resource) throw new AppError("NOT_FOUND", `No resource with id ${id}.`);
    map.set(id, resource);
  }
  return map;
};

const replay = async (db: repo.Tx, actor: Actor, idempotency: CreateBookingsOptions["idempotency"]) => {
  if (!idempotency) return undefined;
  const record = await repo.findIdempotencyRecord(db, actor.userId, idempotency.key);
  if (!record) return undefined;
  if (record.requestHash !== idempotency.requestHash) {
    throw new AppError(
      "IDEMPOTENCY_KEY_REUSED",
      "This Idempotency-Key was used for a different request. Use a new key for a new request.",
    );
  }
  return record.response as unknown as CreateBookingsResult;
};

/**
 * Creates one booking, a recurring series or a campaign: all in one transaction, or none. Rules are checked
 * in code; the exclusion constraint has the final word on overlaps. With `skipConflicts`, occurrences that
 * break a rule or find no free unit are left out and reported.
 */
export const createBookings = async ({
  db,
  actor,
  session,
  input,
  idempotency,
  now = Date.now(),
}: CreateBookingsOptions): Promise<CreateBookingsResult & { replayed: boolean }> => {
  // A replay answers before the context statement, so a pending session is looked up first.
  if (idempotency) await confirmSession(db, session);
  const replayed = await replay(db, actor, idempotency);
  if (replayed) return { ...replayed, replayed: true };
  try {
    return await createUnlessAnswered({ db, actor, session, input, idempotency, now });
  } catch (error) {
    if (error instanceof AnsweredMeanwhile) return { ...error.result, replayed: true };
    if (!idempotency || !(error instanceof AppError)) throw error;
    // Whatever this attempt ran into (a rule or a conflict caused by its own twin's booking), a twin that
    // succeeded meanwhile is the answer to the request.
    const again = await replay(db, actor, idempotency).catch(() => undefined);
    if (again) return { ...again, replayed: true };
    throw error;
  }
};

/**
 * The hot path: one statement reads the organization's side of the request, the catalog version and a pending
 * session to confirm (repo.findBookingContext); resources, calendars and operators come from the catalog cache at
 * that version; one statement inserts each booking with its event and notification, and the answer is built from
 * what the insert returned: two statements for a single booking when the cache is warm, session included.
 */
const createUnlessAnswered = async (
  options: CreateBookingsOptions,
): Promise<CreateBookingsResult & { replayed: boolean }> => {
  const { db, actor, session, input, now = Date.now() } = options;
  const organizationId = resolveOrganization(actor, input.organizationId);
  const context = await repo.findBookingContext(db, {
    userId: actor.userId,
    organizationId,
    resourceIds: [...new Set(input.items.map((i) => i.resourceId))],
    at: new Date(now),
    session: sessionToConfirm(session),
  });
  await confirmSession(db, session, context.session);
  return withOneCatalogVersion(
    db,
    () => createWithContext({ ...options, now, organizationId, context }),
    context.catalogVersion,
  );
};

const createWithContext = async ({
  db,
  actor,
  input,
  idempotency,
  now,
  organizationId,
  context,
}: CreateBookingsOptions & {
  now: number;
  organizationId: string;
  context: repo.BookingContext;
}): Promise<CreateBookingsResult & { replayed: boolean }> => {
  const resources = await loadResources(
    db,
    input.items.map((i) => i.resourceId),
  );
  const planned: PlannedItem[] = input.items.map((i) => ({
    resource: resources.get(i.resourceId)!,
    range: i.range,
    use: i.use,
  }));
  const checked = await checkItems({ db, actor, organizationId, items: planned, now, context });

  const skipped: Skipped[] = [];
  const broken = checked.filter((i) => i.violations.length > 0);
  if (broken.length > 0 && !input.skipConflicts) {
    throw new AppError("RULE_VIOLATION", broken[0]!.violations.map((v) => v.message).join(" "), {
      violations: broken[0]!.violations,
      ...(checked.length > 1
        ? {
            occurrences: broken.map((i) => ({
              ...isoRange(i.range),
              resourceId: i.resource.id,
              violations: i.violations,
            })),
          }
        : {}),
    });
  }
  for (const item of broken) {
    skipped.push({
      ...isoRange(item.range),
      resourceId: item.resource.id,
      reason: "RULE_VIOLATION",
      violations: item.violations.map(({ code, message }) => ({ code, message })),
    });
  }
  // A fixed order (resource, then start) keeps concurrent multi-row transactions from deadlocking.
  const valid = checked
    .filter((i) => i.violations.length === 0)
    .sort((a, b) => a.resource.id.localeCompare(b.resource.id) || a.range.start - b.range.start);
  if (valid.length === 0) {
    throw new AppError("RULE_VIOLATION", "No occurrence of the request can be booked.", {
      violations: broken[0]!.violations,
      skipped,
    });
  }
  const groupId = input.group ? randomUUID() : null;
  const needsOrgApproval = orgApprovalGateOf({ threshold: context.spendingThresholdFen, role: context.role });

  let created: TBooking[];
  const conflictSkips: Skipped[] = [];
  // One occurrence without an idempotency record needs no transaction: its single-statement insert (booking,
  // event, outbox row) is atomic, and a unit that is taken inserts nothing, so the next unit can be tried
  // on its own. That saves BEGIN, COMMIT and the interactive transaction's bookkeeping on the common path.
  // A quota is checked again under its lock, which lives as long as a transaction: no autocommit then.
  // Under a quota, requests of this process take turns before they take a connection (see inQuotaTurn).
  const inUnitOfWork = <T>(work: (tx: Tx) => Promise<T>, options: { timeout: number }) =>
    valid.length === 1 && !idempotency && !valid[0]!.quotaKey
      ? work(db)
      : inQuotaTurn(
          valid.map((i) => i.quotaKey),
          () => inTransaction(db, work, options),
        );
  try {
    created = await withSerializationRetry(() =>
      inUnitOfWork(
        async (tx) => {
          conflictSkips.length = 0;
          if (idempotency) {
            await repo.lockIdempotencyKey(tx, actor.userId, idempotency.key);
            const answered = await replay(tx, actor, idempotency);
            if (answered) throw new AnsweredMeanwhile(answered);
          }
          const overQuota = await lockQuotasOf(tx, organizationId, valid);
          const made: TBooking[] = [];
          for (const [index, item] of valid.entries()) {
            const { resource, range } = item;
            const quotaViolations = overQuota[index]!;
            if (quotaViolations.length > 0) {
              if (!input.skipConflicts || valid.length === 1) throw quotaRefusal(quotaViolations);
              conflictSkips.push({
                ...isoRange(range),
                resourceId: resource.id,
                reason: "RULE_VIOLATION",
                violations: quotaViolations.map(({ code, message }) => ({ code, message })),
              });
              continue;
            }
            const awaitingOrgApproval = needsOrgApproval(item.quotedPriceFen);
            const status = resource.approval === "AUTO" && !awaitingOrgApproval ? "APPROVED" : "PENDING";
            let booking: TBooking | null = null;
            for (const unit of resource.units.filter((u) => u.active)) {
              const row: repo.NewBooking = {
                kind: "BOOKING",
                organizationId,
                requesterId: actor.userId,
                resourceId: resource.id,
                unitId: unit.id,
                range,
                bufferBeforeMin: resource.bufferBeforeMin,
                bufferAfterMin: resource.bufferAfterMin,
                status,
                purpose: input.purpose,
                sampleDetails: input.sampleDetails ?? null,
                quotedPriceFen: item.quotedPriceFen,
                seriesId: input.group === "series" ? groupId : null,
                campaignId: input.group === "campaign" ? groupId : null,
                holdExpiresAt: status === "PENDING" ? new Date(now + resource.holdMinutes * MINUTE_MS) : null,
                offerId: item.offer?.id ?? null,
                samples: item.use?.samples ?? null,
                items: item.use?.items ?? null,
                awaitingOrgApproval,
              };
              const creation: repo.Creation = {
                actorId: actor.userId,
                reason: status === "APPROVED" ? "auto-approved" : null,
                notify: {
                  topic: awaitingOrgApproval
                    ? "booking.org_approval_requested"
                    : status === "APPROVED"
                      ? "booking.approved"
                      : "booking.requested",
                  payload: { resourceId: resource.id, facilityId: resource.facilityId },
                },
              };
              const inserted = await repo.insertBooking(tx, row, creation);
              if (inserted) {
                booking = toCreatedBooking({
                  booking: row,
                  inserted,
                  resource,
                  unit,
                  offerKind: item.offer?.kind ?? null,
                  organization: { nameZh: context.organizationNameZh, nameEn: context.organizationNameEn },
                  requesterName: actor.name,
                  reason: creation.reason,
                });
                break;
              }
            }
            if (!booking) {
              if (!input.skipConflicts) throw new NoFreeUnit(item);
              conflictSkips.push({ ...isoRange(range), resourceId: resource.id, reason: "CONFLICT" });
              continue;
            }
            made.push(booking);
          }
          if (made.length === 0) {
            const refused = overQuota.find((v) => v.length > 0);
            throw refused ? quotaRefusal(refused) : new NoFreeUnit(valid[0]!);
          }
          // The order a read-back gives (repo.findBookings): by start, then id.
          const bookings = made.sort((a, b) =>
            a.start === b.start ? (a.id < b.id ? -1 : 1) : a.start < b.start ? -1 : 1,
          );
          if (idempotency) {
            await repo.saveIdempotencyRecord(tx, {
              userId: actor.userId,
              key: idempotency.key,
              requestHash: idempotency.requestHash,
              response: { bookings, skipped: [...skipped, ...conflictSkips] },
            });
          }
          return bookings;
        },
        // Room for the wait on a twin's key (IDEMPOTENCY_WAIT_MS) on top of Prisma's default 5 s.
        { timeout: 10_000 },
      ),
    );
  } catch (error) {
    if (error instanceof NoFreeUnit) throw await conflictError(db, actor, error.item, organizationId, now);
    if (idempotency && sqlState(error) === "55P03") throw IN_PROGRESS();
    if (idempotency && (error as { code?: string }).code === "P2002") {
      const again = await replay(db, actor, idempotency);
      if (again) return { ...again, replayed: true };
    }
    throw error;
  }
  return { bookings: created, skipped: [...skipped, ...conflictSkips], replayed: false };
};

/** A quota that concurrent requests filled while this one was checked: the same 422 as the first check's. */
const quotaRefusal = (violations: { code: string; message: string }[]) =>
  new AppError("RULE_VIOLATION", violations.map((v) => v.message).join(" "), { violations });

/** 409 with the conflicting ranges (no identity or purpose of other organizations) and alternatives. */
export const conflictError = async (
  db: Db,
  actor: Actor,
  item: CheckedItem | PlannedItem,
  organizationId: string,
  now: number,
) => {
  const { conflicts } = await findConflicts(db, item, organizationId);
  const alternatives = await suggestAlternatives({
    db,
    actor,
    organizationId,
    resource: item.resource,
    range: item.range,
    use: item.use,
    now,
  });
  return new AppError(
    "BOOKING_CONFLICT",
    "Every unit of this resource is taken for that time. Pick one of the alternatives or another time.",
    {
      resourceId: item.resource.id,
      requested: isoRange(item.range),
      conflicts,
      alternatives,
    },
  );
};

/**
 * What stands in the way of the item, in one query: the blocked ranges that overlap its own blocked range
 * (no identity or purpose of other organizations), and whether they leave no active unit free.
 */
export const findConflicts = async (db: Db, item: PlannedItem, organizationId: string) => {
  const { resource, range } = item;
  const rows = await repo.findOverlapping(
    db,
    resource.units.map((u) => u.id),
    blockedRange(range, policyOf(resource)),
  );
  const taken = new Set(rows.map((r) => r.unit_id));
  return {
    conflicts: rows.map((r) => ({
      start: r.blocked_start.toISOString(),
      end: r.blocked_end.toISOString(),
      kind: r.kind === "MAINTENANCE" ? "MAINTENANCE" : "BOOKING",
      ownOrganization: r.organization_id === organizationId,
    })),
    allUnitsTaken: rows.length > 0 && resource.units.filter((u) => u.active).every((u) => taken.has(u.id)),
  };
};
