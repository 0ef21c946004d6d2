import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { browserRequired, chromiumPath, launch, screenshot, signIn, type Browser } from "./browser.ts";

const found = chromiumPath();

describe.skipIf(!found && !browserRequired)("portal without JavaScript and at 375 px", () => {
  const portalUrl = inject("portalUrl");
  let noJs: Browser;
  let phone: Browser;

  beforeAll(async () => {
    if (!found)
      throw new Error(
        "REQUIRE_BROWSER=1 but no chromium was found: run `apt-get install -y chromium` or set CHROME_PATH.",
      );
    noJs = await launch({ javaScriptEnabled: false });
    phone = await launch({ viewport: { width: 375, height: 812 } });
  });

  afterAll(async () => {
    await noJs?.close();
    await phone?.close();
  });

  it("signs in and submits a booking through form actions alone", async () => {
    const { page } = noJs;
    await signIn(page, portalUrl, "sme2@demo.zhongshi.cn");
    // The form is prefilled with the first free slot the API reports; an empty purpose is refused by the server.
    await page.goto(`${portalUrl}/resources/INS-NMR-600/book`);
    await page.getByLabel("时长").selectOption({ index: 0 });
    await page.getByRole("button", { name: "提交预约" }).click();
    await page.getByText("请填写用途说明。").first().waitFor();
    await page.getByLabel(/用途说明/).fill("e2e: 无脚本预约");
    await page.getByRole("button", { name: "提交预约" }).click();
    await page.waitForURL("**/bookings?created=*");
    expect(await page.locator("article.booking", { hasText: "e2e: 无脚本预约" }).count()).toBe(1);
    await screenshot(page, "10-no-js-booked");
  });

  it("fits a 375 px wide screen without sideways scrolling", async () => {
    const { page } = phone;
    await signIn(page, portalUrl, "sme@demo.zhongshi.cn");
    for (const [path, name] of [
      ["/", "11-mobile-home"],
      ["/resources/INS-XRD-01", "12-mobile-resource"],
      ["/resources/INS-XRD-01/book", "13-mobile-book"],
      ["/bookings", "14-mobile-bookings"],
    ] as const) {
      await page.goto(`${portalUrl}${path}`);
      await page.waitForLoadState("networkidle");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} is wider than the screen`).toBeLessThanOrEqual(0);
      await screenshot(page, name);
    }
  });
});
