import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
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
} from "../e2e/browser.ts";

// The portal's side of taking rights away: an admin disables and enables a user (asked first), a user
// makes a new feed link and signs out everywhere. Forms, so it works without JavaScript too.
const found = chromiumPath();
const expectAccessible = async (page: Page) => expect(await seriousViolations(page)).toEqual([]);

describe.skipIf(!found && !browserRequired)("revocation in the portal", () => {
  const portalUrl = inject("portalUrl");
  let browser: Browser;

  beforeAll(async () => {
    if (!found) throw new Error("REQUIRE_BROWSER=1 but no chromium was found: run `apt-get install -y chromium`.");
    browser = await launch();
  });
  afterAll(() => browser?.close());

  it("an admin disables a user after confirming, and enables them again", async () => {
    const { page, context } = browser;
    await signIn(page, portalUrl, "admin@demo.zhongshi.cn");
    await page.goto(`${portalUrl}/admin/users?q=sme2%40demo.zhongshi.cn`);
    const card = page.locator("article.card", { hasText: "sme2@demo.zhongshi.cn" });
    await card.getByRole("button", { name: "停用账号" }).click();
    const dialog = card.getByRole("alertdialog");
    await dialog.waitFor();
    await expectAccessible(page);
    await screenshot(page, "91-disable-user-confirm");
    await dialog.getByRole("button", { name: "确定" }).click();
    await card.getByText("已停用").waitFor();
    await card.getByRole("button", { name: "重新启用" }).click();
    await card.getByRole("button", { name: "停用账号" }).waitFor();
    await signOut(context);
  });

  it("a user makes a new feed link (the old one stops) and signs out everywhere", async () => {
    const { page } = browser;
    await signIn(page, portalUrl, "sme@demo.zhongshi.cn");
    await page.goto(`${portalUrl}/bookings`);
    const oldUrl = await page.locator("#ical-url").inputValue();
    await page.getByRole("button", { name: /更换链接/ }).click();
    await page.getByRole("button", { name: "确定" }).click();
    await page.getByText("已生成新的日历链接").waitFor();
    const newUrl = await page.locator("#ical-url").inputValue();
    expect(newUrl).not.toBe(oldUrl);
    expect((await fetch(oldUrl)).status).toBe(404);
    expect((await fetch(newUrl)).status).toBe(200);
    await expectAccessible(page);
    await page.getByRole("button", { name: "在所有设备上退出" }).click();
    await page.getByRole("button", { name: "确定" }).click();
    await page.waitForURL(`${portalUrl}/`);
    await page.goto(`${portalUrl}/bookings`);
    expect(new URL(page.url()).pathname).toBe("/sign-in");
  });
});
