// Ways of use and fair use in the portal: a manager prices sample submission and sets the resource's own quota,
// a member books by the sample and sees the quote, and the quota's refusal reads as a sentence, not a code.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { statutoryHolidays } from "../../api/src/domain/statutory-holidays.ts";
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
const RESOURCE = "INS-TGA-01";

/** A Tuesday and the Wednesday after it, 10+ days ahead (inside the 30-day horizon), neither a holiday. */
const workingWeek = () => {
  const local = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
  let day = Date.now() + 10 * 86_400_000;
  for (;;) {
    const date = local(day);
    const next = local(day + 86_400_000);
    const holidays = new Set(statutoryHolidays(Number(date.slice(0, 4))).map((h) => h.date));
    if (new Date(`${date}T12:00:00+08:00`).getUTCDay() === 2 && !holidays.has(date) && !holidays.has(next))
      return [date, next] as const;
    day += 86_400_000;
  }
};
const slot = (date: string, hour: number) => {
  const start = new Date(`${date}T${String(hour).padStart(2, "0")}:00:00+08:00`).toISOString();
  const end = new Date(`${date}T${String(hour + 1).padStart(2, "0")}:00:00+08:00`).toISOString();
  return `start=${encodeURIComponent(start)}&end=${encodeURIComponent(end)}`;
};

describe.skipIf(!found && !browserRequired)("ways of use and fair use in the portal", () => {
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

  it("lets a manager price sample submission and set the resource's quota", async () => {
    const { page } = browser;
    await signIn(page, portalUrl, "manager.instrument@demo.zhongshi.cn");
    await page.goto(`${portalUrl}/manage/resources`);
    await page.getByRole("link", { name: /同步热分析仪/ }).click();
    await page.waitForURL(`**/manage/resources/${RESOURCE}`);
    const sample = page.getByTestId("offer-SAMPLE");
    await sample.getByLabel("计价单位").selectOption("SAMPLE");
    await sample.getByLabel("对外价格（元）").fill("88.00");
    // Counted toward the quota here, so that the member's second sample run meets the quota below.
    await sample.getByLabel("计入机时配额").check();
    await sample.getByRole("button", { name: "保存此使用方式" }).click();
    await page.getByText("已保存使用方式。").waitFor();
    await sample.getByText("¥88.00 / 样").waitFor();
    expect(await page.getByTestId("offer-SAMPLE").getByLabel("对外价格（元）").inputValue()).toBe("88.00");

    // A refused price comes back beside its field, with what was typed.
    await sample.getByLabel("对外价格（元）").fill("八十八");
    await sample.getByRole("button", { name: "保存此使用方式" }).click();
    await page.locator("#SAMPLE-priceExternal-error").waitFor();
    expect(await sample.getByLabel("对外价格（元）").inputValue()).toBe("八十八");

    await page.getByLabel(/^配额周期/).selectOption("WEEK");
    await page.getByLabel(/^每单位预约次数上限/).fill("1");
    await page.getByRole("button", { name: "保存", exact: true }).click();
    await page.getByText("已保存公平使用规则。").waitFor();
    expect(await page.getByLabel(/^每单位预约次数上限/).inputValue()).toBe("1");
    await expectAccessible(page);
    await screenshot(page, "50-manage-resource-offers");

    await page.goto(`${portalUrl}/resources/${RESOURCE}`);
    await page.getByText("¥88.00 / 样").first().waitFor();
  });

  it("lets a member book by the sample with the quote shown, and explains the quota's refusal", async () => {
    const { page } = browser;
    const [tuesday, wednesday] = workingWeek();
    await signIn(page, portalUrl, "sme@demo.zhongshi.cn");
    await page.goto(`${portalUrl}/resources/${RESOURCE}/book?${slot(tuesday, 10)}`);
    const sampleOffer = await page.locator("#offerId option", { hasText: "送样检测" }).getAttribute("value");
    await page.getByLabel("使用方式与收费").selectOption(sampleOffer!);
    await page.getByLabel("样品数（送样时）").fill("3");
    // 3 samples × ¥88.00, the external price the manager set: the live check quotes the chosen way of use.
    await page.getByTestId("quote").filter({ hasText: "¥264.00" }).waitFor();
    await page.getByTestId("check-ok").waitFor();
    await page.getByLabel(/^用途说明/).fill("热稳定性送样测试");
    await expectAccessible(page);
    await screenshot(page, "51-book-by-sample");
    await Promise.all([
      page.waitForURL(/\/bookings\?created=/),
      page.getByRole("button", { name: "提交预约" }).click(),
    ]);
    await page.getByTestId("booking-created").waitFor();

    // A second sample run in the same week goes past the quota of one booking a week.
    await page.goto(`${portalUrl}/resources/${RESOURCE}/book?${slot(wednesday, 14)}`);
    await page.getByLabel("使用方式与收费").selectOption(sampleOffer!);
    await page.getByLabel("样品数（送样时）").fill("2");
    const problem = page.getByTestId("check-problem");
    await problem.getByText("超出本单位的公平使用配额（本期已占用").waitFor();
    expect(await problem.textContent()).not.toContain("QUOTA_EXCEEDED");
    // The quote stays in view beside the problem.
    await page.getByTestId("quote").filter({ hasText: "¥176.00" }).waitFor();
    await expectAccessible(page);
    await screenshot(page, "52-quota-refusal");

    // Submitting anyway gets the same readable refusal from the server.
    await page.getByLabel(/^用途说明/).fill("第二批样品");
    await page.getByRole("button", { name: "提交预约" }).click();
    await page.getByText("超出本单位的公平使用配额（本期已占用").first().waitFor();
    expect(page.url()).toContain(`/resources/${RESOURCE}/book`);
    await page.getByTestId("quote").filter({ hasText: "¥176.00" }).waitFor();
  });
});
