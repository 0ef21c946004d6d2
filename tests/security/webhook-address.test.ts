import dns from "node:dns/promises";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testApp, createWorld, futureDay, at, type TestWorld } from "../setup/fixtures.ts";
import { startHttpReceiver } from "../setup/mail.ts";
import { isForbiddenAddress, outboundDispatcher } from "../../api/src/lib/outbound-address.ts";
import { createMailer } from "../../api/src/modules/notifications/mailer.ts";
import {
  expandOutbox,
  sendDeliveries,
  type NotificationDeps,
} from "../../api/src/modules/notifications/deliver-notifications.ts";

// Webhook URLs are given by users, and the server calls them: they must never reach the server's own
// neighbourhood (loopback, private networks, cloud metadata). Literal addresses are refused at registration;
// names are judged on the addresses they resolve to when the call connects, so DNS rebinding cannot pass.
// This project runs without WEBHOOK_ALLOW_PRIVATE_HOSTS; the integration tests set it for their receiver.
const { db, app } = testApp(inject("databaseUrl"));
let world: TestWorld;
let manager: Record<string, string>;
let mailDir: string;
let deps: NotificationDeps;

const drain = async (d: NotificationDeps) => {
  for (let i = 0; i < 20; i++) {
    const expanded = await expandOutbox(db, d);
    const sent = await sendDeliveries(db, d);
    if (expanded === 0 && sent === 0) return;
  }
};

const register = (url: string) =>
  app.request("/api/v1/webhooks", {
    method: "POST",
    headers: manager,
    body: JSON.stringify({ url, format: "JSON", facilityId: world.facility.id, topics: ["booking.requested"] }),
  });

let dayOffset = 50;
const requestBooking = async () => {
  const resource = await world.createResource();
  const day = futureDay(dayOffset++);
  const response = await app.request("/api/v1/bookings", {
    method: "POST",
    headers: await world.sessionHeaders(world.memberA.id),
    body: JSON.stringify({
      resourceId: resource.id,
      start: at(day, 9).toISOString(),
      end: at(day, 10).toISOString(),
      purpose: "webhook address",
    }),
  });
  expect(response.status).toBe(201);
};

beforeAll(async () => {
  world = await createWorld(db);
  manager = await world.sessionHeaders(world.manager.id);
  mailDir = mkdtempSync(path.join(os.tmpdir(), "zs-sec-mail-"));
  deps = {
    mailer: createMailer({ from: "中试通 <noreply@zhongshi.test>", mailDir }),
    mailFrom: "中试通 <noreply@zhongshi.test>",
    publicOrigin: "http://portal.test",
    webhookDispatcher: outboundDispatcher({ allowPrivate: false }),
  };
  // Messages and deliveries of other test files are none of these tests' business.
  await db.outbox.updateMany({ where: { sentAt: null }, data: { sentAt: new Date() } });
  await db.delivery.updateMany({ where: { sentAt: null }, data: { sentAt: new Date() } });
});
afterAll(async () => {
  deps.mailer.close();
  rmSync(mailDir, { recursive: true, force: true });
  await db.$disconnect();
});

describe("which addresses a webhook may reach", () => {
  it.each([
    "127.0.0.1",
    "127.1.2.3",
    "0.0.0.0",
    "10.0.0.1",
    "172.16.5.4",
    "192.168.1.1",
    "169.254.169.254",
    "100.100.100.200",
    "255.255.255.255",
    "224.0.0.1",
    "::1",
    "::",
    "fe80::1",
    "fd00:ec2::254",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "64:ff9b::a00:1",
    "2002:7f00:1::",
    "not-an-address",
  ])("%s is refused", (address) => expect(isForbiddenAddress(address)).toBe(true));

  it.each(["8.8.8.8", "114.114.114.114", "2001:4860:4860::8888", "::ffff:8.8.8.8"])("%s is allowed", (address) =>
    expect(isForbiddenAddress(address)).toBe(false),
  );
});

describe("registration", () => {
  it.each([
    "http://127.0.0.1:9/hook",
    "http://[::1]/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.100.100.200/latest/meta-data/",
    "http://10.1.2.3/hook",
    "http://[::ffff:7f00:1]/hook",
    "http://0x7f000001/hook",
    "http://2130706433/hook",
    "http://localhost:3100/api/v1",
    "http://api.localhost/hook",
  ])("%s gets 422 WEBHOOK_ADDRESS_FORBIDDEN and is not stored", async (url) => {
    const response = await register(url);
    expect(response.status, url).toBe(422);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect((await response.json()).code).toBe("WEBHOOK_ADDRESS_FORBIDDEN");
    expect(await db.webhookEndpoint.count({ where: { facilityId: world.facility.id } })).toBe(0);
  });

  it("a public address is accepted", async () => {
    const response = await register("https://8.8.8.8/hook");
    expect(response.status).toBe(201);
    await db.webhookEndpoint.delete({ where: { id: (await response.json()).id } });
  });
});

describe("the call itself", () => {
  it("a name that resolves to this machine is refused when it connects; the opt-in lets the same call through", async () => {
    const receiver = await startHttpReceiver();
    // The machine's own name resolves to a loopback or private address here and on CI alike.
    const name = os.hostname();
    const resolved = await dns.lookup(name, { all: true });
    expect(resolved.length).toBeGreaterThan(0);
    for (const r of resolved) expect(isForbiddenAddress(r.address), `${name} → ${r.address}`).toBe(true);
    const url = receiver.url.replace("127.0.0.1", name);
    try {
      const created = await register(url);
      expect(created.status, "names are judged when called, not at registration").toBe(201);
      const hook = (await created.json()) as { id: string };

      await requestBooking();
      await drain(deps);
      expect(receiver.received).toHaveLength(0);
      const refused = await db.delivery.findFirstOrThrow({ where: { webhookId: hook.id } });
      expect(refused.sentAt).toBeNull();
      expect(refused.lastError).toMatch(/not a public address/);

      // The same delivery, retried with the development opt-in, reaches the receiver: the refusal above was
      // the address check, not a broken receiver.
      await db.delivery.update({ where: { id: refused.id }, data: { availableAt: new Date() } });
      const allowed = outboundDispatcher({ allowPrivate: true });
      await drain({ ...deps, webhookDispatcher: allowed });
      expect(receiver.received).toHaveLength(1);
      await allowed.close();
    } finally {
      await receiver.close();
    }
  });

  it("an address written into an endpoint before the check existed is refused at connect time too", async () => {
    const receiver = await startHttpReceiver();
    try {
      const hook = await db.webhookEndpoint.create({
        data: {
          url: receiver.url,
          format: "JSON",
          secret: "s",
          topics: ["booking.requested"],
          facilityId: world.facility.id,
          createdById: world.manager.id,
        },
      });
      await requestBooking();
      await drain(deps);
      expect(receiver.received).toHaveLength(0);
      const refused = await db.delivery.findFirstOrThrow({ where: { webhookId: hook.id } });
      expect(refused.lastError).toMatch(/127\.0\.0\.1.*not a public address/);
    } finally {
      await receiver.close();
    }
  });
});
