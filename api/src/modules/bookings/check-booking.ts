import type { Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { AppError, assertRangeWithin } from "../../lib/app-error.ts";
import type { Range } from "../../domain/ranges.ts";
import { findResourceById } from "../catalog/catalog.repository.ts";
import { checkItems, resolveOrganization } from "./booking-rules.ts";
import { findConflicts } from "./create-bookings.ts";
import { suggestAlternatives } from "./suggest-alternatives.ts";

/** What creating this booking would meet, without creating it: live feedback for the booking form. */
export const checkBooking = async ({
  db,
  actor,
  input,
  now = Date.now(),
}: {
  db: Db;
  actor: Actor;
  input: { resourceId: string; range: Range; organizationId?: string | undefined };
  now?: number;
}) => {
  assertRangeWithin(input.range.start, input.range.end, 366);
  const organizationId = resolveOrganization(actor, input.organizationId);
  const resource = await findResourceById(db, input.resourceId);
  if (!resource) throw new AppError("NOT_FOUND", "No such resource.");
  const [checked] = await checkItems({ db, actor, organizationId, items: [{ resource, range: input.range }], now });
  const item = checked!;
  const { conflicts, allUnitsTaken: unitsTaken } = await findConflicts(db, item, organizationId);
  const ok = item.violations.length === 0 && !unitsTaken;
  const alternatives = ok ? [] : await suggestAlternatives({ db, resource, range: item.range, now });
  return {
    ok,
    violations: item.violations,
    conflicts: unitsTaken ? conflicts : [],
    alternatives,
    quotedPriceFen: item.quotedPriceFen,
  };
};
