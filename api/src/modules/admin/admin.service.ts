import type { Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { AppError, assertRangeWithin } from "../../lib/app-error.ts";
import { decodeCursor, encodeCursor } from "../../lib/openapi.ts";
import { isValidUscc } from "../../domain/uscc.ts";
import { z } from "@hono/zod-openapi";
import { canManage } from "../bookings/transition-booking.ts";
import { requireAccess } from "../access/access.ts";
import * as repo from "./admin.repository.ts";

export const requireAdmin = (actor: Actor) => {
  if (!actor.isAdmin) throw new AppError("FORBIDDEN", "Only admins can do this.");
};

export const assertUscc = (uscc: string | undefined, path = "uscc") => {
  if (uscc !== undefined && !isValidUscc(uscc.toUpperCase())) {
    throw new AppError(
      "VALIDATION_FAILED",
      "The unified social credit code is not valid (its check character does not match).",
      { errors: [{ path, message: "invalid check character" }] },
    );
  }
};

const ZIdCursor = z.object({ id: z.string() });
/** Keyset pagination over ids: stable under inserts, no OFFSET scans. */
export const idPage = async <T extends { id: string }>(
  cursor: string | undefined,
  limit: number,
  fetch: (afterId: string | undefined, take: number) => Promise<T[]>,
) => {
  const after = decodeCursor(cursor, ZIdCursor);
  const rows = await fetch(after?.id, limit + 1);
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor({ id: items.at(-1)!.id }) : null };
};

export const createFacility = async (
  db: Db,
  actor: Actor,
  input: {
    code: string;
    kind: "BASE" | "CENTER";
    nameZh: string;
    nameEn: string;
    summaryZh: string;
    summaryEn: string;
    openingHours?: { weekday: number; opensMin: number; closesMin: number }[] | undefined;
  },
) => {
  requireAdmin(actor);
  const { openingHours = [], ...data } = input;
  assertHours(openingHours);
  return db.facility.create({ data: { ...data, openingHours: { create: openingHours } } });
};

const assertHours = (hours: { opensMin: number; closesMin: number }[]) => {
  if (hours.some((h) => h.opensMin >= h.closesMin)) {
    throw new AppError("VALIDATION_FAILED", "Opening hours must open before they close.", {
      errors: [{ path: "openingHours", message: "opensMin must be before closesMin" }],
    });
  }
};

export const updateFacility = async (
  db: Db,
  actor: Actor,
  code: string,
  input: { openingHours?: { weekday: number; opensMin: number; closesMin: number }[] | undefined } & Record<
    string,
    unknown
  >,
) => {
  requireAdmin(actor);
  const facility = await db.facility.findUnique({ where: { code } });
  if (!facility) throw new AppError("NOT_FOUND", "No such facility.");
  const { openingHours, ...data } = input;
  if (openingHours) assertHours(openingHours);
  return db.$transaction(async (tx) => {
    if (openingHours) {
      await tx.openingHours.deleteMany({ where: { facilityId: facility.id, resourceId: null } });
      await tx.openingHours.createMany({ data: openingHours.map((h) => ({ ...h, facilityId: facility.id })) });
    }
    return tx.facility.update({
      where: { id: facility.id },
      // Hours an admin enters are the facility's own, no longer sample guesses.
      data: { ...(data as Prisma.FacilityUpdateInput), ...(openingHours ? { openingHoursSample: false } : {}) },
    });
  });
};

export const createResource = async (
  db: Db,
  actor: Actor,
  input: { facilityCode: string; units: number; specs: Record<string, unknown> } & Omit<
    Prisma.ResourceUncheckedCreateInput,
    "facilityId" | "specs"
  >,
) => {
  const facility = await db.facility.findUnique({ where: { code: input.facilityCode } });
  if (!facility)
    throw new AppError("NOT_FOUND", "No such facility.", {
      errors: [{ path: "facilityCode", message: "unknown facility" }],
    });
  if (!canManage(actor, facility.id))
    throw new AppError("FORBIDDEN", "Only admins and the facility's managers can add resources.");
  const { facilityCode, units, specs, ...data } = input;
  void facilityCode;
  return db.resource.create({
    data: {
      ...data,
      specs: specs as Prisma.InputJsonValue,
      facilityId: facility.id,
      units: {
        create: Array.from({ length: units }, (_, i) => ({
          label: units === 1 ? data.code : `${data.code}-${i + 1}`,
          position: i + 1,
        })),
      },
    },
  });
};

