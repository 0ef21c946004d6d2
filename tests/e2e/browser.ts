// Shared set-up of the browser tests: Debian's chromium through playwright-core, a throwaway profile,
// screenshots under test-artifacts/e2e, and axe-core injected into the page.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { inject } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// The browser-test tools are dependencies of the portal's package (web/), resolved from there.
const requireFromWeb = createRequire(path.join(root, "web", "package.json"));

export const artifactsDir = path.join(root, "test-artifacts", "e2e");

export const chromiumPath = () =>
  [process.env.CHROME_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
    (candidate) => candidate && existsSync(candidate),
  );

export const browserRequired = process.env.REQUIRE_BROWSER === "1";

export type Browser = { context: BrowserContext; page: Page; close: () => Promise<void> };

export const launch = async (
  options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<Browser> => {
  const { chromium } = requireFromWeb("playwright-core") as typeof import("playwright-core");
  const home = mkdtempSync(path.join(os.tmpdir(), "zhongshi-chromium-"));
  const context = await chromium.launchPersistentContext(path.join(home, "profile"), {
    executablePath: chromiumPath(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, ".config"),
      XDG_CACHE_HOME: path.join(home, ".cache"),
    },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    locale: "zh-CN",
    timezoneId: "Europe/Berlin", // deliberately not Shanghai: the portal must show Shanghai time anyway
  });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
};

export const screenshot = async (page: Page, name: string) => {
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: true });
};

let axeSource: string | undefined;

/** Serious and critical axe-core violations (WCAG 2 A/AA) on the current page. */
export const seriousViolations = async (page: Page) => {
  axeSource ??= readFileSync(requireFromWeb.resolve("axe-core/axe.min.js"), "utf8");
  // Evaluated through the DevTools protocol rather than added as an inline <script>: the portal's
  // Content-Security-Policy (rightly) refuses inline scripts, and the pages are tested under it.
  await page.evaluate(axeSource);
  const results = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: Document,
            options: object,
          ) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    return axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
  });
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(" "))
          .join(", ")}`,
    );
};

export const signIn = async (page: Page, portalUrl: string, email: string) => {
  await page.goto(`${portalUrl}/sign-in`);
  await page.getByLabel("电子邮箱").fill(email);
  await page.getByLabel("密码").fill(inject("demoPassword"));
  // Password hashing is deliberately slow; on a loaded CI machine the default 15 s can be too short.
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith("/sign-in"), { timeout: 45_000 }),
    page.getByRole("button", { name: "登录" }).click(),
  ]);
};

export const signOut = async (context: BrowserContext) => context.clearCookies();
