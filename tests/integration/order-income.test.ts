import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createRequire } from "node:module";
import { testApp, createWorld, testUscc, type TestWorld } from "../setup/fixtures.ts";
import { createOrderWorld, fakePdf } from "../setup/order-fixtures.ts";
import { periodOf, periodRange } from "../../api/src/domain/charging.ts";
import { addWorkingDays } from "../../api/src/domain/order-state.ts";
import { loadHolidayCalendar } from "../../api/src/modules/orders/orders.repository.ts";

// exceljs is the api package's dependency; load it from there (as money.test.ts does).
const apiRequire = createRequire(new URL("../../api/package.json", import.meta.url));
const ExcelJS = apiRequire("exceljs") as typeof import("exceljs");

const { db, app } = testApp(inject("databaseUrl"));
let world: TestWorld;
let ow: Awaited<ReturnType<typeof createOrderWorld>>;
let h: Record<"memberA" | "manager" | "staff1" | "staff2" | "orgAdmin" | "admin", Record<string, string>>;

beforeAll(async () => {
  world = await createWorld(db);
  ow = await createOrderWorld(db, world);
  const user = (name: string) =>
    db.user.create({
      data: { email: `${name}.${world.tag.toLowerCase()}@test.zhongshi.cn`, name, passwordHash: "x" },
    });
  const orgAdmin = await user("org-admin");
  await db.membership.create({ data: { userId: orgAdmin.id, organizationId: world.orgA.id, role: "ORG_ADMIN" } });
  const admin = await user("admin");
  const authority = await db.organization.create({
    data: { kind: "AUTHORITY", nameZh: `局${world.tag}`, nameEn: `Authority ${world.tag}`, uscc: testUscc() },
  });
  await db.membership.create({ data: { userId: admin.id, organizationId: authority.id, role: "ADMIN" } });
  // The customer has a 10 % discount at this facility: the ledger charges list rate less discount.
  await db.chargeDiscount.create({
    data: { facilityId: world.facility.id, organizationId: world.orgA.id, basisPoints: 1_000, reason: "test" },
  });
  h = {
    memberA: await world.sessionHeaders(world.memberA.id),
    manager: await world.sessionHeaders(world.manager.id),
    staff1: await world.sessionHeaders(ow.staff1.id),
    staff2: await world.sessionHeaders(ow.staff2.id),
    orgAdmin: await world.sessionHeaders(orgAdmin.id),
    admin: await world.sessionHeaders(admin.id),
  };
});
afterAll(() => db.$disconnect());

