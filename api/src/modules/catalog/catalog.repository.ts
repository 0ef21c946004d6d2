import type { Db } from "../../lib/db.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { cachedByCatalogVersion, peekCached } from "./catalog-cache.repository.ts";
import type { Accreditation } from "../../enums.ts";

const resourceInclude = {
  units: { orderBy: { position: "asc" } },
  facility: { select: { code: true } },
  certificationBody: { select: { code: true } },
  offers: { where: { active: true }, orderBy: { kind: "asc" } },
} as const;
export type ResourceRow = Prisma.ResourceGetPayload<{ include: typeof resourceInclude }>;

export const findFacilities = (db: Db) =>
  db.facility.findMany({
    orderBy: { createdAt: "asc" },
    include: {
      operators: { include: { organization: true } },
      openingHours: { where: { resourceId: null }, orderBy: [{ weekday: "asc" }, { opensMin: "asc" }] },
      _count: { select: { resources: true } },
    },
  });

export const findFacility = (db: Db, code: string) =>
  cachedByCatalogVersion(db, `facility:${code}`, () =>
    db.facility.findUnique({
      where: { code },
      include: {
        operators: { include: { organization: true } },
        openingHours: { where: { resourceId: null }, orderBy: [{ weekday: "asc" }, { opensMin: "asc" }] },
        _count: { select: { resources: true } },
      },
    }),
  );

export type ResourceFilter = {
  facilityCode?: string | undefined;
  kind?: string | undefined;
  mode?: string | undefined;
  q?: string | undefined;
  afterCode?: string | undefined;
  take: number;
};

export const findResources = (db: Db, filter: ResourceFilter) => {
  const where: Prisma.ResourceWhereInput = {
    status: { not: "RETIRED" },
    ...(filter.facilityCode ? { facility: { code: filter.facilityCode } } : {}),
    ...(filter.kind ? { kind: filter.kind as Prisma.ResourceWhereInput["kind"] } : {}),
    ...(filter.mode ? { mode: filter.mode as Prisma.ResourceWhereInput["mode"] } : {}),
    ...(filter.q
      ? {
          OR: [
            { nameZh: { contains: filter.q, mode: "insensitive" } },
            { nameEn: { contains: filter.q, mode: "insensitive" } },
            { code: { contains: filter.q, mode: "insensitive" } },
            { descriptionZh: { contains: filter.q, mode: "insensitive" } },
            { descriptionEn: { contains: filter.q, mode: "insensitive" } },
          ],
        }
      : {}),
    ...(filter.afterCode ? { code: { gt: filter.afterCode } } : {}),
  };
  const load = () =>
    db.resource.findMany({ where, include: resourceInclude, orderBy: { code: "asc" }, take: filter.take });
  // Catalog pages change only with the catalog: cached per catalog version and filter. Free-text searches
  // are not cached, so that arbitrary strings cannot grow the cache.
  return filter.q ? load() : cachedByCatalogVersion(db, `resources:${JSON.stringify(filter)}`, load);
};

/**
 * Active resources of the same technique or equivalence group (XRD, ICP-MS, SLM-Ti …), in any facility,
 * the same facility first: where a refused booking may go instead. No technique, no equivalents.
 */
export const findEquivalentResources = async (
  db: Db,
  resource: { id: string; facilityId: string; technique: string | null },
  take = 10,
) => {
  if (!resource.technique) return [];
  const rows = await db.resource.findMany({
    where: { technique: resource.technique, status: "ACTIVE", id: { not: resource.id } },
    include: resourceInclude,
    orderBy: { code: "asc" },
    take: take * 2,
  });
  return rows
    .sort((a, b) => Number(b.facilityId === resource.facilityId) - Number(a.facilityId === resource.facilityId))
    .slice(0, take);
};

export const findResourceByCode = (db: Db, code: string) =>
  cachedByCatalogVersion(db, `resource-code:${code}`, () =>
    db.resource.findUnique({ where: { code }, include: resourceInclude }),
  );
/** Cached per catalog version (catalog-cache.repository.ts): the booking path reads it on every request. */
export const findResourceById = (db: Db, id: string) =>
  cachedByCatalogVersion(db, `resource:${id}`, () =>
    db.resource.findUnique({ where: { id }, include: resourceInclude }),
  );
/** The resource as findResourceById last cached it, and at which catalog version; no statement (peekCached). */
export const peekResourceById = (db: Db, id: string) =>
  peekCached<Awaited<ReturnType<typeof findResourceById>>>(db, `resource:${id}`);
export const findResourcesOfFacility = (db: Db, facilityId: string) =>
  cachedByCatalogVersion(db, `facility-resources:${facilityId}`, () =>
    db.resource.findMany({
      where: { facilityId, status: { not: "RETIRED" } },
      include: resourceInclude,
      orderBy: { code: "asc" },
    }),
  );

export type BodyFilter = {
  domain?: string | undefined;
  accreditation?: Accreditation | undefined;
  q?: string | undefined;
  afterCode?: string | undefined;
  take: number;
};

export const findCertificationBodies = (db: Db, filter: BodyFilter) =>
  db.certificationBody.findMany({
    where: {
      ...(filter.domain ? { domains: { has: filter.domain } } : {}),
      ...(filter.accreditation === "CMA" ? { cmaNumber: { not: null } } : {}),
      ...(filter.accreditation === "CNAS" ? { cnasNumber: { not: null } } : {}),
      ...(filter.q
        ? {
            OR: [
              { organization: { nameZh: { contains: filter.q, mode: "insensitive" } } },
              { organization: { nameEn: { contains: filter.q, mode: "insensitive" } } },
              { scopeZh: { contains: filter.q, mode: "insensitive" } },
              { scopeEn: { contains: filter.q, mode: "insensitive" } },
            ],
          }
        : {}),
      ...(filter.afterCode ? { code: { gt: filter.afterCode } } : {}),
    },
    include: { organization: true },
    orderBy: { code: "asc" },
    take: filter.take,
  });

export const findCertificationBody = (db: Db, code: string) =>
  db.certificationBody.findUnique({ where: { code }, include: { organization: true } });
