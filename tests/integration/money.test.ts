import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import fc from "fast-check";
import { createRequire } from "node:module";
import { testApp, createWorld, futureDay, at, type TestWorld } from "../setup/fixtures.ts";
import { createBookings } from "../../api/src/modules/bookings/create-bookings.ts";
import { expirePendingHolds, transitionBooking } from "../../api/src/modules/bookings/transition-booking.ts";
import {
  chargeCompletedBooking,
  chargeCompletedOrder,
  chargeMissedBookings,
} from "../../api/src/modules/money/charge-completed.ts";
import { autoConfirmCharges } from "../../api/src/modules/money/charges.service.ts";
import { issueStatements } from "../../api/src/modules/money/statements.service.ts";
import { periodOf } from "../../api/src/domain/charging.ts";
import type { Actor } from "../../api/src/lib/context.ts";
import { createOrderWorld, fakePdf } from "../setup/order-fixtures.ts";
import { loadViewer, type OrderViewer } from "../../api/src/modules/orders/orders.access.ts";
import { requestOrder } from "../../api/src/modules/orders/request-order.ts";
import { transitionOrder } from "../../api/src/modules/orders/transition-order.ts";
import { scheduleRun } from "../../api/src/modules/orders/schedule-run.ts";

// exceljs is the api package's dependency; load it from there (as analytics.test.ts does).
const apiRequire = createRequire(new URL("../../api/package.json", import.meta.url));
const ExcelJS = apiRequire("exceljs") as typeof import("exceljs");
const JSZip = apiRequire("jszip") as typeof import("jszip");
const { db, app } = testApp(inject("databaseUrl"));
let world: TestWorld;
let orgAdminH: Record<string, string>;
let memberH: Record<string, string>;
let managerH: Record<string, string>;
let outsiderH: Record<string, string>;
let member: Actor;
let manager: Actor;
let adminUserId: string;
let ow: Awaited<ReturnType<typeof createOrderWorld>>;
let customer: OrderViewer;
let lab: OrderViewer;

const MIN = 60_000;

beforeAll(async () => {
  world = await createWorld(db);
  const admin = await db.user.create({
    data: { email: `org-admin.${world.tag.toLowerCase()}@test.zhongshi.cn`, name: "org-admin", passwordHash: "x" },
  });
  adminUserId = admin.id;
  await db.membership.create({ data: { userId: admin.id, organizationId: world.orgA.id, role: "ORG_ADMIN" } });
  orgAdminH = await world.sessionHeaders(admin.id);
  memberH = await world.sessionHeaders(world.memberA.id);
  managerH = await world.sessionHeaders(world.manager.id);
  outsiderH = await world.sessionHeaders(world.memberB.id);
  member = await world.actorOf(world.memberA.id);
  manager = await world.actorOf(world.manager.id);
  ow = await createOrderWorld(db, world);
  customer = await loadViewer(db, member);
  lab = await loadViewer(db, manager);
});
afterAll(() => db.$disconnect());

const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
  const response = await app.request(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = response.headers.get("content-type") ?? "";
  return {
    status: response.status,
    body: type.includes("json") ? await response.json() : Buffer.from(await response.arrayBuffer()),
  };
};

/** Books, approves, checks in at `start` and out `usedMin` later: returns the booking id. */
const complete = async (
  resourceId: string,
  start: number,
  usedMin: number,
  actor: Actor = member,
  lengthMin = 120,
): Promise<string> => {
  const { bookings } = await createBookings({
    db,
    actor,
    input: { items: [{ resourceId, range: { start, end: start + lengthMin * MIN } }], purpose: "money test" },
  });
  const id = bookings[0]!.id;
  if (bookings[0]!.status === "PENDING")
    await transitionBooking({ db, actor: manager, bookingId: id, action: "approve" });
  await transitionBooking({ db, actor: manager, bookingId: id, action: "checkIn", now: start });
  await transitionBooking({ db, actor: manager, bookingId: id, action: "checkOut", now: start + usedMin * MIN });
  return id;
};

const usageLines = (bookingId: string) =>
  db.chargeLine.findMany({ where: { sourceType: "BOOKING", sourceId: bookingId } });

const orderLines = (orderId: string) =>
  db.chargeLine.findMany({ where: { sourceType: "ORDER", sourceId: orderId }, orderBy: { kind: "asc" } });

const toConfirmed = (orderId: string) =>
  db.testOrder.update({ where: { id: orderId }, data: { status: "CONFIRMED", version: { increment: 1 } } });

/**
 * A customer's order taken to CONFIRMED: request, quote and accept through the use cases; the report steps
 * (upload, download, confirm) are orders.test.ts's subject, so the row is moved to CONFIRMED directly.
 */
const confirmedOrder = async ({
  service = ow.service,
  samples = 2,
  items = [ow.itemA, ow.itemB],
  quoteFen = 1,
  confirm = true,
}: { service?: { id: string }; samples?: number; items?: string[]; quoteFen?: number; confirm?: boolean } = {}) => {
  const requested = await requestOrder({
    db,
    viewer: customer,
    input: {
      serviceId: service.id,
      certificationBodyId: service.id === ow.service.id ? ow.lab1.body.id : undefined,
      sampleName: "样品",
      sampleQuantity: samples,
      matrix: "电芯",
      items,
      standardNumber: ow.standard,
      reportLanguage: "ZH",
      retentionDays: 0,
      hazards: "",
      note: "",
    },
  });
  const validUntil = new Date(Date.now() + 86_400_000);
  await transitionOrder({
    db,
    viewer: lab,
    orderId: requested.id,
    action: "quote",
    quote: { priceFen: quoteFen, validUntil },
  });
  await transitionOrder({ db, viewer: customer, orderId: requested.id, action: "accept" });
  if (confirm) await toConfirmed(requested.id);
  return requested.id;
};
const closeOrder = (orderId: string) => transitionOrder({ db, viewer: lab, orderId, action: "close" });

