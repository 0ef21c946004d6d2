import type { Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { AppError } from "../../lib/app-error.ts";
import type { Range } from "../../domain/ranges.ts";
import { findResourceById } from "../catalog/catalog.repository.ts";
import { checkItems, resolveOrganization } from "./booking-rules.ts";
import { listConflicts } from "./create-bookings.ts";
import { suggestAlternatives } from "./suggest-alternatives.ts";

/** What creating this booking would meet, without creating it: live feedback for the booking form. */
export const checkBooking = async ({ db, actor, input, now = Date.now() }: { db: Db; actor: Actor; input: { resourceId: string; range: Range; organizationId?: string | undefined }; now?: number }) => {
  if (!(input.range.start < input.range.end)) {
    throw new AppError("VALIDATION_FAILED", "`end` must be after `start`.", { errors: [{ path: "end", message: "must be after start" }] });
  }
  const organizationId = resolveOrganization(actor, input.organizationId);
  const resource = await findResourceById(db, input.resourceId);
  if (!resource) throw new AppError("NOT_FOUND", "No such resource.");
  const [checked] = await checkItems({ db, actor, organizationId, items: [{ resource, range: input.range }], now });
  const item = checked!;
  const conflicts = await listConflicts(db, item, organizationId);
  const unitsTaken = conflicts.length > 0 && (await allUnitsTaken(db, resource.units.map((u) => u.id), item, resource.bufferBeforeMin, resource.bufferAfterMin));
  const ok = item.violations.length === 0 && !unitsTaken;
  const alternatives = ok ? [] : await suggestAlternatives({ db, resource, range: item.range, now });
  return { ok, violations: item.violations, conflicts: unitsTaken ? conflicts : [], alternatives, quotedPriceFen: item.quotedPriceFen };
};

const allUnitsTaken = async (db: Db, unitIds: string[], item: { range: Range }, before: number, after: number) => {
  const rows = await db.$queryRaw<{ free: number }[]>`
    SELECT count(*)::int AS free FROM resource_unit u
    WHERE u.id = ANY(${unitIds}::uuid[]) AND u.active AND NOT EXISTS (
      SELECT 1 FROM booking b WHERE b.unit_id = u.id AND b.status IN ('PENDING', 'APPROVED', 'CHECKED_IN')
        AND b.blocked && tstzrange(${new Date(item.range.start - before * 60_000)}, ${new Date(item.range.end + after * 60_000)}, '[)'))`;
  return (rows[0]?.free ?? 0) === 0;
};
