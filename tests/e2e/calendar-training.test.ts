import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import {
  browserRequired,
  chromiumPath,
  launch,
  screenshot,
  seriousViolations,
  signIn,
  signOut,
  type Browser,
} from "./browser.ts";

const found = chromiumPath();
const expectAccessible = async (page: Page) => expect(await seriousViolations(page)).toEqual([]);

describe.skipIf(!found && !browserRequired)("holiday calendar admin and training requests in the portal", () => {
  const portalUrl = inject("portalUrl");
  let browser: Browser;

  beforeAll(async () => {
    if (!found)
      throw new Error(
        "REQUIRE_BROWSER=1 but no chromium was found: run `apt-get install -y chromium` or set CHROME_PATH.",
      );
    browser = await launch();
  });
  afterEach(async () => {
    if (browser) await signOut(browser.context);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("shows 2027 as provisional, adds and removes a day, and imports the official notice", async () => {
    const { page, context } = browser;
    await signIn(page, portalUrl, "admin@demo.zhongshi.cn");
    await page.goto(`${portalUrl}/admin/calendar?year=2027`);
    await page.getByText("尚未录入国务院办公厅的放假通知").waitFor();
    const springFestival = page.getByRole("row", { name: /2027-02-06/ });
    expect(await springFestival.getByText("暂定", { exact: true }).count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await screenshot(page, "40-admin-calendar-provisional");

    // Add a make-up working day with its source.
    await page.getByLabel("日期").fill("2027-02-13");
    await page.getByLabel("类型").selectOption("WORKDAY");
    await page.getByLabel("中文名称").fill("春节调休上班");
    await page.getByLabel("英文名称").fill("Spring Festival make-up day");
    await page.getByLabel("来源").fill("e2e 测试通知（示例）");
    await page.getByRole("button", { name: "保存" }).click();
    await page.getByText("已保存 2027-02-13。").waitFor();
    expect(
      await page
        .getByRole("row", { name: /2027-02-13/ })
        .getByText("调休上班", { exact: true })
        .count(),
    ).toBeGreaterThan(0);

    // Removing asks first.
    await page.getByRole("link", { name: "删除 2027-02-13" }).click();
    await page.getByText(/删除 2027-02-13（春节调休上班）？/).waitFor();
    await page.getByRole("button", { name: "删除" }).click();
    await page.getByText("已删除 2027-02-13。").waitFor();
    await expect(page.getByRole("row", { name: /2027-02-13/ }).count()).resolves.toBe(0);

    // Import a (fictional) notice for 2035: it replaces the provisional days of that year.
    await page.goto(`${portalUrl}/admin/calendar?year=2035`);
    await page.getByText("尚未录入国务院办公厅的放假通知").waitFor();
    await page
      .getByLabel("或粘贴内容")
      .fill(
        ["date,kind,name,source", "2035-01-01,HOLIDAY,元旦,e2e 示例通知", "2035-02-04,班,春节调休,e2e 示例通知"].join(
          "\n",
        ),
      );
    await page.getByRole("button", { name: "导入" }).click();
    await page.getByText("已导入正式通知").waitFor();
    expect(await page.getByText("暂定", { exact: true }).count()).toBe(0);
    await expect(page.getByRole("row", { name: /2035-02-04/ }).count()).resolves.toBe(1);

    // A broken file is refused whole, naming the line, in the page's language (the API's English stays behind).
    await page.getByLabel("或粘贴内容").fill("date,kind,name,source\n2035-13-01,HOLIDAY,x,y");
    await page.getByRole("button", { name: "导入" }).click();
    await page.getByText("第 2 行：“2035-13-01”不是日期（应为 YYYY-MM-DD）").waitFor();
    await expect(page.getByText(/line 2|is not a date/).count()).resolves.toBe(0);
    await expectAccessible(page);
    await screenshot(page, "41-admin-calendar-import-error");
    await signOut(context);
  });

  it("lets a member request training from the resource page, and the manager schedule and grant it", async () => {
    const { page, context } = browser;
    await signIn(page, portalUrl, "sme@demo.zhongshi.cn");
    await page.goto(`${portalUrl}/resources/INS-SEM-01`);
    await page.getByRole("heading", { name: "公平使用规则" }).waitFor();
    await page.getByText("每家单位每周最多 20 小时").waitFor();
    await page.getByRole("heading", { name: "使用方式与收费" }).waitFor();
    await page.getByLabel("说明（选填：使用目的、相关经验）").fill("e2e：观察正极材料形貌");
    await page.getByRole("button", { name: "申请培训" }).click();
    await page.getByText("已提交培训申请").waitFor();
    await expectAccessible(page);
    await screenshot(page, "42-resource-training-requested");
    await signOut(context);

    await signIn(page, portalUrl, "manager.instrument@demo.zhongshi.cn");
    await page.goto(`${portalUrl}/manage/training?status=REQUESTED`);
    const card = page.getByTestId("training-request").filter({ hasText: "e2e：观察正极材料形貌" });
    await card.getByRole("button", { name: "安排培训" }).click();
    await page.getByText("已更新。").waitFor();
    await page.goto(`${portalUrl}/manage/training?status=SCHEDULED`);
    await expectAccessible(page);
    await page
      .getByTestId("training-request")
      .filter({ hasText: "e2e：观察正极材料形貌" })
      .getByRole("button", { name: "培训完成，授予资质" })
      .click();
    await page.getByText("已更新。").waitFor();
    await signOut(context);

    await signIn(page, portalUrl, "sme@demo.zhongshi.cn");
    await page.goto(`${portalUrl}/qualifications`);
    const row = page.getByRole("row", { name: /扫描电子显微镜/ }).first();
    await row.getByText("有效").waitFor();
    await expect(page.getByTestId("my-training-request").filter({ hasText: "已授予资质" }).count()).resolves.toBe(1);
    await expectAccessible(page);
    await screenshot(page, "43-my-qualifications");
    await page.goto(`${portalUrl}/resources/INS-SEM-01`);
    await page.getByText("您已取得本设备的操作资质").waitFor();
    await signOut(context);
  });

  it("lets a manager set the facility's fair-use rules, shown on its resources' pages", async () => {
    const { page } = browser;
    await signIn(page, portalUrl, "manager.instrument@demo.zhongshi.cn");
    await page.goto(`${portalUrl}/manage/fair-use`);
    await page.getByText("当前没有被暂停预约的单位。").waitFor();
    await page.getByLabel("每单位机时上限（小时）").fill("25");
    await page.getByRole("button", { name: "保存" }).click();
    await page.getByText("已更新。").waitFor();
    await expectAccessible(page);
    await screenshot(page, "44-manage-fair-use");
    await page.goto(`${portalUrl}/resources/INS-XRD-01`);
    await page.getByText("每家单位每周最多 25 小时").waitFor();
  });
});