type Who = keyof typeof h;
const call = async (who: Who, method: string, path: string, body?: unknown) => {
  const response = await app.request(`/api/v1${path}`, {
    method,
    headers: h[who],
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status, `${method} ${path}`).toBeLessThan(300);
  return response;
};
const json = async (who: Who, method: string, path: string, body?: unknown) =>
  (await call(who, method, path, body)).json();

/** Runs one order through the whole flow by the API, ending with the close that charges it. */
const closedOrder = async (staff: "staff1" | "staff2", bodyId: string, items: string[], samples: number) => {
  const order = await json("memberA", "POST", "/orders", {
    serviceId: ow.service.id,
    certificationBodyId: bodyId,
    sampleName: "电芯",
    sampleQuantity: samples,
    matrix: "动力电池单体",
    items,
    standardNumber: ow.standard,
    reportLanguage: "ZH",
    retentionDays: 30,
    hazards: "无",
  });
  // A quote that differs from the list rate: the ledger, not the quote, is the income.
  await call(staff, "POST", `/orders/${order.id}/quote`, {
    priceFen: 123_456,
    validUntil: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  });
  await call("memberA", "POST", `/orders/${order.id}/accept`, {});
  await call("manager", "POST", `/orders/${order.id}/receive`, { condition: "完好", storage: "A-01" });
  await call(staff, "POST", `/orders/${order.id}/start`, {});
  await app.request(`/api/v1/orders/${order.id}/report?filename=r.pdf`, {
    method: "PUT",
    headers: { ...h[staff], "content-type": "application/pdf" },
    body: new Uint8Array(fakePdf()),
  });
  await call("memberA", "GET", `/orders/${order.id}/report`);
  await call("memberA", "POST", `/orders/${order.id}/confirm`, {});
  const closed = await json(staff, "POST", `/orders/${order.id}/close`, {});
  expect(closed.status).toBe("CLOSED");
  return order.id as string;
};

describe("income per body comes from the ledger", () => {
  it("agrees between the order analytics, the income report and every export, and equals the ledger rows", async () => {
    const body1: [string, string] = [
      await closedOrder("staff1", ow.lab1.body.id, [ow.itemA, ow.itemB], 3),
      await closedOrder("staff1", ow.lab1.body.id, [ow.itemA], 1),
    ];
    const body2: [string] = [await closedOrder("staff2", ow.lab2.body.id, [ow.itemA], 2)];

    const lines = await db.chargeLine.findMany({
      where: { sourceType: "ORDER", sourceId: { in: [...body1, ...body2] } },
      orderBy: { createdAt: "asc" },
    });
    // Closing charged every order in its transaction: one per-sample line each, list rate less 10 %.
    expect(lines.map((l) => [l.sourceId, l.quantity, l.grossFen, l.discountFen, l.amountFen])).toEqual(
      expect.arrayContaining([
        [body1[0], 3, 2_250_000, 225_000, 2_025_000],
        [body1[1], 1, 750_000, 75_000, 675_000],
        [body2[0], 2, 1_500_000, 150_000, 1_350_000],
      ]),
    );
    const lineOf = (orderId: string) => lines.find((l) => l.sourceId === orderId)!;

    // Corrections: a credit on body 1's first order, a correction of that adjustment (the chain is followed),
    // and a dispute of body 2's line resolved by another credit. The disputed line still counts as charged.
    const credit = await json("manager", "POST", `/charges/${lineOf(body1[0]).id}/adjustments`, {
      amountFen: -100_000,
      reason: "agreed quote",
    });
    await call("manager", "POST", `/charges/${credit.id}/adjustments`, { amountFen: 2_500, reason: "rounding" });
    await call("orgAdmin", "POST", `/charges/${lineOf(body2[0]).id}/dispute`, { reason: "one sample broke" });
    await call("manager", "POST", `/charges/${lineOf(body2[0]).id}/resolve`, {
      resolution: "adjust",
      reason: "one sample refunded",
      adjustmentFen: -675_000,
    });

    // The ledger rows, summed here without the API: each order's lines plus every adjustment chained to them.
    const all = await db.chargeLine.findMany({ where: { facilityId: world.facility.id } });
    const rootOrder = (line: (typeof all)[number]): string | null => {
      if (line.sourceType === "ORDER") return line.sourceId;
      const parent = all.find((l) => l.id === line.adjustsLineId);
      return parent ? rootOrder(parent) : null;
    };
    const ledgerOf = (orders: string[]) =>
      all.filter((l) => orders.includes(rootOrder(l) ?? "")).reduce((n, l) => n + l.amountFen, 0);
    const expected = {
      [ow.lab1.body.code]: ledgerOf(body1),
      [ow.lab2.body.code]: ledgerOf(body2),
    };
    expect(expected).toEqual({
      [ow.lab1.body.code]: 2_025_000 - 100_000 + 2_500 + 675_000,
      [ow.lab2.body.code]: 1_350_000 - 675_000,
    });
    // Everything was charged this month (Asia/Shanghai): the window is that statement month.
    const period = periodOf(Date.now());
    expect(new Set(all.map((l) => l.period))).toEqual(new Set([period]));
    const { start, end } = periodRange(period);
    const window = `from=${encodeURIComponent(new Date(start).toISOString())}&to=${encodeURIComponent(new Date(end).toISOString())}`;
    const byCode = (rows: { bodyCode: string | null; incomeFen: number }[]) =>
      Object.fromEntries(
        rows
          .filter((r) => r.bodyCode === ow.lab1.body.code || r.bodyCode === ow.lab2.body.code)
          .map((r) => [r.bodyCode, r.incomeFen]),
      );

    // 1. The order analytics (the order board), for the center's manager and for each body's staff.
    const analytics = await json("manager", "GET", `/order-analytics?${window}`);
    expect(byCode(analytics.income)).toEqual(expected);
    expect(analytics.income.find((r: { bodyCode: string }) => r.bodyCode === ow.lab1.body.code).orders).toBe(2);
    expect(byCode((await json("staff1", "GET", `/order-analytics?${window}`)).income)).toEqual({
      [ow.lab1.body.code]: expected[ow.lab1.body.code],
    });
    expect(byCode((await json("staff2", "GET", `/order-analytics?${window}`)).income)).toEqual({
      [ow.lab2.body.code]: expected[ow.lab2.body.code],
    });

    // 2. The money module's income report (the IncomePanel of /manage/money and /admin/utilization).
    for (const who of ["manager", "admin"] as const) {
      const income = await json(who, "GET", `/analytics/income?from=${period}&to=${period}`);
      const mine = income.byBody.filter((r: { facilityCode: string }) => r.facilityCode === world.facility.code);
      expect(byCode(mine), who).toEqual(expected);
      // Order income is part of the facility's service income, which also sums the ledger.
      const facilityIncome = income.income
        .filter((r: { facilityCode: string }) => r.facilityCode === world.facility.code)
        .reduce((n: number, r: { incomeFen: number }) => n + r.incomeFen, 0);
      expect(facilityIncome).toBe(all.reduce((n, l) => n + l.amountFen, 0));
    }

    // 3. The exports: the order analytics CSV, the income CSV and the analytics workbook's "Income by body".
    const csv = await (await call("manager", "GET", `/order-analytics/export.csv?${window}`)).text();
    const csvRows = csv.replace(/^\uFEFF/, "").split("\r\n");
    expect(csvRows[0]).toBe(
      "body,orders,reported,turnaround_median_working_days,turnaround_p90_working_days,on_time_rate,income_fen,income_cny",
    );
    const csvIncome = Object.fromEntries(
      csvRows
        .map((r) => r.split(","))
        .filter((c) => c[0] === ow.lab1.body.code || c[0] === ow.lab2.body.code)
        .map((c) => [c[0], Number(c[6])]),
    );
    expect(csvIncome).toEqual(expected);
    expect(csv).toContain(`${ow.lab2.body.code},1,1,`);
    expect(csv).toContain(",675000,6750.00");

    const incomeCsv = await (await call("manager", "GET", `/analytics/income.csv?from=${period}&to=${period}`)).text();
    const incomeCsvRows = incomeCsv.split("\r\n").map((r) => r.split(","));
    expect(
      Object.fromEntries(
        incomeCsvRows
          .filter((c) => c[0] === world.facility.code && (c[1] === ow.lab1.body.code || c[1] === ow.lab2.body.code))
          .map((c) => [c[1], Number(c[3])]),
      ),
    ).toEqual(expected);

    const localDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
    const xlsx = await call(
      "manager",
      "GET",
      `/analytics/export.xlsx?from=${localDate(start)}&to=${localDate(end)}&facility=${world.facility.code}`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.getWorksheet("机构收入 Income by body")!;
    const sheetIncome: Record<string, number> = {};
    sheet.eachRow((row, n) => {
      if (n > 1 && row.getCell(1).value === world.facility.code)
        sheetIncome[String(row.getCell(2).value)] = Number(row.getCell(5).value);
    });
    expect(sheetIncome).toEqual(expected);
  });
});

describe("turnaround in working days", () => {
  it("counts the holiday calendar: median, p90 and on-time rate over the 2026 National Day holiday", async () => {
    // 2026: 1–7 October are holidays and Saturday 10 October is a make-up working day (seeded calendar).
    const days = await db.calendarDay.findMany({
      where: { date: { gte: new Date("2026-10-01"), lte: new Date("2026-10-10") } },
      orderBy: { date: "asc" },
    });
    expect(days.map((d) => [d.date.toISOString().slice(0, 10), d.kind])).toEqual([
      ...[1, 2, 3, 4, 5, 6, 7].map((d) => [`2026-10-0${d}`, "HOLIDAY"]),
      ["2026-10-10", "WORKDAY"],
    ]);
    // Received Wednesday 30 September; the service promises 5 working days: 8, 9, 10, 12, 13 October, so the
    // report is due before 14 October 00:00. Reports on 8 October (1 working day, 8 calendar days), on
    // 12 October (4: the 8th, 9th, the make-up 10th and the 12th) and on 16 October (8, late).
    const receivedAt = new Date("2026-09-30T09:00:00+08:00");
    const dueAt = new Date("2026-10-14T00:00:00+08:00");
    // The promised date the receipt step computes from the same calendar rows agrees.
    const calendar = await loadHolidayCalendar(db, receivedAt, new Date("2026-12-31T00:00:00Z"));
    expect(addWorkingDays(receivedAt.getTime(), ow.service.turnaroundDays, calendar)).toBe(dueAt.getTime());
    const reports = ["2026-10-08T10:00:00+08:00", "2026-10-12T10:00:00+08:00", "2026-10-16T10:00:00+08:00"];
    for (const [i, issued] of reports.entries()) {
      const order = await json("memberA", "POST", "/orders", {
        serviceId: ow.service.id,
        certificationBodyId: ow.lab2.body.id,
        sampleName: "电芯",
        sampleQuantity: 1,
        matrix: "电芯",
        items: [ow.itemA],
        standardNumber: ow.standard,
        reportLanguage: "ZH",
        retentionDays: 30,
        hazards: "无",
      });
      // Receipt is stamped "now" by the flow; move it into the holiday weeks.
      await db.testOrder.update({
        where: { id: order.id },
        data: {
          status: "REPORTED",
          receivedAt,
          dueAt,
          reportedAt: new Date(issued),
          createdAt: new Date("2026-09-28T09:00:00+08:00"),
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
          verificationCode: `W${world.tag}${i}`,
          issuedById: ow.staff2.id,
          issuedAt: new Date(issued),
        },
      });
    }
    const window = `from=${encodeURIComponent("2026-09-01T00:00:00+08:00")}&to=${encodeURIComponent("2026-11-01T00:00:00+08:00")}`;
    const a = await json("staff2", "GET", `/order-analytics?${window}`);
    // Working days 1, 4, 8: median 4, p90 = 4 + 0.8 × (8 − 4) = 7.2 (calendar days would be 8, 12, 16).
    expect(a.turnaround).toEqual([
      {
        bodyCode: ow.lab2.body.code,
        total: false,
        reported: 3,
        medianDays: 4,
        p90Days: 7.2,
        onTime: 2,
        onTimeRate: 0.667,
      },
      { bodyCode: null, total: true, reported: 3, medianDays: 4, p90Days: 7.2, onTime: 2, onTimeRate: 0.667 },
    ]);
    expect(a.byMonth).toEqual([
      {
        month: "2026-09",
        bodyCode: ow.lab2.body.code,
        bodyNameZh: ow.lab2.organization.nameZh,
        serviceCode: ow.service.code,
        serviceNameZh: ow.service.nameZh,
        orders: 3,
      },
    ]);
    const csv = await (await call("staff2", "GET", `/order-analytics/export.csv?${window}`)).text();
    expect(csv).toContain(`${ow.lab2.body.code},3,3,4,7.2,0.667,0,0.00\r\n`);
    // A window with nothing reported gives the total row alone, its rates null rather than a division by zero.
    const empty = `from=${encodeURIComponent("2026-01-01T00:00:00+08:00")}&to=${encodeURIComponent("2026-02-01T00:00:00+08:00")}`;
    expect((await json("staff2", "GET", `/order-analytics?${empty}`)).turnaround).toEqual([
      { bodyCode: null, total: true, reported: 0, medianDays: null, p90Days: null, onTime: 0, onTimeRate: null },
    ]);
  });
});
