import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { createDb } from "../../api/src/lib/db.ts";
import { chargeCompletedBooking } from "../../api/src/modules/money/charge-completed.ts";
import { periodOf, periodRange } from "../../api/src/domain/charging.ts";
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
const expectAccessible = async (page: Page) => expect(await seriousViolations(page)).toEqual([]);

describe.skipIf(!found && !browserRequired)("money: charges, disputes, statements, vouchers, approvals", () => {
  const portalUrl = inject("portalUrl");
  const db = createDb(inject("databaseUrl"));
  let browser: Browser;
  // The facility's manager, signed in once (sign-in hashing is slow on a loaded machine).
  let operator: Browser;
  const chargeIds: string[] = [];
  let organizationId = "";
  const lastMonth = (() => {
    const { start } = periodRange(periodOf(Date.now()));
    return periodOf(start - 1);
  })();

  beforeAll(async () => {
    if (!found) throw new Error("REQUIRE_BROWSER=1 but no chromium was found: apt-get install -y chromium");
    // sme@ becomes its organization's ORG_ADMIN; two bookings of last month were used and checked out.
    const sme = await db.user.findUniqueOrThrow({
      where: { email: "sme@demo.zhongshi.cn" },
      include: { memberships: true },
    });
    organizationId = sme.memberships[0]!.organizationId;
    await db.membership.update({
      where: { userId_organizationId: { userId: sme.id, organizationId } },
      data: { role: "ORG_ADMIN" },
    });
    const facility = await db.facility.findUniqueOrThrow({ where: { code: "INSTRUMENT" } });
    const resource = await db.resource.findFirstOrThrow({
      where: { facilityId: facility.id, priceUnit: "HOUR" },
      include: { units: true },
      orderBy: { code: "asc" },
    });
    const { start } = periodRange(lastMonth);
    for (const [day, minutes] of [
      [3, 75],
      [4, 30],
    ] as const) {
      const startsAt = new Date(start + day * 86_400_000 + 9 * 3_600_000);
      const endsAt = new Date(startsAt.getTime() + 2 * 3_600_000);
      const booking = await db.booking.create({
        data: {
          organizationId,
          requesterId: sme.id,
          resourceId: resource.id,
          unitId: resource.units[0]!.id,
          startsAt,
          endsAt,
          status: "COMPLETED",
          purpose: "e2e 费用",
          usageRecords: {
            create: {
              resourceId: resource.id,
              unitId: resource.units[0]!.id,
              organizationId,
              startedAt: startsAt,
              endedAt: new Date(startsAt.getTime() + minutes * 60_000),
            },
          },
        },
      });
      const id = await db.$transaction((tx) => chargeCompletedBooking({ tx, bookingId: booking.id }));
      chargeIds.push(id!);
    }
    browser = await launch();
    operator = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await operator?.close();
    await db.$disconnect();
  });

  it("lets the ORG_ADMIN confirm one charge and dispute another", async () => {
    const { page } = browser;
    await signIn(page, portalUrl, "sme@demo.zhongshi.cn");
    await page.getByRole("link", { name: "费用与结算" }).click();
    await page.getByRole("heading", { name: "费用明细" }).waitFor();
    await expectAccessible(page);
    await screenshot(page, "60-money-charges");
    const rows = page.locator("tbody tr");
    expect(await rows.count()).toBeGreaterThanOrEqual(2);
    // Charges are newest first: the second booking's charge is on top.
    await rows.nth(1).getByRole("button", { name: "确认费用" }).click();
    await page.getByTestId("money-done").getByText("费用已确认。").waitFor();
    await page.locator("tbody tr").first().getByLabel("异议理由").fill("实际只用了 20 分钟");
    await page.locator("tbody tr").first().getByRole("button", { name: "提出异议" }).click();
    await page.getByTestId("money-done").getByText("异议已提交").waitFor();
    const lines = await db.chargeLine.findMany({ where: { id: { in: chargeIds } }, orderBy: { serviceAt: "asc" } });
    expect(lines.map((l) => l.status)).toEqual(["CONFIRMED", "DISPUTED"]);
  });

  it("lets the facility resolve the dispute by adjustment, issue the statement and record a payment", async () => {
    {
      const { page } = operator;
      await signIn(page, portalUrl, "manager.instrument@demo.zhongshi.cn");
      await page.goto(`${portalUrl}/manage/money`);
      await page.getByRole("heading", { name: /费用异议/ }).waitFor();
      await expectAccessible(page);
      const dispute = page.locator("article", { hasText: "实际只用了 20 分钟" });
      await dispute.getByLabel("调整金额（元，减免填负数）").fill("-10.00");
      await dispute.getByLabel("处理说明").fill("按 30 分钟计费，减免 10 元");
      await dispute.getByRole("button", { name: "提交处理" }).click();
      await page.getByTestId("money-done").getByText("异议已处理。").waitFor();
      const adjustment = await db.chargeLine.findFirstOrThrow({ where: { adjustsLineId: chargeIds[1] } });
      expect(adjustment.amountFen).toBe(-1000);

      await page.getByLabel("账期").fill(lastMonth);
      await page.getByRole("button", { name: "出具该月对账单" }).click();
      await page.getByTestId("money-done").getByText("对账单已出具。").waitFor();
      const statement = await db.statement.findFirstOrThrow({ where: { organizationId, period: lastMonth } });
      await page.getByRole("link", { name: statement.number }).click();
      await page.getByTestId("statement-number").getByText(statement.number).waitFor();
      const organization = await db.organization.findUniqueOrThrow({ where: { id: organizationId } });
      await page.getByText(organization.uscc!).waitFor();
      expect(await page.getByTestId("payment-status").textContent()).toBe("未付款");
      await expectAccessible(page);
      await page.getByLabel("金额（元）").first().fill("1.00");
      await page.getByRole("button", { name: "登记收款" }).last().click();
      await page.getByTestId("payment-status").getByText("部分付款").waitFor();
      await screenshot(page, "61-money-statement");
      // Printable: the site chrome and the forms disappear, the CJK font is available for the PDF.
      await page.emulateMedia({ media: "print" });
      expect(await page.locator(".site-header").isVisible()).toBe(false);
      expect(await page.getByRole("button", { name: "登记收款" }).last().isVisible()).toBe(false);
      const pdf = await page.pdf({ path: "test-artifacts/e2e/62-money-statement.pdf", format: "A4" });
      // The PDF embeds a CJK font (fonts-noto-cjk), so the Chinese text is real glyphs, not tofu boxes.
      expect(Buffer.from(pdf).toString("latin1")).toMatch(/NotoSans\w*CJK/);
      await page.emulateMedia({ media: "screen" });
      const xlsx = await page.request.get(`${portalUrl}/api/v1/statements/${statement.id}/export.xlsx`);
      expect(xlsx.status()).toBe(200);
      expect(xlsx.headers()["content-type"]).toContain("spreadsheetml");
    }
  });

  it("registers a voucher and sets the spending threshold, in Chinese and in English", async () => {
    const { page } = browser;
    await page.goto(`${portalUrl}/money`);
    await page.getByLabel("券号").fill("E2E-KJCXQ-0001");
    await page.getByLabel("发放机构").fill("贵阳国家高新区科技创新局（示例）");
    await page.getByLabel("金额（元）").fill("5000");
    await page.getByLabel("有效期自").fill("2026-01-01");
    await page.getByLabel("有效期至").fill("2030-12-31");
    await page.getByRole("button", { name: "登记创新券" }).click();
    await page.getByTestId("money-done").getByText("创新券已登记。").waitFor();
    await page.getByText("E2E-KJCXQ-0001").waitFor();
    // The operator applies it to last month's statement by the number printed on it.
    {
      const statement = await db.statement.findFirstOrThrow({ where: { organizationId, period: lastMonth } });
      await operator.page.goto(`${portalUrl}/money/statements/${statement.id}`);
      await operator.page.getByLabel("券号").fill("E2E-KJCXQ-0001");
      await operator.page.getByLabel("金额（元）").last().fill("10.00");
      await operator.page.getByRole("button", { name: "使用创新券抵扣" }).click();
      await operator.page.getByTestId("money-done").getByText("创新券已抵扣。").waitFor();
      await operator.page.getByText(/创新券 E2E-KJCXQ-0001/).waitFor();
    }
    await page.reload();
    await page.getByText(/余额 ¥4,990.00/).waitFor();
    await page.getByRole("link", { name: /待我审批的申请/ }).click();
    await page.getByRole("heading", { name: "待单位审批的申请" }).waitFor();
    await page.getByLabel("消费审批阈值（元）").fill("800");
    await page.getByRole("button", { name: "保存阈值" }).click();
    await page.getByTestId("money-done").getByText("阈值已保存。").waitFor();
    expect((await db.organization.findUniqueOrThrow({ where: { id: organizationId } })).spendingThresholdFen).toBe(
      80000,
    );
    await expectAccessible(page);
    await screenshot(page, "63-money-approvals");
    await page.getByRole("button", { name: "English" }).click();
    await page.locator("html[lang=en]").waitFor();
    await page.goto(`${portalUrl}/money`);
    await page.getByRole("heading", { name: "Charges and billing" }).waitFor();
    await expectAccessible(page);
    await db.organization.update({ where: { id: organizationId }, data: { spendingThresholdFen: null } });
  });
});
