import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { browserRequired, chromiumPath, launch, screenshot, type Browser } from "../e2e/browser.ts";

// The portal's pages carry kit.csp's policy with a nonce, and the pages and the API docs page really work
// under their policies in Chromium: no CSP violation, content rendered.
const found = chromiumPath();

describe("portal headers", () => {
  const portalUrl = inject("portalUrl");

  it.each(["/", "/sign-in", "/certification-bodies", "/no-such-page"])("%s", async (path) => {
    const response = await fetch(`${portalUrl}${path}`, { redirect: "manual" });
    expect(response.status).toBeLessThan(500);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, path).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(csp, path).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
    expect(response.headers.get("referrer-policy"), path).toBe("same-origin");
    const html = await response.text();
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    for (const script of html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g))
      expect(script[1]).toContain(`nonce="${nonce}"`);
  });

  it("API answers through the portal keep the API's policy", async () => {
    const response = await fetch(`${portalUrl}/api/v1/facilities`);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe.skipIf(!found && !browserRequired)("pages work under their policies in Chromium", () => {
  const portalUrl = inject("portalUrl");
  let browser: Browser;
  const violations: string[] = [];

  beforeAll(async () => {
    if (!found) throw new Error("REQUIRE_BROWSER=1 but no chromium was found: run `apt-get install -y chromium`.");
    browser = await launch();
    browser.page.on("console", (message) => {
      if (/Content.Security.Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
  });
  afterAll(() => browser?.close());

  it("the API docs page renders its operations", async () => {
    violations.length = 0;
    const { page } = browser;
    await page.goto(`${portalUrl}/api/docs`);
    await page.getByText("sign-in", { exact: false }).first().waitFor({ timeout: 30_000 });
    await screenshot(page, "90-api-docs-under-csp");
    expect(violations).toEqual([]);
  });

  it("the home and sign-in pages hydrate without a violation", async () => {
    violations.length = 0;
    const { page } = browser;
    await page.goto(`${portalUrl}/`);
    await page.waitForLoadState("networkidle");
    await page.goto(`${portalUrl}/sign-in`);
    await page.waitForLoadState("networkidle");
    expect(await page.locator("details.demo").count()).toBe(1);
    expect(violations).toEqual([]);
  });
});
