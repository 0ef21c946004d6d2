import { inTransaction, type Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { AppError } from "../../lib/app-error.ts";
import { newFeedToken } from "../auth/auth.service.ts";
import { requireAdmin } from "./admin.service.ts";
import * as repo from "./admin.repository.ts";

const requireUser = async (db: Db, userId: string) => {
  const user = await repo.findUser(db, userId);
  if (!user) throw new AppError("NOT_FOUND", "No such user.");
  return user;
};

export type RemoveMembershipOptions = { db: Db; actor: Actor; userId: string; organizationId: string };

/** Takes a user out of an organization; their sessions, tokens and feed URL stop at once. */
export const removeMembership = async ({ db, actor, userId, organizationId }: RemoveMembershipOptions) => {
  requireAdmin(actor);
  await requireUser(db, userId);
  return inTransaction(db, async (tx) => {
    const { count } = await repo.deleteMembership(tx, userId, organizationId);
    if (count === 0) throw new AppError("NOT_FOUND", "The user is not a member of this organization.");
    const revoked = await repo.revokeCredentials(tx, userId, newFeedToken());
    await repo.insertAudit(tx, {
      actorId: actor.userId,
      action: "membership.removed",
      subjectType: "user",
      subjectId: userId,
      detail: { organizationId, ...revoked },
    });
    return revoked;
  });
};

export type RevokeManagerOptions = { db: Db; actor: Actor; facilityCode: string; userId: string };

/** Ends a user's management of a facility; the facility's resource feed URLs get new secrets too. */
export const revokeManager = async ({ db, actor, facilityCode, userId }: RevokeManagerOptions) => {
  requireAdmin(actor);
  const facility = await repo.findFacilityByCode(db, facilityCode);
  if (!facility) throw new AppError("NOT_FOUND", "No such facility.");
  await requireUser(db, userId);
  return inTransaction(db, async (tx) => {
    const { count } = await repo.deleteFacilityManager(tx, facility.id, userId);
    if (count === 0) throw new AppError("NOT_FOUND", "The user does not manage this facility.");
    const revoked = await repo.revokeCredentials(tx, userId, newFeedToken());
    const feedsRotated = await repo.rotateFacilityResourceFeeds(tx, facility.id, newFeedToken);
    await repo.insertAudit(tx, {
      actorId: actor.userId,
      action: "facility_manager.revoked",
      subjectType: "user",
      subjectId: userId,
      detail: { facilityId: facility.id, facilityCode, feedsRotated, ...revoked },
    });
    return revoked;
  });
};

export type SetUserDisabledOptions = { db: Db; actor: Actor; userId: string; disabled: boolean };

/** A disabled user cannot sign in and everything they held stops; enabling gives sign-in back, nothing else. */
export const setUserDisabled = async ({ db, actor, userId, disabled }: SetUserDisabledOptions) => {
  requireAdmin(actor);
  if (disabled && userId === actor.userId) throw new AppError("FORBIDDEN", "Admins cannot disable themselves.");
  await requireUser(db, userId);
  return inTransaction(db, async (tx) => {
    await repo.setUserDisabled(tx, userId, disabled ? new Date() : null);
    const revoked = disabled ? await repo.revokeCredentials(tx, userId, newFeedToken()) : { sessions: 0, tokens: 0 };
    await repo.insertAudit(tx, {
      actorId: actor.userId,
      action: disabled ? "user.disabled" : "user.enabled",
      subjectType: "user",
      subjectId: userId,
      detail: revoked,
    });
    return revoked;
  });
};

export type ListAuditEventsOptions = {
  db: Db;
  actor: Actor;
  query: { subjectId?: string | undefined; cursor?: string | undefined; limit: number };
};

/** Newest first; the cursor is the last id seen. Admins only. */
export const listAuditEvents = async ({ db, actor, query }: ListAuditEventsOptions) => {
  requireAdmin(actor);
  const before = query.cursor && /^\d{1,19}$/.test(query.cursor) ? BigInt(query.cursor) : undefined;
  if (query.cursor && before === undefined) {
    throw new AppError("VALIDATION_FAILED", "The cursor is not valid.", {
      errors: [{ path: "cursor", message: "invalid cursor" }],
    });
  }
  const rows = await repo.listAuditEvents(db, {
    subjectId: query.subjectId,
    ...(before !== undefined ? { beforeId: before } : {}),
    take: query.limit + 1,
  });
  const items = rows.slice(0, query.limit);
  return {
    items: items.map((e) => ({
      id: e.id.toString(),
      actorId: e.actorId,
      action: e.action,
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      detail: e.detail as Record<string, unknown>,
      createdAt: e.createdAt.toISOString(),
    })),
    nextCursor: rows.length > query.limit ? items.at(-1)!.id.toString() : null,
  };
};
