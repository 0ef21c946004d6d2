// Problems reach the page in the user's language (#10, "Messages in the user's language"): in a real Chromium,
// once in Chinese and once in English, a field the API refuses (a phone number longer than the API's 40
// characters; a test order without any test item) and a conflict (an e-mail that has an account already; a
// booking for a slot that is taken) are shown from the catalogue by their code and params, and no refusal on the
// page contains text of the other language (nor the API's English detail).
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { usccCheckCharacter } from "../../api/src/domain/uscc.ts";
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
const HAN = /\p{Script=Han}/u;
const LATIN_WORD = /[A-Za-z]{2,}/;

/** A valid 统一社会信用代码 no organization has: a fresh body and its check character. */
const freshUscc = () => {
  const serial = String(Date.now() % 1e9).padStart(9, "0");
  const first17 = `91520115${serial}`;
  return `${first17}${usccCheckCharacter(first17)}`;
};

/** The text of every refusal on the page: notices (role=alert) and the messages beside fields. */
const refusals = (page: Page) =>
  page.locator('[role="alert"], .field-error').evaluateAll((nodes) => nodes.map((node) => node.textContent ?? ""));

const fillRegistration = async (page: Page, values: { phone: string; email: string; uscc: string }) => {
  await page.locator("#nameZh").fill("语言测试科技有限公司");
  await page.locator("#uscc").fill(values.uscc);
  await page.locator("#contactName").fill("王测试");
  await page.locator("#phone").fill(values.phone);
  await page.locator("#memberName").fill("王测试");
  await page.locator("#email").fill(values.email);
  await page.locator("#password").fill("a-long-enough-password");
};

const submit = (page: Page, name: string) =>
  Promise.all([
    page.waitForResponse((response) => response.request().method() === "POST" && response.url().includes("/register")),
    page.getByRole("button", { name, exact: true }).click(),
  ]);

