import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createHmac } from "node:crypto";
import { testApp, createWorld, futureDay, at, type TestWorld } from "../setup/fixtures.ts";
import { startHttpReceiver, startSmtpServer } from "../setup/mail.ts";
import { createBookings } from "../../api/src/modules/bookings/create-bookings.ts";
import { transitionBooking } from "../../api/src/modules/bookings/transition-booking.ts";
import { createMailer } from "../../api/src/modules/notifications/mailer.ts";
import {
  expandOutbox,
  sendDeliveries,
  type NotificationDeps,
} from "../../api/src/modules/notifications/deliver-notifications.ts";
import { defineTopic } from "../../api/src/modules/notifications/topics.ts";

const { db } = testApp(inject("databaseUrl"));
let world: TestWorld;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let deps: NotificationDeps;

/** Runs the notification job until nothing is left to do. */
const drain = async (d: NotificationDeps = deps) => {
  for (let i = 0; i < 20; i++) {
    const expanded = await expandOutbox(db, d);
    const sent = await sendDeliveries(db, d);
    if (expanded === 0 && sent === 0) return;
  }
};

beforeAll(async () => {
  smtp = await startSmtpServer();
  deps = {
    mailer: createMailer({ smtpUrl: smtp.url, from: "中试通 <noreply@zhongshi.test>", mailDir: "/nonexistent" }),
    mailFrom: "中试通 <noreply@zhongshi.test>",
    publicOrigin: "http://portal.test",
  };
  world = await createWorld(db);
  await db.user.update({ where: { id: world.memberA.id }, data: { locale: "en" } });
  // Messages of other test files are none of these tests' business.
  await db.outbox.updateMany({ where: { sentAt: null }, data: { sentAt: new Date() } });
});
afterAll(async () => {
  deps.mailer.close();
  await smtp.close();
  await db.$disconnect();
});

