import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { sampleUscc } from "../../seeds/data/uscc.ts";
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
const validUscc = sampleUscc({ serial: 9001, divisionCode: "520115" });
// The same code with another check character: always invalid.
const invalidUscc = validUscc.slice(0, 17) + (validUscc.endsWith("0") ? "1" : "0");
const api = async <T>(portalUrl: string, path: string) =>
  (await (await fetch(`${portalUrl}/api/v1${path}`)).json()) as T;

describe.skipIf(!found && !browserRequired)("admin management and the API's new fields", () => {
  const portalUrl = inject("portalUrl");
  let browser: Browser;

  beforeAll(async () => {
    if (!found)
      throw new Error(
        "REQUIRE_BROWSER=1 but no chromium was found: run `apt-get install -y chromium` or set CHROME_PATH.",
      );
    browser = await launch();
    await signIn(browser.page, portalUrl, "admin@demo.zhongshi.cn");
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("edits a facility's summary and opening hours, with a field error for a half-filled interval", async () => {
    const { page } = browser;
    await page.goto(`${portalUrl}/admin/facilities`);
    await page.getByRole("link", { name: /编辑 打印材料共享中心/ }).click();
    await page.waitForURL("**/admin/facilities?edit=PRINTING");
    // The current hours are in the grid: Monday's first interval is filled.
    expect(await page.getByLabel("周一 第 1 段开始").inputValue()).not.toBe("");
    await page.getByLabel("周日 第 1 段开始").fill("09:00");
    await page.getByRole("button", { name: "保存" }).click();
    await page.getByText("请同时填写开始和结束时间，结束须晚于开始。").waitFor();
    await screenshot(page, "20-admin-facility-hours-error");
    await page.getByLabel("周日 第 1 段结束").fill("12:00");
    await page.getByLabel("中文简介").fill("e2e：开放时间已调整");
    await page.getByRole("button", { name: "保存" }).click();
    await page.getByText("已保存。").waitFor();
    const facility = await api<{
      summaryZh: string;
      openingHours: { weekday: number; opensMin: number; closesMin: number }[];
    }>(portalUrl, "/facilities/PRINTING");
    expect(facility.summaryZh).toBe("e2e：开放时间已调整");
    expect(facility.openingHours).toContainEqual({ weekday: 7, opensMin: 540, closesMin: 720 });
    await expectAccessible(page);
  });

  it("adds a resource with its whole policy, prices in ¥ stored as fen, and shows the API's field errors", async () => {
    const { page } = browser;
    await page.goto(`${portalUrl}/admin/resources`);
    await page.getByRole("link", { name: "新增设备或服务" }).click();
    await page.waitForURL("**/admin/resources/new");
    await page.getByLabel("所属设施").selectOption("PRINTING");
    await page.getByLabel("编码").fill("E2E-PRT-01");
    await page.getByLabel("类型").selectOption("PRINTER");
    await page.getByLabel("中文名称").fill("端到端测试打印机");
    await page.getByLabel("英文名称").fill("E2E test printer");
    await page.getByLabel("最短时长（分钟）").fill("120");
    await page.getByLabel("最长时长（分钟）").fill("60"); // shorter than the minimum: the API refuses it
    await page.getByLabel("园区内价格（元）").fill("12.50");
    await page.getByLabel("园区外价格（元）").fill("25");
    await page.getByLabel("台套数").fill("2");
    await page.getByLabel("需要操作资质").check();
    await page.getByLabel("技术参数（JSON）").fill('{"zh": {"成形尺寸": "250 mm"}}');
    await page.getByRole("button", { name: "新增" }).click();
    await page.locator("#f-maxDurationMin-error").waitFor();
    await screenshot(page, "21-admin-resource-field-error");
    expect(await page.getByLabel("中文名称").inputValue(), "the input is kept").toBe("端到端测试打印机");
    await page.getByLabel("最长时长（分钟）").fill("480");
    await page.getByRole("button", { name: "新增" }).click();
    await page.waitForURL("**/admin/resources/E2E-PRT-01?created=1");
    const resource = await api<{
      priceInternalFen: number;
      priceExternalFen: number;
      units: unknown[];
      requiresQualification: boolean;
      minDurationMin: number;
    }>(portalUrl, "/resources/E2E-PRT-01");
    expect(resource).toMatchObject({
      priceInternalFen: 1250,
      priceExternalFen: 2500,
      requiresQualification: true,
      minDurationMin: 120,
    });
    expect(resource.units).toHaveLength(2);
    await expectAccessible(page);
  });

  it("retires a resource only after confirming", async () => {
    const { page } = browser;
    await page.goto(`${portalUrl}/admin/resources/E2E-PRT-01`);
    await page.getByLabel("状态").selectOption("RETIRED");
    await page.getByRole("button", { name: "保存" }).click();
    await page.getByRole("button", { name: "确认停用" }).waitFor();
    expect(
      (await api<{ status: string }>(portalUrl, "/resources/E2E-PRT-01")).status,
      "nothing changed before confirming",
    ).toBe("ACTIVE");
    await screenshot(page, "22-admin-retire-confirm");
    await page.getByRole("button", { name: "确认停用" }).click();
    await page.getByText("已保存。").waitFor();
    expect((await api<{ status: string }>(portalUrl, "/resources/E2E-PRT-01")).status).toBe("RETIRED");
  });

  it("adds and edits a certification body, and refuses an organization with a wrong USCC on its field", async () => {
    const { page } = browser;
    await page.goto(`${portalUrl}/admin/certification-bodies`);
    await page.getByLabel("编码").fill("CB-E2E");
    await page.getByLabel("统一社会信用代码").fill(validUscc);
    await page.getByLabel("中文名称").fill("端到端检测有限公司");
    await page.getByLabel("英文名称").fill("E2E Testing Ltd.");
    await page.getByLabel("CMA 证书号").fill("CMA-E2E-1");
    await page.getByRole("checkbox", { name: "食品" }).check();
    await page.getByLabel("联系人").fill("测试");
    await page.getByLabel("联系电话").fill("0851-1234567");
    await page.getByLabel("联系邮箱").fill("e2e@example.cn");
    await page.getByRole("button", { name: "新增" }).click();
    await page.locator("form .notice").first().waitFor();
    expect(await page.locator("form .notice, .field-error").allTextContents()).toEqual(["已创建。"]);
    await page.goto(`${portalUrl}/admin/certification-bodies/CB-E2E`);
    await page.getByLabel("联系电话").fill("0851-7654321");
    await page.getByRole("checkbox", { name: "环保" }).check();
    await page.getByRole("button", { name: "保存" }).click();
    await page.getByText("已保存。").waitFor();
    const body = await api<{ contactPhone: string; domains: string[] }>(portalUrl, "/certification-bodies/CB-E2E");
    expect(body.contactPhone).toBe("0851-7654321");
    expect(body.domains.sort()).toEqual(["environmental", "food"]);

    await page.goto(`${portalUrl}/admin/organizations`);
    await page.getByLabel("中文名称").fill("端到端企业");
    await page.getByLabel("英文名称").fill("E2E Enterprise");
    await page.getByLabel("统一社会信用代码").fill(invalidUscc);
    await page.getByRole("button", { name: "新增" }).click();
    await page.locator("#o-uscc-error").waitFor();
    await screenshot(page, "23-admin-organization-uscc-error");
    await page.getByLabel("统一社会信用代码").fill("");
    await page.getByRole("button", { name: "新增" }).click();
    await page.getByText("已创建。").waitFor();
    expect(await page.getByRole("rowheader", { name: /端到端企业/ }).count()).toBe(1);
  });

  it("adds a membership (administrator role only after confirming) and the member then books for either organization", async () => {
    const { page, context } = browser;
    await page.goto(`${portalUrl}/admin/users?q=manager.printing`);
    const card = page.locator("article.card", { hasText: "manager.printing@demo.zhongshi.cn" });
    await card.getByLabel("单位").selectOption({ label: "贵州示例电池科技有限公司" });
    await card.getByLabel("角色").selectOption("ADMIN");
    await card.getByRole("button", { name: "加入单位" }).click();
    await page.getByRole("button", { name: "确认授予" }).waitFor();
    await screenshot(page, "24-admin-role-confirm");
    await page.getByRole("link", { name: "返回列表" }).click();
    await page.goto(`${portalUrl}/admin/users?q=manager.printing`);
    await card.getByLabel("单位").selectOption({ label: "贵州示例电池科技有限公司" });
    await card.getByLabel("角色").selectOption("MEMBER");
    await card.getByRole("button", { name: "加入单位" }).click();
    await page.getByText("已保存。").waitFor();
    expect(await card.textContent()).toContain("贵州示例电池科技有限公司");

    await signOut(context);
    await signIn(page, portalUrl, "manager.printing@demo.zhongshi.cn");
    await page.goto(`${portalUrl}/resources/PRT-SLM-TI-01/book`);
    const bookingFor = page.getByLabel("预约单位");
    expect(await bookingFor.locator("option").allTextContents()).toEqual(
      expect.arrayContaining(["贵州示例电池科技有限公司", "贵阳国家高新区科技创新局"]),
    );
    await screenshot(page, "25-booking-for-organization");
    await signOut(context);
    await signIn(page, portalUrl, "admin@demo.zhongshi.cn");
  });

  it("names the certification body that performs a test service, linked to the directory", async () => {
    const { page } = browser;
    await page.goto(`${portalUrl}/resources/TST-FOOD-MICRO`);
    const performedBy = page.getByTestId("performed-by");
    const link = performedBy.getByRole("link");
    expect(await link.getAttribute("href")).toBe("/certification-bodies#CB-003");
    await link.click();
    await page.waitForURL("**/certification-bodies#CB-003");
    await page.locator("#CB-003").waitFor();
    await screenshot(page, "26-performing-body");
  });
});