describe("ledger", () => {
  it("charges a completed booking from actual use in started half-hours at the external rate", async () => {
    const resource = await world.createResource();
    const start = at(futureDay(20), 9).getTime();
    const id = await complete(resource.id, start, 42);
    const [line] = await usageLines(id);
    expect(line).toMatchObject({
      kind: "USAGE",
      customerClass: "EXTERNAL",
      quantity: 60,
      quantityUnit: "MINUTE",
      unitPriceFen: 20000,
      grossFen: 20000,
      discountFen: 0,
      amountFen: 20000,
      status: "PENDING",
      period: periodOf(start + 42 * MIN),
    });
    const notice = await db.outbox.findFirst({
      where: { topic: "charge.created", payload: { path: ["chargeId"], equals: line!.id } },
    });
    expect(notice).not.toBeNull();
  });

  it("uses the internal rate for the facility's operators, with the facility's discount, per resource increment", async () => {
    const resource = await world.createResource();
    await db.resource.update({ where: { id: resource.id }, data: { billingIncrementMin: 15 } });
    await db.facilityOperator.create({ data: { facilityId: world.facility.id, organizationId: world.orgB.id } });
    await db.chargeDiscount.create({
      data: { facilityId: world.facility.id, organizationId: world.orgB.id, basisPoints: 1000, reason: "示例 sample" },
    });
    try {
      const start = at(futureDay(21), 9).getTime();
      const id = await complete(resource.id, start, 31, await world.actorOf(world.memberB.id));
      const [line] = await usageLines(id);
      // 31 min → 3 started quarter-hours = 45 min at 100.00/h = 75.00, less 10 % = 67.50
      expect(line).toMatchObject({
        customerClass: "INTERNAL",
        quantity: 45,
        grossFen: 7500,
        discountFen: 750,
        amountFen: 6750,
      });
    } finally {
      await db.chargeDiscount.deleteMany({ where: { facilityId: world.facility.id } });
      await db.facilityOperator.deleteMany({ where: { facilityId: world.facility.id } });
    }
  });

  it("never charges a booking twice and refuses edits and deletes of the ledger", async () => {
    const resource = await world.createResource();
    const id = await complete(resource.id, at(futureDay(22), 9).getTime(), 60);
    expect(await db.$transaction((tx) => chargeCompletedBooking({ tx, bookingId: id }))).toBeNull();
    const [line] = await usageLines(id);
    expect(await usageLines(id)).toHaveLength(1);
    await expect(db.$executeRaw`UPDATE charge_line SET amount_fen = 1 WHERE id = ${line!.id}::uuid`).rejects.toThrow(
      /append-only|cannot be edited/,
    );
    await expect(db.$executeRaw`DELETE FROM charge_line WHERE id = ${line!.id}::uuid`).rejects.toThrow(/append-only/);
    // The confirmation status is the one thing that moves.
    expect(await db.$executeRaw`UPDATE charge_line SET status = 'CONFIRMED' WHERE id = ${line!.id}::uuid`).toBe(1);
  });

  it("charges a completed order per sample or item, once (the ORDER source type)", async () => {
    const resource = await world.createResource();
    const order = {
      orderId: crypto.randomUUID(),
      organizationId: world.orgA.id,
      facilityId: world.facility.id,
      completedAt: at(futureDay(23), 15),
      items: [
        {
          key: "s1",
          resourceId: resource.id,
          description: "XRD 样品",
          unit: "SAMPLE" as const,
          quantity: 3,
          priceInternalFen: 8000,
          priceExternalFen: 15000,
        },
        {
          key: "i1",
          resourceId: resource.id,
          description: "报告加急",
          unit: "ITEM" as const,
          quantity: 1,
          priceInternalFen: 5000,
          priceExternalFen: 5000,
        },
      ],
    };
    const first = await db.$transaction((tx) => chargeCompletedOrder({ tx, order }));
    const again = await db.$transaction((tx) => chargeCompletedOrder({ tx, order }));
    expect(first).toHaveLength(2);
    expect(again).toHaveLength(0);
    const lines = await db.chargeLine.findMany({
      where: { sourceType: "ORDER", sourceId: order.orderId },
      orderBy: { kind: "asc" },
    });
    expect(lines.map((l) => [l.kind, l.amountFen])).toEqual([
      ["ITEM:i1", 5000],
      ["ITEM:s1", 45000],
    ]);
  });
  it("charges a closed order in its closing transaction, per item at the list rate less discount, not the quote", async () => {
    await db.chargeDiscount.create({
      data: { facilityId: world.facility.id, organizationId: world.orgA.id, basisPoints: 500, reason: "示例 sample" },
    });
    await db.testService.update({ where: { id: ow.service.id }, data: { priceUnit: "ITEM" } });
    try {
      const orderId = await confirmedOrder({ samples: 2, quoteFen: 123 });
      expect(await orderLines(orderId)).toEqual([]);
      const closed = await closeOrder(orderId);
      expect(closed.status).toBe("CLOSED");
      const lines = await orderLines(orderId);
      // External rate 7,500.00 per item × 2 samples = 15,000.00 per item, less 5 % = 14,250.00; quote ignored.
      expect(
        lines.map((l) => [l.kind, l.quantity, l.quantityUnit, l.unitPriceFen, l.discountFen, l.amountFen]),
      ).toEqual([
        ["ITEM:item-1", 2, "ITEM", 750_000, 75_000, 1_425_000],
        ["ITEM:item-2", 2, "ITEM", 750_000, 75_000, 1_425_000],
      ]);
      expect(lines.every((l) => l.status === "PENDING" && l.customerClass === "EXTERNAL")).toBe(true);
      // Served (for the statement month) when it closed.
      const { closedAt } = await db.testOrder.findUniqueOrThrow({ where: { id: orderId } });
      expect(lines.every((l) => l.serviceAt.getTime() === closedAt!.getTime())).toBe(true);
      // The safety net finds nothing left to charge for it.
      await chargeMissedBookings(db);
      expect(await orderLines(orderId)).toHaveLength(2);
    } finally {
      await db.testService.update({ where: { id: ow.service.id }, data: { priceUnit: "SAMPLE" } });
      await db.chargeDiscount.deleteMany({ where: { facilityId: world.facility.id } });
    }
  });

  it("does not close an order whose charge fails: closing and charging are one transaction", async () => {
    const orderId = await confirmedOrder({ samples: 2 });
    // A price the ledger refuses (a line over int4 fen) makes the charge throw inside the closing transaction.
    await db.testService.update({ where: { id: ow.service.id }, data: { priceExternalFen: 2_000_000_000 } });
    try {
      await expect(closeOrder(orderId)).rejects.toThrow();
      const order = await db.testOrder.findUniqueOrThrow({ where: { id: orderId } });
      expect(order.status).toBe("CONFIRMED");
      expect(await db.orderEvent.count({ where: { orderId, action: "close" } })).toBe(0);
      expect(await orderLines(orderId)).toEqual([]);
    } finally {
      await db.testService.update({ where: { id: ow.service.id }, data: { priceExternalFen: 750_000 } });
    }
    await closeOrder(orderId);
    expect((await orderLines(orderId)).map((l) => l.amountFen)).toEqual([1_500_000]);
  });

  it("never charges an order's instrument run as a booking: the order pays when it closes", async () => {
    const orderId = await confirmedOrder({
      service: ow.instrumentService,
      samples: 3,
      items: ["元素"],
      confirm: false,
    });
    const start = at(futureDay(26), 9).getTime();
    const { bookingId } = await scheduleRun({
      db,
      viewer: lab,
      orderId,
      start: new Date(start),
      end: new Date(start + 120 * MIN),
    });
    await transitionBooking({ db, actor: manager, bookingId: bookingId!, action: "checkIn", now: start });
    await transitionBooking({ db, actor: manager, bookingId: bookingId!, action: "checkOut", now: start + 90 * MIN });
    await chargeMissedBookings(db);
    expect(await usageLines(bookingId!)).toEqual([]);
    await toConfirmed(orderId);
    await closeOrder(orderId);
    expect((await orderLines(orderId)).map((l) => [l.kind, l.quantity, l.amountFen])).toEqual([
      ["ITEM:samples", 3, 135_000],
    ]);
  });
});

