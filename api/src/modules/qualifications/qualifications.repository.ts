import type { Db } from "../../lib/db.ts";
import type { Prisma } from "../../generated/prisma/client.ts";

const requestInclude = {
  resource: { select: { code: true, nameZh: true, nameEn: true, facilityId: true } },
} as const;
export type QualificationRequestRow = Prisma.QualificationRequestGetPayload<{ include: typeof requestInclude }>;

export const findOpenRequest = (db: Db, userId: string, resourceId: string) =>
  db.qualificationRequest.findFirst({ where: { userId, resourceId, status: { in: ["REQUESTED", "SCHEDULED"] } } });

/** The request and its notification in one transaction; the partial unique index refuses a second open one. */
export const createRequest = (db: Db, r: { userId: string; resourceId: string; facilityId: string; message: string }) =>
  db.$transaction(async (tx) => {
    const created = await tx.qualificationRequest.create({
      data: { userId: r.userId, resourceId: r.resourceId, message: r.message },
      include: requestInclude,
    });
    await tx.outbox.create({
      data: {
        topic: "qualification.requested",
        payload: { requestId: created.id, userId: r.userId, resourceId: r.resourceId, facilityId: r.facilityId },
      },
    });
    return created;
  });

export const findRequest = (db: Db, id: string) =>
  db.qualificationRequest.findUnique({ where: { id }, include: requestInclude });

export type RequestFilter = {
  userId?: string | undefined;
  facilityIds?: string[] | undefined;
  status?: Prisma.QualificationRequestWhereInput["status"] | undefined;
  afterId?: string | undefined;
  take: number;
};

export const findRequests = (db: Db, f: RequestFilter) =>
  db.qualificationRequest.findMany({
    where: {
      ...(f.userId ? { userId: f.userId } : {}),
      ...(f.facilityIds ? { resource: { facilityId: { in: f.facilityIds } } } : {}),
      ...(f.status ? { status: f.status } : {}),
      ...(f.afterId ? { id: { gt: f.afterId } } : {}),
    },
    include: requestInclude,
    orderBy: { id: "asc" },
    take: f.take,
  });

export const findUserNames = async (db: Db, ids: string[]) =>
  new Map(
    (await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((u) => [
      u.id,
      u.name,
    ]),
  );

/**
 * Moves a request on from the status the caller saw (a concurrent decision finds no row and loses), writes
 * the outbox row, and for a grant creates or renews the qualification, all in one transaction.
 */
export const decideRequest = (
  db: Db,
  d: {
    id: string;
    from: ("REQUESTED" | "SCHEDULED")[];
    to: "SCHEDULED" | "GRANTED" | "DECLINED" | "CANCELLED";
    actorId: string;
    note: string | null;
    scheduledFor?: Date | null;
    completedAt?: Date | null;
    grant?: { userId: string; resourceId: string; expiresAt: Date | null };
    topic: string;
    payload: Record<string, unknown>;
  },
) =>
  db.$transaction(async (tx) => {
    let qualificationId: string | null = null;
    if (d.grant) {
      const q = await tx.qualification.upsert({
        where: { userId_resourceId: { userId: d.grant.userId, resourceId: d.grant.resourceId } },
        create: { ...d.grant, grantedById: d.actorId },
        update: { grantedById: d.actorId, grantedAt: new Date(), expiresAt: d.grant.expiresAt },
      });
      qualificationId = q.id;
    }
    const { count } = await tx.qualificationRequest.updateMany({
      where: { id: d.id, status: { in: d.from } },
      data: {
        status: d.to,
        decidedById: d.actorId,
        updatedAt: new Date(),
        ...(d.note !== null ? { decisionNote: d.note } : {}),
        ...(d.scheduledFor !== undefined ? { scheduledFor: d.scheduledFor } : {}),
        ...(d.completedAt !== undefined ? { completedAt: d.completedAt } : {}),
        ...(qualificationId ? { qualificationId } : {}),
      },
    });
    if (count === 0) return false;
    await tx.outbox.create({
      data: { topic: d.topic, payload: { requestId: d.id, ...d.payload } as Prisma.InputJsonValue },
    });
    return true;
  });

export const findQualificationsOf = (db: Db, userId: string) =>
  db.qualification.findMany({
    where: { userId },
    include: { resource: { select: { code: true, nameZh: true, nameEn: true, qualificationLapseDays: true } } },
    orderBy: { grantedAt: "desc" },
  });

/** When the holder last used each resource (a booking checked in or completed). */
export const findLastUse = async (db: Db, userId: string, resourceIds: string[]) => {
  const rows = await db.$queryRaw<{ resource_id: string; last: Date }[]>`
    SELECT resource_id, max(starts_at) AS last FROM booking
    WHERE requester_id = ${userId}::uuid AND resource_id = ANY(${resourceIds}::uuid[])
      AND status IN ('CHECKED_IN', 'COMPLETED')
    GROUP BY resource_id`;
  return new Map(rows.map((r) => [r.resource_id, r.last]));
};
