import type { Db } from "../../lib/db.ts";
import type { OfferKind, PriceUnit } from "../../enums.ts";

export type OfferFields = {
  priceUnit: PriceUnit;
  priceInternalFen: number;
  priceExternalFen: number;
  leadDays: number;
  countsTowardQuota: boolean;
  isSample: boolean;
};

export const upsertOffer = (db: Db, resourceId: string, kind: OfferKind, fields: OfferFields) =>
  db.resourceOffer.upsert({
    where: { resourceId_kind: { resourceId, kind } },
    create: { resourceId, kind, ...fields, active: true },
    update: { ...fields, active: true },
  });

/** Withdrawn, not deleted: bookings that used the offer keep pointing at it. */
export const withdrawOffer = async (db: Db, resourceId: string, kind: OfferKind) =>
  (await db.resourceOffer.updateMany({ where: { resourceId, kind, active: true }, data: { active: false } })).count > 0;