describe("notifications through the outbox", () => {
  let bookingId: string;
  const day = futureDay(40);

  it("tells the facility's managers of a new request, in Chinese, in the inbox and by SMTP", async () => {
    const resource = await world.createResource();
    const actor = await world.actorOf(world.memberA.id);
    const { bookings } = await createBookings({
      db,
      actor,
      input: {
        items: [{ resourceId: resource.id, range: { start: at(day, 9).getTime(), end: at(day, 11).getTime() } }],
        purpose: "电池循环测试",
      },
    });
    bookingId = bookings[0]!.id;
    await drain();
    const mails = smtp.to(world.manager.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/^新预约申请：测试设备 .* 09:00–11:00$/);
    expect(mails[0]!.text).toContain("电池循环测试");
    expect(mails[0]!.html).toContain('<html lang="zh-CN">');
    expect(mails[0]!.headers.get("content-language")).toBe("zh-CN");
    const inbox = await db.notification.findMany({ where: { userId: world.manager.id } });
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.readAt).toBeNull();
    // Another manager of another facility hears nothing.
    expect(smtp.to(world.otherManager.email)).toHaveLength(0);
  });

  it("sends the approval in the requester's language with a calendar invitation, and schedules reminders", async () => {
    await transitionBooking({ db, actor: await world.actorOf(world.manager.id), bookingId, action: "approve" });
    await drain();
    const mails = smtp.to(world.memberA.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/^Booking approved: Test instrument/);
    const ics = mails[0]!.attachments.find((a) => a.contentType.startsWith("text/calendar"));
    expect(ics).toBeDefined();
    const text = ics!.content.toString();
    expect(text).toContain("METHOD:REQUEST");
    expect(text).toContain(`UID:${bookingId}@zhongshi`);
    const reminders = await db.outbox.findMany({
      where: { topic: "booking.reminder", sentAt: null, dedupeKey: { startsWith: `reminder:${bookingId}:` } },
    });
    expect(reminders.map((r) => (r.payload as { lead: string }).lead).sort()).toEqual(["1h", "24h"]);
    expect(reminders.find((r) => (r.payload as { lead: string }).lead === "1h")!.availableAt.getTime()).toBe(
      at(day, 8).getTime(),
    );
  });

  it("sends a due reminder once, then cancels the rest and sends METHOD:CANCEL with the same UID when the facility cancels", async () => {
    await db.outbox.updateMany({
      where: { dedupeKey: { startsWith: `reminder:${bookingId}:24h` } },
      data: { availableAt: new Date() },
    });
    await drain();
    expect(smtp.to(world.memberA.email).map((m) => m.subject)).toContainEqual(
      expect.stringMatching(/^Reminder \(in 24 hours\)/),
    );
    await transitionBooking({
      db,
      actor: await world.actorOf(world.manager.id),
      bookingId,
      action: "cancel",
      reason: "设备故障",
    });
    await drain();
    const cancel = smtp.to(world.memberA.email).at(-1)!;
    expect(cancel.subject).toMatch(/^Booking cancelled by the facility/);
    const ics = cancel.attachments.find((a) => a.contentType.startsWith("text/calendar"))!.content.toString();
    expect(ics).toContain("METHOD:CANCEL");
    expect(ics).toContain(`UID:${bookingId}@zhongshi`);
    expect(
      await db.outbox.count({ where: { dedupeKey: { startsWith: `reminder:${bookingId}:` }, sentAt: null } }),
    ).toBe(0);
  });

  it("does not mail the requester about their own cancellation", async () => {
    const resource = await world.createResource({ approval: "AUTO" });
    const actor = await world.actorOf(world.memberA.id);
    const { bookings } = await createBookings({
      db,
      actor,
      input: {
        items: [{ resourceId: resource.id, range: { start: at(day, 13).getTime(), end: at(day, 14).getTime() } }],
        purpose: "p",
      },
    });
    await drain();
    const before = smtp.to(world.memberA.email).length;
    await transitionBooking({ db, actor, bookingId: bookings[0]!.id, action: "cancel" });
    await drain();
    expect(smtp.to(world.memberA.email)).toHaveLength(before);
  });

  it("sends each message once when replicas run the job at the same time, with one Message-ID per message", async () => {
    const resource = await world.createResource();
    const actor = await world.actorOf(world.memberB.id);
    await createBookings({
      db,
      actor,
      input: {
        items: Array.from({ length: 8 }, (_, i) => ({
          resourceId: resource.id,
          range: { start: at(day, i).getTime(), end: at(day, i, 30).getTime() },
        })),
        purpose: "并发",
      },
    });
    const before = smtp.to(world.manager.email).length;
    await Promise.all([drain(), drain(), drain()]);
    const mails = smtp.to(world.manager.email).slice(before);
    expect(mails).toHaveLength(8);
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(8);
  });

  it("retries a failing mail with back-off and parks it after the last attempt, visible with its error", async () => {
    const broken: NotificationDeps = {
      ...deps,
      maxAttempts: 3,
      mailer: {
        describe: "broken",
        close: () => {},
        send: async () => Promise.reject(new Error("550 mailbox unavailable")),
      },
    };
    defineTopic("test.parked", { to: ["userId"], "zh-CN": "测试", en: "test" });
    const row = await db.outbox.create({ data: { topic: "test.parked", payload: { userId: world.memberB.id } } });
    await expandOutbox(db, broken);
    for (let i = 0; i < 3; i++) {
      await sendDeliveries(db, broken);
      await db.delivery.updateMany({ where: { outboxId: row.id }, data: { availableAt: new Date() } });
    }
    const delivery = await db.delivery.findFirstOrThrow({ where: { outboxId: row.id } });
    expect(delivery.attempts).toBe(3);
    expect(delivery.parkedAt).not.toBeNull();
    expect(delivery.lastError).toContain("550");
    await sendDeliveries(db, broken);
    expect((await db.delivery.findFirstOrThrow({ where: { outboxId: row.id } })).attempts).toBe(3);
  });

  it("registers a topic in one line, for other areas' events", async () => {
    defineTopic("qualification.granted.test", {
      to: ["userId"],
      "zh-CN": "您已获得资质：{resourceName}",
      en: "Qualified: {resourceName}",
    });
    await db.outbox.create({
      data: { topic: "qualification.granted.test", payload: { userId: world.memberA.id, resourceName: "XRD" } },
    });
    await drain();
    expect(smtp.to(world.memberA.email).at(-1)!.subject).toBe("Qualified: XRD");
  });
});

