import type { Db } from "../../lib/db.ts";
import type { Actor, PendingSession } from "../../lib/context.ts";
import { AppError, assertRangeWithin } from "../../lib/app-error.ts";
import type { Range } from "../../domain/ranges.ts";
import { findResourceById, peekResourceById, type ResourceRow } from "../catalog/catalog.repository.ts";
import { withOneCatalogVersion } from "../catalog/catalog-cache.repository.ts";
import { checkItems, resolveOrganization, type BookingUse } from "./booking-rules.ts";
import { findConflicts } from "./create-bookings.ts";
import { suggestAlternatives } from "./suggest-alternatives.ts";
import { findBookingContext, type BookingContext } from "./bookings.repository.ts";
import { confirmSession, sessionToConfirm } from "../auth/auth.service.ts";

type CheckInput = {
  resourceId: string;
  range: Range;
  organizationId?: string | undefined;
  use?: BookingUse | undefined;
};

/** What creating this booking would meet, without creating it: live feedback for the booking form. */
export const checkBooking = async ({
  db,
  actor,
  session,
  input,
  now = Date.now(),
}: {
  db: Db;
  actor: Actor;
  /** The session behind `actor`, still to be confirmed: the context statement reads it before anything is answered. */
  session?: PendingSession | undefined;
  input: CheckInput;
  now?: number;
}) => {
  assertRangeWithin(input.range.start, input.range.end, 366);
  const organizationId = resolveOrganization(actor, input.organizationId);
  // The overlap query needs only the resource's units and buffers: with the resource as last cached, it goes out
  // beside the context statement instead of after it (one round trip less per check). Its answer is kept only
  // when the context reads the catalog version that resource was cached at; otherwise it is asked again.
  const cached = peekResourceById(db, input.resourceId);
  const early = cached && overlapOf(db, cached.value, input.range, organizationId);
  // Handled here so that a failure while the context statement runs (or an answer not used) is never an
  // unhandled rejection; whoever awaits it below still gets the error.
  early?.catch(() => undefined);
  // As for creating (create-bookings.ts): the organization's side and the catalog version in one statement.
  const context = await findBookingContext(db, {
    userId: actor.userId,
    organizationId,
    resourceIds: [input.resourceId],
    at: new Date(now),
    session: sessionToConfirm(session),
  });
  await confirmSession(db, session, context.session);
  const conflicts = cached?.version === context.catalogVersion ? early : undefined;
  return withOneCatalogVersion(
    db,
    () => checkWithContext({ db, actor, input, now, organizationId, context, conflicts }),
    context.catalogVersion,
  );
};

/** The overlap query for a resource that may not exist (undefined then: the check answers 404 on its own). */
const overlapOf = async (db: Db, resource: Promise<ResourceRow | null>, range: Range, organizationId: string) => {
  const row = await resource;
  return row ? findConflicts(db, { resource: row, range }, organizationId) : undefined;
};

const checkWithContext = async ({
  db,
  actor,
  input,
  now,
  organizationId,
  context,
  conflicts: early,
}: {
  db: Db;
  actor: Actor;
  input: CheckInput;
  now: number;
  organizationId: string;
  context: BookingContext;
  /** The overlap query's answer when it was sent early for the same resource row (checkBooking). */
  conflicts?: Promise<Awaited<ReturnType<typeof findConflicts>> | undefined> | undefined;
}) => {
  const resource = await findResourceById(db, input.resourceId);
  if (!resource) throw new AppError("NOT_FOUND", "No such resource.");
  const [checked] = await checkItems({
    db,
    actor,
    organizationId,
    items: [{ resource, range: input.range, use: input.use }],
    now,
    context,
  });
  const item = checked!;
  const { conflicts, allUnitsTaken: unitsTaken } = (await early) ?? (await findConflicts(db, item, organizationId));
  const ok = item.violations.length === 0 && !unitsTaken;
  const alternatives = ok
    ? []
    : await suggestAlternatives({ db, actor, organizationId, resource, range: item.range, use: input.use, now });
  return {
    ok,
    violations: item.violations,
    conflicts: unitsTaken ? conflicts : [],
    alternatives,
    quotedPriceFen: item.quotedPriceFen,
  };
};
