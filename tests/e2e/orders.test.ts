import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { createDb } from "../../api/src/lib/db.ts";
import {
  browserRequired,
  chromiumPath,
  launch,
  screenshot,
  seriousViolations,
  signIn,
  type Browser,
} from "./browser.ts";

const found = chromiumPath();

/** A small PDF (the API checks the %PDF- magic number, not the name). */
const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n% e2e report\n"), Buffer.alloc(4000, 0x20)]);

const expectAxeClean = async (page: Page, name: string) => {
  expect(await seriousViolations(page), name).toEqual([]);
  await screenshot(page, name);
};

/** axe needs JavaScript: a page seen without it is checked again at the same URL in a JavaScript context. */
const expectAxeCleanAt = async (noJs: Page, withJs: Page, name: string) => {
  await screenshot(noJs, `${name}-no-js`);
  await withJs.goto(noJs.url());
  await expectAxeClean(withJs, name);
};

describe.skipIf(!found && !browserRequired)("test orders in the portal", () => {
  const portalUrl = inject("portalUrl");
  const db = createDb(inject("databaseUrl"));
  let customerNoJs: Browser;
  let customer: Browser;
  let staff: Browser;
  let orderUrl = "";

  beforeAll(async () => {
    if (!found)
      throw new Error(
        "REQUIRE_BROWSER=1 but no chromium was found: run `apt-get install -y chromium` or set CHROME_PATH.",
      );
    customerNoJs = await launch({ javaScriptEnabled: false });
    customer = await launch();
    staff = await launch();
    await signIn(customerNoJs.page, portalUrl, "sme2@demo.zhongshi.cn");
    await signIn(customer.page, portalUrl, "sme2@demo.zhongshi.cn");
    await signIn(staff.page, portalUrl, "staff.cb003@demo.zhongshi.cn");
  });

  afterAll(async () => {
    await customerNoJs?.close();
    await customer?.close();
    await staff?.close();
    await db.$disconnect();
  });

  it("finds accredited bodies by item and requests a test without JavaScript", async () => {
    const { page } = customerNoJs;
    await page.goto(`${portalUrl}/services`);
    await page.getByLabel("标准号、项目或产品").fill("保质期");
    await page.getByRole("button", { name: "检索", exact: true }).click();
    await page.waitForURL("**/services?q=*");
    await page.getByRole("link", { name: "食品保质期验证（储存试验）" }).waitFor();
    await expectAxeCleanAt(page, customer.page, "40-orders-search");

    await page.getByRole("link", { name: "食品保质期验证（储存试验）" }).click();
    await page.waitForURL("**/services/SVC-FOOD-SHELF");
    await expectAxeCleanAt(page, customer.page, "41-orders-service");
    await page.getByLabel("样品名称").fill("e2e 刺梨饮料");
    await page.getByLabel("样品类别/基质").fill("饮料");
    await page.getByLabel("危险特性与注意事项").fill("无");
    await page.getByRole("button", { name: "提交委托" }).click();
    await page.waitForURL("**/orders/*?created=1");
    await page.getByText("委托已提交，等待报价。").waitFor();
    orderUrl = page.url().replace(/\?.*$/, "");
    await expectAxeCleanAt(page, customer.page, "42-orders-requested");
  });

  it("lets the performing body's staff find it on the board and quote", async () => {
    const { page } = staff;
    await page.goto(`${portalUrl}/orders/board?status=REQUESTED`);
    const id = orderUrl.split("/").pop()!;
    await page.locator(`a[href="/orders/${id}"]`).first().waitFor();
    await expectAxeClean(page, "43-orders-board");
    await page.goto(orderUrl);
    expect(await page.getByLabel("报价（元）").inputValue()).toBe("3000.00");
    await page.getByLabel("报价（元）").fill("3000");
    await page.getByRole("button", { name: "报价", exact: true }).click();
    await page.getByText("已完成：报价").waitFor();
    await expectAxeClean(page, "44-orders-quoted");
  });

  it("accepts the quote without JavaScript", async () => {
    const { page } = customerNoJs;
    await page.goto(orderUrl);
    await page.getByText("¥3,000.00").first().waitFor();
    await page.getByRole("button", { name: "接受报价" }).click();
    await page.getByText("已完成：接受报价").waitFor();
  });

  it("receives the sample, prints its label, tests and uploads the report", async () => {
    const { page } = staff;
    await page.goto(orderUrl);
    await page.getByLabel("样品状态").first().fill("完好，冷藏");
    await page.getByLabel("存放位置").first().fill("样品室 B-02，4 °C");
    await page.getByRole("button", { name: "登记收样" }).click();
    await page.getByText("已完成：登记收样").waitFor();
    await page.getByRole("link", { name: "打印样品标签" }).click();
    await page.waitForURL("**/label");
    expect(await page.locator(".qr svg").count()).toBe(1);
    await expectAxeClean(page, "45-orders-label");
    await page.goto(orderUrl);
    await page.getByRole("button", { name: "开始检测" }).click();
    await page.getByText("已完成：开始检测").waitFor();
    await page
      .getByLabel("报告 PDF（≤ 20 MB）")
      .setInputFiles({ name: "报告.pdf", mimeType: "application/pdf", buffer: pdf });
    await page.getByRole("button", { name: "上传报告" }).click();
    await page.getByText("已完成：上传报告").waitFor();
    await expectAxeClean(page, "46-orders-reported");
  });

  it("downloads and confirms the report; the verification page shows it is valid", async () => {
    const { page } = customer;
    await page.goto(orderUrl);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "下载报告（PDF）" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("报告.pdf");
    await page.goto(orderUrl);
    await page.getByRole("button", { name: "确认报告" }).click();
    await page.getByText("已完成：确认报告").waitFor();
    await expectAxeClean(page, "47-orders-confirmed");

    const code = (await page.locator("dd.mono a").first().getAttribute("href"))!.split("/").pop()!;
    await page.goto(`${portalUrl}/verify`);
    await page.getByLabel("验证码").fill(code.replace(/(.{4})(?=.)/g, "$1-"));
    await page.getByRole("button", { name: "验证", exact: true }).click();
    await page.waitForURL(`**/verify/${code}`);
    await page.getByText("有效：该报告由平台出具且未被替代。").waitFor();
    expect(await page.content()).not.toContain("e2e 刺梨饮料");
    await expectAxeClean(page, "48-orders-verified");
  });

  it("shows the customer's orders with their status", async () => {
    const { page } = customer;
    await page.goto(`${portalUrl}/orders`);
    await page.locator("td .badge", { hasText: "已确认" }).first().waitFor();
    await expectAxeClean(page, "49-orders-mine");
  });

  it("closes the order; the board and the money page show the body's income from the ledger", async () => {
    const { page } = staff;
    await page.goto(orderUrl);
    await page.getByRole("button", { name: "结束委托" }).click();
    await page.getByText("已完成：结束委托").waitFor();
    // The income of the order's body is what the ledger charged for its orders (adjustments included).
    const order = await db.testOrder.findUniqueOrThrow({ where: { id: orderUrl.split("/").pop()! } });
    const body = await db.certificationBody.findUniqueOrThrow({ where: { id: order.certificationBodyId! } });
    const orderIds = (await db.testOrder.findMany({ where: { certificationBodyId: body.id } })).map((o) => o.id);
    const lines = await db.chargeLine.findMany({ where: { sourceType: "ORDER", sourceId: { in: orderIds } } });
    expect(lines.length).toBeGreaterThan(0);
    const adjustments = await db.chargeLine.findMany({ where: { adjustsLineId: { in: lines.map((l) => l.id) } } });
    const fen = [...lines, ...adjustments].reduce((n, l) => n + l.amountFen, 0);
    const money = new Intl.NumberFormat("zh-CN", {
      style: "currency",
      currency: "CNY",
      minimumFractionDigits: 2,
    }).format(fen / 100);
    await page.goto(`${portalUrl}/orders/board`);
    const boardRow = page.locator("tr", { has: page.locator("th", { hasText: body.code }) });
    expect(await boardRow.locator("td").last().textContent()).toBe(money);
    await expectAxeClean(page, "49a-orders-board-income");

    const manager = await launch();
    try {
      await signIn(manager.page, portalUrl, "manager.testing@demo.zhongshi.cn");
      await manager.page.goto(`${portalUrl}/manage/money`);
      const table = manager.page.locator("table", {
        has: manager.page.getByText("委托检测收入（按检测机构，含调整）"),
      });
      const row = table.locator("tr", { hasText: body.code });
      expect(await row.getByTestId("income-by-body").textContent()).toBe(money);
      await expectAxeClean(manager.page, "49b-money-income-by-body");
    } finally {
      await manager.close();
    }
  });

  it("shows the search and verification pages in English", async () => {
    const { page, context } = customer;
    const { hostname } = new URL(portalUrl);
    await context.addCookies([{ name: "zs_locale", value: "en", domain: hostname, path: "/" }]);
    try {
      await page.goto(`${portalUrl}/services?q=EMC`);
      await page.getByRole("heading", { name: "Find a test service" }).waitFor();
      await page.getByRole("link", { name: "Electromagnetic compatibility (EMC)" }).waitFor();
      await expectAxeClean(page, "50-orders-search-en");
      await page.goto(`${portalUrl}/verify`);
      await page.getByRole("heading", { name: "Verify a report" }).waitFor();
    } finally {
      await context.addCookies([{ name: "zs_locale", value: "zh-CN", domain: hostname, path: "/" }]);
    }
  });
});
