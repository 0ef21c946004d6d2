import type { Db } from "../../api/src/lib/db.ts";
import { testUscc, type TestWorld } from "./fixtures.ts";

/**
 * A testing corner on top of a test world: two certification bodies (one with staff), scope lines, a service
 * performed by both where only the first is accredited for the second item, and a sample-submission service
 * on an instrument of the world's facility.
 */
export const createOrderWorld = async (db: Db, world: TestWorld) => {
  const makeBody = async (n: number) => {
    const organization = await db.organization.create({
      data: {
        kind: "CERT_BODY",
        nameZh: `检测机构${n}${world.tag}`,
        nameEn: `Lab ${n} ${world.tag}`,
        uscc: testUscc(),
      },
    });
    const body = await db.certificationBody.create({
      data: {
        organizationId: organization.id,
        code: `TCB-${world.tag}-${n}`,
        cmaNumber: n === 1 ? "TEST-CMA-0001" : null,
        cnasNumber: n === 1 ? "TEST-CNAS-0001" : null,
        domains: ["energy"],
        scopeZh: "测试",
        scopeEn: "test",
        contactName: "x",
        contactPhone: "x",
        contactEmail: "x@example.cn",
        address: "x",
        // Not sample data: the seed tests count the 58 sample bodies.
        isSample: false,
      },
    });
    return { organization, body };
  };
  const [lab1, lab2] = [await makeBody(1), await makeBody(2)];
  const standard = `GB 99${world.tag.replace(/\D/g, "").padEnd(4, "1").slice(0, 4)}-2025`;
  const line = (bodyId: string, itemZh: string, itemEn: string, cma = true, cnas = false) => ({
    certificationBodyId: bodyId,
    standardNumber: standard,
    standardTitleZh: "测试标准",
    standardTitleEn: "Test standard",
    itemZh,
    itemEn,
    productZh: `测试电芯${world.tag}`,
    productEn: `Test cell ${world.tag}`,
    cma,
    cnas,
    isSample: true,
  });
  const itemA = `热扩散${world.tag}`;
  const itemB = `外部短路${world.tag}`;
  await db.accreditationScope.createMany({
    data: [
      line(lab1.body.id, itemA, `Thermal propagation ${world.tag}`, true, true),
      line(lab1.body.id, itemB, `Short circuit ${world.tag}`, true, true),
      // Body 2 performs the service but is accredited for item A only.
      line(lab2.body.id, itemA, `Thermal propagation ${world.tag}`, false, false),
    ],
  });
  const service = await db.testService.create({
    data: {
      code: `SVC-${world.tag}`,
      facilityId: world.facility.id,
      nameZh: `电池安全${world.tag}`,
      nameEn: `Battery safety ${world.tag}`,
      descriptionZh: "测试",
      descriptionEn: "test",
      priceUnit: "SAMPLE",
      priceInternalFen: 500_000,
      priceExternalFen: 750_000,
      turnaroundDays: 5,
      retestWindowDays: 15,
      isSample: true,
      bodies: { create: [{ certificationBodyId: lab1.body.id }, { certificationBodyId: lab2.body.id }] },
      items: {
        create: [
          { position: 1, standardNumber: standard, itemZh: itemA, itemEn: `Thermal propagation ${world.tag}` },
          { position: 2, standardNumber: standard, itemZh: itemB, itemEn: `Short circuit ${world.tag}` },
        ],
      },
    },
  });
  const instrument = await world.createResource({ units: 1 });
  const instrumentService = await db.testService.create({
    data: {
      code: `SVC-INS-${world.tag}`,
      facilityId: world.facility.id,
      resourceId: instrument.id,
      nameZh: `送样${world.tag}`,
      nameEn: `Samples ${world.tag}`,
      descriptionZh: "测试",
      descriptionEn: "test",
      priceUnit: "SAMPLE",
      priceInternalFen: 30_000,
      priceExternalFen: 45_000,
      turnaroundDays: 3,
      items: { create: [{ position: 1, standardNumber: "—", itemZh: "元素", itemEn: "Elements" }] },
    },
  });
  const staffUser = async (email: string, organizationId: string) =>
    db.user.create({
      data: {
        email: `${email}.${world.tag.toLowerCase()}@test.zhongshi.cn`,
        name: email,
        passwordHash: "x",
        memberships: { create: { organizationId, role: "BODY_STAFF" } },
      },
    });
  const staff1 = await staffUser("staff-1", lab1.organization.id);
  const staff2 = await staffUser("staff-2", lab2.organization.id);
  return { lab1, lab2, standard, itemA, itemB, service, instrument, instrumentService, staff1, staff2 };
};

/** A small but well-formed PDF header followed by padding to the size asked for. */
export const fakePdf = (size = 2_000) => {
  const bytes = new Uint8Array(size);
  bytes.set(new TextEncoder().encode("%PDF-1.7\n% test report\n"));
  return bytes;
};