describe("other events", () => {
  it("warns of a hold about to expire, tells of a no-show and of a maintenance cancellation", async () => {
    const resource = await world.createResource();
    const day = futureDay(44);
    const memberA = await world.actorOf(world.memberA.id);
    const manager = await world.actorOf(world.manager.id);
    const book = async (hour: number) =>
      (
        await createBookings({
          db,
          actor: memberA,
          input: {
            items: [
              { resourceId: resource.id, range: { start: at(day, hour).getTime(), end: at(day, hour + 1).getTime() } },
            ],
            purpose: "events",
          },
        })
      ).bookings[0]!.id;
    const pending = await book(8);
    await drain();
    const warning = await db.outbox.findUniqueOrThrow({ where: { dedupeKey: `hold:${pending}:expiring` } });
    const hold = await db.booking.findUniqueOrThrow({ where: { id: pending } });
    expect(warning.availableAt.getTime()).toBe(hold.holdExpiresAt!.getTime() - 2 * 3_600_000);
    await db.outbox.update({ where: { id: warning.id }, data: { availableAt: new Date() } });
    await drain();
    expect(smtp.to(world.memberA.email).at(-1)!.subject).toMatch(/^Booking request about to expire/);
    expect(smtp.to(world.manager.email).at(-1)!.subject).toMatch(/^预约申请即将过期/);

    await transitionBooking({ db, actor: manager, bookingId: pending, action: "approve" });
    await transitionBooking({ db, actor: manager, bookingId: pending, action: "noShow", now: at(day, 9).getTime() });
    await drain();
    expect(smtp.to(world.memberA.email).at(-1)!.subject).toMatch(/^No-show recorded/);

    const other = await book(12);
    await transitionBooking({ db, actor: manager, bookingId: other, action: "approve" });
    const { createMaintenanceBlock } = await import("../../api/src/modules/bookings/maintenance.ts");
    await createMaintenanceBlock({
      db,
      actor: manager,
      input: {
        resourceId: resource.id,
        range: { start: at(day, 11).getTime(), end: at(day, 14).getTime() },
        reason: "校准",
        cancelConflicting: true,
      },
    });
    await drain();
    const mail = smtp.to(world.memberA.email).at(-1)!;
    expect(mail.subject).toMatch(/^Booking cancelled for maintenance/);
    expect(mail.text).toContain("校准");
    expect(mail.attachments.find((a) => a.contentType.startsWith("text/calendar"))!.content.toString()).toContain(
      "METHOD:CANCEL",
    );
  });

  it("sends managers who chose it one digest of new requests instead of one mail each", async () => {
    const { sendDigests } = await import("../../api/src/modules/notifications/deliver-notifications.ts");
    await db.notificationPreference.create({
      data: { userId: world.manager.id, topic: "booking.requested", email: "DIGEST" },
    });
    const resource = await world.createResource();
    const day = futureDay(45);
    const before = smtp.to(world.manager.email).length;
    await createBookings({
      db,
      actor: await world.actorOf(world.memberB.id),
      input: {
        items: [9, 11].map((h) => ({
          resourceId: resource.id,
          range: { start: at(day, h).getTime(), end: at(day, h + 1).getTime() },
        })),
        purpose: "digest",
      },
    });
    await drain();
    expect(smtp.to(world.manager.email)).toHaveLength(before);
    expect(await sendDigests(db, { ...deps, digestAfterMinutes: 0 })).toBe(1);
    await drain();
    const digest = smtp.to(world.manager.email).slice(before);
    expect(digest).toHaveLength(1);
    expect(digest[0]!.subject).toBe("新预约申请汇总：2 条待审批");
    expect(await sendDigests(db, { ...deps, digestAfterMinutes: 0 })).toBe(0);
    await db.notificationPreference.deleteMany({ where: { userId: world.manager.id } });
  });
});

