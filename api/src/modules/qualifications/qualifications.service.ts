import { z } from "@hono/zod-openapi";
import type { Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { AppError } from "../../lib/app-error.ts";
import { decodeCursor, encodeCursor } from "../../lib/openapi.ts";
import { DAY_MS } from "../../domain/ranges.ts";
import { findResourceByCode } from "../catalog/catalog.repository.ts";
import { hasQualification } from "../bookings/bookings.repository.ts";
import { can, trainingScopeOf } from "../access/access.ts";
import * as repo from "./qualifications.repository.ts";

/** Training is the facility's business: admins and the facility's managers decide requests. */
const canDecide = (actor: Actor, facilityId: string) => can(actor, "facility.operate", { facilityId });

const toRequest = (r: repo.QualificationRequestRow, names: Map<string, string>) => ({
  id: r.id,
  status: r.status,
  userId: r.userId,
  userName: names.get(r.userId) ?? "",
  resourceId: r.resourceId,
  resourceCode: r.resource.code,
  resourceNameZh: r.resource.nameZh,
  resourceNameEn: r.resource.nameEn,
  message: r.message,
  scheduledFor: r.scheduledFor?.toISOString() ?? null,
  completedAt: r.completedAt?.toISOString() ?? null,
  decisionNote: r.decisionNote,
  qualificationId: r.qualificationId,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});
export type TQualificationRequest = ReturnType<typeof toRequest>;

const withNames = async (db: Db, rows: repo.QualificationRequestRow[]) => {
  const names = await repo.findUserNames(db, [...new Set(rows.map((r) => r.userId))]);
  return rows.map((r) => toRequest(r, names));
};

export const requestTraining = async ({
  db,
  actor,
  resourceCode,
  message,
  now = Date.now(),
}: {
  db: Db;
  actor: Actor;
  resourceCode: string;
  message: string;
  now?: number;
}) => {
  const resource = await findResourceByCode(db, resourceCode);
  if (!resource) throw new AppError("NOT_FOUND", "No such resource.");
  if (!resource.requiresQualification) {
    throw new AppError("INVALID_TRANSITION", "This resource needs no qualification: book it directly.");
  }
  if (await hasQualification(db, actor.userId, resource.id, new Date(now), resource.qualificationLapseDays)) {
    throw new AppError("ALREADY_EXISTS", "You already hold a valid qualification for this resource.");
  }
  if (await repo.findOpenRequest(db, actor.userId, resource.id)) {
    throw new AppError("ALREADY_EXISTS", "You already have an open training request for this resource.");
  }
  const created = await repo.createRequest(db, {
    userId: actor.userId,
    resourceId: resource.id,
    facilityId: resource.facilityId,
    message,
  });
  return (await withNames(db, [created]))[0]!;
};

const ZIdCursor = z.object({ id: z.string() });

/**
 * Requests the caller may see: their own, plus those of the facilities they manage (admins: all). `mine`
 * and `status` narrow that scope; they never widen it.
 */
export const listRequests = async ({
  db,
  actor,
  query,
}: {
  db: Db;
  actor: Actor;
  query: {
    mine?: boolean | undefined;
    status?: TQualificationRequest["status"] | undefined;
    cursor?: string;
    limit: number;
  };
}) => {
  const after = decodeCursor(query.cursor, ZIdCursor);
  const rows = await repo.findRequests(db, {
    ...trainingScopeOf(actor, !!query.mine),
    status: query.status,
    afterId: after?.id,
    take: query.limit + 1,
  });
  const items = await withNames(db, rows.slice(0, query.limit));
  return { items, nextCursor: rows.length > query.limit ? encodeCursor({ id: items.at(-1)!.id }) : null };
};

type DecisionInput =
  | { action: "schedule"; scheduledFor: Date; note?: string | undefined }
  | { action: "grant"; expiresAt: Date | null; completedAt?: Date | undefined; note?: string | undefined }
  | { action: "decline"; note: string }
  | { action: "cancel" };

export const decideTraining = async ({
  db,
  actor,
  id,
  input,
  now = Date.now(),
}: {
  db: Db;
  actor: Actor;
  id: string;
  input: DecisionInput;
  now?: number;
}) => {
  const request = await repo.findRequest(db, id);
  const own = request?.userId === actor.userId;
  const manager = request ? canDecide(actor, request.resource.facilityId) : false;
  if (!request || (!own && !manager)) throw new AppError("NOT_FOUND", "No such training request.");
  if (input.action !== "cancel" && !manager) {
    throw new AppError("FORBIDDEN", "Only the facility's managers decide training requests.");
  }
  const base = { id, actorId: actor.userId, note: null as string | null };
  const payload = { userId: request.userId, resourceId: request.resourceId, facilityId: request.resource.facilityId };
  let done: boolean;
  if (input.action === "schedule") {
    if (input.scheduledFor.getTime() < now - DAY_MS) {
      throw new AppError("VALIDATION_FAILED", "The training date lies in the past.", {
        errors: [{ path: "scheduledFor", code: "not_in_past", message: "must not be in the past" }],
      });
    }
    done = await repo.decideRequest(db, {
      ...base,
      note: input.note ?? null,
      from: ["REQUESTED", "SCHEDULED"],
      to: "SCHEDULED",
      scheduledFor: input.scheduledFor,
      topic: "qualification.scheduled",
      payload: { ...payload, scheduledFor: input.scheduledFor.toISOString() },
    });
  } else if (input.action === "grant") {
    if (input.expiresAt && input.expiresAt.getTime() <= now) {
      throw new AppError("VALIDATION_FAILED", "The expiry must lie in the future.", {
        errors: [{ path: "expiresAt", code: "in_future", message: "must be in the future" }],
      });
    }
    done = await repo.decideRequest(db, {
      ...base,
      note: input.note ?? null,
      from: ["REQUESTED", "SCHEDULED"],
      to: "GRANTED",
      completedAt: input.completedAt ?? new Date(now),
      grant: { userId: request.userId, resourceId: request.resourceId, expiresAt: input.expiresAt },
      topic: "qualification.granted",
      payload: { ...payload, expiresAt: input.expiresAt?.toISOString() ?? null },
    });
  } else if (input.action === "decline") {
    done = await repo.decideRequest(db, {
      ...base,
      note: input.note,
      from: ["REQUESTED", "SCHEDULED"],
      to: "DECLINED",
      topic: "qualification.declined",
      payload: { ...payload, reason: input.note },
    });
  } else {
    if (!own) throw new AppError("FORBIDDEN", "Only the member who asked can withdraw a request.");
    done = await repo.decideRequest(db, {
      ...base,
      from: ["REQUESTED", "SCHEDULED"],
      to: "CANCELLED",
      topic: "qualification.cancelled",
      payload,
    });
  }
  if (!done) throw new AppError("INVALID_TRANSITION", `The request is ${request.status.toLowerCase()} already.`);
  return (await withNames(db, [(await repo.findRequest(db, id))!]))[0]!;
};

/** The member's qualifications, each with whether it is valid, expired or lapsed for lack of use. */
export const listMyQualifications = async ({ db, actor, now = Date.now() }: { db: Db; actor: Actor; now?: number }) => {
  const rows = await repo.findQualificationsOf(db, actor.userId);
  const lastUse = await repo.findLastUse(
    db,
    actor.userId,
    rows.map((q) => q.resourceId),
  );
  return {
    items: rows.map((q) => {
      const used = lastUse.get(q.resourceId);
      const since = Math.max(q.grantedAt.getTime(), used?.getTime() ?? 0);
      const lapsesAt = q.resource.qualificationLapseDays ? since + q.resource.qualificationLapseDays * DAY_MS : null;
      const status =
        q.expiresAt && q.expiresAt.getTime() <= now
          ? "EXPIRED"
          : lapsesAt !== null && lapsesAt <= now
            ? "LAPSED"
            : "VALID";
      return {
        id: q.id,
        resourceId: q.resourceId,
        resourceCode: q.resource.code,
        resourceNameZh: q.resource.nameZh,
        resourceNameEn: q.resource.nameEn,
        grantedAt: q.grantedAt.toISOString(),
        expiresAt: q.expiresAt?.toISOString() ?? null,
        lastUsedAt: used?.toISOString() ?? null,
        lapsesAt: lapsesAt === null ? null : new Date(lapsesAt).toISOString(),
        status: status as "VALID" | "EXPIRED" | "LAPSED",
      };
    }),
  };
};
