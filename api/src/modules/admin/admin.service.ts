// Use cases of the admin module: organizations, users, memberships, managers, usage and qualifications (changes
// to facilities, resources and certification bodies are the catalog's). Access is asked of modules/access.
import type { Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { AppError, assertRangeWithin } from "../../lib/app-error.ts";
import { decodeCursor, encodeCursor } from "../../lib/openapi.ts";
import { isValidUscc } from "../../domain/uscc.ts";
import type { OrganizationKind, Role } from "../../enums.ts";
import { z } from "@hono/zod-openapi";
import { organizationScopeOf, requireAccess, usageScopeOf } from "../access/access.ts";
import * as repo from "./admin.repository.ts";

export const requireAdmin = (actor: Actor) => requireAccess({ actor, permission: "platform.administer" });

const requireFacilityManager = (actor: Actor, facilityId: string, refusal: string) =>
  requireAccess({ actor, permission: "facility.manage", target: { facilityId }, refusal });

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
const idPage = async <T extends { id: string }>(
  cursor: string | undefined,
  limit: number,
  fetch: (afterId: string | undefined, take: number) => Promise<T[]>,
) => {
  const after = decodeCursor(cursor, ZIdCursor);
  const rows = await fetch(after?.id, limit + 1);
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor({ id: items.at(-1)!.id }) : null };
};

const iso = (d: Date | null) => d?.toISOString() ?? null;

export type ListOrganizationsOptions = {
  db: Db;
  actor: Actor;
  query: { q?: string | undefined; kind?: OrganizationKind | undefined; cursor?: string | undefined; limit: number };
};

/** Admins see every organization, everyone else their own; the filters only narrow that. */
export const listOrganizations = async ({ db, actor, query }: ListOrganizationsOptions) => {
  const organizationIds = organizationScopeOf(actor);
  const page = await idPage(query.cursor, query.limit, (afterId, take) =>
    repo.findOrganizations(db, { organizationIds, kind: query.kind, q: query.q, afterId, take }),
  );
  return {
    nextCursor: page.nextCursor,
    items: page.items.map(({ _count, createdAt, ...o }) => (void createdAt, { ...o, memberCount: _count.memberships })),
  };
};

export type CreateOrganizationOptions = {
  db: Db;
  actor: Actor;
  input: { kind: OrganizationKind; nameZh: string; nameEn: string; uscc?: string | undefined };
};

export const createOrganization = async ({ db, actor, input }: CreateOrganizationOptions) => {
  requireAdmin(actor);
  assertUscc(input.uscc);
  const { createdAt, ...o } = await repo.createOrganization(db, { ...input, uscc: input.uscc?.toUpperCase() ?? null });
  void createdAt;
  return { ...o, memberCount: 0 };
};

export type ListUsersOptions = {
  db: Db;
  actor: Actor;
  query: { q?: string | undefined; cursor?: string | undefined; limit: number };
};

export const listUsers = async ({ db, actor, query }: ListUsersOptions) => {
  requireAdmin(actor);
  const page = await idPage(query.cursor, query.limit, (afterId, take) =>
    repo.findUsers(db, { q: query.q, afterId, take }),
  );
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((u) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      createdAt: u.createdAt.toISOString(),
      memberships: u.memberships.map((m) => ({
        organizationId: m.organizationId,
        organizationNameZh: m.organization.nameZh,
        role: m.role,
      })),
      managedFacilities: u.managedFacilities.map((m) => m.facility.code),
      disabledAt: iso(u.disabledAt),
    })),
  };
};

export type AddMembershipOptions = {
  db: Db;
  actor: Actor;
  userId: string;
  input: { organizationId: string; role: Extract<Role, "MEMBER" | "MANAGER" | "ADMIN"> };
};

export const addMembership = async ({ db, actor, userId, input }: AddMembershipOptions) => {
  requireAdmin(actor);
  if (!(await repo.findUser(db, userId))) throw new AppError("NOT_FOUND", "No such user.");
  if (!(await repo.findOrganizationById(db, input.organizationId)))
    throw new AppError("NOT_FOUND", "No such organization.", {
      errors: [{ path: "organizationId", message: "unknown organization" }],
    });
  await repo.upsertMembership(db, { userId, ...input });
};

