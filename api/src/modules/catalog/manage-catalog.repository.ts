// Changes to the catalog: facilities, resources with their units, certification bodies.
import type { Db } from "../../lib/db.ts";
import type { Prisma } from "../../generated/prisma/client.ts";

type Tx = Prisma.TransactionClient;

export const findFacilityByCode = (db: Db, code: string) => db.facility.findUnique({ where: { code } });

export type OpeningHoursInput = { weekday: number; opensMin: number; closesMin: number };

export const createFacility = (
  db: Db,
  { openingHours, ...data }: Omit<Prisma.FacilityCreateInput, "openingHours"> & { openingHours: OpeningHoursInput[] },
) => db.facility.create({ data: { ...data, openingHours: { create: openingHours } } });

/** Replaces the facility's own weekly hours (not its resources'); hours an admin enters are no sample guesses. */
export const updateFacility = async (
  tx: Tx,
  facilityId: string,
  data: Prisma.FacilityUpdateInput,
  openingHours: OpeningHoursInput[] | undefined,
) => {
  if (openingHours) {
    await tx.openingHours.deleteMany({ where: { facilityId, resourceId: null } });
    await tx.openingHours.createMany({ data: openingHours.map((h) => ({ ...h, facilityId })) });
  }
  return tx.facility.update({
    where: { id: facilityId },
    data: { ...data, ...(openingHours ? { openingHoursSample: false } : {}) },
  });
};

/** A resource with its units, labelled `<code>` when there is one, `<code>-1 … <code>-n` otherwise. */
export const createResource = (
  db: Db,
  data: Omit<Prisma.ResourceUncheckedCreateInput, "specs"> & { specs: Record<string, unknown> },
  units: number,
) =>
  db.resource.create({
    data: {
      ...data,
      specs: data.specs as Prisma.InputJsonValue,
      units: {
        create: Array.from({ length: units }, (_, i) => ({
          label: units === 1 ? data.code : `${data.code}-${i + 1}`,
          position: i + 1,
        })),
      },
    },
  });

export const updateResource = (db: Db, id: string, data: Record<string, unknown>) =>
  db.resource.update({ where: { id }, data: data as Prisma.ResourceUpdateInput });

/** A certification body and the organization that carries its name and USCC, together. */
export const createCertificationBody = async (
  tx: Tx,
  organization: { nameZh: string; nameEn: string; uscc: string },
  body: Omit<Prisma.CertificationBodyUncheckedCreateInput, "organizationId">,
) => {
  const org = await tx.organization.create({ data: { kind: "CERT_BODY", ...organization } });
  return tx.certificationBody.create({ data: { ...body, organizationId: org.id }, include: { organization: true } });
};

export const findCertificationBodyByCode = (db: Db, code: string) =>
  db.certificationBody.findUnique({ where: { code } });
export const updateCertificationBody = (db: Db, id: string, data: Record<string, unknown>) =>
  db.certificationBody.update({
    where: { id },
    data: data as Prisma.CertificationBodyUpdateInput,
    include: { organization: true },
  });
