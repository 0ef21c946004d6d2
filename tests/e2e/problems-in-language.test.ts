// Problems reach the page in the user's language (#10, "Messages in the user's language"): in a real Chromium,
// once in Chinese and once in English, a field the API refuses (a phone number longer than the API's 40
// characters) and a conflict (an e-mail that has an account already) are shown from the catalogue by their
// code and params, and no refusal on the page contains text of the other language (nor the API's English detail).
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { usccCheckCharacter } from "../../api/src/domain/uscc.ts";
import { browserRequired, chromiumPath, launch, screenshot, seriousViolations, type Browser } from "./browser.ts";

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
