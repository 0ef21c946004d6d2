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
} from "./browser.ts";

const found = chromiumPath();

type Resource = {
  code: string;
  nameZh: string;
  approval: string;
  requiresQualification: boolean;
  status: string;
  granularityMin: number;
  units: { active: boolean }[];
};

const SLOT_MIN = 60;
const expectAccessible = async (page: Page) => expect(await seriousViolations(page)).toEqual([]);
/** Reloads until the locator shows up: the notification job runs every second in the test stack. */
const reloadUntil = async (page: Page, selector: string, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await page.locator(selector).count()) > 0) return;
    await page.waitForTimeout(700);
    await page.reload();
  }
  throw new Error(`${selector} did not appear within ${timeoutMs / 1000} s`);
};

describe.skipIf(!found && !browserRequired)("notifications, mailbox and waitlist in a real browser", () => {
  const portalUrl = inject("portalUrl");
  let browser: Browser;
  let resource: Resource;
  let slot: { start: string; end: string };
  let bookingId: string;

  beforeAll(async () => {
    if (!found) throw new Error("REQUIRE_BROWSER=1 but no chromium was found.");
    const list = (await (await fetch(`${portalUrl}/api/v1/resources?facility=INSTRUMENT&limit=100`)).json()) as {
      items: Resource[];
    };
    // The last fitting resource, a week ahead: the booking-flow test takes the first one and the first free slot.
    const candidates = list.items.filter(
      (r) =>
        r.approval === "MANAGER" &&
        !r.requiresQualification &&
        r.status === "ACTIVE" &&
        r.units.filter((u) => u.active).length === 1,
    );
    resource = candidates.at(-1)!;
    expect(resource).toBeDefined();
    const from = Date.now() + 7 * 86_400_000;
    const query = new URLSearchParams({
      from: new Date(from).toISOString(),
      to: new Date(from + 14 * 86_400_000).toISOString(),
    });
    const availability = (await (
      await fetch(`${portalUrl}/api/v1/resources/${resource.code}/availability?${query}`)
    ).json()) as {
      free: { start: string; end: string }[];
    };
    const step = resource.granularityMin * 60_000;
    for (const range of availability.free) {
      const start = Math.ceil(Date.parse(range.start) / step) * step;
      if (start + SLOT_MIN * 60_000 <= Date.parse(range.end)) {
        slot = { start: new Date(start).toISOString(), end: new Date(start + SLOT_MIN * 60_000).toISOString() };
        break;
      }
    }
    expect(slot).toBeDefined();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("registration, forgotten password, e-mail settings and account pages are accessible", async () => {
    const { page, context } = browser;
    await signOut(context);
    for (const path of ["/register", "/forgot-password"]) {
      await page.goto(`${portalUrl}${path}`);
      await expectAccessible(page);
    }
    await page.goto(`${portalUrl}/register`);
    await page.getByLabel("统一社会信用代码").fill("91350100M000100Y44");
    await page.getByRole("button", { name: "提交注册" }).click();
    await page.getByText("必填").first().waitFor();
    await page.getByRole("link", { name: "登录" }).first().click();
    await page.waitForURL("**/sign-in**");
    await signIn(page, portalUrl, "sme@demo.zhongshi.cn");
    for (const path of ["/inbox/settings", "/account", "/waitlist"]) {
      await page.goto(`${portalUrl}${path}`);
      await expectAccessible(page);
    }
    await screenshot(page, "n7-account");
    await signOut(context);
  });

  const bookPage = () =>
    `${portalUrl}/resources/${resource.code}/book?start=${encodeURIComponent(slot.start)}&end=${encodeURIComponent(slot.end)}`;

  it("a member makes a request, and the facility's manager sees the inbox badge and the notification", async () => {
    const { page, context } = browser;
    await signIn(page, portalUrl, "sme@demo.zhongshi.cn");
    await page.goto(bookPage());
    await page.getByTestId("check-ok").waitFor();
    await page.getByLabel(/用途说明/).fill("e2e: 通知与候补");
    await page.getByRole("button", { name: "提交预约" }).click();
    await page.waitForURL("**/bookings?created=*");
    bookingId = new URL(page.url()).searchParams.get("created")!;

    await signOut(context);
    await signIn(page, portalUrl, "manager.instrument@demo.zhongshi.cn");
    await page.goto(portalUrl);
    await reloadUntil(page, '[data-testid="inbox-badge"]');
    await screenshot(page, "n1-inbox-badge");
    await page.getByTestId("inbox-link").click();
    await page.waitForURL("**/inbox");
    await page
      .getByTestId("inbox-list")
      .getByText(/新预约申请/)
      .first()
      .waitFor();
    await expectAccessible(page);
    await screenshot(page, "n2-inbox");

    await page.goto(`${portalUrl}/manage`);
    const card = page.locator("article.booking", { hasText: "e2e: 通知与候补" });
    await card.getByRole("button", { name: "批准" }).click();
    await page.getByTestId("decision-done").waitFor();
  });

  it("the approval mail with its .ics appears in the member's development mailbox", async () => {
    const { page, context } = browser;
    await signOut(context);
    await signIn(page, portalUrl, "sme@demo.zhongshi.cn");
    await page.goto(`${portalUrl}/mailbox`);
    // Other browser tests approve bookings for this member too: pick this booking's mail by its slot.
    const startsAt = new Intl.DateTimeFormat("sv-SE", {
      timeZone: "Asia/Shanghai",
      dateStyle: "short",
      timeStyle: "short",
    }).format(new Date(slot.start));
    const thisMail = `[data-testid="mailbox-list"] li:has-text("预约已批准"):has-text("${resource.code}"):has-text("${startsAt}")`;
    await reloadUntil(page, thisMail);
    const mail = page.locator(thisMail).first();
    await mail.getByTestId("has-calendar").waitFor();
    await mail.locator("summary").click();
    const href = await mail.getByRole("link", { name: "下载 .eml" }).getAttribute("href");
    const eml = await (await page.request.get(`${portalUrl}${href}`)).text();
    expect(eml).toContain("METHOD:REQUEST");
    expect(eml).toContain(`UID:${bookingId}@zhongshi`);
    await expectAccessible(page);
    await screenshot(page, "n3-mailbox");
  });

  it("a second member joins the waitlist beside the conflict; the cancellation offers the slot, which they accept", async () => {
    const { page, context } = browser;
    await signOut(context);
    await signIn(page, portalUrl, "sme2@demo.zhongshi.cn");
    await page.goto(bookPage());
    await page.getByTestId("check-problem").waitFor();
    await page.getByTestId("join-waitlist").click();
    await page.waitForURL("**/waitlist/join**");
    await expectAccessible(page);
    await page.getByTestId("join-waitlist-submit").click();
    await page.waitForURL("**/waitlist?joined=1");
    await page.locator('[data-testid="waitlist-list"] [data-status="WAITING"]').first().waitFor();
    await screenshot(page, "n4-waitlist-joined");

    await signOut(context);
    await signIn(page, portalUrl, "sme@demo.zhongshi.cn");
    const cancel = await page.request.post(`${portalUrl}/api/v1/bookings/${bookingId}/cancel`, {
      headers: { origin: portalUrl, "content-type": "application/json" },
      data: {},
    });
    expect(cancel.status()).toBe(200);

    await signOut(context);
    await signIn(page, portalUrl, "sme2@demo.zhongshi.cn");
    await page.goto(`${portalUrl}/waitlist`);
    await reloadUntil(page, '[data-testid="waitlist-list"] [data-status="OFFERED"]');
    await expectAccessible(page);
    await screenshot(page, "n5-waitlist-offer");
    await page.locator('[data-status="OFFERED"]').first().getByRole("button", { name: "接受并预约" }).click();
    await page.getByTestId("waitlist-accepted").waitFor();
    await page.goto(`${portalUrl}/bookings`);
    await page.locator("article.booking", { hasText: resource.nameZh }).first().waitFor();
    await screenshot(page, "n6-booked-from-waitlist");
  });
});
