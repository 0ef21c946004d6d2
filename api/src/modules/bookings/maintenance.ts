import { inTransaction, type Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { AppError, assertRangeWithin } from "../../lib/app-error.ts";
import type { Range } from "../../domain/ranges.ts";
import { findResourceById } from "../catalog/catalog.repository.ts";
import { requireAccess } from "../access/access.ts";
import { toBooking } from "./bookings.mappers.ts";
import * as repo from "./bookings.repository.ts";

export type CreateMaintenanceOptions = {
  db: Db;
  actor: Actor;
  input: {
    resourceId: string;
    unitIds?: string[] | undefined;
    range: Range;
    reason: string;
    cancelConflicting?: boolean | undefined;
  };
};

class Overlap extends Error {
  constructor(readonly conflicts: repo.ConflictRow[]) {
    super("maintenance overlaps bookings");
  }
}

/**
 * Blocks units for maintenance under the same exclusion constraint as bookings. Overlapping bookings make
 * it fail, unless the manager asks to cancel them: then they are cancelled, their requesters notified
 * through the outbox, and the block inserted, all in one transaction.
 */
export const createMaintenanceBlock = async ({ db, actor, input }: CreateMaintenanceOptions) => {
  const resource = await findResourceById(db, input.resourceId);
  if (!resource) throw new AppError("NOT_FOUND", "No such resource.");
  requireAccess({ actor, permission: "maintenance.create", target: { facilityId: resource.facilityId } });
  assertRangeWithin(input.range.start, input.range.end, 366);
  const units = input.unitIds?.length ? resource.units.filter((u) => input.unitIds!.includes(u.id)) : resource.units;
  if (units.length === 0 || (input.unitIds && units.length !== new Set(input.unitIds).size)) {
    throw new AppError("VALIDATION_FAILED", "Some unit ids do not belong to this resource.", {
      errors: [{ path: "unitIds", message: "unknown unit" }],
    });
  }
  const unitIds = units.map((u) => u.id).sort();
  try {
    const result = await inTransaction(db, async (tx) => {
      const cancelled: string[] = [];
      const overlapping = await repo.findOverlapping(tx, unitIds, input.range);
      if (overlapping.length > 0 && !input.cancelConflicting) throw new Overlap(overlapping);
      for (const row of overlapping.filter((r) => r.kind !== "MAINTENANCE")) {
        const fromStatus = await repo.cancelBooking(tx, row.id, new Date());
        await repo.appendEvent(tx, {
          bookingId: row.id,
          fromStatus,
          toStatus: "CANCELLED",
          actorId: actor.userId,
          reason: `maintenance: ${input.reason}`,
        });
        await repo.enqueue(tx, "booking.cancelled_for_maintenance", {
          bookingId: row.id,
          requesterId: row.requester_id,
          reason: input.reason,
        });
        cancelled.push(row.id);
      }
      const ids: string[] = [];
      for (const unitId of unitIds) {
        const id = await repo.tryInsertBooking(
          tx,
          {
            kind: "MAINTENANCE",
            organizationId: null,
            requesterId: actor.userId,
            resourceId: resource.id,
            unitId,
            range: input.range,
            bufferBeforeMin: 0,
            bufferAfterMin: 0,
            status: "APPROVED",
            purpose: input.reason,
            sampleDetails: null,
            quotedPriceFen: 0,
            seriesId: null,
            campaignId: null,
            holdExpiresAt: null,
          },
          { actorId: actor.userId, reason: input.reason, notify: null },
        );
        // Another maintenance block, or a booking that arrived after the check: the constraint refused it.
        if (!id) throw new Overlap(await repo.findOverlapping(tx, [unitId], input.range));
        ids.push(id);
      }
      return { ids, cancelled };
    });
    return { blocks: (await repo.findBookings(db, result.ids)).map(toBooking), cancelled: result.cancelled };
  } catch (error) {
    if (error instanceof Overlap) {
      throw new AppError(
        "MAINTENANCE_CONFLICT",
        "The block overlaps existing bookings. Choose another time, or cancel those bookings with the block.",
        {
          conflicts: error.conflicts.map((c) => ({
            bookingId: c.id,
            kind: c.kind,
            start: c.starts_at.toISOString(),
            end: c.ends_at.toISOString(),
          })),
        },
      );
    }
    throw error;
  }
};