export const updateResource = async (db: Db, actor: Actor, code: string, input: Record<string, unknown>) => {
  const resource = await db.resource.findUnique({ where: { code } });
  if (!resource) throw new AppError("NOT_FOUND", "No such resource.");
  requireAccess({
    actor,
    permission: "facility.manage",
    target: { facilityId: resource.facilityId },
    objectName: "resource",
  });
  const min = (input.minDurationMin as number | undefined) ?? resource.minDurationMin;
  const max = (input.maxDurationMin as number | undefined) ?? resource.maxDurationMin;
  if (max < min)
    throw new AppError("VALIDATION_FAILED", "maxDurationMin must be at least minDurationMin.", {
      errors: [{ path: "maxDurationMin", message: "must be at least minDurationMin" }],
    });
  return db.resource.update({ where: { id: resource.id }, data: input as Prisma.ResourceUpdateInput });
};

export const createCertificationBody = async (
  db: Db,
  actor: Actor,
  input: {
    code: string;
    nameZh: string;
    nameEn: string;
    uscc: string;
    domains: string[];
    cmaNumber: string | null;
    cnasNumber: string | null;
    scopeZh: string;
    scopeEn: string;
    contactName: string;
    contactPhone: string;
    contactEmail: string;
    address: string;
  },
) => {
  requireAdmin(actor);
  const { nameZh, nameEn, uscc, ...body } = input;
  assertUscc(uscc);
  return db.$transaction(async (tx) => {
    const organization = await tx.organization.create({
      data: { kind: "CERT_BODY", nameZh, nameEn, uscc: uscc.toUpperCase() },
    });
    return tx.certificationBody.create({
      data: { ...body, organizationId: organization.id },
      include: { organization: true },
    });
  });
};

export const updateCertificationBody = async (db: Db, actor: Actor, code: string, input: Record<string, unknown>) => {
  requireAdmin(actor);
  const body = await db.certificationBody.findUnique({ where: { code } });
  if (!body) throw new AppError("NOT_FOUND", "No such certification body.");
  return db.certificationBody.update({
    where: { id: body.id },
    data: input as Prisma.CertificationBodyUpdateInput,
    include: { organization: true },
  });
};

export const listOrganizations = (
  db: Db,
  actor: Actor,
  q: { q?: string | undefined; kind?: string | undefined; cursor?: string | undefined; limit: number },
) =>
  idPage(q.cursor, q.limit, (afterId, take) =>
    db.organization.findMany({
      where: {
        ...(actor.isAdmin ? {} : { id: { in: actor.organizationIds } }),
        ...(q.kind ? { kind: q.kind as Prisma.OrganizationWhereInput["kind"] } : {}),
        ...(q.q
          ? {
              OR: [
                { nameZh: { contains: q.q, mode: "insensitive" } },
                { nameEn: { contains: q.q, mode: "insensitive" } },
                { uscc: { contains: q.q.toUpperCase() } },
              ],
            }
          : {}),
        ...(afterId ? { id: { gt: afterId } } : {}),
      },
      include: { _count: { select: { memberships: true } } },
      orderBy: { id: "asc" },
      take,
    }),
  );

export const createOrganization = async (
  db: Db,
  actor: Actor,
  input: { kind: Prisma.OrganizationCreateInput["kind"]; nameZh: string; nameEn: string; uscc?: string | undefined },
) => {
  requireAdmin(actor);
  assertUscc(input.uscc);
  return db.organization.create({ data: { ...input, uscc: input.uscc?.toUpperCase() ?? null } });
};

export const listUsers = (
  db: Db,
  actor: Actor,
  q: { q?: string | undefined; cursor?: string | undefined; limit: number },
) => {
  requireAdmin(actor);
  return idPage(q.cursor, q.limit, (afterId, take) =>
    db.user.findMany({
      where: {
        ...(q.q
          ? {
              OR: [{ email: { contains: q.q, mode: "insensitive" } }, { name: { contains: q.q, mode: "insensitive" } }],
            }
          : {}),
        ...(afterId ? { id: { gt: afterId } } : {}),
      },
      include: { memberships: { include: { organization: true } }, managedFacilities: { include: { facility: true } } },
      orderBy: { id: "asc" },
      take,
    }),
  );
};