describe("webhooks", () => {
  it("signs generic JSON with HMAC-SHA256, speaks the robots' format, and retries a failing endpoint", async () => {
    const receiver = await startHttpReceiver((n) => (n === 1 ? 500 : 200));
    const robot = await startHttpReceiver();
    const json = await db.webhookEndpoint.create({
      data: {
        url: receiver.url,
        format: "JSON",
        secret: "s3cret",
        topics: ["booking.requested"],
        facilityId: world.facility.id,
        createdById: world.manager.id,
      },
    });
    await db.webhookEndpoint.create({
      data: {
        url: robot.url,
        format: "WECOM",
        secret: "",
        topics: [],
        facilityId: world.facility.id,
        createdById: world.manager.id,
      },
    });
    const resource = await world.createResource();
    const day = futureDay(41);
    await createBookings({
      db,
      actor: await world.actorOf(world.memberB.id),
      input: {
        items: [{ resourceId: resource.id, range: { start: at(day, 9).getTime(), end: at(day, 10).getTime() } }],
        purpose: "hook",
      },
    });
    await drain();
    expect(receiver.received).toHaveLength(1);
    const log = await db.delivery.findFirstOrThrow({ where: { webhookId: json.id } });
    expect(log.lastStatus).toBe(500);
    expect(log.sentAt).toBeNull();
    await db.delivery.update({ where: { id: log.id }, data: { availableAt: new Date() } });
    await drain();
    expect(receiver.received).toHaveLength(2);
    const call = receiver.received[1]!;
    const signature = createHmac("sha256", "s3cret")
      .update(`${call.headers["x-zhongshi-timestamp"]}.${call.body}`)
      .digest("hex");
    expect(call.headers["x-zhongshi-signature"]).toBe(`sha256=${signature}`);
    expect(call.headers["x-zhongshi-delivery"]).toBe(receiver.received[0]!.headers["x-zhongshi-delivery"]);
    expect(JSON.parse(call.body)).toMatchObject({ topic: "booking.requested", data: { resourceCode: resource.code } });
    expect((await db.delivery.findFirstOrThrow({ where: { id: log.id } })).sentAt).not.toBeNull();
    const robotCall = JSON.parse(robot.received[0]!.body);
    expect(robotCall.msgtype).toBe("text");
    expect(robotCall.text.content).toContain("新预约申请");
    await receiver.close();
    await robot.close();
  });
});

