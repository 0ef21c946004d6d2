// Deterministic, idempotent seed: every row is found by its natural key and created only when missing,
// so a second run changes nothing (no re-hashed passwords, no re-created opening hours).
import type { Db } from "@zhongshi/api/db";
import { hashPassword } from "@zhongshi/api/password";
import type { OrganizationKind } from "@zhongshi/api/contract";
import {
  calendarDays,
  certificationBodies,
  demoAccounts,
  demoOrganizations,
  facilities,
  resources,
} from "./data/index.ts";
import {
  CONTINUOUS,
  FAIR_USE,
  ITEM_PRICED,
  QUALIFICATION_LAPSE_DAYS,
  TECHNIQUES,
  sampleOfferOf,
} from "./data/rules.ts";
import { generateDemoActivity } from "./demo-activity.ts";
import { seedBodyStaff, seedTestOrders } from "./test-orders.ts";

type OrgSeed = {
  nameZh: string;
  nameEn: string;
  kind: OrganizationKind;
  uscc?: string | null;
  isSample: boolean;
};

const ensureOrganization = async (db: Db, org: OrgSeed) => {
  const existing = org.uscc
    ? await db.organization.findUnique({ where: { uscc: org.uscc } })
    : await db.organization.findFirst({ where: { nameZh: org.nameZh, kind: org.kind } });
  return (
    existing ??
    db.organization.create({
      data: { kind: org.kind, nameZh: org.nameZh, nameEn: org.nameEn, uscc: org.uscc ?? null, isSample: org.isSample },
    })
  );
};

export type SeedSummary = {
  facilities: number;
  resources: number;
  certificationBodies: number;
  calendarDays: number;
};

/**
 * The ways of use of a resource, when it has none yet: its time (per hour) and, for the instrument center's
 * large instruments, sample submission (per sample, sample prices); test services take samples per sample
 * or per test item.
 */
const ensureOffers = async (
  db: Db,
  r: {
    id: string;
    kind: string;
    mode: string;
    facilityId: string;
    code: string;
    priceUnit: string;
    priceInternalFen: number;
    priceExternalFen: number;
    isSample: boolean;
  },
) => {
  if ((await db.resourceOffer.count({ where: { resourceId: r.id } })) > 0) return;
  const prices = { priceInternalFen: r.priceInternalFen, priceExternalFen: r.priceExternalFen, isSample: r.isSample };
  if (r.priceUnit === "HOUR") {
    await db.resourceOffer.create({ data: { resourceId: r.id, kind: "SELF_OPERATED", priceUnit: "HOUR", ...prices } });
  }
  if (r.code.startsWith("INS-")) {
    await db.resourceOffer.create({
      data: { resourceId: r.id, kind: "SAMPLE", ...sampleOfferOf(r.priceInternalFen, r.priceExternalFen) },
    });
  } else if (r.priceUnit !== "HOUR") {
    await db.resourceOffer.create({
      data: {
        resourceId: r.id,
        kind: "SAMPLE",
        priceUnit: ITEM_PRICED.has(r.code) ? "ITEM" : "SAMPLE",
        leadDays: 7,
        countsTowardQuota: false,
        ...prices,
      },
    });
  }
};

