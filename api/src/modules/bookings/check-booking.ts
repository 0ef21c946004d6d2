import type { Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { AppError, assertRangeWithin } from "../../lib/app-error.ts";
import type { Range } from "../../domain/ranges.ts";
import { findResourceById } from "../catalog/catalog.repository.ts";
import { withOneCatalogVersion } from "../catalog/catalog-cache.repository.ts";
import { checkItems, resolveOrganization, type BookingUse } from "./booking-rules.ts";
import { findConflicts } from "./create-bookings.ts";
import { suggestAlternatives } from "./suggest-alternatives.ts";
import { findBookingContext, type BookingContext } from "./bookings.repository.ts";

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
  input,
  now = Date.now(),
}: {
  db: Db;
  actor: Actor;
  input: CheckInput;
  now?: number;
}) => {
  assertRangeWithin(input.range.start, input.range.end, 366);
  const organizationId = resolveOrganization(actor, input.organizationId);
  // As for creating (create-bookings.ts): the organization's side and the catalog version in one statement.
  const context = await findBookingContext(db, {
    userId: actor.userId,
    organizationId,
    resourceIds: [input.resourceId],
    at: new Date(now),
  });
  return withOneCatalogVersion(
    db,
    () => checkWithContext({ db, actor, input, now, organizationId, context }),
    context.catalogVersion,
  );
};

const checkWithContext = async ({
  db,
  actor,
  input,
  now,
  organizationId,
  context,
}: {
  db: Db;
  actor: Actor;
  input: CheckInput;
  now: number;
  organizationId: string;
  context: BookingContext;
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
  const { conflicts, allUnitsTaken: unitsTaken } = await findConflicts(db, item, organizationId);
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
