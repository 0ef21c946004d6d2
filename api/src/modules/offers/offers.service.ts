import type { Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { AppError } from "../../lib/app-error.ts";
import type { OfferKind } from "../../enums.ts";
import { findManagedResource } from "../catalog/manage-catalog.ts";
import * as repo from "./offers.repository.ts";

type Kind = OfferKind;

/** Self-operated time is sold by the hour; sample submission by sample, test item or batch. */
export const saveOffer = async ({
  db,
  actor,
  resourceCode,
  kind,
  fields,
}: {
  db: Db;
  actor: Actor;
  resourceCode: string;
  kind: Kind;
  fields: Omit<repo.OfferFields, "countsTowardQuota"> & { countsTowardQuota?: boolean | undefined };
}) => {
  const resource = await findManagedResource(db, actor, resourceCode);
  if ((kind === "SELF_OPERATED") !== (fields.priceUnit === "HOUR")) {
    throw new AppError(
      "VALIDATION_FAILED",
      "Self-operated time is priced per hour; sample submission per sample, item or batch.",
      { errors: [{ path: "priceUnit", message: kind === "SELF_OPERATED" ? "must be HOUR" : "must not be HOUR" }] },
    );
  }
  // Sample submission carries no hourly quota unless a manager says otherwise.
  const countsTowardQuota = fields.countsTowardQuota ?? kind === "SELF_OPERATED";
  const offer = await repo.upsertOffer(db, resource.id, kind, { ...fields, countsTowardQuota });
  const { resourceId, active, ...rest } = offer;
  void resourceId;
  void active;
  return rest;
};

export const withdrawOffer = async ({
  db,
  actor,
  resourceCode,
  kind,
}: {
  db: Db;
  actor: Actor;
  resourceCode: string;
  kind: Kind;
}) => {
  const resource = await findManagedResource(db, actor, resourceCode);
  if (!(await repo.withdrawOffer(db, resource.id, kind))) throw new AppError("NOT_FOUND", "No such offer.");
};