describe.skipIf(!found && !browserRequired)("problems in the user's language", () => {
  const portalUrl = inject("portalUrl");
  let browser: Browser;

  beforeAll(() => {
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

  const cases = [
    {
      language: "zh-CN",
      submit: "提交注册",
      fieldError: "最多 40 个字符",
      summary: "有些内容填写不正确，请检查后再提交。",
      conflict: "该邮箱或单位已注册。",
      otherLanguage: LATIN_WORD,
    },
    {
      language: "en",
      submit: "Register",
      fieldError: "at most 40 characters",
      summary: "Some of the input is not valid. Check it and try again.",
      conflict: "This e-mail or organization is registered already.",
      otherLanguage: HAN,
    },
  ] as const;

  for (const expected of cases)
    it(`shows a refused field and a conflict in ${expected.language}, with no text of the other language`, async () => {
      browser = await launch();
      const { page, context } = browser;
      if (expected.language === "en")
        await context.addCookies([{ name: "zs_locale", value: "en", domain: new URL(portalUrl).hostname, path: "/" }]);
      await page.goto(`${portalUrl}/register`);
      expect(await page.locator("html").getAttribute("lang")).toBe(expected.language);

      // A field error: the API allows 40 characters of phone number; the form lets more through to it.
      await fillRegistration(page, {
        phone: "0851-".padEnd(45, "8"),
        email: "language@e2e.zhongshi.cn",
        uscc: freshUscc(),
      });
      await submit(page, expected.submit);
      const notice = page.getByTestId("problem");
      await notice.waitFor();
      expect(await notice.getAttribute("data-code")).toBe("VALIDATION_FAILED");
      expect((await notice.textContent())?.trim()).toBe(expected.summary);
      const phoneError = page.locator("#phone-error");
      expect((await phoneError.textContent())?.trim()).toBe(expected.fieldError);
      expect(await page.locator("#phone").getAttribute("aria-invalid")).toBe("true");
      for (const text of await refusals(page)) {
        expect(text, "a refusal in the other language").not.toMatch(expected.otherLanguage);
        expect(text).not.toContain("contact.phone");
      }
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `p1-field-error-${expected.language}`);

      // A conflict: the e-mail has an account already (409 ALREADY_EXISTS).
      await fillRegistration(page, { phone: "0851-88888888", email: "sme@demo.zhongshi.cn", uscc: freshUscc() });
      await submit(page, expected.submit);
      await page.locator('[data-testid="problem"][data-code="ALREADY_EXISTS"]').waitFor();
      expect((await page.getByTestId("problem").textContent())?.trim()).toBe(expected.conflict);
      for (const text of await refusals(page)) {
        expect(text, "a refusal in the other language").not.toMatch(expected.otherLanguage);
        expect(text).not.toContain("Sign in instead");
      }
      await screenshot(page, `p2-conflict-${expected.language}`);
    });
});

type Resource = {
  id: string;
  code: string;
  approval: string;
  requiresQualification: boolean;
  status: string;
  granularityMin: number;
  units: { active: boolean }[];
};

const SLOT_MIN = 60;
const pad = (n: number) => String(n).padStart(2, "0");
/** Wall-clock date and time in Shanghai (UTC+8, no daylight saving). */
const shanghai = (ms: number) => {
  const d = new Date(ms + 8 * 3600_000);
  return { date: d.toISOString().slice(0, 10), time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` };
};

/** The text of every refusal on a booking form: notices, field messages and the check's verdict beside the form. */
const bookingRefusals = (page: Page) =>
  page
    .locator('[role="alert"], .field-error, [data-testid="check-problem"]')
    .evaluateAll((nodes) => nodes.map((node) => node.textContent ?? ""));

describe.skipIf(!found && !browserRequired)("problems in the user's language on the booking and order forms", () => {
  const portalUrl = inject("portalUrl");
  let browser: Browser;
  let resource: Resource;
  let slot: { start: number; end: number };

  beforeAll(async () => {
    if (!found)
      throw new Error(
        "REQUIRE_BROWSER=1 but no chromium was found: run `apt-get install -y chromium` or set CHROME_PATH.",
      );
    // A single-unit printing-center resource (other browser tests book the instrument center's), and a free slot a
    // week or more ahead from the availability the API computes, never a fixed date.
    const list = (await (await fetch(`${portalUrl}/api/v1/resources?facility=PRINTING&limit=100`)).json()) as {
      items: Resource[];
    };
    const candidate = list.items.find(
      (r) => !r.requiresQualification && r.status === "ACTIVE" && r.units.filter((u) => u.active).length === 1,
    );
    expect(candidate, "a single-unit PRINTING resource anyone may book in the seed").toBeDefined();
    resource = candidate!;
    const now = Date.now();
    const query = new URLSearchParams({
      from: new Date(now + 7 * 86_400_000).toISOString(),
      to: new Date(now + 21 * 86_400_000).toISOString(),
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
    expect(slot, "a free hour between one and three weeks ahead").toBeDefined();

    // Another company takes the slot first, through the API with its session.
    const holder = await launch();
    try {
      await signIn(holder.page, portalUrl, "sme@demo.zhongshi.cn");
      const taken = await holder.page.request.post(`${portalUrl}/api/v1/bookings`, {
        headers: { origin: portalUrl, "content-type": "application/json" },
        data: {
          resourceId: resource.id,
          start: new Date(slot.start).toISOString(),
          end: new Date(slot.end).toISOString(),
          purpose: "e2e: 语言测试占用",
        },
      });
      expect(taken.status(), await taken.text()).toBe(201);
    } finally {
      await holder.close();
    }
  });
  afterEach(async () => {
    await browser?.close();
  });
  afterAll(async () => {
    await browser?.close().catch(() => {});
  });

  const cases = [
    {
      language: "zh-CN",
      book: "提交预约",
      taken: "该时段已被占用。",
      order: "提交委托",
      summary: "有些内容填写不正确，请检查后再提交。",
      noItem: "至少 1 项",
      otherLanguage: LATIN_WORD,
    },
    {
      language: "en",
      book: "Submit booking",
      taken: "This slot is already taken.",
      order: "Submit request",
      summary: "Some of the input is not valid. Check it and try again.",
      noItem: "at least 1 items",
      otherLanguage: HAN,
    },
  ] as const;

  for (const expected of cases)
    it(`shows a booking conflict and a refused order field in ${expected.language}, with no text of the other language`, async () => {
      browser = await launch();
      const { page, context } = browser;
      await signIn(page, portalUrl, "sme2@demo.zhongshi.cn");
      if (expected.language === "en")
        await context.addCookies([{ name: "zs_locale", value: "en", domain: new URL(portalUrl).hostname, path: "/" }]);

      // A conflict: the slot is held by another company's booking; the request is sent anyway (409).
      await page.goto(`${portalUrl}/resources/${resource.code}/book`);
      expect(await page.locator("html").getAttribute("lang")).toBe(expected.language);
      const { date, time } = shanghai(slot.start);
      await page.locator("#date").fill(date);
      await page.locator("#time").fill(time);
      await page.locator("#duration").selectOption(String(SLOT_MIN));
      await page.locator("#purpose").fill("e2e: language");
      await page.getByTestId("check-problem").waitFor();
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/book")),
        page.getByRole("button", { name: expected.book, exact: true }).click(),
      ]);
      const verdict = page.getByTestId("check-problem");
      await verdict.getByText(expected.taken).waitFor();
      for (const text of await bookingRefusals(page))
        expect(text, "a refusal in the other language").not.toMatch(expected.otherLanguage);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `p3-booking-conflict-${expected.language}`);

      // A field error: an order without any test item (the API wants at least one; the form lets it through).
      await page.goto(`${portalUrl}/services/SVC-FOOD-SHELF`);
      await page.locator("#sampleName").fill("e2e 语言测试样品");
      await page.locator("#matrix").fill("饮料");
      for (const box of await page.locator('input[name="items"]').all()) await box.uncheck();
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/services/")),
        page.getByRole("button", { name: expected.order, exact: true }).click(),
      ]);
      const notice = page.getByTestId("problem");
      await notice.waitFor();
      expect(await notice.getAttribute("data-code")).toBe("VALIDATION_FAILED");
      expect((await notice.textContent())?.trim()).toBe(expected.summary);
      expect((await page.locator("#items-error").textContent())?.trim()).toBe(expected.noItem);
      for (const text of await refusals(page)) {
        expect(text, "a refusal in the other language").not.toMatch(expected.otherLanguage);
        expect(text).not.toMatch(/Too small|expected array/i);
      }
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `p4-order-field-error-${expected.language}`);
    });
});