export type AddManagerOptions = { db: Db; actor: Actor; facilityCode: string; userId: string };

export const addManager = async ({ db, actor, facilityCode, userId }: AddManagerOptions) => {
  requireAdmin(actor);
  const facility = await repo.findFacilityByCode(db, facilityCode);
  if (!facility) throw new AppError("NOT_FOUND", "No such facility.");
  if (!(await repo.findUser(db, userId)))
    throw new AppError("NOT_FOUND", "No such user.", { errors: [{ path: "userId", message: "unknown user" }] });
  await repo.addFacilityManager(db, facility.id, userId);
};

type UsageRow = Awaited<ReturnType<typeof repo.createUsageRecord>>;
const toUsage = (u: UsageRow) => ({
  id: u.id,
  bookingId: u.bookingId,
  resourceId: u.resourceId,
  unitId: u.unitId,
  organizationId: u.organizationId,
  startedAt: u.startedAt.toISOString(),
  endedAt: iso(u.endedAt),
  samples: u.samples,
  note: u.note,
});

export type RecordUsageOptions = {
  db: Db;
  actor: Actor;
  input: {
    resourceId: string;
    unitId: string;
    bookingId?: string | undefined;
    organizationId?: string | undefined;
    startedAt: Date;
    endedAt: Date;
    samples?: number | undefined;
    note?: string | undefined;
  };
};

export const recordUsage = async ({ db, actor, input }: RecordUsageOptions) => {
  const unit = await repo.findUnitWithResource(db, input.unitId);
  if (!unit || unit.resourceId !== input.resourceId)
    throw new AppError("NOT_FOUND", "No such unit of this resource.", {
      errors: [{ path: "unitId", message: "unknown unit" }],
    });
  requireFacilityManager(actor, unit.resource.facilityId, "Only the facility's managers can record use.");
  assertRangeWithin(input.startedAt, input.endedAt, 31, ["startedAt", "endedAt"]);
  let organizationId = input.organizationId ?? null;
  if (input.bookingId) {
    const booking = await repo.findBooking(db, input.bookingId);
    if (!booking || booking.resourceId !== input.resourceId)
      throw new AppError("NOT_FOUND", "No such booking of this resource.", {
        errors: [{ path: "bookingId", message: "unknown booking" }],
      });
    organizationId ??= booking.organizationId;
  }
  return toUsage(
    await repo.createUsageRecord(db, {
      ...input,
      organizationId,
      bookingId: input.bookingId ?? null,
      recordedById: actor.userId,
    }),
  );
};

export type ListUsageOptions = {
  db: Db;
  actor: Actor;
  query: { facility?: string | undefined; resource?: string | undefined; cursor?: string | undefined; limit: number };
};

/** Managers see their facilities' records, admins all; `facility` and `resource` only narrow that. */
export const listUsage = async ({ db, actor, query }: ListUsageOptions) => {
  const facilityIds = usageScopeOf(actor);
  const page = await idPage(query.cursor, query.limit, (afterId, take) =>
    repo.findUsageRecords(db, {
      facilityIds,
      facilityCode: query.facility,
      resourceCode: query.resource,
      afterId,
      take,
    }),
  );
  return { nextCursor: page.nextCursor, items: page.items.map(toUsage) };
};

export type GrantQualificationOptions = {
  db: Db;
  actor: Actor;
  input: { userId: string; resourceId: string; expiresAt?: Date | undefined };
};

export const grantQualification = async ({ db, actor, input }: GrantQualificationOptions) => {
  const resource = await repo.findResourceById(db, input.resourceId);
  if (!resource) throw new AppError("NOT_FOUND", "No such resource.");
  requireFacilityManager(actor, resource.facilityId, "Only the facility's managers can grant qualifications.");
  if (!(await repo.findUser(db, input.userId))) throw new AppError("NOT_FOUND", "No such user.");
  const qualification = await repo.upsertQualification(db, { ...input, grantedById: actor.userId });
  return { id: qualification.id };
};
