import { expect } from "vitest";
import type { Db } from "../../api/src/lib/db.ts";
import { futureDay, at, type testApp, type TestWorld } from "../setup/fixtures.ts";
import type { createOrderWorld } from "../setup/order-fixtures.ts";

type Labs = Awaited<ReturnType<typeof createOrderWorld>>;
type App = ReturnType<typeof testApp>["app"];

export type Role = "member" | "orgAdmin" | "staff" | "manager";
export const ROLES: Role[] = ["member", "orgAdmin", "staff", "manager"];

/** The callers of a world: a member and the ORG_ADMIN of its first SME, its lab's staff, its facility's manager. */
export const callersOf = async (
  db: Db,
  world: TestWorld,
  labs: Labs,
): Promise<Record<Role, Record<string, string>>> => {
  const orgAdmin = await db.user.create({
    data: {
      email: `org-admin.${world.tag.toLowerCase()}@test.zhongshi.cn`,
      name: "org-admin",
      passwordHash: "x",
      memberships: { create: { organizationId: world.orgA.id, role: "ORG_ADMIN" } },
    },
  });
  return {
    member: await world.sessionHeaders(world.memberA.id),
    orgAdmin: await world.sessionHeaders(orgAdmin.id),
    staff: await world.sessionHeaders(labs.staff1.id),
    manager: await world.sessionHeaders(world.manager.id),
  };
};

/**
 * One of each kind of object a world owns, all belonging to its first SME, its facility or its lab: a
 * booking, an API token, a webhook with a parked delivery, a mail, a waitlist entry, a suspension, a training
 * request, a charge, a statement, a voucher, a test order with an attachment.
 */
export const populateWorld = async (db: Db, app: App, world: TestWorld, labs: Labs, dayOffset: number) => {
  const resource = await world.createResource({ approval: "MANAGER" });
  const day = futureDay(dayOffset);
  const member = await world.sessionHeaders(world.memberA.id);
  const booked = await app.request("/api/v1/bookings", {
    method: "POST",
    headers: member,
    body: JSON.stringify({
      resourceId: resource.id,
      start: at(day, 9).toISOString(),
      end: at(day, 10).toISOString(),
      purpose: `world ${world.tag}`,
    }),
  });
  expect(booked.status).toBe(201);
  const bookingId = (await booked.json()).bookings[0].id as string;
  const token = await app.request("/api/v1/auth/tokens", {
    method: "POST",
    headers: member,
    body: JSON.stringify({ name: world.tag }),
  });
  expect(token.status).toBe(201);
  const webhook = await db.webhookEndpoint.create({
    data: {
      url: "https://8.8.8.8/hook",
      format: "JSON",
      secret: "s",
      topics: [],
      facilityId: world.facility.id,
      createdById: world.manager.id,
    },
  });
  const delivery = await db.delivery.create({
    data: {
      channel: "WEBHOOK",
      messageId: `walk.${world.tag}`,
      topic: "booking.requested",
      webhookId: webhook.id,
      recipient: webhook.url,
      content: {},
      parkedAt: new Date(),
    },
  });
  const mail = await db.delivery.create({
    data: {
      channel: "EMAIL",
      messageId: `<walk.${world.tag}@zhongshi.notify>`,
      topic: "booking.requested",
      userId: world.memberA.id,
      recipient: world.memberA.email,
      content: { subject: "walk", text: "walk", html: "walk", locale: "zh-CN" },
    },
  });
  const waitlist = await db.waitlistEntry.create({
    data: {
      userId: world.memberA.id,
      organizationId: world.orgA.id,
      resourceId: resource.id,
      windowStart: at(day, 9),
      windowEnd: at(day, 12),
      durationMin: 60,
    },
  });
  const suspension = await db.suspension.create({
    data: {
      organizationId: world.orgA.id,
      facilityId: world.facility.id,
      startsAt: new Date(),
      endsAt: new Date(Date.now() + 7 * 86_400_000),
      reason: "walk",
    },
  });
  const training = await db.qualificationRequest.create({
    data: { userId: world.memberA.id, resourceId: resource.id },
  });
  const charge = await db.chargeLine.create({
    data: {
      organizationId: world.orgA.id,
      facilityId: world.facility.id,
      sourceType: "BOOKING",
      sourceId: bookingId,
      kind: "BOOKING",
      customerClass: "EXTERNAL",
      description: "walk",
      quantity: 1,
      quantityUnit: "HOUR",
      unitPriceFen: 100,
      grossFen: 100,
      amountFen: 100,
      serviceAt: new Date(),
      period: new Date().toISOString().slice(0, 7),
      confirmBy: new Date(Date.now() + 86_400_000),
    },
  });
  const statement = await db.statement.create({
    data: {
      number: `ST-${world.tag}`,
      organizationId: world.orgA.id,
      facilityId: world.facility.id,
      period: new Date().toISOString().slice(0, 7),
      organizationNameZh: "乙",
      organizationNameEn: "B",
      totalFen: 100,
    },
  });
  const voucher = await db.voucher.create({
    data: {
      organizationId: world.orgA.id,
      number: `V-${world.tag}`,
      issuer: "walk",
      amountFen: 100,
      validFrom: new Date(),
      validTo: new Date(Date.now() + 30 * 86_400_000),
    },
  });
  const order = await db.testOrder.create({
    data: {
      code: `WT-${world.tag}`,
      serviceId: labs.service.id,
      facilityId: world.facility.id,
      certificationBodyId: labs.lab1.body.id,
      organizationId: world.orgA.id,
      requesterId: world.memberA.id,
      status: "REQUESTED",
      sampleName: "walk",
      sampleQuantity: 1,
      matrix: "cell",
      items: [labs.itemA],
      standardNumber: labs.standard,
      reportLanguage: "ZH",
      retentionDays: 0,
    },
  });
  const file = await db.storedFile.create({
    data: { filename: "a.pdf", contentType: "application/pdf", sizeBytes: 3, sha256: "x", data: Buffer.from("abc") },
  });
  await db.orderFile.create({
    data: { orderId: order.id, fileId: file.id, kind: "ATTACHMENT", uploadedById: world.memberA.id },
  });

  return {
    resource,
    bookingId,
    tokenId: ((await token.json()) as { id: string }).id,
    webhook,
    delivery,
    mail,
    waitlist,
    suspension,
    training,
    charge,
    statement,
    voucher,
    order,
    file,
  };
};
