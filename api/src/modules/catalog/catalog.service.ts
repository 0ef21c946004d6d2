// Use cases of the catalog: facilities, resources, certification bodies and their availability. Public reads.
import type { Db } from "../../lib/db.ts";
import { AppError } from "../../lib/app-error.ts";
import { decodeCursor, encodeCursor } from "../../lib/openapi.ts";
import { z } from "@hono/zod-openapi";
import type { CertDomain, Accreditation, ResourceKind, ResourceMode } from "../../enums.ts";
import * as repo from "./catalog.repository.ts";
import { assertWindow, availabilityOf } from "./availability.service.ts";
import type { BusyTarget } from "./availability.repository.ts";
import { isoRange, toCertificationBody, toResource } from "./catalog.mappers.ts";

const ZCodeCursor = z.object({ code: z.string() });

type FacilityRow = NonNullable<Awaited<ReturnType<typeof repo.findFacility>>>;
const toFacility = ({ operators, openingHours, _count, createdAt, ...f }: FacilityRow) => {
  void createdAt;
  return {
    ...f,
    operators: operators.map(({ organization: o }) => ({
      id: o.id,
      nameZh: o.nameZh,
      nameEn: o.nameEn,
      isSample: o.isSample,
    })),
    resourceCount: _count.resources,
    openingHours: openingHours.map(({ weekday, opensMin, closesMin }) => ({ weekday, opensMin, closesMin })),
  };
};

/**
 * Resource rows come from the catalog cache (catalog.repository.ts): the same objects for every request until
 * the catalog changes. Their answers are mapped once per row object and shared the same way (never mutated);
 * rows of a new catalog version are new objects, so a stale answer cannot outlive its row. The mapping and its
 * garbage were the largest part of GET /resources after the response write (`pnpm bench:api`, BENCH_ONLY=catalog).
 */
const mappedResources = new WeakMap<repo.ResourceRow, ReturnType<typeof toResource>>();
const toResourceShared = (row: repo.ResourceRow) => {
  let mapped = mappedResources.get(row);
  if (!mapped) {
    mapped = toResource(row);
    mappedResources.set(row, mapped);
  }
  return mapped;
};

/** Keyset pages over codes: `limit + 1` rows were fetched, the extra one says whether there is more. */
const pageOf = <T extends { code: string }, U>(rows: T[], limit: number, map: (row: T) => U) => {
  const items = rows.slice(0, limit);
  return { items: items.map(map), nextCursor: rows.length > limit ? encodeCursor({ code: items.at(-1)!.code }) : null };
};

/** Availability of the target's resources, as the API answers it (instants as RFC 3339 strings). */
const availabilityFor = async (
  db: Db,
  target: BusyTarget,
  resourcesOf: () => Promise<repo.ResourceRow[]>,
  window: { start: number; end: number },
) => {
  const { resources, results } = await availabilityOf({ db, target, resourcesOf, window });
  return results.map((result, i) => ({
    resourceId: result.resourceId,
    resourceCode: resources[i]!.code,
    open: result.open.map(isoRange),
    free: result.free.map(isoRange),
    units: result.units.map((u) => ({
      unitId: u.unitId,
      label: u.label,
      free: u.free.map(isoRange),
      busy: u.busy.map(isoRange),
    })),
  }));
};

const windowOf = ({ from, to }: { from: Date; to: Date }) => {
  const window = { start: from.getTime(), end: to.getTime() };
  assertWindow(window);
  return window;
};

export const listFacilities = async ({ db }: { db: Db }) => ({
  items: (await repo.findFacilities(db)).map(toFacility),
});

const requireFacility = async (db: Db, code: string) => {
  const facility = await repo.findFacility(db, code);
  if (!facility) throw new AppError("NOT_FOUND", "No such facility.");
  return facility;
};

export const getFacility = async ({ db, code }: { db: Db; code: string }) =>
  toFacility(await requireFacility(db, code));

export type GetFacilityAvailabilityOptions = { db: Db; code: string; from: Date; to: Date };

/** Availability of every bookable resource of a facility over a window. */
export const getFacilityAvailability = async ({ db, code, from, to }: GetFacilityAvailabilityOptions) => {
  const window = windowOf({ from, to });
  const resourcesOf = async () => repo.findResourcesOfFacility(db, (await requireFacility(db, code)).id);
  return { items: await availabilityFor(db, { facilityCode: code }, resourcesOf, window) };
};

export type ListResourcesOptions = {
  db: Db;
  query: {
    facility?: string | undefined;
    kind?: ResourceKind | undefined;
    mode?: ResourceMode | undefined;
    q?: string | undefined;
    cursor?: string | undefined;
    limit: number;
  };
};

export const listResources = async ({
  db,
  query: { facility, kind, mode, q, cursor, limit },
}: ListResourcesOptions) => {
  const after = decodeCursor(cursor, ZCodeCursor);
  const rows = await repo.findResources(db, {
    facilityCode: facility,
    kind,
    mode,
    q,
    afterCode: after?.code,
    take: limit + 1,
  });
  return pageOf(rows, limit, toResourceShared);
};

const requireResource = async (db: Db, code: string) => {
  const resource = await repo.findResourceByCode(db, code);
  if (!resource) throw new AppError("NOT_FOUND", "No such resource.");
  return resource;
};

export const getResource = async ({ db, code }: { db: Db; code: string }) =>
  toResourceShared(await requireResource(db, code));

export type GetResourceAvailabilityOptions = { db: Db; code: string; from: Date; to: Date };

export const getResourceAvailability = async ({ db, code, from, to }: GetResourceAvailabilityOptions) => {
  const window = windowOf({ from, to });
  const resourcesOf = async () => [await requireResource(db, code)];
  return (await availabilityFor(db, { resourceCode: code }, resourcesOf, window))[0]!;
};

export type ListCertificationBodiesOptions = {
  db: Db;
  query: {
    domain?: CertDomain | undefined;
    accreditation?: Accreditation | undefined;
    q?: string | undefined;
    cursor?: string | undefined;
    limit: number;
  };
};

export const listCertificationBodies = async ({
  db,
  query: { domain, accreditation, q, cursor, limit },
}: ListCertificationBodiesOptions) => {
  const after = decodeCursor(cursor, ZCodeCursor);
  const rows = await repo.findCertificationBodies(db, {
    domain,
    accreditation,
    q,
    afterCode: after?.code,
    take: limit + 1,
  });
  return pageOf(rows, limit, toCertificationBody);
};

export const getCertificationBody = async ({ db, code }: { db: Db; code: string }) => {
  const body = await repo.findCertificationBody(db, code);
  if (!body) throw new AppError("NOT_FOUND", "No such certification body.");
  return toCertificationBody(body);
};

/** The first 20 resources and 20 certification bodies that match. */
export const searchCatalog = async ({ db, q }: { db: Db; q: string }) => {
  const [resources, bodies] = await Promise.all([
    repo.findResources(db, { q, take: 20 }),
    repo.findCertificationBodies(db, { q, take: 20 }),
  ]);
  return { resources: resources.map(toResource), certificationBodies: bodies.map(toCertificationBody) };
};
