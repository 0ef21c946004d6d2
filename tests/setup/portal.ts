import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { createDb } from "../../api/src/lib/db.ts";
import { startApi } from "../../api/src/server.ts";
import { createNotificationDeps, mailDirOf } from "../../api/src/modules/notifications/notification-deps.ts";
import { deliverNotifications } from "../../api/src/modules/notifications/deliver-notifications.ts";
import { expirePendingHolds } from "../../api/src/modules/bookings/transition-booking.ts";
import { freePort } from "./free-port.ts";
import { demoAccounts } from "../../seeds/index.ts";
import { prepareDatabase, startThrowawayDatabase } from "./throwaway-db.ts";

declare module "vitest" {
  export interface ProvidedContext {
    portalUrl: string;
    /** The stack's database, for browser tests that prepare rows the UI cannot make (e.g. past usage). */
    databaseUrl: string;
    demoPassword: string;
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const webDir = path.join(root, "web");
const portalEntry = path.join(webDir, "build", "index.js");
const log = (line: string) => console.log(`[e2e] ${line}`);

const newestMtime = (target: string): number => {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(target).map((name) => newestMtime(path.join(target, name))));
};

/** Builds the portal when web/build is missing or older than its sources (a build takes ~30 s). */
export const ensurePortalBuilt = () => {
  const sources = [
    "src",
    "messages",
    "static",
    "project.inlang",
    "svelte.config.js",
    "vite.config.ts",
    "package.json",
  ].map((name) => path.join(webDir, name));
  const built = existsSync(portalEntry) ? statSync(portalEntry).mtimeMs : 0;
  if (built && Math.max(...sources.map(newestMtime)) < built) return;
  log("building the portal…");
  const vite = path.join(webDir, "node_modules", "vite", "bin", "vite.js");
  const result = spawnSync(process.execPath, [vite, "build"], { cwd: webDir, stdio: "pipe", encoding: "utf8" });
  if (result.status !== 0) throw new Error(`The portal build failed:\n${result.stdout}\n${result.stderr}`);
};

const waitForHttp = async (url: string, child: ChildProcess, timeoutMs = 30_000) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The portal exited with code ${child.exitCode} before it answered.`);
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The portal did not answer at ${url} within ${timeoutMs / 1000} s.`);
};

/** Database, API and the built portal, each on a free port; `stop` ends all three. */
export const startStack = async () => {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch((error) => console.error("[e2e] teardown:", error));
  };
  try {
    ensurePortalBuilt();
    let databaseUrl = process.env.TEST_DATABASE_URL;
    if (!databaseUrl) {
      const embedded = await startThrowawayDatabase("e2e");
      stops.push(embedded.stop);
      databaseUrl = embedded.url;
    }
    const { demoPassword } = await prepareDatabase(databaseUrl);
    const db = createDb(databaseUrl);
    stops.push(() => db.$disconnect());

    const portalPort = await freePort();
    const portalUrl = `http://127.0.0.1:${portalPort}`;
    // Mail goes to the development mailbox (.eml files) and the jobs run every second, so the browser
    // sees notifications without waiting for the production interval.
    const dataDir = mkdtempSync(path.join(tmpdir(), "zs-e2e-data-"));
    stops.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const notifications = createNotificationDeps({ dataDir, publicOrigin: portalUrl });
    // The product's jobs run each minute; here the holds and notifications also run every second, so the
    // browser sees them at once (both claim with SKIP LOCKED, so running side by side is safe).
    const fast = setInterval(() => {
      void expirePendingHolds(db)
        .then(() => deliverNotifications(db, notifications))
        .catch(() => {});
    }, 1000);
    stops.push(async () => clearInterval(fast));
    const api = await startApi({
      db,
      notifications,
      databaseUrl,
      config: {
        allowedOrigins: [portalUrl],
        secureCookies: false,
        noShowGraceMin: 30,
        demoAccounts: demoAccounts.map((a) => a.email),
        mailDir: mailDirOf(dataDir),
      },
      port: await freePort(),
      host: "127.0.0.1",
    });
    stops.push(api.close);

    // Its own process group (detached), so that stopping it can never leave a child holding the port.
    const portal = spawn(process.execPath, [portalEntry], {
      cwd: root,
      detached: true,
      stdio: ["ignore", "inherit", "inherit"],
      env: {
        ...process.env,
        PORT: String(portalPort),
        HOST: "127.0.0.1",
        ORIGIN: portalUrl,
        API_ORIGIN: `http://127.0.0.1:${api.port}`,
      },
    });
    stops.push(async () => {
      if (portal.exitCode !== null || portal.pid === undefined) return;
      const exited = new Promise((resolve) => portal.once("exit", resolve));
      try {
        process.kill(-portal.pid, "SIGTERM");
      } catch {
        return;
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (portal.exitCode === null) {
        try {
          process.kill(-portal.pid, "SIGKILL");
        } catch {
          /* gone already */
        }
      }
    });
    await waitForHttp(`${portalUrl}/sign-in`, portal);
    log(`portal ${portalUrl}, API http://127.0.0.1:${api.port}`);
    return { portalUrl, apiPort: api.port, databaseUrl, demoPassword, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};

export default async function setup(project: TestProject) {
  const stack = await startStack();
  project.provide("portalUrl", stack.portalUrl);
  project.provide("databaseUrl", stack.databaseUrl);
  project.provide("demoPassword", stack.demoPassword);
  return stack.stop;
}