describe("confirmation and disputes", () => {
  it("lets only the ORG_ADMIN confirm or dispute, and the facility resolve by adjustment or rejection", async () => {
    const resource = await world.createResource();
    const a = await complete(resource.id, at(futureDay(24), 9).getTime(), 60);
    const b = await complete(resource.id, at(futureDay(24), 13).getTime(), 60);
    const [lineA] = await usageLines(a);
    const [lineB] = await usageLines(b);

    expect((await call("POST", `/api/v1/charges/${lineA!.id}/confirm`, memberH)).status).toBe(403);
    expect((await call("POST", `/api/v1/charges/${lineA!.id}/confirm`, outsiderH)).status).toBe(404);
    expect((await call("POST", `/api/v1/charges/${lineA!.id}/dispute`, orgAdminH, { reason: "" })).status).toBe(400);
    const confirmed = await call("POST", `/api/v1/charges/${lineA!.id}/confirm`, orgAdminH);
    expect(confirmed.body.status).toBe("CONFIRMED");
    expect((await call("POST", `/api/v1/charges/${lineA!.id}/confirm`, orgAdminH)).status).toBe(409);

    const disputed = await call("POST", `/api/v1/charges/${lineB!.id}/dispute`, orgAdminH, { reason: "只用了半小时" });
    expect(disputed.body.status).toBe("DISPUTED");
    const inbox = await call("GET", `/api/v1/charges?status=DISPUTED&facilityId=${world.facility.id}`, managerH);
    expect(inbox.body.items.map((c: { id: string }) => c.id)).toContain(lineB!.id);
    expect(
      (await call("POST", `/api/v1/charges/${lineB!.id}/resolve`, orgAdminH, { resolution: "reject", reason: "x" }))
        .status,
    ).toBe(403);

    const resolved = await call("POST", `/api/v1/charges/${lineB!.id}/resolve`, managerH, {
      resolution: "adjust",
      reason: "签退晚录入，按 30 分钟计",
      adjustmentFen: -10000,
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body.status).toBe("CONFIRMED");
    const adjustment = await db.chargeLine.findFirst({ where: { adjustsLineId: lineB!.id } });
    expect(adjustment).toMatchObject({
      sourceType: "ADJUSTMENT",
      amountFen: -10000,
      reason: "签退晚录入，按 30 分钟计",
      approvedById: world.manager.id,
      status: "CONFIRMED",
    });
    // The disputed line itself is untouched.
    expect((await db.chargeLine.findUnique({ where: { id: lineB!.id } }))!.amountFen).toBe(20000);
    expect(
      await db.outbox.count({
        where: { topic: "charge.disputed", payload: { path: ["chargeId"], equals: lineB!.id } },
      }),
    ).toBe(1);
  });

  it("confirms pending charges automatically when their confirmation period ends", async () => {
    const resource = await world.createResource();
    const id = await complete(resource.id, at(futureDay(25), 9).getTime(), 30);
    const [line] = await usageLines(id);
    await autoConfirmCharges(db, { now: new Date(line!.confirmBy.getTime() - 1) });
    expect((await db.chargeLine.findUnique({ where: { id: line!.id } }))!.status).toBe("PENDING");
    await autoConfirmCharges(db, { now: line!.confirmBy });
    const after = await db.chargeLine.findUnique({ where: { id: line!.id }, include: { events: true } });
    expect(after!.status).toBe("CONFIRMED");
    expect(after!.events.map((e) => e.action)).toEqual(["auto_confirm"]);
  });
});

describe("statements, payments and vouchers", () => {
  it("issues a statement whose total is the sum of its lines, exports it, and tracks payment and vouchers", async () => {
    const resource = await world.createResource();
    const day = futureDay(26);
    const ids = [
      await complete(resource.id, at(day, 8).getTime(), 60),
      await complete(resource.id, at(day, 11).getTime(), 90),
    ];
    const period = periodOf(at(day, 12).getTime());
    await autoConfirmCharges(db, { now: new Date(Date.now() + 400 * 86_400_000) });
    await issueStatements({ db, period, facilityIds: [world.facility.id] });
    const lines = await db.chargeLine.findMany({ where: { sourceId: { in: ids } } });
    const statementId = lines[0]!.statementId!;
    expect(lines.every((l) => l.statementId === statementId)).toBe(true);
    expect(await issueStatements({ db, period, facilityIds: [world.facility.id] })).toEqual([]);

    const s = await call("GET", `/api/v1/statements/${statementId}`, memberH);
    expect(s.status).toBe(200);
    const attached = await db.chargeLine.aggregate({ where: { statementId }, _sum: { amountFen: true } });
    expect(s.body.totalFen).toBe(attached._sum.amountFen);
    expect(s.body).toMatchObject({
      organizationNameZh: world.orgA.nameZh,
      uscc: world.orgA.uscc,
      paymentStatus: "UNPAID",
    });
    expect(s.body.groups.flatMap((g: { lines: unknown[] }) => g.lines).length).toBeGreaterThanOrEqual(2);
    expect((await call("GET", `/api/v1/statements/${statementId}`, outsiderH)).status).toBe(404);

    const xlsx = await call("GET", `/api/v1/statements/${statementId}/export.xlsx`, memberH);
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(xlsx.body as Buffer).buffer as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell("B1").value).toBe(s.body.number);
    expect(sheet.getCell("B4").value).toBe(world.orgA.uscc);

    // A voucher pays part; the operator records the rest in two payments.
    const voucher = await call("POST", "/api/v1/vouchers", orgAdminH, {
      organizationId: world.orgA.id,
      number: `GY-KJCXQ-${world.tag}`,
      issuer: "贵阳国家高新区科技创新局（示例）",
      amountFen: 30000,
      validFrom: "2026-01-01",
      validTo: "2030-12-31",
      eligibleFacilityIds: [world.facility.id],
      eligibleServiceTypes: ["INSTRUMENT"],
    });
    expect(voucher.status).toBe(201);
    const asMember = await call("POST", "/api/v1/vouchers", memberH, {
      organizationId: world.orgA.id,
      number: `GY-X-${world.tag}`,
      issuer: "x",
      amountFen: 1,
      validFrom: "2026-01-01",
      validTo: "2026-12-31",
    });
    expect(asMember.status).toBe(403);
    const v = voucher.body.id;
    expect(
      (await call("POST", `/api/v1/statements/${statementId}/vouchers`, orgAdminH, { voucherId: v, amountFen: 100 }))
        .status,
    ).toBe(403);
    const tooMuch = await call("POST", `/api/v1/statements/${statementId}/vouchers`, managerH, {
      voucherId: v,
      amountFen: 30001,
    });
    expect(tooMuch.status).toBe(422);
    const applied = await call("POST", `/api/v1/statements/${statementId}/vouchers`, managerH, {
      voucherId: v,
      amountFen: 25000,
    });
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ redeemedFen: 25000, balanceFen: 5000 });

    const total = s.body.totalFen as number;
    const outstanding = total - 25000;
    const pay = (amountFen: number) =>
      call("POST", `/api/v1/statements/${statementId}/payments`, managerH, {
        amountFen,
        paidAt: new Date().toISOString(),
        method: "BANK_TRANSFER",
        reference: "回单 001",
      });
    expect((await pay(outstanding + 1)).status).toBe(422);
    const partly = await pay(1000);
    expect(partly.body.paymentStatus).toBe("PARTLY_PAID");
    const paid = await pay(outstanding - 1000);
    expect(paid.body).toMatchObject({ paymentStatus: "PAID", outstandingFen: 0, voucherFen: 25000 });

    const pack = await call("GET", `/api/v1/vouchers/${v}/pack.xlsx`, orgAdminH);
    expect(pack.status).toBe(200);
    const packBook = new ExcelJS.Workbook();
    await packBook.xlsx.load(new Uint8Array(pack.body as Buffer).buffer as ArrayBuffer);
    expect(packBook.worksheets.map((w) => w.name)).toEqual([
      "创新券 Voucher",
      "费用 Charges",
      "使用凭证 Usage evidence",
      "检测报告 Reports",
    ]);
    const usage = packBook.getWorksheet("使用凭证 Usage evidence")!;
    const bookingIds = new Set<string>();
    usage.eachRow((row, n) => n > 1 && bookingIds.add(String(row.getCell(1).value)));
    // The statement also carries this organization's earlier lines at the facility; ours must be there.
    for (const id of ids) expect(bookingIds.has(id)).toBe(true);
    expect(String(usage.getRow(2).getCell(6).value)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);

    const income = await call("GET", `/api/v1/analytics/income?from=${period}&to=${period}`, managerH);
    expect(income.status).toBe(200);
    const rows = income.body.receivables.filter((r: { facilityId: string }) => r.facilityId === world.facility.id);
    // Other organizations' statements at this facility are still unpaid: only ours is settled.
    expect(rows[0].voucherFen).toBe(25000);
    expect(rows[0].paidFen + rows[0].voucherFen + rows[0].outstandingFen).toBe(rows[0].billedFen);
    const sql = await db.chargeLine.aggregate({
      where: { facilityId: world.facility.id, period },
      _sum: { amountFen: true },
    });
    const incomeSum = income.body.income
      .filter((r: { facilityId: string }) => r.facilityId === world.facility.id)
      .reduce((n: number, r: { incomeFen: number }) => n + r.incomeFen, 0);
    expect(incomeSum).toBe(sql._sum.amountFen);
    expect((await call("GET", `/api/v1/analytics/income?from=${period}&to=${period}`, memberH)).status).toBe(403);
    const csv = (await call("GET", `/api/v1/analytics/income.csv?from=${period}&to=${period}`, managerH))
      .body as Buffer;
    expect(csv.toString("utf8")).toMatch(/^\uFEFFfacility,period,customer_class,income_fen,lines\r\n/);
    expect(csv.toString("utf8")).toContain(`${world.facility.code},${period},EXTERNAL,`);
  });
});

