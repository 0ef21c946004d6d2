// Database access of the admin module: facilities, resources, bodies, organizations, users, usage, revocation.
import type { Db } from "../../lib/db.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { OrganizationKind, Role } from "../../enums.ts";

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

// Organizations, users, memberships, managers, usage and qualifications.

/** Organizations in id order; `organizationIds` (the caller's scope) AND'ed with the filters. */
export const findOrganizations = (
  db: Db,
  q: {
    organizationIds: string[] | null;
    kind?: OrganizationKind | undefined;
    q?: string | undefined;
    afterId?: string | undefined;
    take: number;
  },
) =>
  db.organization.findMany({
    where: {
      ...(q.organizationIds ? { id: { in: q.organizationIds } } : {}),
      ...(q.kind ? { kind: q.kind } : {}),
      ...(q.q
        ? {
            OR: [
              { nameZh: { contains: q.q, mode: "insensitive" } },
              { nameEn: { contains: q.q, mode: "insensitive" } },
              { uscc: { contains: q.q.toUpperCase() } },
            ],
          }
        : {}),
      ...(q.afterId ? { id: { gt: q.afterId } } : {}),
    },
    include: { _count: { select: { memberships: true } } },
    orderBy: { id: "asc" },
    take: q.take,
  });

export const findOrganizationById = (db: Db, id: string) => db.organization.findUnique({ where: { id } });
export const createOrganization = (
  db: Db,
  data: { kind: OrganizationKind; nameZh: string; nameEn: string; uscc: string | null },
) => db.organization.create({ data });

export const findUsers = (db: Db, q: { q?: string | undefined; afterId?: string | undefined; take: number }) =>
  db.user.findMany({
    where: {
      ...(q.q
        ? { OR: [{ email: { contains: q.q, mode: "insensitive" } }, { name: { contains: q.q, mode: "insensitive" } }] }
        : {}),
      ...(q.afterId ? { id: { gt: q.afterId } } : {}),
    },
    include: { memberships: { include: { organization: true } }, managedFacilities: { include: { facility: true } } },
    orderBy: { id: "asc" },
    take: q.take,
  });

export const upsertMembership = (db: Db, m: { userId: string; organizationId: string; role: Role }) =>
  db.membership.upsert({
    where: { userId_organizationId: { userId: m.userId, organizationId: m.organizationId } },
    create: m,
    update: { role: m.role },
  });

export const addFacilityManager = (db: Db, facilityId: string, userId: string) =>
  db.facilityManager.upsert({
    where: { facilityId_userId: { facilityId, userId } },
    create: { facilityId, userId },
    update: {},
  });

export const findResourceById = (db: Db, id: string) => db.resource.findUnique({ where: { id } });
export const findUnitWithResource = (db: Db, unitId: string) =>
  db.resourceUnit.findUnique({ where: { id: unitId }, include: { resource: true } });
export const findBooking = (db: Db, id: string) => db.booking.findUnique({ where: { id } });

export const createUsageRecord = (db: Db, data: Prisma.UsageRecordUncheckedCreateInput) =>
  db.usageRecord.create({ data });

export const upsertQualification = (
  db: Db,
  q: { userId: string; resourceId: string; expiresAt?: Date | undefined; grantedById: string },
) =>
  db.qualification.upsert({
    where: { userId_resourceId: { userId: q.userId, resourceId: q.resourceId } },
    create: q,
    update: { expiresAt: q.expiresAt ?? null, grantedById: q.grantedById, grantedAt: new Date() },
  });
