import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createHash } from "node:crypto";
import { testApp, createWorld, futureDay, at, ORIGIN, type TestWorld } from "../setup/fixtures.ts";
import { createOrderWorld, fakePdf } from "../setup/order-fixtures.ts";
import { remindRetentionEnding } from "../../api/src/modules/orders/transition-order.ts";

const { db, app } = testApp(inject("databaseUrl"));
let world: TestWorld;
let ow: Awaited<ReturnType<typeof createOrderWorld>>;
let h: Record<"memberA" | "memberB" | "manager" | "staff1" | "staff2" | "anonymous", Record<string, string>>;

beforeAll(async () => {
  world = await createWorld(db);
  ow = await createOrderWorld(db, world);
  h = {
    memberA: await world.sessionHeaders(world.memberA.id),
    memberB: await world.sessionHeaders(world.memberB.id),
    manager: await world.sessionHeaders(world.manager.id),
    staff1: await world.sessionHeaders(ow.staff1.id),
    staff2: await world.sessionHeaders(ow.staff2.id),
    anonymous: { origin: ORIGIN, "content-type": "application/json" },
  };
});
afterAll(() => db.$disconnect());

type Who = keyof typeof h;
const call = (who: Who, method: string, path: string, body?: unknown) =>
  app.request(`/api/v1${path}`, {
    method,
    headers: h[who],
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const upload = (who: Who, path: string, bytes: Uint8Array, type = "application/pdf", method = "PUT") =>
  app.request(`/api/v1${path}`, {
    method,
    headers: { ...h[who], "content-type": type },
    body: new Uint8Array(bytes),
  });

const requestBody = (extra: Record<string, unknown> = {}) => ({
  serviceId: ow.service.id,
  certificationBodyId: ow.lab1.body.id,
  sampleName: "磷酸铁锂电芯 LFP-280",
  sampleQuantity: 3,
  matrix: "动力电池单体",
  items: [ow.itemA, ow.itemB],
  standardNumber: ow.standard,
  reportLanguage: "ZH_EN",
  retentionDays: 30,
  hazards: "锂电池，运输按 UN3480",
  ...extra,
});

const newOrder = async (extra: Record<string, unknown> = {}) => {
  const response = await call("memberA", "POST", "/orders", requestBody(extra));
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; code: string; status: string };
};

const outboxTopics = async (orderId: string) =>
  (
    await db.$queryRaw<{ topic: string }[]>`SELECT topic FROM outbox WHERE payload->>'orderId' = ${orderId} ORDER BY id`
  ).map((r) => r.topic);

describe("finding who can do a test", () => {
  it("finds the service and the accredited bodies by standard number, spacing and year aside", async () => {
    const q = ow.standard.replace(/-2025$/, "").replace(" ", "");
    const result = await (await call("anonymous", "GET", `/test-services?q=${encodeURIComponent(q)}`)).json();
    const service = result.services.find((s: { code: string }) => s.code === ow.service.code);
    expect(service).toBeDefined();
    expect(service.priceExternalFen).toBe(750_000);
    expect(service.turnaroundDays).toBe(5);
    const byCode = Object.fromEntries(service.accreditedBodies.map((b: { code: string }) => [b.code, b]));
    expect(byCode[ow.lab1.body.code]).toMatchObject({ cma: true, cnas: true });
    expect(byCode[ow.lab1.body.code].items).toHaveLength(2);
    // Body 2 performs the service and is listed only for the item its scope covers, without CMA/CNAS.
    expect(byCode[ow.lab2.body.code].items.map((i: { itemZh: string }) => i.itemZh)).toEqual([ow.itemA]);
    expect(byCode[ow.lab2.body.code]).toMatchObject({ cma: false, cnas: false });
  });

  it("never shows a body as accredited for an item outside its scope", async () => {
    const result = await (await call("anonymous", "GET", `/test-services?q=${encodeURIComponent(ow.itemB)}`)).json();
    const service = result.services.find((s: { code: string }) => s.code === ow.service.code);
    expect(service.accreditedBodies.map((b: { code: string }) => b.code)).toEqual([ow.lab1.body.code]);
    expect(result.bodies.map((b: { code: string }) => b.code)).toEqual([ow.lab1.body.code]);
  });

  it.each(["GB 38031", "重金属", "EMC", "保质期", "GB 4806.7-2016"])("finds seeded services for %s", async (q) => {
    const result = await (await call("anonymous", "GET", `/test-services?q=${encodeURIComponent(q)}`)).json();
    expect(result.services.length, q).toBeGreaterThan(0);
    expect(result.bodies.length, q).toBeGreaterThan(0);
    // Every listed body was found through one of its own scope lines.
    const bodyCodes = new Set(result.bodies.map((b: { code: string }) => b.code));
    for (const s of result.services) {
      for (const b of s.accreditedBodies) expect(bodyCodes.has(b.code)).toBe(true);
    }
  });

  it("checks every accreditation claim of a search against the database", async () => {
    const result = await (await call("anonymous", "GET", `/test-services?q=${encodeURIComponent("重金属")}`)).json();
    for (const s of result.services) {
      for (const b of s.accreditedBodies) {
        for (const item of b.items) {
          const count = await db.accreditationScope.count({
            where: {
              certificationBodyId: b.id,
              standardNumber: item.standardNumber,
              itemZh: item.itemZh,
            },
          });
          expect(count, `${b.code} ${item.itemZh}`).toBe(1);
        }
      }
    }
  });

  it("shows a service page with per-body item accreditation", async () => {
    const service = await (await call("anonymous", "GET", `/test-services/${ow.service.code}`)).json();
    const lab2 = service.bodies.find((b: { code: string }) => b.code === ow.lab2.body.code);
    expect(lab2.coversAllItems).toBe(false);
    expect(lab2.items.map((i: { accredited: boolean }) => i.accredited)).toEqual([true, false]);
  });
});

describe("the order lifecycle", () => {
  it("runs request → quote → accept → receive → test → report → download → confirm → close", async () => {
    const order = await newOrder();
    expect(order.code).toMatch(/^WT-\d{8}-\d{5}$/);
    expect(order.status).toBe("REQUESTED");

    // The customer cannot quote; body 2's staff cannot even see an order for body 1.
    expect(
      (
        await call("memberA", "POST", `/orders/${order.id}/quote`, {
          priceFen: 1,
          validUntil: new Date(Date.now() + 86_400_000).toISOString(),
        })
      ).status,
    ).toBe(403);
    expect((await call("staff2", "GET", `/orders/${order.id}`)).status).toBe(404);

    const validUntil = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const quoted = await call("staff1", "POST", `/orders/${order.id}/quote`, { priceFen: 2_250_000, validUntil });
    expect(quoted.status).toBe(200);
    expect(await quoted.json()).toMatchObject({ status: "QUOTED", priceFen: 2_250_000 });

    expect((await call("memberA", "POST", `/orders/${order.id}/accept`, {})).status).toBe(200);
    const received = await call("manager", "POST", `/orders/${order.id}/receive`, {
      condition: "完好，密封",
      storage: "样品室 A-03",
    });
    const afterReceipt = await received.json();
    expect(afterReceipt.status).toBe("RECEIVED");
    expect(afterReceipt.sampleCode).toBe(`${order.code}-S1`);
    expect(afterReceipt.custody).toHaveLength(1);
    expect(afterReceipt.custody[0]).toMatchObject({
      action: "RECEIVED",
      condition: "完好，密封",
      storage: "样品室 A-03",
    });
    expect(Date.parse(afterReceipt.dueAt)).toBeGreaterThan(Date.parse(afterReceipt.receivedAt) + 5 * 86_400_000);

    const label = await (await call("staff1", "GET", `/orders/${order.id}/label`)).json();
    expect(label.sampleCode).toBe(afterReceipt.sampleCode);
    expect(label.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect((await call("memberA", "GET", `/orders/${order.id}/label`)).status).toBe(403);
    // The customer does not see the lab's custody log.
    expect((await (await call("memberA", "GET", `/orders/${order.id}`)).json()).custody).toEqual([]);

    expect((await call("staff1", "POST", `/orders/${order.id}/start`, {})).status).toBe(200);

    // Reports: PDF only (by content), over the 64 KiB JSON limit is fine for the upload route.
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]);
    expect((await upload("staff1", `/orders/${order.id}/report?filename=r.pdf`, png)).status).toBe(415);
    const pdf = fakePdf(300_000);
    const issued = await upload(
      "staff1",
      `/orders/${order.id}/report?filename=${encodeURIComponent("检测报告.pdf")}`,
      pdf,
    );
    expect(issued.status).toBe(200);
    const reported = await issued.json();
    expect(reported.status).toBe("REPORTED");
    expect(reported.report.sha256).toBe(createHash("sha256").update(pdf).digest("hex"));
    expect(reported.report.verificationCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
    expect(reported.retentionEndsAt).not.toBeNull();

    // Confirming needs a download first.
    expect((await call("memberA", "POST", `/orders/${order.id}/confirm`, {})).status).toBe(422);
    expect((await call("memberB", "GET", `/orders/${order.id}/report`)).status).toBe(404);
    const download = await call("memberA", "GET", `/orders/${order.id}/report`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
    expect(download.headers.get("content-disposition")).toContain("attachment;");
    expect(download.headers.get("content-disposition")).toContain(encodeURIComponent("检测报告.pdf"));
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(pdf);
    expect((await call("memberA", "POST", `/orders/${order.id}/confirm`, {})).status).toBe(200);
    const closed = await (await call("staff1", "POST", `/orders/${order.id}/close`, {})).json();
    expect(closed.status).toBe("CLOSED");
    expect(closed.events.map((e: { action: string }) => e.action)).toEqual([
      "request",
      "quote",
      "accept",
      "receive",
      "startTesting",
      "issueReport",
      "confirm",
      "close",
    ]);
    expect(closed.events.every((e: { actorName: string | null }) => e.actorName)).toBe(true);
    // Closing charged it, in the same transaction: 3 samples at the external list rate (#15's ORDER lines).
    const lines = await db.chargeLine.findMany({ where: { sourceType: "ORDER", sourceId: order.id } });
    expect(lines.map((l) => [l.kind, l.quantity, l.amountFen, l.status])).toEqual([
      ["ITEM:samples", 3, 2_250_000, "PENDING"],
    ]);
    expect(await outboxTopics(order.id)).toEqual([
      "order.requested",
      "order.quoted",
      "order.accepted",
      "order.received",
      "order.testing",
      "order.reported",
      "order.confirmed",
      "order.closed",
    ]);

    const qr = await (await call("staff1", "GET", `/orders/${order.id}/report/qr`)).json();
    expect(qr.url).toBe(`${ORIGIN}/verify/${reported.report.verificationCode}`);
    expect(qr.qrSvg).toContain("<svg");

    // The public verification shows what the report is, never who ordered it or the file.
    const verified = await call("anonymous", "GET", `/verify/${reported.report.verificationCode}`);
    expect(verified.status).toBe(200);
    const v = await verified.json();
    expect(v).toMatchObject({ validity: "VALID", sha256: reported.report.sha256 });
    expect(v.certificationBody.code).toBe(ow.lab1.body.code);
    const text = JSON.stringify(v);
    for (const secret of ["磷酸铁锂", world.orgA.nameZh, "LFP-280", world.memberA.id])
      expect(text).not.toContain(secret);
  });

  it("refuses an expired quote and a stale If-Match", async () => {
    const order = await newOrder();
    await call("staff1", "POST", `/orders/${order.id}/quote`, {
      priceFen: 100,
      validUntil: new Date(Date.now() + 60_000).toISOString(),
    });
    await db.testOrder.update({ where: { id: order.id }, data: { quoteValidUntil: new Date(Date.now() - 1000) } });
    expect((await call("memberA", "POST", `/orders/${order.id}/accept`, {})).status).toBe(422);
    const stale = await app.request(`/api/v1/orders/${order.id}/decline`, {
      method: "POST",
      headers: { ...h.memberA, "if-match": '"1"' },
      body: "{}",
    });
    expect(stale.status).toBe(412);
  });

  it("cancels with a reason where it makes sense, and not after testing began", async () => {
    const order = await newOrder();
    expect((await call("memberA", "POST", `/orders/${order.id}/cancel`, {})).status).toBe(400);
    const cancelled = await call("memberA", "POST", `/orders/${order.id}/cancel`, { reason: "换了供应商" });
    expect((await cancelled.json()).status).toBe("CANCELLED");
    expect(await outboxTopics(order.id)).toContain("order.cancelled");

    const testing = await newOrder();
    await call("staff1", "POST", `/orders/${testing.id}/quote`, {
      priceFen: 100,
      validUntil: new Date(Date.now() + 86_400_000).toISOString(),
    });
    await call("memberA", "POST", `/orders/${testing.id}/accept`, {});
    await call("staff1", "POST", `/orders/${testing.id}/receive`, { condition: "ok", storage: "A" });
    // The customer may no longer cancel a received sample; the lab may.
    expect((await call("memberA", "POST", `/orders/${testing.id}/cancel`, { reason: "x" })).status).toBe(403);
    await call("staff1", "POST", `/orders/${testing.id}/start`, {});
    expect((await call("staff1", "POST", `/orders/${testing.id}/cancel`, { reason: "x" })).status).toBe(409);
  });

  it("allows a re-test within the window; the new report supersedes the old one", async () => {
    const order = await newOrder();
    await call("staff1", "POST", `/orders/${order.id}/quote`, {
      priceFen: 100,
      validUntil: new Date(Date.now() + 86_400_000).toISOString(),
    });
    await call("memberA", "POST", `/orders/${order.id}/accept`, {});
    await call("staff1", "POST", `/orders/${order.id}/receive`, { condition: "ok", storage: "A" });
    await call("staff1", "POST", `/orders/${order.id}/start`, {});
    const first = await (await upload("staff1", `/orders/${order.id}/report`, fakePdf())).json();
    const retest = await call("memberA", "POST", `/orders/${order.id}/retest`, { reason: "结果存疑" });
    expect((await retest.json()).status).toBe("TESTING");
    const second = await (await upload("staff1", `/orders/${order.id}/report`, fakePdf(3000))).json();
    expect(second.supersededReports.map((r: { verificationCode: string }) => r.verificationCode)).toEqual([
      first.report.verificationCode,
    ]);
    const old = await (await call("anonymous", "GET", `/verify/${first.report.verificationCode}`)).json();
    expect(old.validity).toBe("SUPERSEDED");

    // Outside the window: move the report date back.
    await db.testOrder.update({
      where: { id: order.id },
      data: { reportedAt: new Date(Date.now() - 16 * 86_400_000) },
    });
    expect((await call("memberA", "POST", `/orders/${order.id}/retest`, { reason: "again" })).status).toBe(422);
  });

  it("lets exactly one of two racing decisions win", async () => {
    const order = await newOrder();
    await call("staff1", "POST", `/orders/${order.id}/quote`, {
      priceFen: 100,
      validUntil: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const statuses = (
      await Promise.all([
        call("memberA", "POST", `/orders/${order.id}/accept`, {}),
        call("memberA", "POST", `/orders/${order.id}/cancel`, { reason: "race" }),
        call("staff1", "POST", `/orders/${order.id}/cancel`, { reason: "race" }),
      ])
    ).map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 200).every((s) => s === 409 || s === 412)).toBe(true);
    const events = await db.orderEvent.count({ where: { orderId: order.id } });
    expect(events).toBe(3);
  });

  it("keeps events and custody append-only", async () => {
    const order = await newOrder();
    await expect(
      db.$executeRaw`UPDATE order_event SET reason = 'x' WHERE order_id = ${order.id}::uuid`,
    ).rejects.toThrow();
    await expect(db.$executeRaw`DELETE FROM order_event WHERE order_id = ${order.id}::uuid`).rejects.toThrow();
    await expect(db.$executeRaw`UPDATE sample_custody SET storage = 'x'`).rejects.toThrow();
  });

  it("reminds once when the retention end approaches", async () => {
    const order = await newOrder();
    await db.testOrder.update({
      where: { id: order.id },
      data: { retentionEndsAt: new Date(Date.now() + 2 * 86_400_000), status: "CONFIRMED" },
    });
    await remindRetentionEnding(db);
    await remindRetentionEnding(db);
    expect((await outboxTopics(order.id)).filter((t) => t === "order.retention_ending")).toHaveLength(1);
  });

  it("validates the request form", async () => {
    const bad = await call("memberA", "POST", "/orders", requestBody({ items: ["不存在的项目"] }));
    expect(bad.status).toBe(400);
    const notPerforming = await call("memberA", "POST", "/orders", requestBody({ certificationBodyId: world.orgA.id }));
    expect(notPerforming.status).toBe(400);
    const noBody = await call("memberA", "POST", "/orders", requestBody({ certificationBodyId: undefined }));
    expect(noBody.status).toBe(400);
  });

  it("attaches files (type and size checked) and serves them only to the order's parties", async () => {
    const order = await newOrder();
    const html = new TextEncoder().encode("<html><script>alert(1)</script></html>");
    expect((await upload("memberA", `/orders/${order.id}/attachments`, html, "text/html", "POST")).status).toBe(415);
    const attached = await upload(
      "memberA",
      `/orders/${order.id}/attachments?filename=msds.pdf`,
      fakePdf(),
      "application/pdf",
      "POST",
    );
    expect(attached.status).toBe(200);
    const file = (await attached.json()).attachments[0];
    expect(file.filename).toBe("msds.pdf");
    expect((await call("staff1", "GET", `/orders/${order.id}/attachments/${file.id}`)).status).toBe(200);
    expect((await call("memberB", "GET", `/orders/${order.id}/attachments/${file.id}`)).status).toBe(404);
    const tooBig = new Uint8Array(20 * 1024 * 1024 + 1);
    tooBig.set(fakePdf(100));
    expect((await upload("memberA", `/orders/${order.id}/attachments`, tooBig, "application/pdf", "POST")).status).toBe(
      413,
    );
    // Other routes keep the 64 KiB limit.
    const big = await call("memberA", "POST", "/orders", requestBody({ note: "x".repeat(70_000) }));
    expect(big.status).toBe(413);
  });
});

describe("sample submission on an instrument", () => {
  it("books the run as a staff booking under the exclusion constraint", async () => {
    const create = async () => {
      const response = await call("memberA", "POST", "/orders", {
        ...requestBody({ serviceId: ow.instrumentService.id, certificationBodyId: undefined, items: ["元素"] }),
      });
      expect(response.status).toBe(201);
      const order = await response.json();
      await call("manager", "POST", `/orders/${order.id}/quote`, {
        priceFen: 45_000,
        validUntil: new Date(Date.now() + 86_400_000).toISOString(),
      });
      await call("memberA", "POST", `/orders/${order.id}/accept`, {});
      return order;
    };
    const day = futureDay(40);
    const first = await create();
    const scheduled = await call("manager", "POST", `/orders/${first.id}/schedule`, {
      start: at(day, 9).toISOString(),
      end: at(day, 11).toISOString(),
    });
    expect(scheduled.status).toBe(200);
    const bookingId = (await scheduled.json()).bookingId;
    const booking = await db.booking.findUniqueOrThrow({ where: { id: bookingId } });
    expect(booking).toMatchObject({ status: "APPROVED", requesterId: world.manager.id, organizationId: world.orgA.id });

    // A customer's own booking of that time now collides, and so does a second order's run.
    const own = await call("memberB", "POST", "/bookings", {
      resourceId: ow.instrument.id,
      start: at(day, 10).toISOString(),
      end: at(day, 12).toISOString(),
      purpose: "self-operated",
    });
    expect(own.status).toBe(409);
    const second = await create();
    const clash = await call("manager", "POST", `/orders/${second.id}/schedule`, {
      start: at(day, 10).toISOString(),
      end: at(day, 12).toISOString(),
    });
    expect(clash.status).toBe(409);

    // Cancelling the order frees the instrument.
    await call("memberA", "POST", `/orders/${first.id}/cancel`, { reason: "不需要了" });
    expect((await db.booking.findUniqueOrThrow({ where: { id: bookingId } })).status).toBe("CANCELLED");
    expect(
      (
        await call("manager", "POST", `/orders/${second.id}/schedule`, {
          start: at(day, 10).toISOString(),
          end: at(day, 12).toISOString(),
        })
      ).status,
    ).toBe(200);
  });
  it("keeps the run inside the instrument's opening hours, holidays and closures (the bookings' calendar)", async () => {
    const response = await call("memberA", "POST", "/orders", {
      ...requestBody({ serviceId: ow.instrumentService.id, certificationBodyId: undefined, items: ["元素"] }),
    });
    const order = await response.json();
    await call("manager", "POST", `/orders/${order.id}/quote`, {
      priceFen: 45_000,
      validUntil: new Date(Date.now() + 86_400_000).toISOString(),
    });
    await call("memberA", "POST", `/orders/${order.id}/accept`, {});
    // The instrument keeps its own hours, 08:00–18:00 every day, inside the facility's round-the-clock ones.
    await db.openingHours.createMany({
      data: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
        facilityId: world.facility.id,
        resourceId: ow.instrument.id,
        weekday,
        opensMin: 8 * 60,
        closesMin: 18 * 60,
      })),
    });
    const day = futureDay(41);
    const closure = await db.closure.create({
      data: { resourceId: ow.instrument.id, startsAt: at(day, 13), endsAt: at(day, 15), reason: "维护 test" },
    });
    const schedule = (start: Date, end: Date) =>
      call("manager", "POST", `/orders/${order.id}/schedule`, { start: start.toISOString(), end: end.toISOString() });
    const newYear = new Date(`${new Date().getUTCFullYear() + 1}-01-01T10:00:00+08:00`);
    try {
      for (const [label, start, end, code] of [
        ["evening", at(day, 17), at(day, 19), "OUTSIDE_OPENING_HOURS"],
        ["closure", at(day, 14), at(day, 16), "OUTSIDE_OPENING_HOURS"],
        ["元旦", newYear, new Date(newYear.getTime() + 2 * 3_600_000), "OUTSIDE_OPENING_HOURS"],
      ] as const) {
        const refused = await schedule(start, end);
        expect(refused.status, label).toBe(422);
        const problem = await refused.json();
        expect(problem.code, label).toBe("RULE_VIOLATION");
        expect(
          problem.violations.map((v: { code: string }) => v.code),
          label,
        ).toEqual([code]);
      }
      expect(
        await db.booking.count({ where: { resourceId: ow.instrument.id, purpose: { contains: order.code } } }),
      ).toBe(0);
      const inside = await schedule(at(day, 9), at(day, 12));
      expect(inside.status).toBe(200);
      expect((await inside.json()).bookingId).toBeTruthy();
    } finally {
      await db.closure.delete({ where: { id: closure.id } });
      await db.openingHours.deleteMany({ where: { resourceId: ow.instrument.id } });
    }
  });
});