describe("voucher balance under concurrency", () => {
  it("packs a voucher's redemption as a ZIP: the workbook, each statement paid, charges and report metadata", async () => {
    // A closed order with its report, charged and stated this month, then paid in part by a voucher.
    const orderId = await confirmedOrder({ samples: 1, confirm: false });
    const receive = { condition: "完好", storage: "A-01" };
    await transitionOrder({ db, viewer: lab, orderId, action: "receive", receive });
    await transitionOrder({ db, viewer: lab, orderId, action: "startTesting" });
    const pdf = fakePdf(4_000);
    const uploaded = await app.request(`/api/v1/orders/${orderId}/report?filename=${encodeURIComponent("报告.pdf")}`, {
      method: "PUT",
      headers: { ...managerH, "content-type": "application/pdf" },
      body: pdf,
    });
    expect(uploaded.status).toBe(200);
    await toConfirmed(orderId);
    await closeOrder(orderId);
    await autoConfirmCharges(db, { now: new Date(Date.now() + 400 * 86_400_000) });
    await issueStatements({ db, period: periodOf(Date.now()), facilityIds: [world.facility.id] });
    const [line] = await orderLines(orderId);
    const statement = await db.statement.findUniqueOrThrow({ where: { id: line!.statementId! } });
    const voucher = await call("POST", "/api/v1/vouchers", orgAdminH, {
      organizationId: world.orgA.id,
      number: `GY-ZIP-${world.tag}`,
      issuer: "贵阳国家高新区科技创新局（示例）",
      amountFen: 100_000,
      validFrom: "2026-01-01",
      validTo: "2030-12-31",
      eligibleFacilityIds: [world.facility.id],
      eligibleServiceTypes: [],
    });
    const applied = await call("POST", `/api/v1/statements/${statement.id}/vouchers`, managerH, {
      voucherId: voucher.body.id,
      amountFen: 100_000,
    });
    expect(applied.status).toBe(201);

    expect((await call("GET", `/api/v1/vouchers/${voucher.body.id}/pack.zip`, outsiderH)).status).toBe(404);
    const response = await app.request(`/api/v1/vouchers/${voucher.body.id}/pack.zip`, { headers: orgAdminH });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    expect(response.headers.get("content-disposition")).toContain(`voucher-pack-GY-ZIP-${world.tag}.zip`);
    const zip = await JSZip.loadAsync(new Uint8Array(await response.arrayBuffer()));
    const folder = `voucher-pack-GY-ZIP-${world.tag}`;
    expect(
      Object.keys(zip.files)
        .filter((n) => !n.endsWith("/"))
        .sort(),
    ).toEqual(
      [
        `${folder}/charges.csv`,
        `${folder}/reports.csv`,
        `${folder}/reports.json`,
        `${folder}/statements/statement-${statement.number}.xlsx`,
        `${folder}/${folder}.xlsx`,
      ].sort(),
    );
    const report = await db.testReport.findFirstOrThrow({ where: { orderId } });
    const order = await db.testOrder.findUniqueOrThrow({ where: { id: orderId } });
    const json = JSON.parse(await zip.file(`${folder}/reports.json`)!.async("string"));
    expect(json.voucher.number).toBe(`GY-ZIP-${world.tag}`);
    expect(json.redemptions.map((r: { statementNumber: string }) => r.statementNumber)).toEqual([statement.number]);
    expect(json.reports.find((r: { orderCode: string }) => r.orderCode === order.code)).toMatchObject({
      verificationCode: report.verificationCode,
      verifyPath: `/verify/${report.verificationCode}`,
      sha256: report.sha256,
      validity: "VALID",
      filename: "报告.pdf",
      chargedFen: line!.amountFen,
      certificationBodyCode: ow.lab1.body.code,
    });
    const reportsCsv = await zip.file(`${folder}/reports.csv`)!.async("string");
    expect(reportsCsv.startsWith("\uFEFF")).toBe(true);
    expect(reportsCsv).toContain(report.sha256);
    const chargesCsv = await zip.file(`${folder}/charges.csv`)!.async("string");
    expect(chargesCsv).toContain(`${order.code} / ${report.verificationCode}`);
    // The statement inside is the statement's own export; the pack workbook has the reports sheet.
    const stated = new ExcelJS.Workbook();
    await stated.xlsx.load(
      (await zip.file(`${folder}/statements/statement-${statement.number}.xlsx`)!.async("uint8array"))
        .buffer as ArrayBuffer,
    );
    expect(stated.worksheets[0]!.getCell("B1").value).toBe(statement.number);
    const packBook = new ExcelJS.Workbook();
    await packBook.xlsx.load((await zip.file(`${folder}/${folder}.xlsx`)!.async("uint8array")).buffer as ArrayBuffer);
    const sheet = packBook.getWorksheet("检测报告 Reports")!;
    const codes: string[] = [];
    sheet.eachRow((row, n) => n > 1 && codes.push(String(row.getCell(12).value)));
    expect(codes).toContain(report.verificationCode);
  });

  it("adds order and income sheets to the analytics workbook, the income summing to the ledger", async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const from = `${today.slice(0, 7)}-01`;
    const next = new Date(`${from}T00:00:00Z`);
    next.setUTCMonth(next.getUTCMonth() + 1);
    const to = next.toISOString().slice(0, 10);
    const query = `from=${from}&to=${to}&facility=${world.facility.code}`;
    expect((await call("GET", `/api/v1/analytics/export.xlsx?${query}`, memberH)).status).toBe(403);
    const response = await call("GET", `/api/v1/analytics/export.xlsx?${query}`, managerH);
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(response.body as Buffer).buffer as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      "利用率 Utilization",
      "委托检测 Orders",
      "检测周期 Turnaround",
      "机构收入 Income by body",
      "服务收入 Income",
      "应收 Receivables",
    ]);
    const period = today.slice(0, 7);
    const incomeRows: { facility: string; month: string; fen: number }[] = [];
    workbook.getWorksheet("服务收入 Income")!.eachRow((row, n) => {
      if (n > 1)
        incomeRows.push({
          facility: String(row.getCell(1).value),
          month: String(row.getCell(2).value),
          fen: Number(row.getCell(4).value),
        });
    });
    expect(new Set(incomeRows.map((r) => r.facility))).toEqual(new Set([world.facility.code]));
    const ledger = await db.chargeLine.aggregate({
      where: { facilityId: world.facility.id, period },
      _sum: { amountFen: true },
    });
    expect(incomeRows.filter((r) => r.month === period).reduce((n, r) => n + r.fen, 0)).toBe(ledger._sum.amountFen);
    // Orders requested this month by this world's customer are on the orders sheet, under their body.
    const bodies: string[] = [];
    workbook.getWorksheet("委托检测 Orders")!.eachRow((row, n) => n > 1 && bodies.push(String(row.getCell(2).value)));
    expect(bodies).toContain(ow.lab1.body.code);
  });

  it("never lets two concurrent applications spend more than the balance", async () => {
    const resource = await world.createResource();
    const day = futureDay(28);
    for (const h of [8, 11, 14]) await complete(resource.id, at(day, h).getTime(), 120);
    const period = periodOf(at(day, 16).getTime());
    await autoConfirmCharges(db, { now: new Date(Date.now() + 400 * 86_400_000) });
    await issueStatements({ db, period, facilityIds: [world.facility.id] });
    // The newest statement carries the three lines just confirmed (a supplementary one if the month was stated).
    const target = (await db.statement.findFirst({
      where: { organizationId: world.orgA.id, facilityId: world.facility.id },
      orderBy: { issuedAt: "desc" },
    }))!;
    const voucher = await call("POST", "/api/v1/vouchers", orgAdminH, {
      organizationId: world.orgA.id,
      number: `GY-RACE-${world.tag}`,
      issuer: "示例",
      amountFen: 10000,
      validFrom: "2026-01-01",
      validTo: "2030-12-31",
    });
    const apply = () =>
      call("POST", `/api/v1/statements/${target.id}/vouchers`, managerH, {
        voucherNumber: `GY-RACE-${world.tag}`,
        amountFen: 6000,
      });
    const results = await Promise.all([apply(), apply(), apply()]);
    expect(results.map((r) => r.status).sort(), JSON.stringify(results.map((r) => r.body))).toEqual([201, 422, 422]);
    const redeemed = await db.voucherRedemption.aggregate({
      where: { voucherId: voucher.body.id },
      _sum: { amountFen: true },
    });
    expect(redeemed._sum.amountFen).toBe(6000);
  });

  it("refuses a voucher outside its validity or for another facility", async () => {
    const statement = await db.statement.findFirstOrThrow({ where: { organizationId: world.orgA.id } });
    const register = (number: string, extra: Record<string, unknown>) =>
      call("POST", "/api/v1/vouchers", orgAdminH, {
        organizationId: world.orgA.id,
        number,
        issuer: "示例",
        amountFen: 100,
        validFrom: "2020-01-01",
        validTo: "2030-12-31",
        ...extra,
      });
    await register(`OLD-${world.tag}`, { validTo: "2021-12-31" });
    await register(`ELSEWHERE-${world.tag}`, { eligibleFacilityIds: [crypto.randomUUID()] });
    for (const number of [`OLD-${world.tag}`, `ELSEWHERE-${world.tag}`]) {
      const r = await call("POST", `/api/v1/statements/${statement.id}/vouchers`, managerH, {
        voucherNumber: number,
        amountFen: 1,
      });
      expect(r.body.code, JSON.stringify(r.body)).toBe("VOUCHER_NOT_APPLICABLE");
    }
    expect((await register(`OLD-${world.tag}`, {})).status).toBe(409);
  });
});

