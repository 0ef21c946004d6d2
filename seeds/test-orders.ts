// Seeds accreditation scopes, test services and body staff. Idempotent like the rest of the seed: rows are
// found by natural key and created only when missing.
import type { Db } from "../api/src/lib/db.ts";
import { accreditationScopes, bodyStaffAccounts, testServices } from "./data/index.ts";

export const seedTestOrders = async (db: Db) => {
  const bodies = await db.certificationBody.findMany({ select: { id: true, code: true, organizationId: true } });
  const bodyByCode = new Map(bodies.map((b) => [b.code, b]));
  const idOf = (code: string) => {
    const body = bodyByCode.get(code);
    if (!body) throw new Error(`Seed: no certification body ${code}.`);
    return body.id;
  };
  // The unique (body, standard, item, product) key makes this a no-op on a second run.
  await db.accreditationScope.createMany({
    data: accreditationScopes.map(({ certificationBodyCode, ...scope }) => ({
      ...scope,
      certificationBodyId: idOf(certificationBodyCode),
    })),
    skipDuplicates: true,
  });
  const facilities = new Map(
    (await db.facility.findMany({ select: { id: true, code: true } })).map((f) => [f.code, f.id]),
  );
  for (const { code, facilityCode, resourceCode, certificationBodyCodes, items, ...fields } of testServices) {
    if (await db.testService.findUnique({ where: { code } })) continue;
    const resource = resourceCode ? await db.resource.findUnique({ where: { code: resourceCode } }) : null;
    await db.testService.create({
      data: {
        ...fields,
        code,
        facilityId: facilities.get(facilityCode)!,
        resourceId: resource?.id ?? null,
        bodies: { create: certificationBodyCodes.map((c) => ({ certificationBodyId: idOf(c) })) },
        items: { create: items.map((item, i) => ({ ...item, position: i + 1 })) },
      },
    });
  }
  return { accreditationScopes: accreditationScopes.length, testServices: testServices.length };
};

/** Demo sign-ins for two bodies' staff (BODY_STAFF): demo mode only, with the install's demo password. */
export const seedBodyStaff = async (
  db: Db,
  { passwordHash, resetPasswords }: { passwordHash: string; resetPasswords: boolean },
) => {
  for (const account of bodyStaffAccounts) {
    const body = await db.certificationBody.findUnique({ where: { code: account.certificationBodyCode } });
    if (!body) continue;
    let user = await db.user.findUnique({ where: { email: account.email } });
    if (user && resetPasswords) user = await db.user.update({ where: { id: user.id }, data: { passwordHash } });
    user ??= await db.user.create({ data: { email: account.email, name: account.name, passwordHash } });
    await db.membership.upsert({
      where: { userId_organizationId: { userId: user.id, organizationId: body.organizationId } },
      create: { userId: user.id, organizationId: body.organizationId, role: "BODY_STAFF" },
      update: {},
    });
  }
  return bodyStaffAccounts.length;
};