describe("verification and analytics", () => {
  it("rate-limits the public verification", async () => {
    const headers = { "x-forwarded-for": "203.0.113.77" };
    let last = 0;
    for (let i = 0; i < 31; i++) last = (await app.request("/api/v1/verify/AAAABBBBCCCCDDDD", { headers })).status;
    expect(last).toBe(429);
    const other = await app.request("/api/v1/verify/AAAABBBBCCCCDDDD", {
      headers: { "x-forwarded-for": "203.0.113.78" },
    });
    expect(other.status).toBe(404);
  });

  it("computes turnaround median, p90 (working days) and on-time rate in SQL, and no income from quotes", async () => {
    // Three reported orders of body 1, received Monday 1 June 2026 and reported 2, 4 and 10 calendar days
    // later (Wednesday 3, Friday 5 and Thursday 11 June): 2, 4 and 8 working days. The third is late.
    const receivedAt = new Date("2026-06-01T09:00:00+08:00");
    const rows = [2, 4, 10].map((days, i) => ({ days, i }));
    for (const { days, i } of rows) {
      const order = await newOrder();
      const reportedAt = new Date(receivedAt.getTime() + days * 86_400_000);
      await db.testOrder.update({
        where: { id: order.id },
        data: {
          status: "REPORTED",
          priceFen: 100_000 * (i + 1),
          receivedAt,
          dueAt: new Date(receivedAt.getTime() + 7 * 86_400_000),
          reportedAt,
          createdAt: new Date("2026-05-30T09:00:00+08:00"),
        },
      });
      const file = await db.storedFile.create({
        data: {
          filename: "r.pdf",
          contentType: "application/pdf",
          sizeBytes: 1,
          sha256: "x",
          data: Buffer.from("%PDF-"),
        },
      });
      await db.testReport.create({
        data: {
          orderId: order.id,
          fileId: file.id,
          sha256: "x",
          verificationCode: `T${world.tag}${i}`,
          issuedById: ow.staff1.id,
          issuedAt: reportedAt,
        },
      });
    }
    const q = `from=${encodeURIComponent("2026-05-01T00:00:00+08:00")}&to=${encodeURIComponent("2026-07-01T00:00:00+08:00")}`;
    const response = await call("staff1", "GET", `/order-analytics?${q}`);
    expect(response.status).toBe(200);
    const a = await response.json();
    const t = a.turnaround.find(
      (r: { bodyCode: string; total: boolean }) => r.bodyCode === ow.lab1.body.code && !r.total,
    );
    // percentile_cont(0.9) over 2, 4, 8 working days = 4 + 0.8 × 4 = 7.2 (8.8 in calendar days)
    expect(t).toEqual({
      bodyCode: ow.lab1.body.code,
      total: false,
      reported: 3,
      medianDays: 4,
      p90Days: 7.2,
      onTime: 2,
      onTimeRate: 0.667,
    });
    // Income is the ledger's (tests/integration/order-income.test.ts): quoted and reported but never closed,
    // these orders were not charged, so they bring no income whatever their quotes.
    expect(a.income.some((r: { bodyCode: string }) => r.bodyCode === ow.lab1.body.code)).toBe(false);
    expect(
      a.byMonth.find(
        (r: { month: string; bodyCode: string }) => r.month === "2026-05" && r.bodyCode === ow.lab1.body.code,
      ).orders,
    ).toBe(3);
    // Body 2's staff see none of body 1's figures.
    const other = await (await call("staff2", "GET", `/order-analytics?${q}`)).json();
    expect(other.turnaround.some((r: { bodyCode: string }) => r.bodyCode === ow.lab1.body.code)).toBe(false);
    expect(other.byMonth.some((r: { bodyCode: string }) => r.bodyCode === ow.lab1.body.code)).toBe(false);
    expect((await call("memberA", "GET", `/order-analytics?${q}`)).status).toBe(403);
    const csv = await call("staff1", "GET", `/order-analytics/export.csv?${q}`);
    expect(await csv.text()).toContain(`${ow.lab1.body.code},3,3,4,7.2,0.667,0,0.00\r\n`);
  });
});