describe("customer-side approval above the spending threshold", () => {
  it("holds the slot at the member's request, hides it from the facility until the ORG_ADMIN approves", async () => {
    const set = await call("PUT", `/api/v1/organizations/${world.orgA.id}/spending-threshold`, orgAdminH, {
      spendingThresholdFen: 15000,
    });
    expect(set.status).toBe(200);
    expect(
      (
        await call("PUT", `/api/v1/organizations/${world.orgA.id}/spending-threshold`, memberH, {
          spendingThresholdFen: 1,
        })
      ).status,
    ).toBe(403);
    expect((await call("GET", `/api/v1/organizations/${world.orgA.id}/settings`, outsiderH)).status).toBe(404);
    try {
      const resource = await world.createResource();
      const day = futureDay(27);
      const book = (h: Record<string, string>, hour: number, hours: number) =>
        call("POST", "/api/v1/bookings", h, {
          resourceId: resource.id,
          start: at(day, hour).toISOString(),
          end: at(day, hour + hours).toISOString(),
          purpose: "阈值测试",
        });
      const small = await book(memberH, 8, 0.5); // 100.00 ≤ 150.00: straight to the facility
      expect(small.body.bookings[0].awaitingOrgApproval).toBe(false);
      const big = await book(memberH, 10, 2); // 400.00 > 150.00
      expect(big.status).toBe(201);
      const held = big.body.bookings[0];
      expect(held).toMatchObject({ status: "PENDING", awaitingOrgApproval: true });
      expect(held.holdExpiresAt).not.toBeNull();
      // Held under the same exclusion constraint: nobody else gets the slot meanwhile.
      expect((await book(outsiderH, 10, 1)).status).toBe(409);
      // The facility does not see it and cannot decide it.
      const facilityList = await call("GET", `/api/v1/bookings?scope=facility&resource=${resource.code}`, managerH);
      expect(facilityList.body.items.map((b: { id: string }) => b.id)).not.toContain(held.id);
      expect((await call("POST", `/api/v1/bookings/${held.id}/approve`, managerH, { reason: "ok" })).status).toBe(404);
      // The ORG_ADMIN's queue has it; a plain member cannot decide.
      const queue = await call("GET", "/api/v1/org-approvals", orgAdminH);
      expect(queue.body.items.map((b: { id: string }) => b.id)).toContain(held.id);
      expect((await call("POST", `/api/v1/org-approvals/${held.id}/approve`, memberH)).status).toBe(403);
      expect((await call("POST", `/api/v1/org-approvals/${held.id}/approve`, orgAdminH)).body.status).toBe("PENDING");
      const after = await call("GET", `/api/v1/bookings?scope=facility&resource=${resource.code}`, managerH);
      expect(after.body.items.map((b: { id: string }) => b.id)).toContain(held.id);
      expect((await call("POST", `/api/v1/bookings/${held.id}/approve`, managerH, { reason: "ok" })).status).toBe(200);

      // Nobody decides: the hold expires as usual.
      const lapsed = (await book(memberH, 14, 2)).body.bookings[0];
      expect(lapsed.awaitingOrgApproval).toBe(true);
      await db.$executeRaw`UPDATE booking SET hold_expires_at = now() - interval '1 minute' WHERE id = ${lapsed.id}::uuid`;
      await expirePendingHolds(db);
      expect((await db.booking.findUnique({ where: { id: lapsed.id } }))!.status).toBe("EXPIRED");

      // An ORG_ADMIN's own request skips the queue; a rejection needs a reason.
      const own = (await book(orgAdminH, 17, 2)).body.bookings[0];
      expect(own.awaitingOrgApproval).toBe(false);
      const rejectMe = (await book(memberH, 20, 2)).body.bookings[0];
      expect(
        (await call("POST", `/api/v1/org-approvals/${rejectMe.id}/reject`, orgAdminH, { reason: "" })).status,
      ).toBe(400);
      const rejected = await call("POST", `/api/v1/org-approvals/${rejectMe.id}/reject`, orgAdminH, {
        reason: "超预算",
      });
      expect(rejected.body.status).toBe("REJECTED");
    } finally {
      await db.organization.update({ where: { id: world.orgA.id }, data: { spendingThresholdFen: null } });
    }
  });

  it("lets the ORG_ADMIN manage members but never remove the last administrator", async () => {
    const add = await call("PUT", `/api/v1/organizations/${world.orgA.id}/members`, orgAdminH, {
      email: world.otherManager.email,
      role: "MEMBER",
    });
    expect(add.status).toBe(200);
    expect(add.body.members.map((m: { userId: string }) => m.userId)).toContain(world.otherManager.id);
    const removed = await call(
      "DELETE",
      `/api/v1/organizations/${world.orgA.id}/members/${world.otherManager.id}`,
      orgAdminH,
    );
    expect(removed.body.members.map((m: { userId: string }) => m.userId)).not.toContain(world.otherManager.id);
    expect(
      (await call("DELETE", `/api/v1/organizations/${world.orgA.id}/members/${adminUserId}`, orgAdminH)).status,
    ).toBe(409);
  });
});

