import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import type { Locator, Page } from "playwright-core";
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

type Resource = {
  code: string;
  status: string;
  requiresQualification: boolean;
  mode: string;
  units: { active: boolean }[];
};

/** Is the focused element drawn with a visible focus indicator (the :focus-visible outline)? */
const focusIsVisible = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return false;
    const style = getComputedStyle(element);
    return (
      element.matches(":focus-within") &&
      ((style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none")
    );
  });

/** Presses Tab until the target (a CSS selector or a locator) has the focus, at most `limit` times, checking each stop shows its focus. */
const tabTo = async (page: Page, target: string | Locator, limit = 80) => {
  const reached = () =>
    typeof target === "string"
      ? page.evaluate((selector) => document.activeElement?.matches(selector) ?? false, target)
      : target.evaluate((element) => element === document.activeElement);
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    // Polled: a date field moves the focus into its inner segments a moment after the key press.
    await expect.poll(() => focusIsVisible(page), { message: `focus is visible at Tab stop ${i + 1}` }).toBe(true);
    if (await reached()) return;
  }
  throw new Error(`Tab never reached ${String(target)}`);
};

describe.skipIf(!found && !browserRequired)("keyboard only, English, and an expired session", () => {
  const portalUrl = inject("portalUrl");
  let browser: Browser;

  beforeAll(async () => {
    if (!found)
      throw new Error(
        "REQUIRE_BROWSER=1 but no chromium was found: run `apt-get install -y chromium` or set CHROME_PATH.",
      );
  });

  afterEach(async () => {
    await browser?.close();
  });

  afterAll(async () => {
    await browser?.close().catch(() => {});
  });

  it("signs in and books with the keyboard alone, the focus always visible", async () => {
    browser = await launch();
    const { page } = browser;
    // A resource no other test books: self- or staff-operated, no qualification, in the food base.
    const list = (await (await fetch(`${portalUrl}/api/v1/resources?facility=FOOD&limit=100`)).json()) as {
      items: Resource[];
    };
    const resource = list.items.find(
      (r) =>
        r.status === "ACTIVE" &&
        !r.requiresQualification &&
        r.mode !== "SAMPLE_SUBMISSION" &&
        r.units.some((u) => u.active),
    );
    expect(resource, "a bookable resource in the food base").toBeDefined();

    await page.goto(`${portalUrl}/sign-in`);
    await tabTo(page, "input[name=email]");
    await page.keyboard.type("sme@demo.zhongshi.cn");
    await tabTo(page, "input[name=password]");
    await page.keyboard.type(inject("demoPassword"));
    await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/sign-in")), page.keyboard.press("Enter")]);

    await page.goto(`${portalUrl}/resources/${resource!.code}/book`);
    // The shortest duration fits the first free slot the form is prefilled with: arrow up to it.
    await tabTo(page, "select[name=durationMin]");
    for (
      let i = 0;
      i < 60 && (await page.evaluate(() => (document.activeElement as HTMLSelectElement).selectedIndex)) > 0;
      i++
    )
      await page.keyboard.press("ArrowUp");
    await page.getByTestId("check-ok").waitFor();
    await tabTo(page, "textarea[name=purpose]");
    await page.keyboard.type("e2e: 键盘预约");
    await tabTo(page, "button[type=submit]:not(.link-button)");
    await screenshot(page, "30-keyboard-booking");
    await Promise.all([page.waitForURL("**/bookings?created=*"), page.keyboard.press("Enter")]);
    await page.getByTestId("booking-created").waitFor();
    expect(await page.locator("article.booking", { hasText: "e2e: 键盘预约" }).count()).toBe(1);

    // Cancelling by keyboard too: Space on the button, then the confirmation (which takes the focus), then Enter.
    const mine = page.locator("article.booking", { hasText: "e2e: 键盘预约" });
    const cancel = mine.getByRole("button", { name: "取消预约" });
    await cancel.waitFor();
    await tabTo(page, cancel);
    await page.keyboard.press("Space");
    await page.getByRole("alertdialog").waitFor();
    expect(
      await page.evaluate(() => !!document.activeElement?.closest("[role=alertdialog]")),
      "the confirmation has the focus",
    ).toBe(true);
    await tabTo(page, "[role=alertdialog] button.danger");
    await screenshot(page, "31-keyboard-cancel-confirm");
    await page.keyboard.press("Enter");
    await page.getByText("预约已取消。").waitFor();
  });

  it("switches to English and the headings follow", async () => {
    browser = await launch();
    const { page } = browser;
    await page.goto(portalUrl);
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("一站式中试服务");
    await Promise.all([page.waitForURL(`${portalUrl}/`), page.getByRole("button", { name: "English" }).click()]);
    await page.locator("html[lang=en]").waitFor();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("One-stop pilot-scale services");
    await page.goto(`${portalUrl}/certification-bodies`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Certification bodies");
    await screenshot(page, "32-english");
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("sends an expired session to sign-in and gives the booking form back with what was typed", async () => {
    browser = await launch();
    const { page, context } = browser;
    await signIn(page, portalUrl, "sme@demo.zhongshi.cn");
    await page.goto(`${portalUrl}/resources/INS-XRD-01/book`);
    await page.locator("[data-testid=check-ok], [data-testid=check-problem]").first().waitFor();
    await page.getByLabel(/用途说明/).fill("e2e: 会话过期后保留");
    await context.clearCookies({ name: "zs_session" });
    await page.getByRole("button", { name: "提交预约" }).click();
    await page.waitForURL("**/sign-in?**");
    expect(page.url()).toContain("expired=1");
    await page.getByText("登录已过期").first().waitFor();
    await screenshot(page, "33-session-expired");
    await page.getByLabel("电子邮箱").fill("sme@demo.zhongshi.cn");
    await page.getByLabel("密码").fill(inject("demoPassword"));
    await Promise.all([
      page.waitForURL("**/resources/INS-XRD-01/book"),
      page.getByRole("button", { name: "登录" }).click(),
    ]);
    expect(await page.getByLabel(/用途说明/).inputValue()).toBe("e2e: 会话过期后保留");
    await page.getByText("已恢复您之前填写的内容。").waitFor();
    await screenshot(page, "34-draft-restored");
  });
});