export const seed = async (db: Db): Promise<SeedSummary> => {
  // Official rows replace provisional ones derived before the seed ran (e.g. by a booking check).
  const seededYears = [...new Set(calendarDays.map((d) => Number(d.date.slice(0, 4))))];
  for (const year of seededYears) {
    await db.calendarDay.deleteMany({
      where: {
        provisional: true,
        date: { gte: new Date(`${year}-01-01T00:00:00Z`), lt: new Date(`${year + 1}-01-01T00:00:00Z`) },
      },
    });
  }
  for (const day of calendarDays) {
    await db.calendarDay.upsert({
      where: { date: new Date(`${day.date}T00:00:00Z`) },
      create: {
        date: new Date(`${day.date}T00:00:00Z`),
        kind: day.kind,
        nameZh: day.nameZh,
        nameEn: day.nameEn,
        source: day.source,
      },
      update: {},
    });
  }

  const bodyIds = new Map<string, string>();
  for (const body of certificationBodies) {
    const organization = await ensureOrganization(db, { ...body, kind: "CERT_BODY" });
    const {
      code,
      cmaNumber,
      cnasNumber,
      domains,
      scopeZh,
      scopeEn,
      contactName,
      contactPhone,
      contactEmail,
      address,
      isSample,
    } = body;
    const row = await db.certificationBody.upsert({
      where: { code },
      create: {
        code,
        organizationId: organization.id,
        cmaNumber,
        cnasNumber,
        domains,
        scopeZh,
        scopeEn,
        contactName,
        contactPhone,
        contactEmail,
        address,
        isSample,
      },
      // Sample bodies are ours to correct: keep their numbers obviously fictional on existing databases too.
      update: isSample ? { cmaNumber, cnasNumber, contactPhone } : {},
    });
    bodyIds.set(code, row.id);
  }

  const facilityIds = new Map<string, string>();
  const operatorIds = new Map<string, string>();
  for (const facility of facilities) {
    const { code, kind, nameZh, nameEn, summaryZh, summaryEn } = facility;
    const row = await db.facility.upsert({
      where: { code },
      // No source publishes the facilities' opening hours: the seeded ones are sample data.
      create: { code, kind, nameZh, nameEn, summaryZh, summaryEn, openingHoursSample: true },
      update: {},
    });
    facilityIds.set(code, row.id);
    for (const operator of facility.operators) {
      const organization = await ensureOrganization(db, operator);
      operatorIds.set(operator.key, organization.id);
      await db.facilityOperator.upsert({
        where: { facilityId_organizationId: { facilityId: row.id, organizationId: organization.id } },
        create: { facilityId: row.id, organizationId: organization.id },
        update: {},
      });
    }
    if ((await db.openingHours.count({ where: { facilityId: row.id, resourceId: null } })) === 0) {
      await db.facility.update({ where: { id: row.id }, data: { openingHoursSample: true } });
      await db.openingHours.createMany({
        data: facility.openingHours.map((hours) => ({ ...hours, facilityId: row.id })),
      });
    }
  }

  for (const resource of resources) {
    const { units, facilityCode, certificationBodyCode, operatorKey, openingHours, ...fields } =
      resource as typeof resource & {
        openingHours?: { weekday: number; opensMin: number; closesMin: number }[];
      };
    void operatorKey;
    const facilityId = facilityIds.get(facilityCode)!;
    const data = {
      ...fields,
      facilityId,
      certificationBodyId: certificationBodyCode ? (bodyIds.get(certificationBodyCode) ?? null) : null,
    };
    const rules = {
      technique: TECHNIQUES[resource.code] ?? null,
      continuous: CONTINUOUS.has(resource.code),
      qualificationLapseDays: resource.requiresQualification ? QUALIFICATION_LAPSE_DAYS : null,
    };
    const row = await db.resource.upsert({
      where: { code: resource.code },
      create: { ...data, ...rules },
      // Databases seeded before these columns existed get them once; later edits by managers are kept.
      update: {},
    });
    if (row.technique === null && rules.technique) {
      await db.resource.update({ where: { id: row.id }, data: rules });
    }
    await ensureOffers(db, row);
    for (let position = 1; position <= units; position++) {
      await db.resourceUnit.upsert({
        where: { resourceId_position: { resourceId: row.id, position } },
        create: { resourceId: row.id, position, label: units === 1 ? resource.code : `${resource.code}-${position}` },
        update: {},
      });
    }
    if (openingHours?.length && (await db.openingHours.count({ where: { resourceId: row.id } })) === 0) {
      await db.openingHours.createMany({
        data: openingHours.map((hours) => ({ ...hours, facilityId, resourceId: row.id })),
      });
    }
  }

  for (const [code, rule] of Object.entries(FAIR_USE)) {
    const facilityId = facilityIds.get(code)!;
    if (!(await db.fairUseRule.findFirst({ where: { facilityId, resourceId: null } }))) {
      await db.fairUseRule.create({ data: { facilityId, resourceId: null, ...rule } });
    }
  }

  await seedTestOrders(db);

  return {
    facilities: facilities.length,
    resources: resources.length,
    certificationBodies: certificationBodies.length,
    calendarDays: calendarDays.length,
  };
};

export type SeedDemoOptions = {
  /** The install's generated demo password. */
  password: string;
  /** Set the password of demo accounts that exist already (a new password was just generated). */
  resetPasswords: boolean;
  /** Also generate a year of past activity (all sample) for the dashboards: the start command's fresh demo. */
  activity?: boolean;
};

/** Demo organisations and accounts: only in demo mode, with the install's own generated password. */
export const seedDemo = async (db: Db, { password, resetPasswords, activity = false }: SeedDemoOptions) => {
  const passwordHash = await hashPassword(password);
  const facilityIds = new Map(
    (await db.facility.findMany({ where: { code: { in: facilities.map((f) => f.code) } } })).map((f) => [f.code, f.id]),
  );
  const organizationIds = new Map<string, string>();
  for (const org of demoOrganizations) organizationIds.set(org.key, (await ensureOrganization(db, org)).id);
  for (const account of demoAccounts) {
    let user = await db.user.findUnique({ where: { email: account.email } });
    if (user && resetPasswords) user = await db.user.update({ where: { id: user.id }, data: { passwordHash } });
    user ??= await db.user.create({ data: { email: account.email, name: account.name, passwordHash } });
    const organizationId = organizationIds.get(account.organizationKey)!;
    await db.membership.upsert({
      where: { userId_organizationId: { userId: user.id, organizationId } },
      create: { userId: user.id, organizationId, role: account.role },
      update: {},
    });
    for (const code of account.managesFacilityCodes ?? []) {
      const facilityId = facilityIds.get(code);
      if (!facilityId) continue;
      await db.facilityManager.upsert({
        where: { facilityId_userId: { facilityId, userId: user.id } },
        create: { facilityId, userId: user.id },
        update: {},
      });
    }
  }

  // Demo mode only: a year of past activity for the dashboards (all sample; once per database).
  if (activity) await generateDemoActivity(db);
  const staff = await seedBodyStaff(db, { passwordHash, resetPasswords });

  return { users: demoAccounts.length + staff };
};

export { demoAccounts };