export const addMembership = async (
  db: Db,
  actor: Actor,
  userId: string,
  input: { organizationId: string; role: "MEMBER" | "MANAGER" | "ADMIN" },
) => {
  requireAdmin(actor);
  if (!(await db.user.findUnique({ where: { id: userId } }))) throw new AppError("NOT_FOUND", "No such user.");
  if (!(await db.organization.findUnique({ where: { id: input.organizationId } })))
    throw new AppError("NOT_FOUND", "No such organization.", {
      errors: [{ path: "organizationId", message: "unknown organization" }],
    });
  return db.membership.upsert({
    where: { userId_organizationId: { userId, organizationId: input.organizationId } },
    create: { userId, ...input },
    update: { role: input.role },
  });
};

export const addManager = async (db: Db, actor: Actor, facilityCode: string, userId: string) => {
  requireAdmin(actor);
  const facility = await db.facility.findUnique({ where: { code: facilityCode } });
  if (!facility) throw new AppError("NOT_FOUND", "No such facility.");
  if (!(await db.user.findUnique({ where: { id: userId } })))
    throw new AppError("NOT_FOUND", "No such user.", { errors: [{ path: "userId", message: "unknown user" }] });
  await db.facilityManager.upsert({
    where: { facilityId_userId: { facilityId: facility.id, userId } },
    create: { facilityId: facility.id, userId },
    update: {},
  });
};

export const recordUsage = async (
  db: Db,
  actor: Actor,
  input: {
    resourceId: string;
    unitId: string;
    bookingId?: string | undefined;
    organizationId?: string | undefined;
    startedAt: Date;
    endedAt: Date;
    samples?: number | undefined;
    note?: string | undefined;
  },
) => {
  const unit = await db.resourceUnit.findUnique({ where: { id: input.unitId }, include: { resource: true } });
  if (!unit || unit.resourceId !== input.resourceId)
    throw new AppError("NOT_FOUND", "No such unit of this resource.", {
      errors: [{ path: "unitId", message: "unknown unit" }],
    });
  if (!canManage(actor, unit.resource.facilityId))
    throw new AppError("FORBIDDEN", "Only the facility's managers can record use.");
  assertRangeWithin(input.startedAt, input.endedAt, 31, ["startedAt", "endedAt"]);
  let organizationId = input.organizationId ?? null;
  if (input.bookingId) {
    const booking = await db.booking.findUnique({ where: { id: input.bookingId } });
    if (!booking || booking.resourceId !== input.resourceId)
      throw new AppError("NOT_FOUND", "No such booking of this resource.", {
        errors: [{ path: "bookingId", message: "unknown booking" }],
      });
    organizationId ??= booking.organizationId;
  }
  return db.usageRecord.create({
    data: { ...input, organizationId, bookingId: input.bookingId ?? null, recordedById: actor.userId },
  });
};

/** Managers see their facilities' records, admins all; `facility` and `resource` only narrow that. */
export const listUsage = (
  db: Db,
  actor: Actor,
  q: { facility?: string | undefined; resource?: string | undefined; cursor?: string | undefined; limit: number },
) => {
  if (!actor.isAdmin && actor.managedFacilityIds.length === 0) {
    throw new AppError("FORBIDDEN", "Usage records are for admins and facility managers.");
  }
  return idPage(q.cursor, q.limit, (afterId, take) =>
    repo.findUsageRecords(db, {
      facilityIds: actor.isAdmin ? null : actor.managedFacilityIds,
      facilityCode: q.facility,
      resourceCode: q.resource,
      afterId,
      take,
    }),
  );
};

export const grantQualification = async (
  db: Db,
  actor: Actor,
  input: { userId: string; resourceId: string; expiresAt?: Date | undefined },
) => {
  const resource = await db.resource.findUnique({ where: { id: input.resourceId } });
  if (!resource) throw new AppError("NOT_FOUND", "No such resource.");
  if (!canManage(actor, resource.facilityId))
    throw new AppError("FORBIDDEN", "Only the facility's managers can grant qualifications.");
  if (!(await db.user.findUnique({ where: { id: input.userId } }))) throw new AppError("NOT_FOUND", "No such user.");
  return db.qualification.upsert({
    where: { userId_resourceId: { userId: input.userId, resourceId: input.resourceId } },
    create: { ...input, grantedById: actor.userId },
    update: { expiresAt: input.expiresAt ?? null, grantedById: actor.userId, grantedAt: new Date() },
  });
};
