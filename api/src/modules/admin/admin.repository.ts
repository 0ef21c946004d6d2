// Database access of the admin module's revocation and usage parts.
import type { Db } from "../../lib/db.ts";
import type { Prisma } from "../../generated/prisma/client.ts";

type Tx = Prisma.TransactionClient;

export const findUser = (db: Db, id: string) => db.user.findUnique({ where: { id } });
export const findFacilityByCode = (db: Db, code: string) => db.facility.findUnique({ where: { code } });

export const runInTransaction = <T>(db: Db, work: (tx: Tx) => Promise<T>) => db.$transaction(work);

export const deleteMembership = (tx: Tx, userId: string, organizationId: string) =>
  tx.membership.deleteMany({ where: { userId, organizationId } });

export const deleteFacilityManager = (tx: Tx, facilityId: string, userId: string) =>
  tx.facilityManager.deleteMany({ where: { facilityId, userId } });

export const setUserDisabled = (tx: Tx, userId: string, disabledAt: Date | null) =>
  tx.user.update({ where: { id: userId }, data: { disabledAt } });

/**
 * Everything a user holds that outlives a request: sessions and API tokens are deleted, the feed URL gets a
 * new secret. After a change of rights nothing issued under the old rights keeps working.
 */
export const revokeCredentials = async (tx: Tx, userId: string, feedToken: string) => {
  const sessions = await tx.session.deleteMany({ where: { userId } });
  const tokens = await tx.apiToken.deleteMany({ where: { userId } });
  await tx.user.update({ where: { id: userId }, data: { feedToken } });
  return { sessions: sessions.count, tokens: tokens.count };
};

/** A revoked manager knew the facility's resource feed URLs: they get new secrets. */
export const rotateFacilityResourceFeeds = async (tx: Tx, facilityId: string, newToken: () => string) => {
  const resources = await tx.resource.findMany({ where: { facilityId }, select: { id: true } });
  for (const r of resources) await tx.resource.update({ where: { id: r.id }, data: { feedToken: newToken() } });
  return resources.length;
};

export const insertAudit = (
  tx: Tx,
  event: { actorId: string; action: string; subjectType: string; subjectId: string; detail: object },
) => tx.auditEvent.create({ data: event });

export const listAuditEvents = (db: Db, q: { subjectId?: string | undefined; beforeId?: bigint; take: number }) =>
  db.auditEvent.findMany({
    where: {
      ...(q.subjectId ? { subjectId: q.subjectId } : {}),
      ...(q.beforeId !== undefined ? { id: { lt: q.beforeId } } : {}),
    },
    orderBy: { id: "desc" },
    take: q.take,
  });

/** Usage records the caller may see (scope) AND'ed with the optional filters: a filter only narrows. */
export const findUsageRecords = (
  db: Db,
  q: {
    facilityIds: string[] | null;
    facilityCode?: string | undefined;
    resourceCode?: string | undefined;
    afterId?: string | undefined;
    take: number;
  },
) =>
  db.usageRecord.findMany({
    where: {
      AND: [
        q.facilityIds ? { unit: { resource: { facilityId: { in: q.facilityIds } } } } : {},
        q.facilityCode ? { unit: { resource: { facility: { code: q.facilityCode } } } } : {},
        q.resourceCode ? { unit: { resource: { code: q.resourceCode } } } : {},
        q.afterId ? { id: { gt: q.afterId } } : {},
      ],
    },
    orderBy: { id: "asc" },
    take: q.take,
  });

export const countActiveAdmins = (db: Db) =>
  db.user.count({ where: { disabledAt: null, memberships: { some: { role: "ADMIN" } } } });

/**
 * The first administrator of a real deployment: a user with an ADMIN membership in the platform's
 * authority organization (created when there is none yet). An existing user of that e-mail is promoted.
 */
export const upsertAdministrator = (db: Db, input: { email: string; name: string; passwordHash: string }) =>
  db.$transaction(async (tx) => {
    const authority =
      (await tx.organization.findFirst({ where: { kind: "AUTHORITY" }, orderBy: { createdAt: "asc" } })) ??
      (await tx.organization.create({
        data: {
          kind: "AUTHORITY",
          nameZh: "贵阳国家高新区科技创新局",
          nameEn: "Science & Technology Innovation Bureau, Guiyang National High-tech Zone",
        },
      }));
    const user = await tx.user.upsert({
      where: { email: input.email },
      create: input,
      update: { passwordHash: input.passwordHash, disabledAt: null },
    });
    await tx.membership.upsert({
      where: { userId_organizationId: { userId: user.id, organizationId: authority.id } },
      create: { userId: user.id, organizationId: authority.id, role: "ADMIN" },
      update: { role: "ADMIN" },
    });
    await tx.auditEvent.create({
      data: { action: "admin.created", subjectType: "user", subjectId: user.id, detail: { via: "cli" } },
    });
    return user;
  });
