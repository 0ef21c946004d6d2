import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { browserRequired, chromiumPath, launch, type Browser } from "./browser.ts";

const found = chromiumPath();

// On a slow machine or line a user types before the page's scripts have run. Svelte's hydration writes an
// input's `value={…}` back into the DOM and wiped what was typed; the sign-in then did nothing (the e-mail was
// empty and `required`). The portal's text inputs take `defaultValue`, which hydration leaves alone.
describe.skipIf(!found && !browserRequired)("what is typed before the scripts run survives hydration", () => {
  const portalUrl = inject("portalUrl");
  let browser: Browser;

  beforeAll(async () => {
    if (!found) throw new Error("REQUIRE_BROWSER=1 but no chromium was found: apt-get install -y chromium");
    browser = await launch();
  });
  afterAll(() => browser?.close());

  it.each([
    { path: "/sign-in", field: "#email", text: "sme@demo.zhongshi.cn" },
    { path: "/forgot-password", field: "#email", text: "someone@example.cn" },
    { path: "/register", field: "#nameZh", text: "示例科技有限公司" },
  ])("$path keeps $field", async ({ path, field, text }) => {
    const { page } = browser;
    // Hold the client's scripts back until the user has typed.
    let release!: () => void;
    const typed = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    await page.route("**/_app/immutable/**/*.js", async (route) => {
      held++;
      await typed;
      await route.continue();
    });
    try {
      await page.goto(`${portalUrl}${path}`, { waitUntil: "domcontentloaded" });
      await page.locator(field).fill(text);
      release();
      await page.waitForFunction(() => document.documentElement.dataset.hydrated === "true", null, {
        timeout: 30_000,
      });
      expect(held).toBeGreaterThan(0);
      expect(await page.locator(field).inputValue()).toBe(text);
    } finally {
      await page.unroute("**/_app/immutable/**/*.js");
    }
  });
});
