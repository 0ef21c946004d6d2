import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { browserRequired, chromiumPath, launch, screenshot, type Browser } from "../e2e/browser.ts";
import { createDb, type Db } from "../../api/src/lib/db.ts";
import { repoRoot } from "../../api/src/lib/paths.ts";
import { startApi, type RunningApi } from "../../api/src/server.ts";
import { freePort } from "../setup/free-port.ts";

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

  it("no HSTS while the public origin is http", async () => {
    expect((await fetch(`${portalUrl}/sign-in`)).headers.get("strict-transport-security")).toBeNull();
  });

  it("API answers through the portal keep the API's policy", async () => {
    const response = await fetch(`${portalUrl}/api/v1/facilities`);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

// The same built portal and API, deployed as behind a TLS proxy: PUBLIC_ORIGIN (adapter-node's ORIGIN) https.
describe("HSTS when the public origin is https", () => {
  const origin = "https://zhongshi.example.org";
  let db: Db;
  let api: RunningApi;
  let portal: ChildProcess;
  let url: string;

  beforeAll(async () => {
    db = createDb(inject("databaseUrl"));
    api = await startApi({
      db,
      databaseUrl: inject("databaseUrl"),
      config: { allowedOrigins: [origin], secureCookies: true, hsts: true, noShowGraceMin: 30 },
      port: await freePort(),
      host: "127.0.0.1",
      jobs: false,
    });
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    portal = spawn(process.execPath, [path.join(repoRoot, "web", "build", "index.js")], {
      cwd: repoRoot,
      detached: true,
      stdio: "ignore",
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        ORIGIN: origin,
        API_ORIGIN: `http://127.0.0.1:${api.port}`,
      },
    });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (
        await fetch(`${url}/sign-in`).then(
          () => true,
          () => false,
        )
      )
        return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error("the https-origin portal did not answer");
  });
  afterAll(async () => {
    if (portal?.pid) {
      const exited = new Promise((resolve) => portal.once("exit", resolve));
      process.kill(-portal.pid, "SIGTERM");
      await exited;
    }
    await api?.close();
    await db?.$disconnect();
  });

  it.each(["/", "/sign-in", "/certification-bodies", "/no-such-page", "/api/v1/facilities", "/api/docs"])(
    "%s carries Strict-Transport-Security and the other headers",
    async (page) => {
      const response = await fetch(`${url}${page}`, { redirect: "manual" });
      expect(response.status, page).toBeLessThan(500);
      expect(response.headers.get("strict-transport-security"), page).toMatch(/^max-age=(\d+); includeSubDomains$/);
      expect(
        Number(/max-age=(\d+)/.exec(response.headers.get("strict-transport-security")!)![1]),
      ).toBeGreaterThanOrEqual(15_552_000);
      expect(response.headers.get("x-content-type-options"), page).toBe("nosniff");
      expect(response.headers.get("content-security-policy") ?? "", page).toContain("frame-ancestors 'none'");
    },
  );
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
