import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApp } from "../../api/src/app.ts";
import { createWorld, futureDay, at, ORIGIN, testApp, testUscc, type TestWorld } from "../setup/fixtures.ts";
import { startSmtpServer } from "../setup/mail.ts";
import { createMailer } from "../../api/src/modules/notifications/mailer.ts";
import {
  expandOutbox,
  sendDeliveries,
  type NotificationDeps,
} from "../../api/src/modules/notifications/deliver-notifications.ts";

const { db } = testApp(inject("databaseUrl"));
const mailDir = mkdtempSync(path.join(tmpdir(), "zs-mail-"));
const app = createApp({ db, config: { allowedOrigins: [ORIGIN], secureCookies: false, noShowGraceMin: 30, mailDir } });
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let deps: NotificationDeps;
let world: TestWorld;

const drain = async (d = deps) => {
  for (let i = 0; i < 10; i++) if ((await expandOutbox(db, d)) + (await sendDeliveries(db, d)) === 0) return;
};
const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(url, {
    method: "POST",
    headers: { origin: ORIGIN, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
const tokenIn = (text: string, page: string) =>
  new URL(text.match(new RegExp(`http://portal\\.test${page}\\?token=[\\w-]+`))![0]).searchParams.get("token")!;
const signIn = async (email: string, password: string) => {
  const r = await post("/api/v1/auth/sign-in", { email, password });
  return r.status === 200
    ? { cookie: r.headers.get("set-cookie")!.split(";")[0]!, origin: ORIGIN, "content-type": "application/json" }
    : null;
};

beforeAll(async () => {
  smtp = await startSmtpServer();
  deps = {
    mailer: createMailer({ smtpUrl: smtp.url, from: "noreply@zhongshi.test", mailDir }),
    mailFrom: "noreply@zhongshi.test",
    publicOrigin: "http://portal.test",
  };
  world = await createWorld(db);
  await db.outbox.updateMany({ where: { sentAt: null }, data: { sentAt: new Date() } });
});
afterAll(async () => {
  deps.mailer.close();
  await smtp.close();
  rmSync(mailDir, { recursive: true, force: true });
  await db.$disconnect();
});

describe("self-service accounts", () => {
  const email = `founder.${Date.now()}@test.zhongshi.cn`;
  const password = "first-password-2026";
  let organizationId: string;

  it("registers a company with a checked USCC; it stays unverified and cannot book until an admin verifies it", async () => {
    const bad = await post("/api/v1/accounts/registrations", {
      organization: { nameZh: "坏码公司", uscc: "91350100M000100Y44" },
      contact: { name: "张三" },
      member: { email, name: "张三", password },
    });
    expect(bad.status).toBe(400);
    const created = await post("/api/v1/accounts/registrations", {
      organization: { nameZh: "贵州自助注册公司", uscc: testUscc() },
      contact: { name: "张三", phone: "0851-1234567" },
      member: { email, name: "张三", password },
    });
    expect(created.status).toBe(201);
    const body = await created.json();
    organizationId = body.organizationId;
    expect(body.verification).toBe("UNVERIFIED");
    await drain();
    const mail = smtp.to(email).at(-1)!;
    expect(mail.subject).toBe("请验证您的邮箱地址");
    const verify = await post("/api/v1/accounts/email-verification", {
      token: tokenIn(mail.text!, "/account/verify-email"),
    });
    expect(verify.status).toBe(200);
    expect((await db.user.findUniqueOrThrow({ where: { email } })).emailVerifiedAt).not.toBeNull();
    // Used once only.
    expect(
      (await post("/api/v1/accounts/email-verification", { token: tokenIn(mail.text!, "/account/verify-email") }))
        .status,
    ).toBe(404);

    const session = (await signIn(email, password))!;
    const resource = await world.createResource({ approval: "AUTO" });
    const day = futureDay(50);
    const attempt = () =>
      post(
        "/api/v1/bookings",
        { resourceId: resource.id, start: at(day, 9).toISOString(), end: at(day, 10).toISOString(), purpose: "试用" },
        session,
      );
    const refused = await attempt();
    expect(refused.status).toBe(422);
    expect((await refused.json()).violations[0].code).toBe("ORGANIZATION_UNVERIFIED");
    expect((await app.request(`/api/v1/resources/${resource.code}`, { headers: session })).status).toBe(200);

    const admin = await world.sessionHeaders((await makeAdmin()).id);
    expect(
      (await post(`/api/v1/organization-verifications/${organizationId}`, { decision: "REFUSED" }, admin)).status,
    ).toBe(400);
    const list = await app.request("/api/v1/organization-verifications", { headers: admin });
    expect((await list.json()).items.map((o: { id: string }) => o.id)).toContain(organizationId);
    expect(
      (await post(`/api/v1/organization-verifications/${organizationId}`, { decision: "VERIFIED" }, session)).status,
    ).toBe(403);
    expect(
      (await post(`/api/v1/organization-verifications/${organizationId}`, { decision: "VERIFIED" }, admin)).status,
    ).toBe(200);
    expect((await attempt()).status).toBe(201);
  });

  it("resets a forgotten password by a single-use link without revealing whether the address exists", async () => {
    const known = await post("/api/v1/accounts/password-reset-requests", { email });
    const unknown = await post("/api/v1/accounts/password-reset-requests", {
      email: `nobody.${Date.now()}@test.zhongshi.cn`,
    });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(await known.json()).toEqual(await unknown.json());
    await drain();
    const mail = smtp.to(email).at(-1)!;
    expect(mail.subject).toBe("重置密码");
    const token = tokenIn(mail.text!, "/account/reset-password");
    expect((await post("/api/v1/accounts/password-reset", { token, password: "second-password-2026" })).status).toBe(
      200,
    );
    expect((await post("/api/v1/accounts/password-reset", { token, password: "third-password-2026" })).status).toBe(
      404,
    );
    expect(await signIn(email, password)).toBeNull();
    const session = (await signIn(email, "second-password-2026"))!;
    const wrong = await post(
      "/api/v1/accounts/password",
      { currentPassword: "nope", newPassword: "fourth-password-2026" },
      session,
    );
    expect(wrong.status).toBe(400);
    const changed = await post(
      "/api/v1/accounts/password",
      { currentPassword: "second-password-2026", newPassword: "fourth-password-2026" },
      session,
    );
    expect(changed.status).toBe(200);
    expect(await signIn(email, "fourth-password-2026")).not.toBeNull();
  });

  it("invites a member by e-mail; the link creates the account in that organization once", async () => {
    const session = (await signIn(email, "fourth-password-2026"))!;
    const invitee = `invitee.${Date.now()}@test.zhongshi.cn`;
    const outsider = await world.sessionHeaders(world.memberA.id);
    expect(
      (await post(`/api/v1/organizations/${organizationId}/invitations`, { email: invitee }, outsider)).status,
    ).toBe(404);
    expect(
      (await post(`/api/v1/organizations/${organizationId}/invitations`, { email: invitee, locale: "en" }, session))
        .status,
    ).toBe(201);
    await drain();
    const mail = smtp.to(invitee).at(-1)!;
    expect(mail.subject).toMatch(/^Join 贵州自助注册公司/);
    const token = tokenIn(mail.text!, "/account/invitation");
    const accepted = await post("/api/v1/accounts/invitations/accept", {
      token,
      name: "李四",
      password: "invitee-password-1",
    });
    expect(accepted.status).toBe(200);
    expect((await accepted.json()).organizationId).toBe(organizationId);
    expect(
      (await post("/api/v1/accounts/invitations/accept", { token, name: "李四", password: "invitee-password-1" }))
        .status,
    ).toBe(404);
    expect(await signIn(invitee, "invitee-password-1")).not.toBeNull();
  });
});

describe("inbox, preferences and the development mailbox", () => {
  it("counts unread notifications, marks them read, honours 'no e-mail' and writes .eml files listed for the recipient", async () => {
    const files = { ...deps, mailer: createMailer({ from: "noreply@zhongshi.test", mailDir }) };
    const manager = await world.sessionHeaders(world.manager.id);
    const save = await app.request("/api/v1/notifications/preferences", {
      method: "PUT",
      headers: manager,
      body: JSON.stringify({ items: [{ topic: "booking.requested", email: "NONE" }] }),
    });
    expect(save.status).toBe(200);
    const resource = await world.createResource();
    const day = futureDay(51);
    const member = await world.sessionHeaders(world.memberA.id);
    const booked = await post(
      "/api/v1/bookings",
      { resourceId: resource.id, start: at(day, 9).toISOString(), end: at(day, 10).toISOString(), purpose: "收件箱" },
      member,
    );
    expect(booked.status).toBe(201);
    const bookingId = (await booked.json()).bookings[0].id;
    await drain(files);
    const count = await (await app.request("/api/v1/notifications/unread-count", { headers: manager })).json();
    expect(count.unread).toBeGreaterThanOrEqual(1);
    const inbox = await (await app.request("/api/v1/notifications?unread=true", { headers: manager })).json();
    expect(inbox.items[0].title).toMatch(/^新预约申请/);
    expect(await db.delivery.count({ where: { recipient: world.manager.email, topic: "booking.requested" } })).toBe(0);
    const marked = await post("/api/v1/notifications/read", { ids: [inbox.items[0].id] }, manager);
    expect((await marked.json()).unread).toBe(count.unread - 1);
    expect((await post("/api/v1/notifications/read", { ids: [inbox.items[0].id] }, member)).status).toBe(404);

    await post(`/api/v1/bookings/${bookingId}/approve`, {}, manager);
    await drain(files);
    expect(readdirSync(mailDir).some((f) => f.endsWith(".eml"))).toBe(true);
    const box = await (await app.request("/api/v1/dev-mailbox", { headers: member })).json();
    const approval = box.items.find((m: { subject: string }) => m.subject.startsWith("预约已批准"));
    expect(approval.hasCalendar).toBe(true);
    expect(box.items.every((m: { to: string }) => m.to === world.memberA.email)).toBe(true);
    const eml = await app.request(`/api/v1/dev-mailbox/${approval.id}`, { headers: member });
    expect(eml.status).toBe(200);
    expect(await eml.text()).toContain("METHOD:REQUEST");
    expect((await app.request(`/api/v1/dev-mailbox/${approval.id}`, { headers: manager })).status).toBe(404);
    expect(readFileSync(path.join(mailDir, readdirSync(mailDir)[0]!), "utf8")).toMatch(
      /^Content-Type|^From|^To|^Subject|^Message-ID|^Date|^MIME/m,
    );
  });

  it("lets managers register a webhook for their facility only, and admins see the delivery log", async () => {
    const manager = await world.sessionHeaders(world.manager.id);
    const other = await world.sessionHeaders(world.otherManager.id);
    const created = await post(
      "/api/v1/webhooks",
      { url: "http://127.0.0.1:9/hook", format: "JSON", facilityId: world.facility.id },
      manager,
    );
    expect(created.status).toBe(201);
    expect((await created.json()).secret).toMatch(/.{20,}/);
    expect(
      (
        await post(
          "/api/v1/webhooks",
          { url: "http://127.0.0.1:9/hook", format: "JSON", facilityId: world.facility.id },
          other,
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await post(
          "/api/v1/webhooks",
          { url: "http://127.0.0.1:9/hook", format: "WECOM" },
          await world.sessionHeaders(world.memberA.id),
        )
      ).status,
    ).toBe(403);
    const admin = await world.sessionHeaders((await makeAdmin()).id);
    expect((await app.request("/api/v1/deliveries?state=PARKED", { headers: admin })).status).toBe(200);
    expect(
      (await app.request("/api/v1/deliveries", { headers: await world.sessionHeaders(world.memberA.id) })).status,
    ).toBe(403);
  });
});

let adminUser: { id: string } | undefined;
const makeAdmin = async () => {
  if (adminUser) return adminUser;
  const authority = await db.organization.create({
    data: { kind: "AUTHORITY", nameZh: `局${world.tag}`, nameEn: `Authority ${world.tag}`, uscc: testUscc() },
  });
  adminUser = await db.user.create({
    data: {
      email: `admin.acc.${world.tag.toLowerCase()}@test.zhongshi.cn`,
      name: "admin",
      passwordHash: "x",
      memberships: { create: { organizationId: authority.id, role: "ADMIN" } },
    },
  });
  return adminUser;
};