describe("waitlist", () => {
  it("offers a cancelled slot to the first member waiting, holds it, and books it on acceptance", async () => {
    const { joinWaitlist, acceptOffer, listMyWaitlist } =
      await import("../../api/src/modules/waitlist/waitlist.service.ts");
    const resource = await world.createResource();
    const day = futureDay(42);
    const range = { start: at(day, 9).getTime(), end: at(day, 11).getTime() };
    const memberA = await world.actorOf(world.memberA.id);
    const memberB = await world.actorOf(world.memberB.id);
    const { bookings } = await createBookings({
      db,
      actor: memberA,
      input: { items: [{ resourceId: resource.id, range }], purpose: "first" },
    });
    const entry = await joinWaitlist({
      db,
      actor: memberB,
      input: { resourceId: resource.id, window: range, purpose: "waiting" },
    });
    expect(entry.status).toBe("WAITING");
    await transitionBooking({ db, actor: memberA, bookingId: bookings[0]!.id, action: "cancel" });
    await drain();
    const offered = (await listMyWaitlist({ db, actor: memberB })).items.find((e) => e.id === entry.id)!;
    expect(offered.status).toBe("OFFERED");
    const hold = await db.booking.findUniqueOrThrow({ where: { id: offered.offerBookingId! } });
    expect(hold.status).toBe("PENDING");
    expect(hold.startsAt.getTime()).toBe(range.start);
    expect(smtp.to(world.memberB.email).at(-1)!.subject).toMatch(/^候补时段可预约/);
    // Nobody else can take the held time.
    await expect(
      createBookings({ db, actor: memberA, input: { items: [{ resourceId: resource.id, range }], purpose: "again" } }),
    ).rejects.toMatchObject({ code: "BOOKING_CONFLICT" });
    const accepted = await acceptOffer({ db, actor: memberB, entryId: entry.id });
    expect(accepted.status).toBe("BOOKED");
    const booking = await db.booking.findUniqueOrThrow({ where: { id: hold.id } });
    expect(booking.status).toBe("PENDING");
    expect(booking.purpose).toBe("waiting");
    expect(booking.quotedPriceFen).toBeGreaterThan(0);
    await drain();
    expect(smtp.to(world.manager.email).at(-1)!.subject).toMatch(/^新预约申请/);
  });

  it("offers freed time on an equivalent resource to members who accept equivalents", async () => {
    const { joinWaitlist } = await import("../../api/src/modules/waitlist/waitlist.service.ts");
    const wanted = await world.createResource();
    const equivalent = await world.createResource();
    const day = futureDay(46);
    const range = { start: at(day, 9).getTime(), end: at(day, 10).getTime() };
    const memberA = await world.actorOf(world.memberA.id);
    const memberB = await world.actorOf(world.memberB.id);
    const { bookings } = await createBookings({
      db,
      actor: memberA,
      input: { items: [{ resourceId: equivalent.id, range }], purpose: "x" },
    });
    const strict = await joinWaitlist({ db, actor: memberB, input: { resourceId: wanted.id, window: range } });
    const flexible = await joinWaitlist({
      db,
      actor: memberB,
      input: { resourceId: wanted.id, window: range, includeEquivalents: true },
    });
    await transitionBooking({ db, actor: memberA, bookingId: bookings[0]!.id, action: "cancel" });
    await drain();
    expect((await db.waitlistEntry.findUniqueOrThrow({ where: { id: strict.id } })).status).toBe("WAITING");
    const offered = await db.waitlistEntry.findUniqueOrThrow({ where: { id: flexible.id } });
    expect(offered.status).toBe("OFFERED");
    expect((await db.booking.findUniqueOrThrow({ where: { id: offered.offerBookingId! } })).resourceId).toBe(
      equivalent.id,
    );
  });

  it("hands a lapsed offer to the next in line", async () => {
    const { joinWaitlist, listMyWaitlist } = await import("../../api/src/modules/waitlist/waitlist.service.ts");
    const { expirePendingHolds } = await import("../../api/src/modules/bookings/transition-booking.ts");
    const resource = await world.createResource();
    const day = futureDay(43);
    const range = { start: at(day, 9).getTime(), end: at(day, 10).getTime() };
    const manager = await world.actorOf(world.manager.id);
    const { bookings } = await createBookings({
      db,
      actor: await world.actorOf(world.memberA.id),
      input: { items: [{ resourceId: resource.id, range }], purpose: "x" },
    });
    const first = await joinWaitlist({
      db,
      actor: await world.actorOf(world.memberB.id),
      input: {
        resourceId: resource.id,
        window: { start: at(day, 8).getTime(), end: at(day, 12).getTime() },
        durationMin: 60,
      },
    });
    const second = await joinWaitlist({
      db,
      actor: await world.actorOf(world.memberA.id),
      input: { resourceId: resource.id, window: range },
    });
    await transitionBooking({ db, actor: manager, bookingId: bookings[0]!.id, action: "reject", reason: "资料不全" });
    await drain();
    const offer = await db.waitlistEntry.findUniqueOrThrow({ where: { id: first.id } });
    expect(offer.status).toBe("OFFERED");
    expect((await db.waitlistEntry.findUniqueOrThrow({ where: { id: second.id } })).status).toBe("WAITING");
    await db.booking.update({
      where: { id: offer.offerBookingId! },
      data: { holdExpiresAt: new Date(Date.now() - 1000) },
    });
    await expirePendingHolds(db);
    await drain();
    expect((await db.waitlistEntry.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("LAPSED");
    const next = (await listMyWaitlist({ db, actor: await world.actorOf(world.memberA.id) })).items.find(
      (e) => e.id === second.id,
    )!;
    expect(next.status).toBe("OFFERED");
    // The lapsed member is not told "your request expired": it was an offer, not their request.
    expect(smtp.to(world.memberB.email).filter((m) => /过期|expired/i.test(m.subject ?? ""))).toHaveLength(0);
  });
});
