// Use cases that change the catalog: facilities and certification bodies (admins), resources (admins and the
// facility's managers). Each answers with the object as the catalog shows it.
import { inTransaction, type Db } from "../../lib/db.ts";
import type { Actor } from "../../lib/context.ts";
import { AppError } from "../../lib/app-error.ts";
import type { z } from "@hono/zod-openapi";
import type { FacilityKind } from "../../enums.ts";
import { requireAccess } from "../access/access.ts";
import { assertUscc, requireAdmin } from "../admin/admin.service.ts";
import { findResourceByCode as findCatalogResource } from "./catalog.repository.ts";
import { toCertificationBody, toResource } from "./catalog.mappers.ts";
import type { ZCreateCertificationBody } from "./catalog.schemas.ts";
import * as repo from "./manage-catalog.repository.ts";

const requireFacilityOperator = (actor: Actor, facilityId: string, refusal: string) =>
  requireAccess({ actor, permission: "facility.operate", target: { facilityId }, refusal });

const assertHours = (hours: { opensMin: number; closesMin: number }[]) => {
  if (hours.some((h) => h.opensMin >= h.closesMin)) {
    throw new AppError("VALIDATION_FAILED", "Opening hours must open before they close.", {
      errors: [{ path: "openingHours", message: "opensMin must be before closesMin" }],
    });
  }
};

/**
 * A resource by code for someone who manages its facility: 404 when there is none, then the facility.manage
 * check. Every use case that changes a resource or what it offers starts here (catalog, offers).
 */
export const findManagedResource = async (db: Db, actor: Actor, code: string) => {
  const resource = await findCatalogResource(db, code);
  if (!resource) throw new AppError("NOT_FOUND", "No such resource.");
  requireAccess({
    actor,
    permission: "facility.manage",
    target: { facilityId: resource.facilityId },
    objectName: "resource",
  });
  return resource;
};

/** The resource as the catalog shows it (facility, units, offers …). */
const catalogResource = async (db: Db, code: string) => toResource((await findCatalogResource(db, code))!);

type OpeningHoursInput = repo.OpeningHoursInput;

export type CreateFacilityOptions = {
  db: Db;
  actor: Actor;
  input: {
    code: string;
    kind: FacilityKind;
    nameZh: string;
    nameEn: string;
    summaryZh: string;
    summaryEn: string;
    openingHours?: OpeningHoursInput[] | undefined;
  };
};

export const createFacility = async ({ db, actor, input }: CreateFacilityOptions) => {
  requireAdmin(actor);
  const { openingHours = [], ...data } = input;
  assertHours(openingHours);
  const facility = await repo.createFacility(db, { ...data, openingHours });
  return { id: facility.id, code: facility.code };
};

export type UpdateFacilityOptions = {
  db: Db;
  actor: Actor;
  code: string;
  input: { openingHours?: OpeningHoursInput[] | undefined } & Record<string, unknown>;
};

export const updateFacility = async ({ db, actor, code, input }: UpdateFacilityOptions) => {
  requireAdmin(actor);
  const facility = await repo.findFacilityByCode(db, code);
  if (!facility) throw new AppError("NOT_FOUND", "No such facility.");
  const { openingHours, ...data } = input;
  if (openingHours) assertHours(openingHours);
  const updated = await inTransaction(db, (tx) => repo.updateFacility(tx, facility.id, data, openingHours));
  return { id: updated.id, code: updated.code };
};

export type CreateResourceOptions = {
  db: Db;
  actor: Actor;
  input: Omit<Parameters<typeof repo.createResource>[1], "facilityId"> & { facilityCode: string; units: number };
};

export const createResource = async ({ db, actor, input }: CreateResourceOptions) => {
  const facility = await repo.findFacilityByCode(db, input.facilityCode);
  if (!facility)
    throw new AppError("NOT_FOUND", "No such facility.", {
      errors: [{ path: "facilityCode", message: "unknown facility" }],
    });
  requireFacilityOperator(actor, facility.id, "Only admins and the facility's managers can add resources.");
  const { facilityCode, units, ...data } = input;
  void facilityCode;
  const resource = await repo.createResource(db, { ...data, facilityId: facility.id }, units);
  return catalogResource(db, resource.code);
};

export type UpdateResourceOptions = { db: Db; actor: Actor; code: string; input: Record<string, unknown> };

export const updateResource = async ({ db, actor, code, input }: UpdateResourceOptions) => {
  const resource = await findManagedResource(db, actor, code);
  const min = (input.minDurationMin as number | undefined) ?? resource.minDurationMin;
  const max = (input.maxDurationMin as number | undefined) ?? resource.maxDurationMin;
  if (max < min)
    throw new AppError("VALIDATION_FAILED", "maxDurationMin must be at least minDurationMin.", {
      errors: [{ path: "maxDurationMin", message: "must be at least minDurationMin" }],
    });
  const updated = await repo.updateResource(db, resource.id, input);
  return catalogResource(db, updated.code);
};

export type CreateCertificationBodyOptions = {
  db: Db;
  actor: Actor;
  input: z.output<typeof ZCreateCertificationBody>;
};

export const createCertificationBody = async ({ db, actor, input }: CreateCertificationBodyOptions) => {
  requireAdmin(actor);
  const { nameZh, nameEn, uscc, ...body } = input;
  assertUscc(uscc);
  const created = await inTransaction(db, (tx) =>
    repo.createCertificationBody(tx, { nameZh, nameEn, uscc: uscc.toUpperCase() }, body),
  );
  return toCertificationBody(created);
};

export type UpdateCertificationBodyOptions = { db: Db; actor: Actor; code: string; input: Record<string, unknown> };

export const updateCertificationBody = async ({ db, actor, code, input }: UpdateCertificationBodyOptions) => {
  requireAdmin(actor);
  const body = await repo.findCertificationBodyByCode(db, code);
  if (!body) throw new AppError("NOT_FOUND", "No such certification body.");
  return toCertificationBody(await repo.updateCertificationBody(db, body.id, input));
};