describe("property: for random activity, every completed booking and closed order is charged exactly once and statements add up", () => {
  it("holds over random bookings, orders, usage lengths, cancellations and repeated charging", async () => {
    const activity = fc.array(
      fc.record({
        slot: fc.integer({ min: 0, max: 20 }),
        lengthSlots: fc.integer({ min: 1, max: 4 }),
        outcome: fc.constantFrom("complete", "cancel", "noShow", "pending"),
        usedMin: fc.integer({ min: 1, max: 240 }),
      }),
      { minLength: 1, maxLength: 8 },
    );
    const orderActivity = fc.array(
      fc.record({
        onInstrument: fc.boolean(),
        samples: fc.integer({ min: 1, max: 4 }),
        outcome: fc.constantFrom("close", "closeTwice", "cancel", "confirmedOnly"),
        runMin: fc.integer({ min: 1, max: 120 }),
      }),
      { maxLength: 4 },
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(activity, orderActivity, async (steps, orders) => {
        const resource = await world.createResource({ approval: "AUTO" });
        const day = futureDay(60 + run++);
        const completed: string[] = [];
        const others: string[] = [];
        const taken = new Set<number>();
        for (const s of steps) {
          const slots = Array.from({ length: s.lengthSlots }, (_, i) => s.slot + i);
          if (slots.some((x) => taken.has(x))) continue;
          slots.forEach((x) => taken.add(x));
          const start = day + s.slot * 60 * MIN;
          const { bookings } = await createBookings({
            db,
            actor: member,
            input: {
              items: [{ resourceId: resource.id, range: { start, end: start + s.lengthSlots * 60 * MIN } }],
              purpose: "p",
            },
          });
          const id = bookings[0]!.id;
          if (s.outcome === "complete") {
            await transitionBooking({ db, actor: manager, bookingId: id, action: "checkIn", now: start });
            await transitionBooking({
              db,
              actor: manager,
              bookingId: id,
              action: "checkOut",
              now: start + s.usedMin * MIN,
            });
            // A retry of the charge (job safety net) must not add a line.
            await db.$transaction((tx) => chargeCompletedBooking({ tx, bookingId: id }));
            completed.push(id);
          } else {
            if (s.outcome === "cancel") await transitionBooking({ db, actor: member, bookingId: id, action: "cancel" });
            if (s.outcome === "noShow")
              await transitionBooking({ db, actor: manager, bookingId: id, action: "noShow", now: start + 60 * MIN });
            others.push(id);
          }
        }
        const closed: { id: string; listFen: number }[] = [];
        const unclosed: string[] = [];
        const runs: string[] = [];
        const runDay = futureDay(160 + run);
        for (const [i, o] of orders.entries()) {
          const orderId = await confirmedOrder({
            service: o.onInstrument ? ow.instrumentService : ow.service,
            samples: o.samples,
            items: o.onInstrument ? ["元素"] : [ow.itemA],
            confirm: false,
          });
          if (o.outcome === "cancel") {
            await transitionOrder({ db, viewer: customer, orderId, action: "cancel", reason: "不需要了" });
            unclosed.push(orderId);
            continue;
          }
          if (o.onInstrument) {
            const start = runDay + (9 + 2 * i) * 60 * MIN;
            const { bookingId } = await scheduleRun({
              db,
              viewer: lab,
              orderId,
              start: new Date(start),
              end: new Date(start + 120 * MIN),
            });
            await transitionBooking({ db, actor: manager, bookingId: bookingId!, action: "checkIn", now: start });
            await transitionBooking({
              db,
              actor: manager,
              bookingId: bookingId!,
              action: "checkOut",
              now: start + o.runMin * MIN,
            });
            runs.push(bookingId!);
          }
          await toConfirmed(orderId);
          if (o.outcome === "confirmedOnly") {
            unclosed.push(orderId);
            continue;
          }
          await closeOrder(orderId);
          if (o.outcome === "closeTwice") await expect(closeOrder(orderId)).rejects.toThrow(/CLOSED/);
          closed.push({ id: orderId, listFen: (o.onInstrument ? 45_000 : 750_000) * o.samples });
        }
        // The safety net, run after everything, must find nothing left to charge among these.
        await chargeMissedBookings(db);
        const orderLinesNow = await db.chargeLine.findMany({
          where: { sourceType: "ORDER", sourceId: { in: [...closed.map((c) => c.id), ...unclosed] } },
        });
        for (const { id, listFen } of closed) {
          const mine = orderLinesNow.filter((l) => l.sourceId === id);
          expect(mine).toHaveLength(1);
          // The external list rate per sample (no discount for this organization), whatever the quote said.
          expect(mine[0]!.amountFen).toBe(listFen);
        }
        for (const id of unclosed) expect(orderLinesNow.filter((l) => l.sourceId === id)).toHaveLength(0);
        for (const id of runs) expect(await usageLines(id)).toHaveLength(0);

        const lines = await db.chargeLine.findMany({ where: { resourceId: resource.id } });
        for (const id of completed)
          expect(lines.filter((l) => l.sourceId === id && l.kind === "USAGE")).toHaveLength(1);
        for (const id of others) expect(lines.filter((l) => l.sourceId === id)).toHaveLength(0);
        for (const l of lines) {
          expect(Number.isInteger(l.amountFen)).toBe(true);
          expect(l.quantity % 30).toBe(0);
        }
        await autoConfirmCharges(db, { now: new Date(Date.now() + 400 * 86_400_000) });
        const periods = [...new Set([...lines, ...orderLinesNow].map((l) => l.period))];
        for (const period of periods) await issueStatements({ db, period, facilityIds: [world.facility.id] });
        // Every confirmed line is on exactly one statement (a supplementary one when its month was stated before).
        const stated = await db.chargeLine.findMany({
          where: { id: { in: [...lines, ...orderLinesNow].map((l) => l.id) } },
          include: { statement: true },
        });
        for (const l of stated) expect(l.statement && l.statement.period >= l.period).toBe(true);
        const bad = await db.$queryRaw<{ id: string }[]>`
          SELECT s.id FROM statement s
          WHERE s.total_fen <> (SELECT coalesce(sum(amount_fen), 0) FROM charge_line c WHERE c.statement_id = s.id)`;
        expect(bad).toEqual([]);
      }),
      { numRuns: 12 },
    );
  });
});
