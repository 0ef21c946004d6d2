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
if (!found) {
  console.warn(
    "\n[e2e] ⚠ NO CHROMIUM FOUND — browser tests SKIPPED. Install one with `apt-get install -y chromium` (or set CHROME_PATH). Set REQUIRE_BROWSER=1 to make this a failure.\n",
  );
}

type Resource = {
  id: string;
  code: string;
  nameZh: string;
  approval: string;
  requiresQualification: boolean;
  status: string;
  granularityMin: number;
  units: { active: boolean }[];
};

const SLOT_MIN = 120;
const pad = (n: number) => String(n).padStart(2, "0");
/** Wall-clock date and time in Shanghai (UTC+8, no daylight saving). */
const shanghai = (ms: number) => {
  const d = new Date(ms + 8 * 3600_000);
  return { date: d.toISOString().slice(0, 10), time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` };
};

const expectAccessible = async (page: Page) => expect(await seriousViolations(page)).toEqual([]);

describe.skipIf(!found && !browserRequired)("portal in a real browser", () => {
  const portalUrl = inject("portalUrl");
  let browser: Browser;
  let resource: Resource;
  let slot: { start: number; end: number };

  beforeAll(async () => {
    if (!found)
      throw new Error(
        "REQUIRE_BROWSER=1 but no chromium was found: run `apt-get install -y chromium` or set CHROME_PATH.",
      );
    // A resource that needs the manager's approval and has exactly one unit, so a second request for the same time conflicts.
    const list = (await (await fetch(`${portalUrl}/api/v1/resources?facility=INSTRUMENT&limit=100`)).json()) as {
      items: Resource[];
    };
    const candidate = list.items.find(
      (r) =>
        r.approval === "MANAGER" &&
        !r.requiresQualification &&
        r.status === "ACTIVE" &&
        r.units.filter((u) => u.active).length === 1,
    );
    expect(candidate, "a single-unit INSTRUMENT resource with manager approval in the seed").toBeDefined();
    resource = candidate!;
    // The slot comes from the availability the API computes (opening hours, notice, holidays), never a fixed date.
    const now = Date.now();
    const query = new URLSearchParams({
      from: new Date(now).toISOString(),
      to: new Date(now + 14 * 86400_000).toISOString(),
    });
    const availability = (await (
      await fetch(`${portalUrl}/api/v1/resources/${resource.code}/availability?${query}`)
    ).json()) as { free: { start: string; end: string }[] };
    const step = resource.granularityMin * 60_000;
    for (const range of availability.free) {
      const start = Math.ceil(Date.parse(range.start) / step) * step;
      if (start + SLOT_MIN * 60_000 <= Date.parse(range.end)) {
        slot = { start, end: start + SLOT_MIN * 60_000 };
        break;
      }
    }
    expect(slot, "a free 2-hour slot within two weeks").toBeDefined();
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
  });

  const fillSlot = async (page: Page) => {
    const { date, time } = shanghai(slot.start);
    await page.getByLabel("日期").fill(date);
    await page.getByLabel("开始时间").fill(time);
    await page.getByLabel("时长").selectOption(String(SLOT_MIN));
  };

  it("an SME signs in, finds a resource, books a slot and sees it PENDING", async () => {
    const { page } = browser;
    await page.goto(portalUrl);
    await screenshot(page, "01-home");
    await expectAccessible(page);

    await signIn(page, portalUrl, "sme@demo.zhongshi.cn");
    await page.getByLabel("搜索设备、服务与认证机构").fill(resource.nameZh.slice(0, 4));
    await page.getByRole("button", { name: "搜索" }).click();
    await page.getByRole("link", { name: resource.nameZh }).first().click();
    await page.waitForURL(`**/resources/${resource.code}`);
    await page.locator(".ec").first().waitFor();
    await screenshot(page, "02-resource");
    await expectAccessible(page);

    await page.getByRole("link", { name: "预约此设备" }).first().click();
    await page.waitForURL(`**/resources/${resource.code}/book**`);
    await fillSlot(page);
    await page.getByTestId("check-ok").waitFor();
    await page.getByLabel(/用途说明/).fill("e2e: 正极材料成分分析");
    await screenshot(page, "03-booking-form");
    await expectAccessible(page);
    await page.getByRole("button", { name: "提交预约" }).click();
    await page.waitForURL("**/bookings?created=*");
    await page.getByTestId("booking-created").waitFor();
    const status = page.locator(`[data-status]`).first().getByTestId("booking-status");
    expect(await status.textContent()).toBe("待审批");
    await screenshot(page, "04-my-bookings-pending");
    await expectAccessible(page);
  });

  it("the facility's manager approves it, and the SME then sees APPROVED", async () => {
    const { page, context } = browser;
    await signOut(context);
    await signIn(page, portalUrl, "manager.instrument@demo.zhongshi.cn");
    await page.goto(`${portalUrl}/manage`);
    const card = page.locator("article.booking", { hasText: "e2e: 正极材料成分分析" });
    await card.waitFor();
    await screenshot(page, "05-approval-queue");
    await expectAccessible(page);
    await card.getByRole("button", { name: "批准" }).click();
    await page.getByTestId("decision-done").waitFor();
    await screenshot(page, "06-approved");

    await signOut(context);
    await signIn(page, portalUrl, "sme@demo.zhongshi.cn");
    await page.goto(`${portalUrl}/bookings`);
    const mine = page.locator("article.booking", { hasText: "e2e: 正极材料成分分析" });
    expect(await mine.getByTestId("booking-status").textContent()).toBe("已批准");
    await screenshot(page, "07-sme-sees-approved");
  });

  it("a second SME tries the same slot and sees the conflict with alternatives", async () => {
    const { page, context } = browser;
    await signOut(context);
    await signIn(page, portalUrl, "sme2@demo.zhongshi.cn");
    await page.goto(`${portalUrl}/resources/${resource.code}/book`);
    await fillSlot(page);
    await page.getByTestId("check-problem").waitFor();
    expect(await page.getByTestId("check-problem").textContent()).toContain("该时段已被占用");
    await page.getByLabel(/用途说明/).fill("e2e: 同一时段");
    await page.getByRole("button", { name: "提交预约" }).click();
    await page.getByTestId("alternatives").waitFor();
    expect(await page.getByTestId("alternatives").getByRole("link", { name: "选用" }).count()).toBeGreaterThan(0);
    await screenshot(page, "08-conflict-alternatives");
    await expectAccessible(page);
  });

  it("an admin opens the utilization page", async () => {
    const { page, context } = browser;
    await signOut(context);
    await signIn(page, portalUrl, "admin@demo.zhongshi.cn");
    await page.goto(`${portalUrl}/admin/utilization`);
    // Trend line, bars by facility and the weekday × hour heatmap: each an SVG of real size, rendered on the
    // server (no chart library in the browser), with its numbers in a table.
    const charts = page.locator("[data-chart]");
    await expect.poll(() => charts.count()).toBe(3);
    for (const name of ["trend", "facility", "heatmap"]) {
      const svg = page.locator(`[data-chart="${name}"] svg[role="img"]`).first();
      await svg.waitFor();
      expect(await page.locator(`[data-chart="${name}"] table tbody tr`).count(), `${name} data table`).toBeGreaterThan(
        0,
      );
      const box = await svg.boundingBox();
      expect(box?.width, `${name} chart width`).toBeGreaterThan(100);
      expect(box?.height, `${name} chart height`).toBeGreaterThan(100);
    }
    expect(await page.locator(".notice.warning, .notice.error").count(), "no error notice").toBe(0);
    expect(await page.locator(".kpi").count()).toBeGreaterThan(0);
    expect(await page.locator(".table-section tbody tr").count()).toBeGreaterThan(0);
    await screenshot(page, "09-utilization");
    await expectAccessible(page);
  });
});
